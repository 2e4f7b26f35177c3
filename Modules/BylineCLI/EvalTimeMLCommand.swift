import ArgumentParser
import ArticleModel
import Foundation
import TimelineAnalyzer

/// `byline eval timeml IN_DIR OUT_DIR`: annotate TimeML files (TempEval-3 layout) with the timeline
/// analyzer's TIMEX3 tags, each resolved against its document's creation time.
struct EvalTimeMLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "timeml",
        abstract: "Annotate TimeML files with our TIMEX3 tags (TempEval-3 Task A); scores to stderr.",
        discussion: """
            For each IN_DIR/*.tml, reads the DCT (the TIMEX3 with tid t0) and the TEXT with every tag removed,
            runs the timeline analyzer with the DCT as publishedAt, and writes OUT_DIR/<same name>.tml: the
            header unchanged, TEXT holding only our TIMEX3 tags (tid, type, value, mod). When the input TEXT
            has TIMEX3 tags, strict and relaxed P/R/F1 and value and type F1 against them go to stderr
            (tools/tempeval3-score computes the same from the two directories).
            """)

    @Argument(help: "Directory of TimeML files (.tml).")
    var inputDirectory: String

    @Argument(help: "Directory to write the annotated files to (created if missing).")
    var outputDirectory: String

    func run() throws {
        let manager = FileManager.default
        let names: [String]
        do {
            names = try manager.contentsOfDirectory(atPath: inputDirectory).filter { $0.hasSuffix(".tml") }.sorted()
        } catch {
            throw CLIError("cannot read directory \(inputDirectory): \(error.localizedDescription)")
        }
        guard !names.isEmpty else { throw CLIError("no .tml files in \(inputDirectory)") }
        try manager.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true)
        var score = TimexScore()
        var failures = 0
        for name in names {
            let path = (inputDirectory as NSString).appendingPathComponent(name)
            do {
                guard let data = manager.contents(atPath: path), let xml = String(data: data, encoding: .utf8) else {
                    throw TimeMLError("not readable as UTF-8")
                }
                let document = try TimeMLDocument(xml: xml)
                let published = try document.publicationTime()
                let timexes = TimelineAnalyzer.timexes(in: document.text, publishedAt: published)
                let output = document.annotated(with: timexes)
                let target = (outputDirectory as NSString).appendingPathComponent(name)
                guard manager.createFile(atPath: target, contents: Data(output.utf8)) else {
                    throw TimeMLError("cannot write \(target)")
                }
                score.add(gold: document.annotations, system: timexes)
            } catch {
                failures += 1
                printError("\(name): \(error)")
            }
        }
        if score.gold > 0 {
            func pct(_ value: Double) -> String { String(format: "%5.1f", 100 * value) }
            let lines = [
                "files \(names.count)  gold timexes \(score.gold)  system timexes \(score.system)",
                "            P      R      F1",
                "strict    \(pct(score.strictPrecision))  \(pct(score.strictRecall))  \(pct(score.strictF1))",
                "relaxed   \(pct(score.relaxedPrecision))  \(pct(score.relaxedRecall))  \(pct(score.relaxedF1))",
                "value F1  \(pct(score.valueF1))",
                "type F1   \(pct(score.typeF1))",
            ]
            FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
        }
        if failures > 0 { throw ExitCode(1) }
    }
}
