import ArgumentParser
import Foundation
import UnixSignals
import Coordinator
import CoordinatorService
import Logging
import ServiceLifecycle
import WireProtocol
import ZeroMQ

struct CoordinatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coordinator",
        abstract: "Run a coordinator: workers and clients connect to its endpoints.",
        discussion: "SIGINT or SIGTERM stops taking articles, lets those in flight finish, then disconnects the workers.")

    @Option(name: .customLong("bind"), help: "Endpoint to bind (repeatable): tcp://0.0.0.0:5555, ipc:///path.")
    var endpoints: [String] = []

    @Option(help: "Configuration file for [coordinator] settings (default: ./byline.toml if present).")
    var config: String?

    @Option(name: .customLong("require"), help: "Service every article waits for, even while none is up (repeatable).")
    var required: [String] = []

    @Option(help: "Default per-article deadline in milliseconds.")
    var deadlineMs: Int?

    @Option(help: "Largest article text accepted, in bytes.")
    var maxTextBytes: Int?

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "info"

    @Option(help: """
        Kernel scheduling of the coordinator's loop thread: batch (SCHED_BATCH on Linux: its wake-ups wait for \
        busy workers' time slices instead of preempting them) or normal (default: [coordinator] scheduling, else batch).
        """)
    var scheduling: SchedulingPolicy?

    @OptionGroup var curve: ServerCurveOptions

    func run() async throws {
        var config = try Builtins.loadConfig(config)
        if !endpoints.isEmpty { config.coordinator.bind = endpoints }
        if config.coordinator.bind.isEmpty { config.coordinator.bind = ["tcp://127.0.0.1:5555"] }
        if let scheduling { config.coordinator.scheduling = scheduling }
        let (curveSecret, curveAllow) = try curve.resolve(config)
        if let deadlineMs { config.coordinator.deadlineMs = deadlineMs }
        if let maxTextBytes { config.coordinator.maxTextBytes = maxTextBytes }
        let logger = makeLogger("byline.coordinator", level: logLevel)
        let server = try CoordinatorServer(
            configuration: CoordinatorConfiguration(
                endpoints: config.coordinator.bind, broker: config.brokerConfiguration(requiredServices: Set(required)),
                curveSecretKey: curveSecret, curveAllowList: curveAllow, drainTimeoutMs: config.coordinator.drainTimeoutMs,
                scheduling: config.coordinator.scheduling),
            logger: logger)
        let group = ServiceGroup(
            services: [CoordinatorService(server: server)], gracefulShutdownSignals: [.sigterm, .sigint],
            cancellationSignals: [], logger: logger)
        try await group.run()
    }
}

struct UpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "up",
        abstract: "Run a long-lived coordinator and N worker processes per plugin; restart crashed workers.",
        discussion: """
            Plugins and instance counts come from --config (default ./byline.toml), built-ins included \
            unless disabled. SIGINT or SIGTERM stops taking articles, lets those in flight finish, then \
            stops every worker it started.
            """)

    @Option(help: "Configuration file (default: ./byline.toml if present).")
    var config: String?

    @Option(name: .customLong("bind"), help: "Endpoint to bind (repeatable); overrides [coordinator] bind.")
    var endpoints: [String] = []

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "info"

    @OptionGroup var curve: ServerCurveOptions

    func run() async throws {
        var config = try Builtins.loadConfig(config)
        if !endpoints.isEmpty { config.coordinator.bind = endpoints }
        if config.coordinator.bind.isEmpty { config.coordinator.bind = ["tcp://127.0.0.1:5555"] }
        let logger = makeLogger("byline.up", level: logLevel)
        var specs = try Builtins.workerSpecs(for: config, logLevel: logLevel == "info" ? "warning" : logLevel)
        let resolved = try curve.resolve(config)
        let curveSecret = resolved.secret
        var curveAllow = resolved.allow
        if let secret = curveSecret, let serverKey = CurveKeyPair.publicKey(forSecret: secret) {
            // The workers started here get a key pair of their own, allowed for this run only.
            let local = try CurveKeyPair.generate()
            curveAllow?.keys?.insert(local.publicKey)
            for index in specs.indices {
                specs[index].environment["BYLINE_CURVE_SERVER_KEY"] = serverKey
                specs[index].environment["BYLINE_CURVE_SECRET"] = local.secretKey
            }
        }

        let server = try CoordinatorServer(
            configuration: CoordinatorConfiguration(
                endpoints: config.coordinator.bind,
                broker: config.brokerConfiguration(requiredServices: Builtins.requiredServices(specs)),
                curveSecretKey: curveSecret, curveAllowList: curveAllow, drainTimeoutMs: config.coordinator.drainTimeoutMs,
                scheduling: config.coordinator.scheduling),
            logger: logger)
        try await server.start()
        guard let workerEndpoint = server.boundEndpoints.first(where: { !$0.hasPrefix("tcp://0.0.0.0") }) ?? server.boundEndpoints.first
        else { throw CLIError("no endpoint bound") }
        let localEndpoint = workerEndpoint.replacingOccurrences(of: "tcp://0.0.0.0:", with: "tcp://127.0.0.1:")
        let supervisor = Supervisor(specs: specs, endpoint: localEndpoint, logger: logger) { event in
            switch event {
            case .started(let service, let instance, let pid):
                logger.info("started worker", metadata: ["service": "\(service)", "instance": "\(instance)", "pid": "\(pid)"])
            case .exited(_, let instance, _):
                server.instanceExited(instance)
            case .failedToStart(let service, let error):
                logger.error("cannot start worker", metadata: ["service": "\(service)", "error": "\(error)"])
            }
        }
        // Report plugins that never register (wrong command, wrong service name, crash at start).
        let startupTimeoutMs = config.coordinator.startupTimeoutMs
        let wanted = Set(specs.map(\.name))
        Task {
            try await Task.sleep(for: .milliseconds(startupTimeoutMs))
            let live = Set(await server.status().services.filter { !$0.instances.isEmpty }.map(\.name))
            for missing in wanted.subtracting(live).sorted() {
                logger.error("plugin '\(missing)' has not registered after \(startupTimeoutMs) ms; check its command and its service name")
            }
        }
        // Services stop in reverse order: the coordinator drains first, with its workers still up.
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [
                    .init(service: supervisor),
                    .init(service: StartedCoordinator(server: server)),
                ],
                gracefulShutdownSignals: [.sigterm, .sigint], cancellationSignals: [], logger: logger))
        try await group.run()
    }
}

/// A coordinator already started (so its endpoints are known); waits and drains like ``CoordinatorService``.
struct StartedCoordinator: Service {
    let server: CoordinatorServer

    func run() async throws {
        await withGracefulShutdownHandler {
            await server.waitUntilFinished()
        } onGracefulShutdown: {
            server.shutdown()
        }
    }
}
