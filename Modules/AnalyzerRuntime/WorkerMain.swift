public import AnalyzerKit
public import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import UnixSignals
public import WireProtocol
import ZeroMQ

/// Command-line options every worker understands (`byline worker NAME` and stand-alone plugins).
public struct WorkerOptions: ParsableArguments, Sendable {
    @Option(name: .long, help: "Coordinator endpoint (tcp://host:port or ipc:///path). Default: $BYLINE_CONNECT.")
    public var connect: String?

    @Option(name: .long, help: "Heartbeat interval in milliseconds.")
    public var heartbeatMs: Int = 1000

    @Option(name: .long, help: "Requests this worker accepts at once: they run concurrently, and a full pipe hides the round trip to the coordinator.")
    public var capacity: Int = 8

    @Option(name: .long, help: "Most articles the coordinator may send in one request, answered in one reply (default: 4, or --capacity if lower; 1 turns batching off).")
    public var batch: Int?

    @Option(name: .long, help: "Largest article text accepted, in bytes (default: $BYLINE_MAX_TEXT_BYTES, else 5000000).")
    public var maxTextBytes: Int = ProcessInfo.processInfo.environment["BYLINE_MAX_TEXT_BYTES"].flatMap { Int($0) }
        ?? WireLimits.default.maxTextBytes

    @Option(name: .long, help: "Milliseconds past its deadline an analysis may ignore cancellation before the worker exits to be replaced.")
    public var hangGraceMs: Int = 5_000

    @Option(name: .long, help: "Coordinator's CURVE public key (Z85) or a file holding it.")
    public var curveServerKey: String?

    @Option(name: .long, help: "This worker's CURVE secret key (Z85) or a file holding it.")
    public var curveSecret: String?

    @Option(name: .long, help: "Kernel scheduling of this worker's threads: batch (SCHED_BATCH on Linux: CPU-bound, not preempted on every wake-up) or normal.")
    public var scheduling: SchedulingPolicy = .batch

    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error, critical.")
    public var logLevel: String = ProcessInfo.processInfo.environment["BYLINE_LOG_LEVEL"] ?? "info"

    public init() {}

    public func validate() throws {
        guard (1...256).contains(capacity) else { throw ValidationError("--capacity must be in 1...256") }
        if let batch, !(1...min(capacity, WorkerDescriptor.maxBatch)).contains(batch) {
            throw ValidationError("--batch must be in 1...\(min(capacity, WorkerDescriptor.maxBatch)) (at most --capacity)")
        }
    }

    /// The endpoint to use, from `--connect` or `$BYLINE_CONNECT`.
    public func endpoint() throws -> String {
        if let connect { return connect }
        if let value = ProcessInfo.processInfo.environment["BYLINE_CONNECT"], !value.isEmpty { return value }
        throw ValidationError("no coordinator endpoint: pass --connect tcp://HOST:PORT or set BYLINE_CONNECT")
    }

    public func configuration() throws -> WorkerConfiguration {
        var configuration = WorkerConfiguration(
            endpoint: try endpoint(), heartbeatMs: heartbeatMs, capacity: capacity, batch: batch ?? min(4, capacity),
            limits: WireLimits(maxTextBytes: maxTextBytes))
        configuration.hangGraceMs = hangGraceMs
        let environment = ProcessInfo.processInfo.environment
        configuration.instance = environment["BYLINE_INSTANCE"]
        configuration.parentPID = environment["BYLINE_PARENT_PID"].flatMap { Int32($0) }
        if let curveServerKey = curveServerKey ?? environment["BYLINE_CURVE_SERVER_KEY"] {
            guard let curveSecret = curveSecret ?? environment["BYLINE_CURVE_SECRET"] else {
                throw ValidationError("--curve-server-key needs --curve-secret")
            }
            let secret = try CurveKeyFile.read(curveSecret)
            guard let publicKey = CurveKeyFile.publicKey(forSecret: secret) else {
                throw ValidationError("--curve-secret is not a valid Z85 CURVE secret key")
            }
            configuration.curve = CurveClientKeys(
                serverPublicKey: try CurveKeyFile.read(curveServerKey), publicKey: publicKey, secretKey: secret)
        }
        return configuration
    }
}

/// The `main` of a worker process: parse ``WorkerOptions``, serve the analyzer until SIGTERM/SIGINT.
///
/// ```swift
/// @main struct Main {
///     static func main() async { await WorkerMain.run(MyAnalyzer()) }
/// }
/// ```
public enum WorkerMain {
    public static func run<A: Analyzer>(_ analyzer: A, arguments: [String] = Array(CommandLine.arguments.dropFirst())) async {
        do {
            let options = try WorkerOptions.parse(arguments)
            try await serve(analyzer, options: options)
        } catch {
            WorkerOptions.exit(withError: error)
        }
    }

    /// Serves `analyzer` with `options`, stopping gracefully on SIGTERM or SIGINT.
    public static func serve<A: Analyzer>(_ analyzer: A, options: WorkerOptions) async throws {
        var logger = Logger(label: "byline.worker.\(analyzer.descriptor.name)")
        logger.logLevel = Logger.Level(rawValue: options.logLevel) ?? .info
        let unchanged = options.scheduling.apply()
        if !unchanged.isEmpty {
            logger.warning("could not set the scheduling policy", metadata: ["policy": "\(options.scheduling)", "threads": "\(unchanged)"])
        }
        let runtime = WorkerRuntime(analyzer: analyzer, configuration: try options.configuration(), logger: logger)
        // The runtime also ends on its own (its supervisor is gone): that is a clean stop, not a failure.
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [.init(service: runtime, successTerminationBehavior: .gracefullyShutdownGroup)],
                gracefulShutdownSignals: [.sigterm, .sigint], cancellationSignals: [], logger: logger))
        try await group.run()
    }
}

extension SchedulingPolicy: ExpressibleByArgument {}

/// Reads CURVE keys given inline (40 Z85 characters) or as a path to a file holding one.
public enum CurveKeyFile {
    public static func read(_ valueOrPath: String) throws -> String {
        // Z85 keys may contain "/": a 40-character value that names no file is the key itself.
        if valueOrPath.utf8.count == 40, !FileManager.default.fileExists(atPath: valueOrPath) { return valueOrPath }
        guard let contents = FileManager.default.contents(atPath: valueOrPath) else {
            throw ValidationError("cannot read CURVE key file \(valueOrPath)")
        }
        let key = String(decoding: contents, as: UTF8.self)
            .split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .first { !$0.isEmpty && !$0.hasPrefix("#") } ?? ""
        guard key.utf8.count == 40 else { throw ValidationError("\(valueOrPath) does not hold a 40-character Z85 CURVE key") }
        return key
    }

    public static func publicKey(forSecret secret: String) -> String? {
        CurveKeyPair.publicKey(forSecret: secret)
    }
}
