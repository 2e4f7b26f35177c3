public import Logging
public import WireProtocol
public import Coordinator
import Foundation
import ServiceLifecycle
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A private cluster for one command: an in-process coordinator on an `ipc://` socket in a
/// directory only this user can reach, plus supervised worker processes. `byline analyze` and
/// `byline plugins` use it when no `--coordinator` is given.
///
/// ``run(specs:broker:logger:body:)`` starts everything, waits for the workers to register, runs
/// `body` with an endpoint for clients, then stops the workers and removes the directory, also
/// when `body` throws or the task is cancelled.
public enum LocalCluster {
    /// What `body` gets.
    public struct Handle: Sendable {
        /// Endpoint for an in-process ``CoordinatorClient`` (same context as the coordinator).
        public let clientEndpoint: String
        /// Endpoint the workers connect to.
        public let workerEndpoint: String
        public let server: CoordinatorServer
        /// Services that registered in time.
        public let liveServices: Set<String>
        /// Status after startup.
        public let status: CoordinatorStatus?
    }

    public static func run<T: Sendable>(
        specs: [WorkerSpec], broker: BrokerConfiguration, startupTimeoutMs: Int, scheduling: SchedulingPolicy = .batch,
        logger: Logger, onWorkerStart: (@Sendable (_ service: String) -> Void)? = nil, body: @escaping @Sendable (Handle) async throws -> T
    ) async throws -> T {
        let directory = try makePrivateDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let workerEndpoint = "ipc://\(directory)/coordinator.sock"
        let clientEndpoint = "inproc://byline-local-\(getpid())"
        let server = try CoordinatorServer(
            configuration: CoordinatorConfiguration(
                endpoints: [workerEndpoint, clientEndpoint], broker: broker, drainTimeoutMs: 2000, scheduling: scheduling),
            logger: logger)
        try await server.start()

        let failures = ExitLog()
        let supervisor = Supervisor(specs: specs, endpoint: workerEndpoint, stopTimeout: .seconds(5), logger: logger) { event in
            switch event {
            case .exited(let service, let instance, let status):
                server.instanceExited(instance)
                failures.record(service, status)
            case .failedToStart(let service, let error):
                failures.record(service, error)
            case .started(let service, _, _):
                onWorkerStart?(service)
            }
        }

        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await supervisor.run()
                return nil
            }
            group.addTask {
                let wanted = Set(specs.filter { $0.instances > 0 }.map(\.name))
                let status = try await ClientThread.run {
                    let client = try CoordinatorClient(context: server.context, endpoint: clientEndpoint)
                    return try client.waitForServices(wanted, timeoutMs: startupTimeoutMs)
                }
                let live = Set(status?.services.filter { !$0.instances.isEmpty }.map(\.name) ?? [])
                for missing in wanted.subtracting(live).sorted() {
                    let why = failures.last(missing).map { " (last exit: \($0))" } ?? ""
                    logger.error("plugin '\(missing)' did not register within \(startupTimeoutMs) ms\(why); its sections will be missing")
                }
                for stranger in live.subtracting(wanted).sorted() {
                    logger.error("a worker registered as service '\(stranger)', which no configured plugin is called; check the plugin's service name")
                }
                return try await body(Handle(
                    clientEndpoint: clientEndpoint, workerEndpoint: workerEndpoint, server: server, liveServices: live,
                    status: status))
            }
            var answer: T?
            do {
                while let next = try await group.next() {
                    if let value = next {
                        answer = value
                        break
                    }
                }
            } catch {
                server.shutdown()
                group.cancelAll()
                await server.waitUntilFinished()
                throw error
            }
            // Every article is answered: stop the workers (SIGTERM; they DISCONNECT and exit, SIGKILL
            // after the timeout), then the coordinator.
            group.cancelAll()
            while (try? await group.next()) != nil {}
            server.shutdown()
            await server.waitUntilFinished()
            guard let answer else { throw CancellationError() }
            return answer
        }
    }

    /// A fresh directory only this user can enter, under `$TMPDIR` (or /tmp), short enough for
    /// ipc socket paths (at most 107 bytes). It holds an `owner` file naming this process, so that a
    /// later run can remove it if this one is killed before it can (``removeStaleDirectories(in:)``).
    static func makePrivateDirectory() throws -> String {
        var base = ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp"
        if base.utf8.count > 60 { base = "/tmp" }
        removeStaleDirectories(in: base)
        var template = Array("\(base)/byline-XXXXXX".utf8CString)
        guard let result = mkdtemp(&template) else {
            throw SupervisorError("cannot create a private directory under \(base): \(String(cString: strerror(errno)))")
        }
        chmod(result, 0o700)
        let directory = String(cString: result)
        try? (ProcessIdentity.current.map(\.record) ?? "").write(toFile: directory + "/owner", atomically: false, encoding: .utf8)
        return directory
    }

    /// Removes the private directories under `base` whose owner process is gone (a run killed with
    /// SIGKILL cannot clean up after itself): only this user's `byline-XXXXXX` directories with an
    /// `owner` file, and only the files a cluster puts there.
    static func removeStaleDirectories(in base: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: base) else { return }
        for name in names where name.hasPrefix("byline-") && name.utf8.count == 13 {
            let directory = base + "/" + name
            var info = stat()
            guard lstat(directory, &info) == 0, info.st_mode & S_IFMT == S_IFDIR, info.st_uid == getuid(),
                let record = try? String(contentsOfFile: directory + "/owner", encoding: .utf8),
                let owner = ProcessIdentity(record: record), !owner.isAlive
            else { continue }
            for file in ["coordinator.sock", "owner"] { unlink(directory + "/" + file) }
            rmdir(directory)  // fails, and keeps the directory, if anything else is in it
        }
    }
}

/// A process as its pid and start time, so that a reused pid does not pass for the original.
struct ProcessIdentity: Equatable {
    let pid: Int32
    /// Field 22 of /proc/PID/stat: clock ticks after boot at which the process started.
    let startTicks: UInt64

    static var current: ProcessIdentity? { of(getpid()) }

    static func of(_ pid: Int32) -> ProcessIdentity? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        // After the command name: state is field 3, so start time (field 22) is the 20th here.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 19, let ticks = UInt64(fields[19]) else { return nil }
        return ProcessIdentity(pid: pid, startTicks: ticks)
    }

    init(pid: Int32, startTicks: UInt64) {
        self.pid = pid
        self.startTicks = startTicks
    }

    /// Parses ``record``.
    init?(record: String) {
        let parts = record.split(separator: " ")
        guard parts.count == 2, let pid = Int32(parts[0]), let ticks = UInt64(parts[1]) else { return nil }
        self.init(pid: pid, startTicks: ticks)
    }

    var record: String { "\(pid) \(startTicks)" }

    var isAlive: Bool { ProcessIdentity.of(pid) == self }
}

/// The last exit status or start failure of each service, for startup error messages.
final class ExitLog: Sendable {
    private let entries = Mutex<[String: String]>([:])

    func record(_ service: String, _ status: String) {
        entries.withLock { $0[service] = status }
    }

    func last(_ service: String) -> String? {
        entries.withLock { $0[service] }
    }
}
