// bench-ingest: HTML extraction speed and memory, with trafilatura measured side by side in the same
// run. Prints figures; asserts nothing.
//
//   swift build -c release --product bench-ingest && .build/release/bench-ingest
//       [--pages DIR ...] [--rounds N] [--peer auto|setup|skip] [--warc-mb N] [--big-page-mb N]
//
// Pages: every page of ../shared/data/html/trafilatura-eval and htmldate-mediacloud (or --pages DIRs
// holding *.html[.gz]), read and inflated into memory first, so that only extraction is timed. Byline
// extracts them one after another on one core, the whole of extraction: charset, parse, body, text
// and all metadata, in --rounds passes (default 5). trafilatura then runs on the same files
// (tools/peer-trafilatura, its own venv in .build/peer-trafilatura), text only and with metadata,
// byline makes as many passes again, and the ratio to byline's median pass is printed (this
// machine's speed drifts, so byline's passes are spread before and after the peer's). Memory: a CC-NEWS-style WARC of --warc-mb MB (default 200; pages repeated,
// one gzip member per record) is streamed through ingestion in a child process and its peak resident
// memory printed, as is the peak of a child that extracts one page of --big-page-mb MB (default 50).
//
// Development modes: --eval DIR [--dump FILE] scores a development set (as `byline eval html`);
// --show FILE [--depth N] prints what extraction makes of one page, with the chosen body.

import Foundation
import Ingest
import JobThreads
import JSONCoding

#if canImport(Glibc)
import Glibc
#endif

func option(_ name: String) -> String? {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}

func options(_ name: String) -> [String] {
    let arguments = CommandLine.arguments
    return arguments.indices.filter { arguments[$0] == name && $0 + 1 < arguments.count }.map { arguments[$0 + 1] }
}

func peakKB() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return -1 }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? -1
    }
    return -1
}

func read(_ path: String) -> [UInt8]? {
    guard let data = FileManager.default.contents(atPath: path) else { return nil }
    let bytes = [UInt8](data)
    return path.hasSuffix(".gz") ? Inflater.gunzip(bytes) : bytes
}

let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

// MARK: Development modes

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
                if CommandLine.arguments.contains("--dump-text") { entry["text"] = page.text }
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
    let bytes = read(file) ?? []
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

// MARK: Children for memory figures

if let path = option("--child-warc") {
    // Streams an archive through ingestion as `byline batch` does; prints pages, failures, peak KB.
    var pages = 0, failures = 0
    let iterator = PageInputs.archive(path) { _ in }
    let lookahead = OrderedLookahead<PageResult>()
    while let result = lookahead.next({ iterator.next() }) {
        if case .success = result.outcome { pages += 1 } else { failures += 1 }
    }
    print("\(pages) \(failures) \(peakKB())")
    exit(0)
}

if let megabytes = option("--child-big-page").flatMap(Int.init) {
    let paragraph = Array("<p>Paragraph of a very long page, with commas, clauses and a full stop, as articles have.</p>\n".utf8)
    var bytes = Array("<html><head><title>Big</title></head><body><article>".utf8)
    bytes.reserveCapacity(megabytes << 20 + 1024)
    while bytes.count < megabytes << 20 { bytes += paragraph }
    bytes += Array("</article></body></html>".utf8)
    let before = peakKB()
    if CommandLine.arguments.contains("--parse-only") {
        let tree = HTMLParser.parse(utf8: bytes)
        print("parse only: nodes \(tree.nodes.count), peak \(peakKB()) KB (before \(before))")
        exit(0)
    }
    let started = Date()
    let page = try PageExtractor.extract(bytes, context: .init(source: "big.html"))
    print("\(bytes.count) \(page.text.utf8.count) \(before) \(peakKB()) \(Date().timeIntervalSince(started))")
    exit(0)
}

// MARK: The benchmark

let shared = repository + "/../shared/data/html"
let directories = options("--pages").isEmpty ? [shared + "/trafilatura-eval/pages", shared + "/htmldate-mediacloud/pages"] : options("--pages")
var files: [String] = []
for directory in directories {
    let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".html") || $0.hasSuffix(".html.gz") || $0.hasSuffix(".htm") }
    files += names.sorted().map { directory + "/" + $0 }
}
guard !files.isEmpty else {
    print("bench-ingest: no pages under \(directories.joined(separator: ", ")); pass --pages DIR")
    exit(1)
}
let pages = files.compactMap(read)
let totalBytes = pages.reduce(0) { $0 + $1.count }
let cpu = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?.split(separator: "\n").first { $0.hasPrefix("model name") }
    .map { String($0.split(separator: ":").last ?? "").trimmingCharacters(in: .whitespaces) } ?? "unknown CPU"
print("bench-ingest: \(pages.count) pages, \(totalBytes / 1_000_000) MB of HTML (mean \(totalBytes / max(1, pages.count) / 1000) KB); \(Cores.available) cores, \(cpu)")

/// CPU seconds this thread has used: on a machine shared with other work, a single-threaded loop's
/// CPU time moves far less than its wall time.
func threadCPU() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

let rounds = max(1, Int(option("--rounds") ?? "") ?? 5)
var passes: [Double] = []
var passesCPU: [Double] = []
var failures = 0
/// One pass over every page on this thread; its wall and CPU seconds are recorded.
@MainActor func bylinePass() {
    failures = 0
    let started = Date()
    let cpuStart = threadCPU()
    for page in pages {
        do { _ = try PageExtractor.extract(page, context: .init(source: "p")) } catch { failures += 1 }
    }
    passes.append(Date().timeIntervalSince(started))
    passesCPU.append(threadCPU() - cpuStart)
}
func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}
/// Prints byline's one-core figures over the passes so far. The median pass is the figure (this
/// machine's speed drifts by a fifth from minute to minute); the fastest is printed beside it.
@MainActor func printBylineRate() {
    let middle = median(passes)
    print(String(format: "byline, one core, text and all metadata: %.0f pages/s by the clock (median of %d passes; fastest %.0f), %.0f pages/s of CPU time, %.1f MB/s (%.2f s for %d pages; %d pages without text)",
                 Double(pages.count) / middle, passes.count, Double(pages.count) / passes.min()!, Double(pages.count) / median(passesCPU),
                 Double(totalBytes) / 1e6 / middle, middle, pages.count, failures))
}
for _ in 0..<rounds { bylinePass() }
printBylineRate()

let passShares = PageExtractor.passSeconds(pages)
let passTotal = passShares.reduce(0) { $0 + $1.seconds }
print("  where one core's time goes: " + passShares.map { String(format: "%@ %.0f%%", $0.pass, 100 * $0.seconds / passTotal) }.joined(separator: ", "))

// All cores, as `byline batch` extracts.
do {
    let started = Date()
    var iterator = pages.makeIterator()
    let lookahead = OrderedLookahead<Bool>()
    var count = 0
    while lookahead.next({ iterator.next().map { page in .job(bytes: page.count) { (try? PageExtractor.extract(page, context: .init(source: "p"))) != nil } } }) != nil {
        count += 1
    }
    let seconds = Date().timeIntervalSince(started)
    print(String(format: "byline, all %d cores (OrderedLookahead, as batch and analyze run it): %.0f pages/s", Cores.available, Double(count) / seconds))
}

// The peer, same files, same run.
let peer = option("--peer") ?? "auto"
let peerPython = repository + "/.build/peer-trafilatura/bin/python"
if peer == "skip" {
    print("vs trafilatura: skipped (--peer skip)")
} else if peer != "setup" && !FileManager.default.fileExists(atPath: peerPython) {
    print("vs trafilatura: skipped the comparison: .build/peer-trafilatura is not set up (tools/peer-trafilatura --setup, or --peer setup)")
} else {
    let list = NSTemporaryDirectory() + "bench-ingest-\(getpid()).txt"
    FileManager.default.createFile(atPath: list, contents: Data((files.joined(separator: "\n") + "\n").utf8))
    defer { try? FileManager.default.removeItem(atPath: list) }
    /// One run of the peer over the same pages in one mode: its pages/s and version, or nil.
    func peerRun(_ mode: String, setup: Bool) throws -> (rate: Double, version: String)? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: repository + "/tools/peer-trafilatura")
        process.arguments = (setup ? [] : ["--no-setup"]) + ["--speed", mode, "-"]
        process.standardInput = FileHandle(forReadingAtPath: list)
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0, let json = try? JSONSerialization.jsonObject(with: output) as? [String: Any],
            let rate = (json[mode] as? [String: Any])?["pages_per_second"] as? Double
        else { return nil }
        return (rate, json["version"] as? String ?? "?")
    }
    // The two tools take turns, so that both are timed over the same stretches of this machine's
    // drifting speed: byline passes, a text-only pass of the peer, and again; the peer's pass with
    // metadata once; byline passes after it. Each tool's figure is its median pass.
    let peerRounds = max(1, Int(option("--peer-rounds") ?? "") ?? 3)
    print("vs trafilatura: running tools/peer-trafilatura on the same \(files.count) pages, one core, text-only \(peerRounds) times between byline's passes …")
    var textRates: [Double] = []
    var version = "?"
    var failed = false
    for round in 0..<peerRounds {
        if round > 0 { for _ in 0..<2 { bylinePass() } }
        guard let run = try peerRun("text", setup: round == 0 && peer == "setup") else { failed = true; break }
        textRates.append(run.rate)
        version = run.version
    }
    let metadataRun = failed ? nil : try peerRun("metadata", setup: false)
    for _ in 0..<rounds { bylinePass() }
    printBylineRate()
    let bylineRate = Double(pages.count) / median(passes)
    if let metadataRun, !textRates.isEmpty {
        let text = median(textRates)
        print(String(format: "vs trafilatura %@ (one core, same pages, same run): trafilatura %.1f pages/s text only (median of %d passes: %@), %.1f with metadata; "
                     + "byline (text and metadata, median of its %d passes around them) is %.1fx the first and %.1fx the second (goal 10x)",
                     version, text, textRates.count, textRates.map { String(format: "%.1f", $0) }.joined(separator: ", "), metadataRun.rate,
                     passes.count, bylineRate / text, bylineRate / metadataRun.rate))
    } else {
        print("vs trafilatura: skipped the comparison: tools/peer-trafilatura failed")
    }
}

// Memory: a WARC streamed record by record, and one big page.
let me = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
func child(_ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: me)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
}

let warcMB = Int(option("--warc-mb") ?? "") ?? 200
if warcMB > 0 {
    let path = NSTemporaryDirectory() + "bench-ingest-\(getpid()).warc.gz"
    defer { try? FileManager.default.removeItem(atPath: path) }
    FileManager.default.createFile(atPath: path, contents: nil)
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    var written = 0, records = 0
    var writer = WARCWriter(compressed: true)
    try handle.write(contentsOf: writer.bytes)
    written += writer.bytes.count
    fill: while true {
        for page in pages {
            writer = WARCWriter(compressed: true)
            let head = writer.bytes.count
            writer.addResponse(url: "https://example.com/\(records)", date: "2025-06-19T12:00:00Z", body: page)
            let record = writer.bytes[head...]
            try handle.write(contentsOf: record)
            written += record.count
            records += 1
            if written >= warcMB << 20 { break fill }
        }
    }
    try handle.close()
    let started = Date()
    let fields = try child(["--child-warc", path]).split(separator: " ")
    let seconds = Date().timeIntervalSince(started)
    if fields.count == 3 {
        print(String(format: "a %d MB CC-NEWS-style WARC (%d records), streamed through ingestion on all cores: %@ pages in %.1f s, peak resident memory %d MB",
                     written >> 20, records, String(fields[0]), seconds, (Int(fields[2]) ?? 0) / 1024))
    }
}

let bigMB = Int(option("--big-page-mb") ?? "") ?? 50
if bigMB > 0 {
    let fields = try child(["--child-big-page", String(bigMB)]).split(separator: " ")
    if fields.count == 5, let size = Int(fields[0]), let before = Int(fields[2]), let after = Int(fields[3]) {
        print(String(format: "one %d MB page: extracted in %.1f s; peak resident memory %d MB before extraction (the page held), %d MB after: %.1fx the page's size",
                     size >> 20, Double(fields[4]) ?? 0, before / 1024, after / 1024, Double(after * 1024) / Double(size)))
    }
}
