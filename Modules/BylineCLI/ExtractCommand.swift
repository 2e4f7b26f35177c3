import ArgumentParser
import Foundation
import Ingest
import JSONCoding
import Synchronization

/// `byline extract FILE...`: what ingestion makes of each page, without analysing it.
struct ExtractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Print what ingestion makes of web pages: main text, title, authors, dates, language, site, URL.",
        discussion: """
            FILE is an HTML page (.html, .htm, .xhtml, optionally .gz, or any file whose content is markup) \
            or a web archive (.warc, .warc.gz, .arc, .arc.gz: every response record holding HTML). Prints one \
            object per page: {"source", "url"?, "title"?, "authors", "publishedAt"?, "modifiedAt"?, \
            "language"?, "siteName"?, "description"?, "text", "extraction"}, where "source" is the path as \
            given (for an archive record "PATH#OFFSET") and "extraction" says where each field came from. \
            Pages that cannot be extracted are reported on stderr with their source and the exit status is 1; \
            the others are still printed. A page that parses but has no article text is also printed, with \
            "text": "" and an "error" saying why, so that its title, authors and dates are not lost. Archive records that are not responses are counted on stderr.
            """)

    @Argument(help: "HTML pages or web archives.")
    var files: [String]

    @Option(help: "Output format: json (pretty; an array for several pages) or jsonl (one per line).")
    var format: OutputFormat = .json

    func run() throws {
        StandardOutput.ignoreBrokenPipes()
        let skipped = SkippedRecords()
        var sources = files.makeIterator()
        var current: AnyIterator<Pending<PageResult>>?
        func nextPending() -> Pending<PageResult>? {
            while true {
                if let item = current?.next() { return item }
                guard let path = sources.next() else { return nil }
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
                    let problem = isDirectory.boolValue ? "is a directory (give the pages in it)" : "no such file"
                    return .ready(PageResult(source: path, contentHash: "", outcome: .failure(IngestError(problem))))
                }
                guard let pages = PageInputs.pages(path, skipped: { skipped.add($0) }) else {
                    return .ready(PageResult(source: path, contentHash: "", outcome: .failure(IngestError(
                        "not an HTML page or a web archive (by its name or its first bytes)"))))
                }
                current = pages
            }
        }
        let lookahead = OrderedLookahead<PageResult>()
        var printed = 0
        var failed = 0
        var buffered: [[UInt8]] = []
        while let result = lookahead.next({ nextPending() }) {
            let bytes: [UInt8]
            switch result.outcome {
            case .failure(let error):
                failed += 1
                printError("\(result.source): \(error)")
                // A page that parsed but has no text: its metadata, with the error.
                guard let metadata = error.metadata, let encoded = try? metadata.jsonBytes(error: error.description) else { continue }
                bytes = encoded
            case .success(let page):
                do {
                    bytes = try page.jsonBytes()
                } catch {
                    failed += 1
                    printError("\(result.source): \(error)")
                    continue
                }
                printed += 1
            }
            if format == .jsonl {
                guard StandardOutput.write(Data(bytes + [0x0A])) else { throw ExitCode(141) }
            } else {
                buffered.append(bytes)
            }
        }
        if format == .json {
            let pretty = try buffered.map { try Self.pretty($0) }
            let text = pretty.count == 1 ? pretty[0] + "\n" : "[\n" + pretty.joined(separator: ",\n") + "\n]\n"
            if !buffered.isEmpty || files.count > 1 { guard StandardOutput.write(Data((buffered.isEmpty ? "[]\n" : text).utf8)) else { throw ExitCode(141) } }
        }
        if let summary = skipped.summary {
            printError("extract: \(printed) page(s), \(failed) failed; archive records passed over (not responses): \(summary)")
        } else if failed > 0 {
            printError("extract: \(printed) page(s), \(failed) failed")
        }
        if failed > 0 { throw ExitCode(1) }
    }

    /// Compact JSON re-indented with sorted keys, as `byline analyze` prints it.
    static func pretty(_ bytes: [UInt8]) throws -> String {
        let object = try JSONSerialization.jsonObject(with: Data(bytes))
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }
}
