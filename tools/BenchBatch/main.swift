// bench-batch: full-pipeline throughput on real news articles (the PolNeAR texts in
// ../shared/data), over ZeroMQ (coordinator and worker processes, merged results) and in-process
// (the same analyzers called directly, same parallelism), with the peak resident memory of every
// process. Prints figures; asserts nothing.
//
//   swift build -c release --product bench-batch --product byline
//   .build/release/bench-batch [--corpus DIR] [--articles N] [--instances N] [--window N] [--rounds N]

import AnalyzerKit
import ArticleModel
import BuiltinAnalyzers
import Coordinator
import CoordinatorService
import Foundation
import TextKit
import WireProtocol
import ZeroMQ

#if canImport(Glibc)
import Glibc
#endif

func option(_ name: String) -> String? {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}

func peakKB(_ pid: Int32) -> Int {
    guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return -1 }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? -1
    }
    return -1
}

let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
let corpus = option("--corpus") ?? repository + "/../shared/data/polnear"
let cores = ProcessInfo.processInfo.activeProcessorCount
let instances = Int(option("--instances") ?? "") ?? 1
let window = Int(option("--window") ?? "") ?? 64
let rounds = Int(option("--rounds") ?? "") ?? 1

// The corpus: every .txt under it, in sorted order.
var paths: [String] = []
if let walker = FileManager.default.enumerator(atPath: corpus) {
    for case let path as String in walker where path.hasSuffix(".txt") { paths.append(corpus + "/" + path) }
}
paths.sort()
if let limit = Int(option("--articles") ?? "") { paths = Array(paths.prefix(limit)) }
guard !paths.isEmpty else {
    print("bench-batch: no .txt files under \(corpus); pass --corpus DIR")
    exit(1)
}
let articles: [Article] = (0..<rounds).flatMap { round in
    paths.compactMap { path -> Article? in
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        return Article(id: "\(round)-" + URL(fileURLWithPath: path).lastPathComponent, text: text, publishedAt: "2016-10-01")
    }
}
let tokens = articles.reduce(0) { $0 + Tokenizer.tokenize($1.text).count }
let names = BuiltinAnalyzers.names
print("bench-batch: \(articles.count) articles, \(tokens) tokens (TextKit tokens, punctuation included), \(cores) cores")
print("analyzers: \(names.joined(separator: ", "))")

// In-process: the same analyzers, one instance each, `cores` articles at a time, merged and encoded.
let analyzers = try names.compactMap { try BuiltinAnalyzers.make($0) }
let inProcessStart = Moment.now()
try await withThrowingTaskGroup(of: Void.self) { group in
    var next = 0
    func add() {
        guard next < articles.count else { return }
        let article = articles[next]
        next += 1
        group.addTask {
            var results: [ServiceResult] = []
            for analyzer in analyzers {
                let started = Moment.now()
                let output = try await analyzer.analyze(AnalysisRequest(article: article))
                results.append(ServiceResult(
                    service: analyzer.descriptor.name, version: analyzer.descriptor.version, status: .ok,
                    ms: Moment.now().milliseconds(since: started), attempts: 1, output: output))
            }
            let merged = Merger.merge(metadata: article.metadata, textLength: article.text.unicodeScalars.count, results: results)
            _ = try WireJSON.encodeThrowing(merged)
        }
    }
    for _ in 0..<cores { add() }
    while try await group.next() != nil { add() }
}
let inProcessSeconds = Moment.now().milliseconds(since: inProcessStart) / 1000

// Over ZeroMQ: a coordinator process and worker processes, a client here.
let products = URL(fileURLWithPath: try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")).deletingLastPathComponent().path
let directory = "/tmp/bench-batch-\(getpid())"
try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(atPath: directory) }
let endpoint = "ipc://\(directory)/c.sock"
func spawn(_ arguments: [String]) throws -> Process {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: products + "/byline")
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    return process
}
let coordinator = try spawn(["coordinator", "--bind", endpoint, "--log-level", "error", "--deadline-ms", "600000"])
let workers: [(String, Process)] = try names.flatMap { name in
    try (0..<instances).map { _ in (name, try spawn(["worker", name, "--connect", endpoint, "--log-level", "error"])) }
}
defer { for process in workers.map(\.1) + [coordinator] where process.isRunning { process.terminate() } }

let (pipelineSeconds, failures) = try await ClientThread.run { () -> (Double, Int) in
    let context = try Context()
    let client = try CoordinatorClient(context: context, endpoint: endpoint)
    var live = 0
    for _ in 0..<200 {
        live = (try client.status(timeoutMs: 1000)?.services.map(\.instances.count).reduce(0, +)) ?? 0
        if live == names.count * instances { break }
        usleep(50_000)
    }
    guard live == names.count * instances else { fatalError("workers did not register (\(live) live)") }
    var failures = 0
    let start = Moment.now()
    try client.analyze(articles, window: window, options: SubmitOptions(deadlineMs: 600_000)) { _, _, outcome in
        guard case .analysis(let bytes) = outcome,
            let analysis = try? JSONDecoder().decode(ArticleAnalysis.self, from: Data(bytes)),
            analysis.provenance.allSatisfy({ $0.status == .ok })
        else {
            failures += 1
            return
        }
    }
    return (Moment.now().milliseconds(since: start) / 1000, failures)
}

func rate(_ count: Int, _ seconds: Double) -> String { String(format: "%.0f", Double(count) / seconds) }
print("")
print("                      articles/s   tokens/s   seconds")
print("in-process            " + rate(articles.count, inProcessSeconds).padding(toLength: 13, withPad: " ", startingAt: 0)
      + rate(tokens, inProcessSeconds).padding(toLength: 11, withPad: " ", startingAt: 0) + String(format: "%.2f", inProcessSeconds))
print("over ZeroMQ, merged   " + rate(articles.count, pipelineSeconds).padding(toLength: 13, withPad: " ", startingAt: 0)
      + rate(tokens, pipelineSeconds).padding(toLength: 11, withPad: " ", startingAt: 0) + String(format: "%.2f", pipelineSeconds))
print(String(format: "ZeroMQ and merge overhead: %.1f%% of the in-process time (target < 10%%)", (pipelineSeconds / inProcessSeconds - 1) * 100))
print(String(format: "vs spaCy en_core_web_sm full pipeline here (about 7,000 tokens/s): %.1fx (goal 10x)", Double(tokens) / pipelineSeconds / 7000))
print("articles not complete over ZeroMQ: \(failures)")
print("")
print("peak resident memory:")
print("  coordinator: \(peakKB(coordinator.processIdentifier) / 1024) MB")
for (name, process) in workers {
    print("  worker \(name) (pid \(process.processIdentifier)): \(peakKB(process.processIdentifier) / 1024) MB")
}
print("  this process (client + in-process analyzers): \(peakKB(getpid()) / 1024) MB")
