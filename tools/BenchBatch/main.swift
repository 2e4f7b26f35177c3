// bench-batch: full-pipeline throughput on real news articles (the PolNeAR texts in
// ../shared/data), over ZeroMQ (coordinator and worker processes, merged results) and in-process
// (the same analyzers called directly, same parallelism), with the peak resident memory of every
// process. Prints figures; asserts nothing.
//
//   swift build -c release --product byline && swift build -c release --product bench-batch
//   .build/release/bench-batch [--corpus DIR] [--articles N] [--instances N] [--window N] [--rounds N] [--passes N]
//                             [--scheduling batch|normal] [--coordinator thread|process] [--worker-args "ARGS"]
//                             [--batch-hold-ms N] [--coordinator-scheduling batch|normal] [--spacy auto|setup|skip]
//                             [--standalone compare|skip]
//
// Analyzers that consume others' sections (places consumes entities) run with dependent dispatch
// in the ZeroMQ passes, and in-process after their producers with the producers' sections. After
// each ZeroMQ pass, unless --standalone skip, their workers are replaced by standalone ones
// (`byline worker NAME --standalone`: the producers run inside the worker, no consumes) for one
// more pass, and back: the two throughputs are printed side by side.
//
// The peer: spaCy's full en_core_web_sm pipeline on the same texts, with as many processes as this
// machine has cores, timed by tools/peer-spacy right after the passes, so that the ratio is measured
// in one run on one machine. `--spacy auto` (the default) runs it when .build/peer-spacy exists and
// says it skipped the comparison otherwise; `setup` installs it first (a few minutes, from PyPI);
// `skip` leaves it out. Words are counted the same way on both sides: spaCy's tokens that are
// neither punctuation nor space, over the same texts.
//
// The in-process and ZeroMQ runs alternate, --passes times each (default 7), and the overhead is
// the ratio of their total times: this machine's speed drifts by several percent within a minute,
// and running one mode always first or always second would charge that drift to it. --scheduling
// is the workers' kernel scheduling policy (default batch, as byline runs them). --coordinator
// thread (the default) runs the coordinator as a thread of this process with the client on
// inproc://, as `byline batch` does on one machine; process runs `byline coordinator` as its own
// process with the client on ipc://, as a deployment across machines does. --worker-args passes
// extra options to every worker, e.g. "--batch 1 --capacity 4" to turn batching off. The results of
// a pass are kept and checked after its clock stops, as the in-process pass does not read its
// output either. Per process it prints context switches per article; per service, articles per
// REQUEST message (from the coordinator's status); per pass, the share of the machine's CPU time
// that was idle (cores the pipeline left unused) or stolen by the hypervisor. --batch-hold-ms and
// --coordinator-scheduling set the coordinator's batch hold and its loop thread's scheduling policy
// when it runs as a thread here (a coordinator process reads byline.toml).
//
// BENCH_PROFILE_DECODE=N in the environment: after timing the coordinator's work, only decode the sample's
// analyzer outputs N times and exit (a steady workload to point `perf record` at).

import AnalyzerKit
import ArticleModel
import BuiltinAnalyzers
import Coordinator
import CoordinatorService
import Foundation
import JSONCoding
import Logging
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

/// CPU seconds (user + system) a process has used so far.
func cpuSeconds(_ pid: Int32) -> Double {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
        let close = stat.lastIndex(of: ")")
    else { return -1 }
    // Fields after the command name: state is field 3; utime and stime are fields 14 and 15.
    let fields = stat[stat.index(after: close)...].split(separator: " ")
    guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return -1 }
    return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
}

func peakKB(_ pid: Int32) -> Int {
    guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return -1 }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? -1
    }
    return -1
}

/// Idle, stolen and total CPU time of the whole machine so far, in clock ticks (the `cpu` line
/// of /proc/stat: idle and iowait, steal — time the hypervisor gave to other guests — against the
/// sum of the first eight fields).
@Sendable func machineTicks() -> (idle: Double, steal: Double, total: Double) {
    guard let stat = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
        let line = stat.split(separator: "\n").first, line.hasPrefix("cpu ")
    else { return (0, 0, 0) }
    let fields = line.split(separator: " ").dropFirst().compactMap { Double($0) }
    guard fields.count >= 8 else { return (0, 0, 0) }
    return (fields[3] + fields[4], fields[7], fields.prefix(8).reduce(0, +))
}

/// Context switches (voluntary, involuntary) of all of a process's threads so far.
func contextSwitches(_ pid: Int32) -> (voluntary: Int, involuntary: Int) {
    var total = (voluntary: 0, involuntary: 0)
    for task in (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? [] {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/status", encoding: .utf8) else { continue }
        for line in status.split(separator: "\n") {
            let value = Int(line.split(separator: "\t").last ?? "") ?? 0
            if line.hasPrefix("voluntary_ctxt_switches:") { total.voluntary += value }
            if line.hasPrefix("nonvoluntary_ctxt_switches:") { total.involuntary += value }
        }
    }
    return total
}

let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
let corpus = option("--corpus") ?? repository + "/../shared/data/polnear"
let cores = ProcessInfo.processInfo.activeProcessorCount
let instances = Int(option("--instances") ?? "") ?? 1
let window = Int(option("--window") ?? "") ?? 64
let rounds = Int(option("--rounds") ?? "") ?? 1
let passes = max(1, Int(option("--passes") ?? "") ?? 7)
let scheduling = option("--scheduling") ?? "batch"
let topology = option("--coordinator") ?? "thread"
/// Extra arguments for every worker, e.g. `--capacity 2`.
/// The kernel scheduling policy of the coordinator's loop thread (default batch, as byline runs it).
let coordinatorScheduling = option("--coordinator-scheduling").flatMap(SchedulingPolicy.init(rawValue:)) ?? .batch
/// The coordinator's batch hold (thread topology only; a coordinator process reads byline.toml).
let batchHoldMs = option("--batch-hold-ms").flatMap { Int($0) }
let workerArguments = (option("--worker-args") ?? "").split(separator: " ").map(String.init)

// The corpus: every .txt under it, in sorted order.
var paths = ((try? FileManager.default.subpathsOfDirectory(atPath: corpus)) ?? [])
    .filter { $0.hasSuffix(".txt") }.map { corpus + "/" + $0 }.sorted()
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

/// One article through every analyzer, merged and encoded, off the main actor (top-level code in
/// this file is main-actor isolated, and the run must use every core). Returns the time per analyzer.
@concurrent
func analyzeInProcess(_ article: Article, with analyzers: [any Analyzer]) async throws -> [String: Double] {
    var results: [ServiceResult] = []
    var spent: [String: Double] = [:]
    var produced = AnalyzerOutput()
    for analyzer in analyzers {
        let started = Moment.now()
        // A consumer runs after its producers (the list is ordered so) and gets their sections.
        let consumes = analyzer.descriptor.consumes
        let inputs = consumes.isEmpty ? nil : produced.restricted(to: consumes)
        let output = try await analyzer.analyze(AnalysisRequest(article: article, inputs: inputs))
        produced.add(output)
        results.append(ServiceResult(
            service: analyzer.descriptor.name, version: analyzer.descriptor.version, status: .ok,
            ms: Moment.now().milliseconds(since: started), attempts: 1, output: output))
        spent[analyzer.descriptor.name] = results.last!.ms
    }
    let merged = Merger.merge(metadata: article.metadata, textLength: article.text.unicodeScalars.count, results: results)
    _ = try WireJSON.encodeThrowing(merged)
    return spent
}

// In-process: the same analyzers, one instance each, `cores` articles at a time, merged and encoded;
// consumers after the others.
let analyzers = try names.compactMap { try BuiltinAnalyzers.make($0) }.sorted { $0.descriptor.consumes.count < $1.descriptor.consumes.count }

/// One in-process pass: wall seconds, CPU seconds, and wall milliseconds spent in each analyzer's
/// `analyze`, summed over articles.
func inProcessPass() async throws -> (seconds: Double, cpu: Double, analyzerMs: [String: Double], idle: (idle: Double, steal: Double)) {
    let ticks = machineTicks()
    let start = Moment.now()
    let cpuBefore = cpuSeconds(getpid())
    let analyzerMs = try await withThrowingTaskGroup(of: [String: Double].self) { group in
        var total: [String: Double] = [:]
        var next = 0
        func add() {
            guard next < articles.count else { return }
            let article = articles[next]
            next += 1
            let analyzers = analyzers
            group.addTask { try await analyzeInProcess(article, with: analyzers) }
        }
        for _ in 0..<cores { add() }
        while let spent = try await group.next() {
            total.merge(spent, uniquingKeysWith: +)
            add()
        }
        return total
    }
    return (Moment.now().milliseconds(since: start) / 1000, cpuSeconds(getpid()) - cpuBefore, analyzerMs, idleShare(since: ticks))
}

/// The shares of the machine's CPU time that were idle and stolen since `ticks`.
@Sendable func idleShare(since ticks: (idle: Double, steal: Double, total: Double)) -> (idle: Double, steal: Double) {
    let now = machineTicks()
    guard now.total > ticks.total else { return (0, 0) }
    return ((now.idle - ticks.idle) / (now.total - ticks.total), (now.steal - ticks.steal) / (now.total - ticks.total))
}

// What the coordinator does per article, timed alone on a sample: decode and validate every
// analyzer's output (as workers encode it), merge, encode the merged model.
let sample = Array(articles.prefix(200))
var encodedOutputs: [[(AnalyzerDescriptor, [UInt8])]] = []
/// What the workers spend encoding their outputs, per analyzer (the fastest of five rounds).
var workerEncodeSeconds: [String: Double] = [:]
var outputBytes: [String: Int] = [:]
/// What dependent dispatch adds per consumer and article: the coordinator encodes the consumed
/// sections, the consumer's worker decodes them (the fastest of five rounds).
var inputsEncodeSeconds = 0.0, inputsDecodeSeconds = 0.0, inputsBytes = 0
for article in sample {
    var outputs: [(AnalyzerDescriptor, [UInt8])] = []
    var produced = AnalyzerOutput()
    for analyzer in analyzers {
        let consumes = analyzer.descriptor.consumes
        if !consumes.isEmpty {
            var encodeFastest = Double.infinity, decodeFastest = Double.infinity
            for _ in 0..<5 {
                var started = Moment.now()
                let bytes = WireJSON.encode(produced.restricted(to: consumes))
                encodeFastest = min(encodeFastest, Moment.now().milliseconds(since: started) / 1000)
                started = Moment.now()
                let _: AnalyzerOutput = try WireJSON.decode(bytes, "inputs")
                decodeFastest = min(decodeFastest, Moment.now().milliseconds(since: started) / 1000)
                inputsBytes = bytes.count
            }
            inputsEncodeSeconds += encodeFastest
            inputsDecodeSeconds += decodeFastest
        }
        let output = try await analyzer.analyze(
            AnalysisRequest(article: article, inputs: consumes.isEmpty ? nil : produced.restricted(to: consumes)))
        produced.add(output)
        var fastest = Double.infinity
        var bytes: [UInt8] = []
        for _ in 0..<5 {
            let started = Moment.now()
            bytes = try WireJSON.encodeThrowing(output)
            fastest = min(fastest, Moment.now().milliseconds(since: started) / 1000)
        }
        workerEncodeSeconds[analyzer.descriptor.name, default: 0] += fastest
        outputBytes[analyzer.descriptor.name, default: 0] += bytes.count
        outputs.append((analyzer.descriptor, bytes))
    }
    encodedOutputs.append(outputs)
}
// Five rounds; the fastest of each phase, since other processes on the machine only ever add time.
var decodeSeconds = Double.infinity, validateSeconds = Double.infinity, mergeSeconds = Double.infinity, encodeSeconds = Double.infinity
var mergedBytes = 0
for _ in 0..<5 {
    var decode = 0.0, validate = 0.0, merge = 0.0, encode = 0.0
    mergedBytes = 0
    for (article, outputs) in zip(sample, encodedOutputs) {
        let textLength = article.text.unicodeScalars.count
        var results: [ServiceResult] = []
        for (descriptor, bytes) in outputs {
            var started = Moment.now()
            let output: AnalyzerOutput = try WireJSON.decode(bytes, "output")
            decode += Moment.now().milliseconds(since: started) / 1000
            started = Moment.now()
            precondition(output.validationProblems(textLength: textLength, declared: Set(descriptor.produces)).isEmpty)
            validate += Moment.now().milliseconds(since: started) / 1000
            results.append(ServiceResult(service: descriptor.name, version: descriptor.version, status: .ok, ms: 1, attempts: 1, output: output))
        }
        var started = Moment.now()
        let merged = Merger.merge(metadata: article.metadata, textLength: article.text.unicodeScalars.count, results: results)
        merge += Moment.now().milliseconds(since: started) / 1000
        started = Moment.now()
        mergedBytes += try WireJSON.encodeThrowing(merged).count
        encode += Moment.now().milliseconds(since: started) / 1000
    }
    decodeSeconds = min(decodeSeconds, decode)
    validateSeconds = min(validateSeconds, validate)
    mergeSeconds = min(mergeSeconds, merge)
    encodeSeconds = min(encodeSeconds, encode)
}
// The same decoding and encoding with Foundation's JSONDecoder and JSONEncoder, for comparison.
var foundationDecodeSeconds = Double.infinity, foundationEncodeSeconds = Double.infinity
let foundationEncoder = JSONEncoder()
foundationEncoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
for _ in 0..<5 {
    var decode = 0.0, encode = 0.0
    for (article, outputs) in zip(sample, encodedOutputs) {
        var started = Moment.now()
        let results = try outputs.map { descriptor, bytes in
            ServiceResult(service: descriptor.name, version: descriptor.version, status: .ok, ms: 1, attempts: 1,
                          output: try JSONDecoder().decode(AnalyzerOutput.self, from: Data(bytes)))
        }
        decode += Moment.now().milliseconds(since: started) / 1000
        let merged = Merger.merge(metadata: article.metadata, textLength: article.text.unicodeScalars.count, results: results)
        started = Moment.now()
        _ = try foundationEncoder.encode(merged)
        encode += Moment.now().milliseconds(since: started) / 1000
    }
    foundationDecodeSeconds = min(foundationDecodeSeconds, decode)
    foundationEncodeSeconds = min(foundationEncodeSeconds, encode)
}
if let loops = ProcessInfo.processInfo.environment["BENCH_PROFILE_DECODE"].flatMap(Int.init) {
    for _ in 0..<loops { for outputs in encodedOutputs { for (_, bytes) in outputs { _ = try WireJSON.decode(bytes, "output") as AnalyzerOutput } } }
    exit(0)
}
let perArticle = { (seconds: Double) in String(format: "%.0f µs", seconds / Double(sample.count) * 1_000_000) }

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
// The coordinator: a process of its own, or a thread of this one (as in `byline batch`).
let coordinator: Process? = topology == "process"
    ? try spawn(["coordinator", "--bind", endpoint, "--log-level", "error", "--deadline-ms", "600000"]) : nil
var quiet = Logger(label: "bench-batch.coordinator")
quiet.logLevel = .error
let server: CoordinatorServer? = topology == "process" ? nil : try CoordinatorServer(
    configuration: CoordinatorConfiguration(
        endpoints: [endpoint, "inproc://bench-batch"],
        broker: BrokerConfiguration(defaultDeadlineMs: 600_000, batchHoldMs: batchHoldMs ?? BrokerConfiguration().batchHoldMs), drainTimeoutMs: 2000,
        scheduling: coordinatorScheduling),
    logger: quiet)
try await server?.start()
let clientEndpoint = server == nil ? endpoint : "inproc://bench-batch"
func spawnWorker(_ name: String, standalone: Bool = false) throws -> Process {
    try spawn(["worker", name, "--connect", endpoint, "--log-level", "error", "--scheduling", scheduling]
        + (standalone ? ["--standalone"] : []) + workerArguments)
}
var workers: [(String, Process)] = try names.flatMap { name in
    try (0..<instances).map { _ in (name, try spawnWorker(name)) }
}
/// Services that consume others' sections (places): served with dependent dispatch, and for the
/// comparison also standalone (running their producers inside), unless --standalone skip.
let consumerNames = Set(analyzers.filter { !$0.descriptor.consumes.isEmpty }.map(\.descriptor.name))
let compareStandalone = !consumerNames.isEmpty && option("--standalone") != "skip"
/// Context switches and peak memory (KB) of the consumers' dependent workers that were replaced,
/// and the peak of their standalone ones, by service.
var retiredSwitches: [String: Int] = [:], retiredPeakKB: [String: Int] = [:], standalonePeakKB: [String: Int] = [:]
/// Replaces the consumers' workers by dependent or standalone ones.
@MainActor func swapConsumers(standalone: Bool) throws {
    for index in workers.indices where consumerNames.contains(workers[index].0) {
        let (name, process) = workers[index]
        let peak = peakKB(process.processIdentifier)
        if standalone {
            let switches = contextSwitches(process.processIdentifier)
            retiredSwitches[name, default: 0] += switches.voluntary + switches.involuntary
            retiredPeakKB[name] = max(retiredPeakKB[name] ?? 0, peak)
        } else {
            standalonePeakKB[name] = max(standalonePeakKB[name] ?? 0, peak)
        }
        workers[index].1.terminate()
        workers[index].1.waitUntilExit()
        workers[index].1 = try spawnWorker(workers[index].0, standalone: standalone)
    }
}
defer { for process in workers.map(\.1) + [coordinator].compactMap({ $0 }) where process.isRunning { process.terminate() } }

/// Just what the benchmark checks of each merged result, read as a consumer of results would.
struct Statuses: JSONDecodable {
    var allOK = true

    init(json input: inout JSONInput) throws {
        var allOK = true
        try input.readObject { input, key in
            guard key == "provenance" else { return try input.skipValue() }
            try input.readArray { input in
                try input.readObject { input, key in
                    guard key == "status" else { return try input.skipValue() }
                    if try input.readString() != AnalyzerStatus.ok.rawValue { allOK = false }
                }
            }
        }
        self.allOK = allOK
    }
}

@MainActor func pipelineProcesses() -> [(String, Process)] { (coordinator.map { [("coordinator", $0)] } ?? []) + workers.map { ("worker " + $0.0, $0.1) } }
@MainActor func pipelinePIDs() -> [Int32] { pipelineProcesses().map(\.1.processIdentifier) }
/// CPU seconds so far of this process, the coordinator and every worker.
@MainActor func pipelineCPU() -> [Double] { [cpuSeconds(getpid())] + pipelinePIDs().map(cpuSeconds) }

/// One pass over ZeroMQ: wall seconds, articles not answered completely, CPU seconds per process
/// (this process first, then the coordinator and the workers), and per service the articles its
/// instances answered and the REQUEST messages they got so far, and the share of the machine's CPU
/// time that was idle while the clock ran.
@MainActor func pipelinePass() async throws -> (seconds: Double, failures: Int, cpu: [Double], batching: [String: (answered: Int, requests: Int)], idle: (idle: Double, steal: Double)) {
    let before = pipelineCPU()
    let (seconds, failures, batching, idle) = try await ClientThread.run { () -> (Double, Int, [String: (answered: Int, requests: Int)], (idle: Double, steal: Double)) in
        let context = try server?.context ?? Context()
        let client = try CoordinatorClient(context: context, endpoint: clientEndpoint)
        var live = 0
        for _ in 0..<200 {
            live = (try client.status(timeoutMs: 1000)?.services.map(\.instances.count).reduce(0, +)) ?? 0
            if live == names.count * instances { break }
            usleep(50_000)
        }
        guard live == names.count * instances else { fatalError("workers did not register (\(live) live)") }
        // The results are kept and checked after the clock stops: the in-process pass produces the
        // same bytes and does not read them either.
        var results: [[UInt8]?] = []
        results.reserveCapacity(articles.count)
        let ticks = machineTicks()
        let start = Moment.now()
        try client.analyze(articles, window: window, options: SubmitOptions(deadlineMs: 600_000)) { _, _, outcome in
            if case .analysis(let bytes) = outcome { results.append(bytes) } else { results.append(nil) }
        }
        let seconds = Moment.now().milliseconds(since: start) / 1000
        let idle = idleShare(since: ticks)
        let failures = results.count { bytes in
            guard let bytes, let statuses = try? JSONInput.decode(Statuses.self, from: bytes) else { return true }
            return !statuses.allOK
        } + (articles.count - results.count)
        var batching: [String: (answered: Int, requests: Int)] = [:]
        for service in try client.status(timeoutMs: 1000)?.services ?? [] {
            for instance in service.instances {
                batching[service.name, default: (0, 0)].answered += instance.completed + instance.failed
                batching[service.name, default: (0, 0)].requests += instance.requests ?? 0
            }
        }
        return (seconds, failures, batching, idle)
    }
    return (seconds, failures, zip(pipelineCPU(), before).map { $0 - $1 }, batching, idle)
}

// The two modes alternate, starting with the in-process one.
var inProcessRuns: [(seconds: Double, cpu: Double, analyzerMs: [String: Double], idle: (idle: Double, steal: Double))] = []
var pipelineRuns: [(seconds: Double, failures: Int, cpu: [Double], batching: [String: (answered: Int, requests: Int)], idle: (idle: Double, steal: Double))] = []
var standaloneRuns: [(seconds: Double, failures: Int, cpu: [Double], batching: [String: (answered: Int, requests: Int)], idle: (idle: Double, steal: Double))] = []
for _ in 0..<passes {
    inProcessRuns.append(try await inProcessPass())
    pipelineRuns.append(try await pipelinePass())
    if compareStandalone {
        try swapConsumers(standalone: true)
        standaloneRuns.append(try await pipelinePass())
        try swapConsumers(standalone: false)
    }
}
/// The mean of `values` with a two-sided 95% confidence interval from Student's t; nil for fewer
/// than two values.
func confidenceInterval(_ values: [Double]) -> (mean: Double, low: Double, high: Double)? {
    guard values.count >= 2 else { return nil }
    let n = Double(values.count)
    let mean = values.reduce(0, +) / n
    let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
    // t(0.975) for 1...30 degrees of freedom; 1.96 beyond.
    let t: [Double] = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
                       2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042]
    let half = (values.count - 1 <= t.count ? t[values.count - 2] : 1.96) * (variance / n).squareRoot()
    return (mean, mean - half, mean + half)
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}
/// Mean seconds per pass: the total time of each mode over all passes, divided by the passes.
let inProcessSeconds = inProcessRuns.map(\.seconds).reduce(0, +) / Double(passes)
let pipelineSeconds = pipelineRuns.map(\.seconds).reduce(0, +) / Double(passes)
let inProcessCPU = median(inProcessRuns.map(\.cpu))
let failures = pipelineRuns.map(\.failures).reduce(0, +)
/// Per analyzer, the median over passes of the in-process milliseconds in `analyze`.
let analyzerMs = Dictionary(uniqueKeysWithValues: names.map { name in (name, median(inProcessRuns.map { $0.analyzerMs[name] ?? 0 })) })
/// Per process, the median over passes of its CPU seconds.
let processCPU = (0..<(1 + pipelinePIDs().count)).map { index in median(pipelineRuns.map { $0.cpu[index] }) }

func rate(_ count: Int, _ seconds: Double) -> String { String(format: "%.0f", Double(count) / seconds) }
print("")
print("passes, alternating (seconds): in-process " + inProcessRuns.map { String(format: "%.2f", $0.seconds) }.joined(separator: " ")
      + "; over ZeroMQ " + pipelineRuns.map { String(format: "%.2f", $0.seconds) }.joined(separator: " "))
print("machine idle / stolen by the hypervisor per pass: in-process "
      + inProcessRuns.map { String(format: "%.1f/%.1f%%", $0.idle.idle * 100, $0.idle.steal * 100) }.joined(separator: " ")
      + "; over ZeroMQ " + pipelineRuns.map { String(format: "%.1f/%.1f%%", $0.idle.idle * 100, $0.idle.steal * 100) }.joined(separator: " "))
print("overhead per pass: " + zip(pipelineRuns, inProcessRuns).map { String(format: "%.1f%%", ($0.seconds / $1.seconds - 1) * 100) }.joined(separator: " "))
print("")
print("mean of the passes    articles/s   tokens/s   seconds")
print("in-process            " + rate(articles.count, inProcessSeconds).padding(toLength: 13, withPad: " ", startingAt: 0)
      + rate(tokens, inProcessSeconds).padding(toLength: 11, withPad: " ", startingAt: 0) + String(format: "%.2f", inProcessSeconds))
print("over ZeroMQ, merged   " + rate(articles.count, pipelineSeconds).padding(toLength: 13, withPad: " ", startingAt: 0)
      + rate(tokens, pipelineSeconds).padding(toLength: 11, withPad: " ", startingAt: 0) + String(format: "%.2f", pipelineSeconds))
let passOverheads = zip(pipelineRuns, inProcessRuns).map { ($0.seconds / $1.seconds - 1) * 100 }
print(String(format: "ZeroMQ and merge overhead: %.1f%% of the in-process time, total over the passes (target < 10%%); median pass %.1f%%",
             (pipelineSeconds / inProcessSeconds - 1) * 100, median(passOverheads)))
if let interval = confidenceInterval(passOverheads) {
    print(String(format: "  mean pass %.1f%%, 95%% confidence interval %.1f–%.1f%% (Student's t over the %d passes)",
                 interval.mean, interval.low, interval.high, passOverheads.count))
}
if compareStandalone {
    let standaloneSeconds = standaloneRuns.map(\.seconds).reduce(0, +) / Double(standaloneRuns.count)
    print("consumers (\(consumerNames.sorted().joined(separator: ", "))): dependent dispatch (they wait for what they consume) "
        + rate(articles.count, pipelineSeconds) + " articles/s; standalone (each runs its producers itself, every analyzer independent) "
        + rate(articles.count, standaloneSeconds) + " articles/s; passes " + standaloneRuns.map { String(format: "%.2f", $0.seconds) }.joined(separator: " "))
    print(String(format: "  dependent dispatch takes %.1f%% of the standalone time (below 105%%: not more than 5%% slower); failures standalone: %d",
                 pipelineSeconds / standaloneSeconds * 100, standaloneRuns.map(\.failures).reduce(0, +)))
}
print("coordinator: " + (server == nil ? "its own process, client over ipc://" : "a thread of this process, client over inproc:// (as byline batch)")
      + "; workers' scheduling: " + scheduling)
printSpacyComparison()
print("articles not complete over ZeroMQ: \(failures)")
print("articles per REQUEST message: " + names.map { name in
    // The coordinator's counters run over every pass so far: the last pass has them all.
    let counts = pipelineRuns.last?.batching[name] ?? (0, 0)
    return String(format: "%@ %.2f", name, Double(counts.answered) / Double(max(1, counts.requests)))
}.joined(separator: ", "))
print("")
print("coordinator work per article (\(sample.count) articles, \(mergedBytes / sample.count) bytes merged): decode outputs "
      + perArticle(decodeSeconds) + ", validate them " + perArticle(validateSeconds) + ", merge " + perArticle(mergeSeconds) + ", encode " + perArticle(encodeSeconds))
print("worker work per article: encode the output " + names.map { name in
    "\(name) " + perArticle(workerEncodeSeconds[name] ?? 0) + " (\((outputBytes[name] ?? 0) / sample.count) bytes)"
}.joined(separator: ", "))
if !consumerNames.isEmpty {
    print("dependent dispatch per article and consumer: the coordinator encodes the consumed sections "
        + perArticle(inputsEncodeSeconds) + " (\(inputsBytes) bytes, last article), the consumer's worker decodes them " + perArticle(inputsDecodeSeconds))
}
print("  with Foundation's JSONDecoder and JSONEncoder instead: decode " + perArticle(foundationDecodeSeconds)
      + " (without validation), encode " + perArticle(foundationEncodeSeconds))
print("")
print("CPU seconds (median pass) and peak resident memory per process:")
print(String(format: "  in-process analyzers (this process): %6.2f s", inProcessCPU))
var pipelineTotalCPU = processCPU[0]
for (index, (label, process)) in pipelineProcesses().enumerated() {
    let cpu = processCPU[index + 1]
    pipelineTotalCPU += cpu
    let name = label.hasPrefix("worker ") ? String(label.dropFirst(7)) : ""
    let inProcess = analyzerMs[name].map { String(format: "  (in-process: %.2f s in analyze)", $0 / 1000) } ?? ""
    let switches = contextSwitches(process.processIdentifier)
    let perArticle = Double(switches.voluntary + switches.involuntary + (retiredSwitches[name] ?? 0)) / Double(articles.count * passes)
    let peak = max(peakKB(process.processIdentifier), retiredPeakKB[name] ?? 0)
    let standalone = standalonePeakKB[name].map { " (standalone worker \($0 / 1024) MB)" } ?? ""
    print(String(format: "  %-44@ %6.2f s  %4d MB  %5.1f switches/article", label as NSString, cpu, peak / 1024, perArticle) + inProcess + standalone)
}
let thisProcess = server == nil ? "client (this process)" : "client and coordinator thread (this process)"
print(String(format: "  %-44@ %6.2f s", thisProcess as NSString, processCPU[0]))
print(String(format: "  pipeline total: %.2f s of CPU, %.1f%% more than in-process", pipelineTotalCPU, (pipelineTotalCPU / inProcessCPU - 1) * 100))
print("  this process peak (client + in-process analyzers): \(peakKB(getpid()) / 1024) MB")

/// Runs tools/peer-spacy on the benchmark's texts and prints spaCy's words/s beside byline's, with
/// the ratio of their times on the same texts; says so when the peer is not set up or fails.
@MainActor func printSpacyComparison() {
    let mode = option("--spacy") ?? "auto"
    let script = repository + "/tools/peer-spacy"
    guard mode != "skip" else { return print("vs spaCy: skipped (--spacy skip)") }
    guard mode == "setup" || FileManager.default.fileExists(atPath: repository + "/.build/peer-spacy/bin/python") else {
        return print("vs spaCy: skipped the comparison: .build/peer-spacy is not set up (tools/peer-spacy --setup, or --spacy setup)")
    }
    let list = directory + "/spacy-inputs.txt"
    let inputs = (0..<rounds).flatMap { _ in paths }
    guard FileManager.default.createFile(atPath: list, contents: Data((inputs.joined(separator: "\n") + "\n").utf8)) else {
        return print("vs spaCy: skipped the comparison: cannot write \(list)")
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: script)
    process.arguments = (mode == "setup" ? [] : ["--no-setup"]) + ["--processes", String(cores), "-"]
    process.standardInput = FileHandle(forReadingAtPath: list)
    let pipe = Pipe()
    process.standardOutput = pipe
    print("vs spaCy: running tools/peer-spacy on the same \(inputs.count) texts with \(cores) processes …")
    do { try process.run() } catch { return print("vs spaCy: skipped the comparison: cannot run \(script): \(error)") }
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0,
        let json = try? JSONSerialization.jsonObject(with: output) as? [String: Any],
        let words = json["words"] as? Int, let seconds = json["seconds"] as? Double, seconds > 0
    else { return print("vs spaCy: skipped the comparison: tools/peer-spacy failed (status \(process.terminationStatus))") }
    let version = json["spacy"] as? String ?? "?"
    let model = json["model"] as? String ?? "?"
    print(String(format: "vs spaCy %@ (%@, full pipeline, %d processes), same texts, same run: spaCy %.0f words/s (%.1f s); "
                 + "byline over ZeroMQ %.0f words/s (%.1f s, mean pass); byline is %.1fx spaCy (goal 10x)",
                 version, model, cores, Double(words) / seconds, seconds, Double(words) / pipelineSeconds, pipelineSeconds,
                 seconds / pipelineSeconds))
}
