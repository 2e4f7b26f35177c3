import BuiltinAnalyzers
import CoordinatorService
import Foundation

/// The composition root: every analyzer built into `byline`, listed explicitly.
enum Builtins {
    /// Names of the analyzers built into this executable (see `BuiltinAnalyzers`).
    static var names: [String] { BuiltinAnalyzers.names }

    /// This executable's path, so that built-in workers run as `byline worker NAME`.
    static var executablePath: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    /// Worker specs for a configuration: the built-ins (unless disabled) plus every configured plugin.
    static func workerSpecs(for config: BylineConfig, logLevel: String) throws -> [WorkerSpec] {
        var plugins: [String: BylineConfig.Plugin] = [:]
        for name in names { plugins[name] = BylineConfig.Plugin(name: name) }
        for plugin in config.plugins { plugins[plugin.name] = plugin }
        var specs: [WorkerSpec] = []
        for name in plugins.keys.sorted() {
            let plugin = plugins[name]!
            guard plugin.enabled, plugin.instances > 0 else { continue }
            let command: [String]
            if let configured = plugin.command {
                command = configured
            } else if BuiltinAnalyzers.makers[name] != nil {
                command = [executablePath, "worker", name]
            } else {
                throw ConfigError("plugin '\(name)' is not built into byline and has no command (built in: \(names.joined(separator: ", ")))")
            }
            var environment = plugin.environment
            environment["BYLINE_LOG_LEVEL"] = environment["BYLINE_LOG_LEVEL"] ?? logLevel
            environment["BYLINE_MAX_TEXT_BYTES"] = String(config.coordinator.maxTextBytes)
            specs.append(WorkerSpec(
                name: name, command: command, instances: plugin.instances, environment: environment,
                workingDirectory: config.baseDirectory, required: plugin.required))
        }
        return specs
    }

    /// Services articles must wait for: the required ones among `specs`.
    static func requiredServices(_ specs: [WorkerSpec]) -> Set<String> {
        Set(specs.filter(\.required).map(\.name))
    }

    /// The configuration to use: `--config`, else `./byline.toml` if present, else defaults.
    static func loadConfig(_ path: String?) throws -> BylineConfig {
        if let path { return try BylineConfig.load(path: path) }
        if FileManager.default.fileExists(atPath: "byline.toml") { return try BylineConfig.load(path: "byline.toml") }
        return BylineConfig()
    }
}
