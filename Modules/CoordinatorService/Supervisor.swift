public import Logging
public import ServiceLifecycle
import Foundation
import Subprocess
import SystemPackage
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// How to start the worker processes of one plugin.
public struct WorkerSpec: Sendable, Equatable {
    /// Service name, for logs.
    public var name: String
    /// Program and arguments; a program without `/` is looked up on `PATH`.
    public var command: [String]
    public var instances: Int
    /// Extra environment on top of the supervisor's own.
    public var environment: [String: String]
    public var workingDirectory: String?
    /// Articles wait for this service (up to their deadline) even while none of its instances is up.
    public var required: Bool

    public init(
        name: String, command: [String], instances: Int = 1, environment: [String: String] = [:],
        workingDirectory: String? = nil, required: Bool = true
    ) {
        self.name = name
        self.command = command
        self.instances = instances
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.required = required
    }
}

/// What the supervisor reports about its children.
public enum SupervisorEvent: Sendable {
    case started(service: String, instance: String, pid: Int32)
    case exited(service: String, instance: String, status: String)
    case failedToStart(service: String, error: String)
}

/// Starts worker processes, restarts those that exit with exponential backoff, and stops them all
/// on graceful shutdown: SIGTERM (a worker finishes its article in flight), then SIGKILL after
/// `stopTimeout`.
///
/// Every child gets `BYLINE_CONNECT` (the coordinator endpoint), `BYLINE_INSTANCE` (a fresh id per
/// start, which the coordinator sees in READY) and `BYLINE_PARENT_PID` (workers exit if their
/// parent disappears, so even a SIGKILLed supervisor leaves no orphans). Children run in their own
/// process group, so a terminal's Ctrl-C reaches the supervisor, which then stops them in order.
public struct Supervisor: Service, CustomStringConvertible {
    public let specs: [WorkerSpec]
    public let endpoint: String
    public let stopTimeout: Duration
    public let logger: Logger
    private let events: @Sendable (SupervisorEvent) -> Void

    public var description: String { "Supervisor(\(specs.map(\.name).joined(separator: ", ")))" }

    public init(
        specs: [WorkerSpec], endpoint: String, stopTimeout: Duration = .seconds(10), logger: Logger,
        events: @escaping @Sendable (SupervisorEvent) -> Void = { _ in }
    ) {
        self.specs = specs
        self.endpoint = endpoint
        self.stopTimeout = stopTimeout
        self.logger = logger
        self.events = events
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                for spec in specs {
                    for slot in 0..<max(0, spec.instances) {
                        group.addTask { await keepRunning(spec, slot: slot) }
                    }
                }
            }
        }
    }

    /// Runs one instance slot until cancelled, restarting the process whenever it exits.
    private func keepRunning(_ spec: WorkerSpec, slot: Int) async {
        var backoff = Duration.milliseconds(200)
        var generation = 0
        while !Task.isCancelled {
            generation += 1
            let instance = "\(spec.name)-\(slot)-\(getpid())-\(generation)"
            let started = ContinuousClock.now
            var summary: String
            do {
                summary = try await launch(spec, instance: instance)
            } catch {
                summary = "could not start: \(error)"
                events(.failedToStart(service: spec.name, error: "\(error)"))
            }
            events(.exited(service: spec.name, instance: instance, status: summary))
            if Task.isCancelled { break }
            if ContinuousClock.now - started > .seconds(30) { backoff = .milliseconds(200) }
            logger.warning(
                "worker exited; restarting",
                metadata: ["service": "\(spec.name)", "instance": "\(instance)", "status": "\(summary)", "restart_in": "\(backoff)"])
            try? await Task.sleep(for: backoff)
            backoff = min(backoff * 2, .seconds(10))
        }
    }

    /// Starts one process and waits for it to end; returns how it ended.
    private func launch(_ spec: WorkerSpec, instance: String) async throws -> String {
        guard let program = spec.command.first else { throw SupervisorError("plugin '\(spec.name)' has an empty command") }
        let executable: Executable = program.contains("/") ? .path(FilePath(program)) : .name(program)
        var environment: [Environment.Key: String?] = [
            "BYLINE_CONNECT": endpoint,
            "BYLINE_INSTANCE": instance,
            "BYLINE_PARENT_PID": String(getpid()),
        ]
        for (key, value) in spec.environment {
            if let key = Environment.Key(rawValue: key) { environment[key] = value }
        }
        var options = PlatformOptions()
        options.processGroupID = 0
        options.teardownSequence = [.gracefulShutDown(allowedDurationToNextStep: stopTimeout)]
        let events = self.events
        let logger = self.logger
        let result = try await Subprocess.run(
            executable, arguments: Arguments(Array(spec.command.dropFirst())),
            environment: .inherit.updating(environment),
            workingDirectory: spec.workingDirectory.map { FilePath($0) },
            platformOptions: options, input: .none, output: .discarded, error: .currentStandardError
        ) { execution in
            let pid = execution.processIdentifier.value
            logger.debug("worker started", metadata: ["service": "\(spec.name)", "instance": "\(instance)", "pid": "\(pid)"])
            events(.started(service: spec.name, instance: instance, pid: pid))
        }
        return "\(result.terminationStatus)"
    }
}

/// A supervisor failure with a message for the user.
public struct SupervisorError: Error, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
