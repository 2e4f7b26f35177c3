import Foundation
import Ingest
import JSONCoding

func option(_ name: String) -> String? {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}

if let directory = option("--eval") {
    let (cases, figures) = try HTMLEvaluation.run(directory)
    for line in HTMLEvaluation.report(figures, directory: directory) { print(line) }
    if let dump = option("--dump") {
        var lines: [String] = []
        for item in cases {
            var entry: [String: Any] = ["url": item.url, "file": item.file]
            switch item.result {
            case .success(let page):
                let text = Whitespace.normalise(page.text)
                entry["missing"] = item.with.filter { !text.contains(Whitespace.normalise($0)) }
                entry["present"] = item.without.filter { !Whitespace.normalise($0).isEmpty && text.contains(Whitespace.normalise($0)) }
                entry["title"] = [page.title ?? "", item.title ?? ""]
                entry["author"] = [page.authors.joined(separator: "; "), item.author ?? ""]
                entry["date"] = [page.publishedAt ?? "", item.date ?? ""]
                entry["extraction"] = page.extraction
                entry["chars"] = page.text.count
            case .failure(let error):
                entry["error"] = error.description
            case nil:
                entry["error"] = "not run"
            }
            let data = try JSONSerialization.data(withJSONObject: entry, options: [.sortedKeys])
            lines.append(String(decoding: data, as: UTF8.self))
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: dump, atomically: true, encoding: .utf8)
    }
    exit(0)
}
if let file = option("--show") {
    var bytes = [UInt8](FileManager.default.contents(atPath: file) ?? Data())
    if file.hasSuffix(".gz") { bytes = Inflater.gunzip(bytes) ?? bytes }
    if let depth = option("--depth").flatMap(Int.init) { for line in PageExtractor.outline(bytes, depth: depth) { print(line) } }
    for line in PageExtractor.explain(bytes) { print("root: " + line) }
    do {
        let page = try PageExtractor.extract(bytes, context: .init(source: file))
        var copy = page
        copy.text = ""
        print(String(decoding: try copy.jsonBytes(), as: UTF8.self))
        print("----")
        print(page.text)
    } catch {
        print("error: \(error)")
    }
    exit(0)
}
print("usage: bench-ingest --eval DIR [--dump FILE.jsonl] | --show FILE")
