// bench-runtime: throughput and latency of the coordinator with no-op analyzers, coordinator
// memory, and the cold start of `byline analyze`. Prints figures; asserts nothing.
//
//   swift build -c release --product byline && swift build -c release --product bench-runtime
//   .build/release/bench-runtime [--articles 20000] [--window 64] [--latency 2000] [--capacity 8] [--batch 4]

import AnalyzerKit
import AnalyzerRuntime
import ArticleModel
import CoordinatorService
import Foundation
import WireProtocol
import ZeroMQ

#if canImport(Glibc)
import Glibc
#endif

/// Answers every article with an empty extension: what is left is the runtime's own cost.
struct NoopAnalyzer: Analyzer {
    let descriptor: AnalyzerDescriptor

    init(name: String) {
        descriptor = AnalyzerDescriptor(name: name, version: "0", produces: [.extension], summary: "does nothing")
    }

    func analyze(_ request: AnalysisRequest) async throws -> AnalyzerOutput {
        AnalyzerOutput(extension: .object([:]))
    }
}

func option(_ name: String, _ fallback: Int) -> Int {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count, let value = Int(arguments[index + 1]) else {
        return fallback
    }
    return value
}

func residentKB(_ pid: Int32, _ field: String) -> Int {
    guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return -1 }
    for line in status.split(separator: "\n") where line.hasPrefix(field + ":") {
        return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? -1
    }
    return -1
}

func spawn(_ executable: String, _ arguments: [String]) throws -> Process {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    return process
}

func percentile(_ sorted: [Double], _ p: Double) -> Double {
    sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]
}

let arguments = CommandLine.arguments
if arguments.count >= 3, arguments[1] == "noop-worker" {
    // Child mode: serve a no-op analyzer under the given service name.
    await WorkerMain.run(NoopAnalyzer(name: arguments[2]), arguments: Array(arguments.dropFirst(3)))
    exit(0)
}

let articleCount = option("--articles", 20_000)
let window = option("--window", 64)
let latencySamples = option("--latency", 2_000)
let capacity = option("--capacity", 8)
let batch = option("--batch", 4)
let products = URL(fileURLWithPath: try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")).deletingLastPathComponent().path
let byline = products + "/byline"
let directory = "/tmp/bench-runtime-\(getpid())"
try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(atPath: directory) }
let endpoint = "ipc://\(directory)/c.sock"

print("bench-runtime: libzmq \(ZeroMQLibrary.version), \(ProcessInfo.processInfo.activeProcessorCount) cores")
let coordinator = try spawn(byline, ["coordinator", "--bind", endpoint, "--log-level", "error"])
let self_ = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
let workers = try ["noop-a", "noop-b"].map { try spawn(self_, ["noop-worker", $0, "--connect", endpoint, "--log-level", "error", "--capacity", "\(capacity)", "--batch", "\(batch)"]) }
defer {
    for process in workers + [coordinator] where process.isRunning { process.terminate() }
}

let text = String(repeating: "Iran said on Sunday it would resume talks with the United States in Geneva. ", count: 53).prefix(4096)
let articles = (0..<articleCount).map { Article(id: "a\($0)", text: String(text)) }

let result = try await ClientThread.run { () -> (throughput: Double, p50: Double, p99: Double, failures: Int) in
    let context = try Context()
    let client = try CoordinatorClient(context: context, endpoint: endpoint)
    guard try client.waitForServices(["noop-a", "noop-b"], timeoutMs: 10_000) != nil else {
        fatalError("workers did not register")
    }
    // Warm-up.
    try client.analyze(articles.prefix(500), window: window, options: SubmitOptions()) { _, _, _ in }

    var failures = 0
    let start = Moment.now()
    try client.analyze(articles, window: window, options: SubmitOptions()) { _, _, outcome in
        if case .analysis = outcome {} else { failures += 1 }
    }
    let seconds = Moment.now().milliseconds(since: start) / 1000
    var latencies: [Double] = []
    for article in articles.prefix(latencySamples) {
        let sent = Moment.now()
        try client.analyze([article], window: 1, options: SubmitOptions()) { _, _, _ in }
        latencies.append(Moment.now().milliseconds(since: sent))
    }
    latencies.sort()
    return (Double(articleCount) / seconds, percentile(latencies, 0.5), percentile(latencies, 0.99), failures)
}

print(String(format: "throughput: %.0f articles/s (%d articles of 4 KB, window %d, 2 services x 1 no-op worker of capacity %d, batch %d, %d failed)",
             result.throughput, articleCount, window, capacity, batch, result.failures))
print(String(format: "round trip at 1 in flight: p50 %.3f ms, p99 %.3f ms (%d samples)", result.p50, result.p99, latencySamples))
print("coordinator resident memory: \(residentKB(coordinator.processIdentifier, "VmRSS") / 1024) MB now, \(residentKB(coordinator.processIdentifier, "VmHWM") / 1024) MB peak")
for (index, worker) in workers.enumerated() {
    print("no-op worker \(index) resident memory: \(residentKB(worker.processIdentifier, "VmRSS") / 1024) MB")
}

// Cold start: spawn byline analyze (its own coordinator and workers), analyse one article, exit.
let seed = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path + "/seeds/000_fcf9f9938e4dd5df.txt"
var colds: [Double] = []
for _ in 0..<5 {
    let started = Moment.now()
    let process = try spawn(byline, ["analyze", seed, "--published", "2025-06-19"])
    process.waitUntilExit()
    colds.append(Moment.now().milliseconds(since: started))
}
colds.sort()
print(String(format: "cold start of byline analyze on the seed: median %.0f ms, worst %.0f ms (5 runs)", colds[2], colds[4]))
