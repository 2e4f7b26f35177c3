import ArgumentParser
import EntitiesAnalyzer
import Foundation

/// `byline eval conll FILE`: tag a CoNLL-2003 file with the entities analyzer's recogniser.
struct EvalConllCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conll",
        abstract: "Tag a CoNLL-2003 file with our named-entity recogniser; per-type P/R/F1 to stderr.",
        discussion: """
            Reads CoNLL-2003 format (token in the first column, -DOCSTART- lines between documents, blank \
            lines between sentences) and writes every input line back in order with our IOB2 tag (PER, ORG, \
            LOC, MISC; NORP counts as MISC) appended as the last column; nothing else goes to stdout. Whole \
            documents are tagged at once, so document-level features see every sentence. When the lines end \
            in gold tags, a table of span-exact precision, recall and F1 per type and overall (micro-averaged, \
            as conlleval computes them) goes to stderr.
            """)

    @Argument(help: "CoNLL-2003 file; - reads stdin.")
    var file: String

    @Option(help: "Model file to use instead of the one built in (or $BYLINE_NER_MODEL).")
    var model: String?

    func run() throws {
        let data: Data
        if file == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let contents = FileManager.default.contents(atPath: file) else { throw CLIError("cannot read \(file)") }
            data = contents
        }
        guard let text = String(data: data, encoding: .utf8) else { throw CLIError("\(file) is not UTF-8") }
        let recognizer: NamedEntityRecognizer
        do {
            if let model {
                recognizer = NamedEntityRecognizer(model: try NERModel(contentsOf: URL(fileURLWithPath: model)))
            } else {
                recognizer = try EntitiesAnalyzer().recognizer
            }
        } catch {
            throw CLIError("cannot load the entities model: \(error)")
        }

        let conll = CoNLLFile(text)
        var tags: [Int: String] = [:]
        var score = NERScore()
        for document in conll.documents {
            let predicted = recognizer.recognize(conll.tokens(of: document))
            for (lines, names) in zip(document.sentences, predicted) {
                for (line, tag) in zip(lines, IOB.tags(count: lines.count, spans: names)) { tags[line] = tag }
                if conll.hasGold {
                    score.add(gold: IOB.spans(lines.map { conll.goldTag($0) ?? "O" }), predicted: names)
                }
            }
        }
        FileHandle.standardOutput.write(Data(conll.written(tags: tags).utf8))
        if conll.hasGold {
            FileHandle.standardError.write(Data(score.table.utf8))
        }
    }
}
