import ArgumentParser
import CoordinatorService
import Foundation
import WireProtocol
import ZeroMQ

struct PluginsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugins",
        abstract: "List the registered services: instances, version, what each produces and consumes, liveness.",
        discussion: "With --coordinator, asks a running coordinator; otherwise starts the configured plugins privately and reports which came up.")

    @Option(help: "A running coordinator to ask (tcp://host:port or ipc:///path).")
    var coordinator: String?

    @Option(help: "Configuration file (default: ./byline.toml if present).")
    var config: String?

    @Flag(help: "Print the status as JSON.")
    var json = false

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "warning"

    @OptionGroup var curve: ClientCurveOptions

    func run() async throws {
        let status: CoordinatorStatus?
        if let endpoint = coordinator {
            let context = try Context()
            try await checkReachable(endpoint, context: context, curve: try curve.keys())
            let keys = try curve.keys()
            status = try await ClientThread.run {
                try CoordinatorClient(context: context, endpoint: endpoint, curve: keys).status(timeoutMs: 3000)
            }
        } else {
            let config = try Builtins.loadConfig(config)
            let specs = try Builtins.workerSpecs(for: config, logLevel: logLevel)
            status = try await LocalCluster.run(
                specs: specs, broker: config.brokerConfiguration(requiredServices: Builtins.requiredServices(specs)),
                startupTimeoutMs: config.coordinator.startupTimeoutMs,
                scheduling: config.coordinator.scheduling, logger: makeLogger("byline.plugins", level: logLevel)
            ) { cluster in
                await cluster.server.status()
            }
        }
        guard let status else { return }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            FileHandle.standardOutput.write(try encoder.encode(status) + Data("\n".utf8))
            return
        }
        var lines = ["SERVICE        INSTANCES  VERSION   PRODUCES                      CONSUMES             LAST SEEN     SUMMARY"]
        for service in status.services {
            let versions = Set(service.instances.map(\.version)).sorted().joined(separator: ",")
            let seen = service.instances.map(\.lastSeenMs).max().map { String(format: "%.0f ms ago", $0) } ?? "-"
            lines.append(
                service.name.padding(toLength: 15, withPad: " ", startingAt: 0)
                    + "\(service.instances.count)".padding(toLength: 11, withPad: " ", startingAt: 0)
                    + (versions.isEmpty ? "-" : versions).padding(toLength: 10, withPad: " ", startingAt: 0)
                    + service.produces.joined(separator: ",").padding(toLength: 30, withPad: " ", startingAt: 0)
                    + (service.consumes?.joined(separator: ",") ?? "-").padding(toLength: 21, withPad: " ", startingAt: 0)
                    + (service.instances.isEmpty ? "DOWN" : seen).padding(toLength: 14, withPad: " ", startingAt: 0)
                    + (service.summary ?? ""))
        }
        print(lines.joined(separator: "\n"))
    }
}
