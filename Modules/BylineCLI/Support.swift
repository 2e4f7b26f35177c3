import CoordinatorService
import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import UnixSignals
import ZeroMQ

/// Set once by a signal handler; polled by client loops on their own threads.
final class StopFlag: Sendable {
    private let flag = Atomic<Bool>(false)
    var isSet: Bool { flag.load(ordering: .acquiring) }
    func set() { flag.store(true, ordering: .releasing) }
}

/// Standard output for commands that run a private cluster. With SIGPIPE ignored, a reader that goes
/// away (`byline analyze … | head`) makes writes fail instead of killing the process, so the command
/// can stop its workers and remove its private socket directory on the way out.
enum StandardOutput {
    static func ignoreBrokenPipes() {
        signal(SIGPIPE, SIG_IGN)
    }

    /// Writes `data`; `false` when the reader has gone.
    static func write(_ data: Data) -> Bool {
        do {
            try FileHandle.standardOutput.write(contentsOf: data)
            return true
        } catch {
            return false
        }
    }
}

/// Runs `body`; SIGINT or SIGTERM sets `stop` (client loops then wind down) instead of killing the
/// process, so that workers are stopped and temporary files removed on the way out.
func withSignalStop<T: Sendable>(_ stop: StopFlag, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask {
            for await _ in await UnixSignalsSequence(trapping: .sigint, .sigterm) {
                if stop.isSet {
                    printError("interrupted twice; exiting now")
                    exit(130)
                }
                printError("interrupted; finishing what is in flight (interrupt again to exit at once)")
                stop.set()
            }
            return nil
        }
        group.addTask { try await body() }
        defer { group.cancelAll() }
        while let next = try await group.next() {
            if let value = next { return value }
        }
        throw CancellationError()
    }
}

/// Fails within seconds, with a clear message, when nothing answers at `endpoint`.
func checkReachable(_ endpoint: String, context: Context, curve: CurveClientKeys?, timeoutMs: Int = 3000) async throws {
    let status = try await ClientThread.run {
        let client = try CoordinatorClient(context: context, endpoint: endpoint, curve: curve)
        return try client.status(timeoutMs: timeoutMs)
    }
    if status == nil {
        let hint = curve == nil
            ? "is `byline coordinator` or `byline up` running there? If it requires CURVE, pass --curve-server-key and --curve-secret"
            : "is it running, and is this client's public key on its --curve-allow list?"
        throw CLIError("no coordinator answered at \(endpoint) within \(timeoutMs / 1000) s (\(hint))")
    }
}

struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data("byline: \(message)\n".utf8))
}

func makeLogger(_ label: String, level: String) -> Logger {
    var logger = Logger(label: label) { label in
        var handler = StreamLogHandler.standardError(label: label)
        handler.logLevel = .trace
        return handler
    }
    logger.logLevel = Logger.Level(rawValue: level) ?? .warning
    return logger
}
