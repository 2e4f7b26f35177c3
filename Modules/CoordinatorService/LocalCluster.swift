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
        specs: [WorkerSpec], broker: BrokerConfiguration, startupTimeoutMs: Int, logger: Logger,
        body: @escaping @Sendable (Handle) async throws -> T
    ) async throws -> T {
        let directory = try makePrivateDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let workerEndpoint = "ipc://\(directory)/coordinator.sock"
        let clientEndpoint = "inproc://byline-local-\(getpid())"
        let server = try CoordinatorServer(
            configuration: CoordinatorConfiguration(endpoints: [workerEndpoint, clientEndpoint], broker: broker, drainTimeoutMs: 2000),
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
            case .started:
                break
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
    /// ipc socket paths (at most 107 bytes).
    static func makePrivateDirectory() throws -> String {
        var base = ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp"
        if base.utf8.count > 60 { base = "/tmp" }
        var template = Array("\(base)/byline-XXXXXX".utf8CString)
        guard let result = mkdtemp(&template) else {
            throw SupervisorError("cannot create a private directory under \(base): \(String(cString: strerror(errno)))")
        }
        chmod(result, 0o700)
        return String(cString: result)
    }
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
