import ArgumentParser
import Foundation
import StanceAnalyzer

/// `byline eval polnear TEXT_DIR OUT_DIR`: attributions in brat standoff, scored against gold when present.
struct EvalPolNearCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "polnear",
        abstract: "Find attributions (source, cue, content) in PolNeAR texts; write brat .ann files; scores to stderr.",
        discussion: """
            For every TEXT_DIR/*.txt writes OUT_DIR/<same base name>.ann: Source, Cue and Content T-lines with
            Unicode scalar (code point) offsets into the text, an Attribution trigger on the cue, and one E line
            per attribution (Attribution:Tn Content:Tn Cue:Tn Source:Tn; Source left out when there is none).
            Gold .ann files are looked for in --gold, else TEXT_DIR/../attributions, else TEXT_DIR (PolNeAR names
            them <base>_<annotator>.ann; the first by name is used). When found, stderr gets attribution
            precision, recall and F1 (an attribution is found when a predicted one's cue and content both overlap
            the gold one's, matched one to one) and per-role overlap scores for source, cue and content.
            """)

    @Argument(help: "Directory of article texts (.txt).")
    var textDirectory: String

    @Argument(help: "Directory to write the .ann files to (created if missing).")
    var outputDirectory: String

    @Option(help: "Directory of gold .ann files.")
    var gold: String?

    func run() throws {
        let manager = FileManager.default
        let bases: [String]
        do {
            bases = try Brat.textBases(in: textDirectory)
        } catch {
            throw CLIError("cannot read directory \(textDirectory): \(error.localizedDescription)")
        }
        guard !bases.isEmpty else { throw CLIError("no .txt files in \(textDirectory)") }
        try manager.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true)
        let goldDirectory = gold ?? [
            ((textDirectory as NSString).deletingLastPathComponent as NSString).appendingPathComponent("attributions"),
            textDirectory,
        ].first { directory in bases.contains { Brat.goldFile(forBase: $0, in: directory) != nil } }
        let analyzer = try StanceAnalyzer()
        var total = Brat.Score()
        var scored = 0
        for base in bases {
            let path = (textDirectory as NSString).appendingPathComponent(base + ".txt")
            let text: String
            do {
                text = try Brat.readText(path)
            } catch {
                printError("\(path): \(error.localizedDescription)")
                continue
            }
            let article = ArticleText(text)
            let predicted = AttributionExtractor(tagger: analyzer.models.attribution).extract(article).map { article.brat($0) }
            let ann = Brat.write(predicted, scalars: Array(text.unicodeScalars))
            let target = (outputDirectory as NSString).appendingPathComponent(base + ".ann")
            guard manager.createFile(atPath: target, contents: Data(ann.utf8)) else { throw CLIError("cannot write \(target)") }
            if let goldDirectory, let goldPath = Brat.goldFile(forBase: base, in: goldDirectory),
                let goldText = try? String(contentsOfFile: goldPath, encoding: .utf8)
            {
                total += Brat.score(predicted: predicted, gold: Brat.read(goldText))
                scored += 1
            }
        }
        guard scored > 0 else { return }
        func line(_ name: String, _ counts: Brat.Counts) -> String {
            name.padding(toLength: 12, withPad: " ", startingAt: 0)
                + String(format: "P %5.1f  R %5.1f  F1 %5.1f   (predicted %d, gold %d)\n", 100 * counts.precision,
                         100 * counts.recall, 100 * counts.f1, counts.predicted, counts.gold)
        }
        let report = "documents scored \(scored)\n" + line("attribution", total.attribution) + line("source", total.source)
            + line("cue", total.cue) + line("content", total.content)
        FileHandle.standardError.write(Data(report.utf8))
    }
}
