import ArgumentParser
import Foundation
import Ingest
import JSONCoding

/// `byline eval html DIR`: extraction on a development set laid out as trafilatura's and htmldate's
/// evaluation sets are (`evaldata.json` plus `pages/FILE.gz`).
struct EvalHTMLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "html",
        abstract: "Extract the pages of an evaluation set; print text, title, author and date scores to stderr.",
        discussion: """
            DIR holds evaldata.json, keyed by URL with the page's `file` and gold `with` and `without` snippets, \
            `title`, `author` and `date` (any may be missing), and pages/FILE.gz. Text is scored by snippets: \
            recall is the share of `with` snippets found in the extracted text, precision the share of \
            `without` snippets absent from it (trafilatura's own precision, with found over with found plus \
            without present, is printed too). Title and author must match exactly (white space collapsed; \
            authors as a set of names); the date must be the gold day. With --out, writes one JSON line \
            per page: what was extracted and which snippets were missed or present.
            """)

    @Argument(help: "Evaluation directory (evaldata.json and pages/).")
    var directory: String

    @Option(help: "Write per-page results as JSONL to this file.")
    var out: String?

    @Option(help: "Also score another extractor's output on the same gold: JSONL of {file, text, title?, author?, date?} (tools/peer-trafilatura --extract writes it).")
    var compare: String?

    func run() throws {
        let (cases, figures) = try HTMLEvaluation.run(directory)
        for line in HTMLEvaluation.report(figures, directory: directory) { printError(line) }
        if let compare {
            guard let data = FileManager.default.contents(atPath: compare) else { throw CLIError("cannot read \(compare)") }
            let other = try HTMLEvaluation.score(other: String(decoding: data, as: UTF8.self), directory: directory)
            printError("the same gold, scored for \(compare):")
            for line in HTMLEvaluation.report(other, directory: directory).dropFirst() { printError("  " + line) }
        }
        guard let out else { return }
        var lines: [String] = []
        for item in cases {
            var entry: [String: Any] = ["url": item.url, "file": item.file]
            switch item.result {
            case .success(let page):
                let text = Whitespace.normalise(page.text)
                entry["missing"] = item.with.filter { !text.contains(Whitespace.normalise($0)) }
                entry["present"] = item.without.filter { !Whitespace.normalise($0).isEmpty && text.contains(Whitespace.normalise($0)) }
                entry["extracted"] = try JSONSerialization.jsonObject(with: Data(page.jsonBytes()))
                let gold: [String: Any] = ["title": item.title as Any? ?? NSNull(), "author": item.author as Any? ?? NSNull(), "date": item.date as Any? ?? NSNull()]
                entry["gold"] = gold
            case .failure(let error):
                entry["error"] = error.description
                if let metadata = error.metadata { entry["extracted"] = try JSONSerialization.jsonObject(with: Data(metadata.jsonBytes())) }
            case nil:
                entry["error"] = "not run"
            }
            lines.append(String(decoding: try JSONSerialization.data(withJSONObject: entry, options: [.sortedKeys]), as: UTF8.self))
        }
        guard FileManager.default.createFile(atPath: out, contents: Data((lines.joined(separator: "\n") + "\n").utf8)) else {
            throw CLIError("cannot write \(out)")
        }
    }
}
