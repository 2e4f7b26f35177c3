public import Coordinator
public import WireProtocol
import Foundation
import TOMLKit

/// The contents of `byline.toml`: coordinator settings and the plugins to run.
///
/// ```toml
/// [coordinator]
/// bind = ["tcp://127.0.0.1:5555"]
/// deadline_ms = 30000
///
/// [plugins.entities]          # built in: no command needed
/// instances = 2
///
/// [plugins.keywords]          # any program that speaks docs/PROTOCOL.md
/// command = ["python3", "Plugins/examples/python/keywords.py"]
/// ```
public struct BylineConfig: Sendable, Equatable {
    public struct CoordinatorSection: Sendable, Equatable {
        public var bind: [String] = []
        public var deadlineMs = 30_000
        public var maxTextBytes = WireLimits.default.maxTextBytes
        public var maxAttempts = 3
        public var liveness = 3
        public var batchHoldMs = 10
        public var drainTimeoutMs = 30_000
        public var startupTimeoutMs = 15_000
        /// Kernel scheduling of the coordinator's loop thread (``CoordinatorConfiguration/scheduling``).
        public var scheduling = SchedulingPolicy.batch
        /// File (or inline Z85 key) with the coordinator's CURVE secret key; turns CURVE on.
        public var curveSecret: String?
        /// File of allowed client public keys, or a directory of `*.pub` files.
        public var curveAllow: String?

        public init() {}
    }

    public struct Plugin: Sendable, Equatable {
        public var name: String
        /// Program and arguments; `nil` for a plugin built into `byline`.
        public var command: [String]?
        public var instances = 1
        /// Articles wait for it (up to their deadline) even while no instance is up.
        public var required = true
        public var environment: [String: String] = [:]
        public var enabled = true

        public init(name: String, command: [String]? = nil, instances: Int = 1) {
            self.name = name
            self.command = command
            self.instances = instances
        }
    }

    public var coordinator = CoordinatorSection()
    /// Plugins in name order.
    public var plugins: [Plugin] = []
    /// Directory of the file the configuration came from; plugin commands run there.
    public var baseDirectory: String?

    public init(coordinator: CoordinatorSection = CoordinatorSection(), plugins: [Plugin] = [], baseDirectory: String? = nil) {
        self.coordinator = coordinator
        self.plugins = plugins
        self.baseDirectory = baseDirectory
    }

    /// Reads and checks a configuration file; errors name the file, the key and what was expected.
    public static func load(path: String) throws -> BylineConfig {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError("cannot read configuration file \(path)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError("\(path) is not UTF-8 text")
        }
        var config = try parse(text, source: path)
        config.baseDirectory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        return config
    }

    /// Parses TOML text; `source` names it in errors.
    public static func parse(_ text: String, source: String = "byline.toml") throws -> BylineConfig {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ConfigError("\(source): \(error.description) at \(error.source.begin.debugDescription)")
        }
        var config = BylineConfig()
        try expectKeys(table, ["coordinator", "plugins"], "\(source)")
        if let value = table["coordinator"] {
            guard let section = value.table else { throw ConfigError("\(source): [coordinator] must be a table") }
            let place = "\(source) [coordinator]"
            try expectKeys(
                section,
                [
                    "bind", "deadline_ms", "max_text_bytes", "max_attempts", "liveness", "batch_hold_ms", "drain_timeout_ms", "startup_timeout_ms",
                    "scheduling", "curve_secret", "curve_allow",
                ],
                place)
            var coordinator = CoordinatorSection()
            if let bind = section["bind"] {
                if let single = bind.string {
                    coordinator.bind = [single]
                } else {
                    coordinator.bind = try strings(bind, "\(place) bind")
                }
            }
            coordinator.deadlineMs = try int(section, "deadline_ms", place, default: coordinator.deadlineMs, range: 1...3_600_000)
            coordinator.maxTextBytes = try int(section, "max_text_bytes", place, default: coordinator.maxTextBytes, range: 1...1_000_000_000)
            coordinator.maxAttempts = try int(section, "max_attempts", place, default: coordinator.maxAttempts, range: 1...100)
            coordinator.liveness = try int(section, "liveness", place, default: coordinator.liveness, range: 2...100)
            coordinator.batchHoldMs = try int(section, "batch_hold_ms", place, default: coordinator.batchHoldMs, range: 0...10_000)
            coordinator.drainTimeoutMs = try int(section, "drain_timeout_ms", place, default: coordinator.drainTimeoutMs, range: 0...3_600_000)
            coordinator.startupTimeoutMs = try int(section, "startup_timeout_ms", place, default: coordinator.startupTimeoutMs, range: 0...600_000)
            if let scheduling = section["scheduling"] {
                guard let name = scheduling.string, let value = SchedulingPolicy(rawValue: name) else {
                    throw ConfigError("\(place) scheduling must be \"batch\" or \"normal\"")
                }
                coordinator.scheduling = value
            }
            if let secret = section["curve_secret"] {
                guard let value = secret.string else { throw ConfigError("\(place) curve_secret must be a string") }
                coordinator.curveSecret = value
            }
            if let allow = section["curve_allow"] {
                guard let value = allow.string else { throw ConfigError("\(place) curve_allow must be a string") }
                coordinator.curveAllow = value
            }
            config.coordinator = coordinator
        }
        if let value = table["plugins"] {
            guard let plugins = value.table else { throw ConfigError("\(source): [plugins] must be a table of tables") }
            for name in plugins.keys.sorted() {
                let place = "\(source) [plugins.\(name)]"
                guard WorkerDescriptor.isValidServiceName(name) else {
                    throw ConfigError("\(place): plugin names must match [a-z][a-z0-9_-]{0,63}")
                }
                guard let section = plugins[name]?.table else { throw ConfigError("\(place) must be a table") }
                try expectKeys(section, ["command", "instances", "required", "env", "enabled"], place)
                var plugin = Plugin(name: name)
                if let command = section["command"] {
                    plugin.command = try strings(command, "\(place) command")
                    if plugin.command!.isEmpty { throw ConfigError("\(place) command is empty") }
                }
                plugin.instances = try int(section, "instances", place, default: 1, range: 0...256)
                plugin.required = try bool(section, "required", place, default: true)
                plugin.enabled = try bool(section, "enabled", place, default: true)
                if let env = section["env"] {
                    guard let envTable = env.table else { throw ConfigError("\(place) env must be a table of strings") }
                    for key in envTable.keys {
                        guard let value = envTable[key]?.string else { throw ConfigError("\(place) env.\(key) must be a string") }
                        plugin.environment[key] = value
                    }
                }
                config.plugins.append(plugin)
            }
        }
        return config
    }

    /// The broker settings this configuration implies.
    public func brokerConfiguration(requiredServices: Set<String>) -> BrokerConfiguration {
        BrokerConfiguration(
            defaultDeadlineMs: coordinator.deadlineMs, liveness: coordinator.liveness, maxAttempts: coordinator.maxAttempts,
            requiredServices: requiredServices, limits: WireLimits(maxTextBytes: coordinator.maxTextBytes),
            batchHoldMs: coordinator.batchHoldMs)
    }

    private static func expectKeys(_ table: TOMLTable, _ allowed: Set<String>, _ place: String) throws {
        for key in table.keys where !allowed.contains(key) {
            throw ConfigError("\(place): unknown key '\(key)' (allowed: \(allowed.sorted().joined(separator: ", ")))")
        }
    }

    private static func int(_ table: TOMLTable, _ key: String, _ place: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
        guard let raw = table[key] else { return value }
        guard let number = raw.int else { throw ConfigError("\(place) \(key) must be an integer") }
        guard range.contains(number) else { throw ConfigError("\(place) \(key) = \(number) is not in \(range.lowerBound)...\(range.upperBound)") }
        return number
    }

    private static func bool(_ table: TOMLTable, _ key: String, _ place: String, default value: Bool) throws -> Bool {
        guard let raw = table[key] else { return value }
        guard let flag = raw.bool else { throw ConfigError("\(place) \(key) must be true or false") }
        return flag
    }

    private static func strings(_ value: any TOMLValueConvertible, _ place: String) throws -> [String] {
        guard let array = value.array else { throw ConfigError("\(place) must be an array of strings") }
        return try array.map { element in
            guard let string = element.string else { throw ConfigError("\(place) must be an array of strings") }
            return string
        }
    }
}

/// A configuration problem, with the file and key it concerns.
public struct ConfigError: Error, CustomStringConvertible, Equatable {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
