import ArgumentParser
import CoordinatorService
import Foundation
import Logging
import Server
import WireProtocol
import ZeroMQ

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the HTTP API: analyse articles, stream batches, read stored results, metrics, the live dashboard.",
        discussion: """
            Without --coordinator, starts a private coordinator and one worker per plugin, as `byline analyze` \
            does, and keeps them for as long as it serves. Listens on loopback unless told otherwise; any other \
            address needs --keys (from `byline keygen --api NAME`), and every request then needs \
            `Authorization: Bearer KEY`. SIGTERM or SIGINT stops accepting, lets requests in flight finish \
            (at most --drain-timeout seconds), then stops the workers. Routes: docs/SERVE.md, or GET /openapi.json.
            """)

    @Option(help: "Configuration file (default: ./byline.toml if present).")
    var config: String?

    @Option(help: "Address to listen on: HOST:PORT (port 0 picks a free one and prints it).")
    var listen: String = "127.0.0.1:8080"

    @Option(help: "Use a running coordinator (tcp://host:port or ipc:///path) instead of starting one.")
    var coordinator: String?

    @Option(help: "Results store (SQLite, as `byline batch --db` writes it): every analysis is kept there, /v1/articles reads it, / shows it.")
    var db: String?

    @Option(help: "API keys file (`NAME TOKEN` lines, from `byline keygen --api NAME`); required to listen on a non-loopback address.")
    var keys: String?

    @Option(help: "PEM certificate chain: serve HTTPS (with --tls-key).")
    var tlsCert: String?

    @Option(help: "PEM private key of --tls-cert.")
    var tlsKey: String?

    @Option(help: "Requests a minute each API key may make (bursts up to the same number); 0 turns the limit off.")
    var rateLimit: Int = 600

    @Option(help: "Milliseconds to wait for analyzers per article; answers carry what arrived by then.")
    var deadlineMs: Int?

    @Option(help: "Seconds requests in flight may take to finish after SIGTERM.")
    var drainTimeout: Int = 30

    @Option(help: "Seconds a connection may stay idle (a slow or stalled client) before it is closed.")
    var idleTimeout: Int = 60

    @Option(help: "Lines of one NDJSON stream analysed at once.")
    var streamWindow: Int = 32

    @Option(help: "Log level for byline and its workers: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "info"

    @OptionGroup var curve: ClientCurveOptions

    func validate() throws {
        guard let address = ListenSettings(parsing: listen) else { throw ValidationError("--listen '\(listen)' is not HOST:PORT") }
        if !isLoopback(address.host), keys == nil {
            throw ValidationError("""
                refusing to listen on \(address.host) without API keys: anyone who can reach that address could use this server. \
                Make a key with `byline keygen --api NAME` and pass --keys FILE, or listen on 127.0.0.1.
                """)
        }
        if (tlsCert == nil) != (tlsKey == nil) { throw ValidationError("--tls-cert and --tls-key go together") }
        if let deadlineMs, deadlineMs <= 0 { throw ValidationError("--deadline-ms must be positive") }
        if rateLimit < 0 { throw ValidationError("--rate-limit must be 0 or more") }
        if drainTimeout < 0 || idleTimeout < 1 { throw ValidationError("--drain-timeout must be 0 or more and --idle-timeout at least 1") }
        if streamWindow < 1 { throw ValidationError("--stream-window must be at least 1") }
    }

    func run() async throws {
        let logger = makeLogger("byline.serve", level: logLevel)
        var loaded = try Builtins.loadConfig(config)
        if let deadlineMs { loaded.coordinator.deadlineMs = deadlineMs }
        let config = loaded
        var settings = ListenSettings(parsing: self.listen)!
        settings.drainTimeout = .seconds(drainTimeout)
        settings.idleTimeout = .seconds(idleTimeout)
        if let tlsCert, let tlsKey {
            settings.tls = (tlsCert, tlsKey)
            // Checked before any worker starts, so that a bad file is one clear error.
            do {
                try HTTPServer.checkTLS((tlsCert, tlsKey))
            } catch let error as APIError {
                throw CLIError(error.detail)
            }
        }
        let listen = settings
        var apiKeys: APIKeys?
        if let keys {
            do throws(APIError) {
                apiKeys = try APIKeys(file: keys)
            } catch {
                throw CLIError(error.detail)
            }
        }
        let store = try db.map { try ResultsStore(path: $0) }
        var baseOptions = APIOptions()
        baseOptions.maxTextBytes = config.coordinator.maxTextBytes
        baseOptions.streamWindow = streamWindow
        let options = baseOptions
        let keysLoaded = apiKeys
        let metrics = ServerMetrics()
        let limits = WireLimits(maxTextBytes: config.coordinator.maxTextBytes)
        let curveKeys = try curve.keys()
        let dashboardDirectory = store.map { _ in NSTemporaryDirectory() + "byline-serve-\(getpid())" }
        defer { if let dashboardDirectory { try? FileManager.default.removeItem(atPath: dashboardDirectory) } }

        @Sendable func serve(context: Context, endpoint: String, required: [String]) async throws {
            let gateway = try CoordinatorGateway(
                context: context, endpoint: endpoint, limits: limits, curve: curveKeys, deadlineMs: config.coordinator.deadlineMs)
            var options = options
            options.requiredServices = required
            let api = BylineAPI(
                backend: gateway, metrics: metrics, store: store, options: options, keys: keysLoaded,
                limiter: keysLoaded != nil && rateLimit > 0 ? RateLimiter(perMinute: rateLimit) : nil, dashboardDirectory: dashboardDirectory)
            let scheme = listen.tls == nil ? "http" : "https"
            do {
                try await HTTPServer.run(api: api, listen: listen, logger: logger) { port in
                    let host = listen.host.contains(":") ? "[\(listen.host)]" : listen.host
                    printError("byline serve: listening on \(scheme)://\(host):\(port)")
                }
            } catch {
                await gateway.stop()
                throw error
            }
            await gateway.stop()
        }

        if let endpoint = coordinator {
            let context = try Context()
            try await checkReachable(endpoint, context: context, curve: curveKeys)
            try await serve(context: context, endpoint: endpoint, required: [])
            return
        }
        guard curveKeys == nil else { throw ValidationError("CURVE options apply with --coordinator only") }
        let specs = try Builtins.workerSpecs(for: config, logLevel: logLevel)
        let wanted = specs.filter { $0.instances > 0 }.map(\.name).sorted()
        try await LocalCluster.run(
            specs: specs, broker: config.brokerConfiguration(requiredServices: Builtins.requiredServices(specs)),
            startupTimeoutMs: config.coordinator.startupTimeoutMs, scheduling: config.coordinator.scheduling, logger: logger,
            onWorkerStart: { metrics.recordWorkerStart(service: $0) }
        ) { cluster in
            try await serve(context: cluster.server.context, endpoint: cluster.clientEndpoint, required: wanted)
        }
    }
}
