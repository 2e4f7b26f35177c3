import ArgumentParser
import ArticleModel
import Batch
import Coordinator
import CoordinatorService
import Foundation
import Ingest
import JobThreads
import Logging
import WireProtocol
import ZeroMQ

struct BatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Analyse many articles: resumable, one output record per input, in input order.",
        discussion: """
            Inputs are directories (walked recursively in sorted order for .txt, .json, .jsonl, .ndjson, \
            .html, .htm, .xhtml, .warc, .arc and their .gz), JSONL files, HTML pages, web archives (every \
            HTML response record), single articles, or - (JSONL on stdin). Every input gets exactly one JSONL record \
            in --out: complete, partial (which analyzers failed and why) or error (unreadable input, refused \
            article). A SQLite journal (--db, or OUT.journal) remembers what is finished: rerunning the same \
            command after a crash or Ctrl-C skips finished articles and writes no duplicates. With --db the \
            results are also kept for `byline query` and `byline export`.
            """)

    @Argument(help: "Directories, files (text, JSON, JSONL, HTML, WARC/ARC), or - for JSONL on stdin.")
    var inputs: [String]

    @Option(help: "Output JSONL file (appended to when resuming).")
    var out: String

    @Option(help: "SQLite results store; keeps every record and an index for byline query (default: OUT.journal, keys only).")
    var db: String?

    @Option(help: "Submit to a running coordinator instead of starting a private cluster.")
    var coordinator: String?

    @Option(help: "Articles in flight at once (bounds memory).")
    var window: Int = 64

    @Option(help: "Publication date (ISO 8601) for articles that do not give one.")
    var published: String?

    @Option(help: "Configuration file (default: ./byline.toml if present).")
    var config: String?

    @Option(help: "Milliseconds to wait for analyzers per article.")
    var deadlineMs: Int?

    @Option(help: "Largest article text accepted, in bytes (default 5000000).")
    var maxTextBytes: Int?

    @Option(help: "Worker instances per plugin in the private cluster (default: from the configuration, else sized to the machine).")
    var instances: Int?

    @Flag(help: "No progress output.")
    var quiet = false

    @Option(help: "Log level for byline and its workers.")
    var logLevel: String = "warning"

    @OptionGroup var curve: ClientCurveOptions

    func validate() throws {
        if let published, PublicationTime(iso8601: published) == nil {
            throw ValidationError("--published '\(published)' is not an ISO 8601 date")
        }
        if window < 1 { throw ValidationError("--window must be at least 1") }
        if let instances, instances < 1 { throw ValidationError("--instances must be at least 1") }
    }

    func run() async throws {
        var loaded = try Builtins.loadConfig(config)
        if let maxTextBytes { loaded.coordinator.maxTextBytes = maxTextBytes }
        if let deadlineMs { loaded.coordinator.deadlineMs = deadlineMs }
        let config = loaded
        let stream = ArticleStream(paths: inputs, published: published)
        let total = inputs.contains("-") ? nil : stream.count()
        let journal = try Journal(path: db ?? out + ".journal", storeResults: db != nil)
        let quiet = self.quiet
        let curveKeys = try curve.keys()
        let limits = WireLimits(maxTextBytes: config.coordinator.maxTextBytes)
        let options = BatchOptions(window: window, submit: SubmitOptions(deadlineMs: config.coordinator.deadlineMs))
        let stop = StopFlag()
        let out = self.out
        let logger = makeLogger("byline.batch", level: logLevel)

        // The journal and output file are used from the client thread only.
        let box = JournalBox(journal)
        let work: @Sendable (Context, String, SubmitOptions) async throws -> BatchSummary = { context, endpoint, submit in
            try await ClientThread.run {
                let client = try CoordinatorClient(context: context, endpoint: endpoint, limits: limits, curve: curveKeys)
                let progress = ProgressReporter(total: total, quiet: quiet)
                var options = options
                options.submit = submit
                return try BatchRunner.run(
                    client: client, inputs: stream, outPath: out, journal: box.journal, options: options, progress: progress,
                    shouldStop: { stop.isSet })
            }
        }

        let summary = try await withSignalStop(stop) { () async throws -> BatchSummary in
            if let endpoint = coordinator {
                let context = try Context()
                try await checkReachable(endpoint, context: context, curve: curveKeys)
                return try await work(context, endpoint, options.submit)
            }
            // Built-ins not configured get one instance per two cores; --instances overrides every plugin.
            var sized = config
            let perPlugin = max(1, Cores.available / 2)
            for name in Builtins.names where !sized.plugins.contains(where: { $0.name == name }) {
                sized.plugins.append(BylineConfig.Plugin(name: name, instances: perPlugin))
            }
            if let instances {
                for index in sized.plugins.indices { sized.plugins[index].instances = instances }
            }
            let specs = try Builtins.workerSpecs(for: sized, logLevel: logLevel)
            return try await LocalCluster.run(
                specs: specs, broker: config.brokerConfiguration(requiredServices: Builtins.requiredServices(specs)),
                startupTimeoutMs: config.coordinator.startupTimeoutMs,
                scheduling: config.coordinator.scheduling, logger: logger
            ) { cluster in
                var submit = options.submit
                submit.services = cluster.liveServices.sorted()
                return try await work(cluster.server.context, cluster.clientEndpoint, submit)
            }
        }
        printSummary(summary)
        if let reason = summary.stoppedEarly {
            printError("stopped early: \(reason). Rerun the same command to continue where it stopped.")
            throw ExitCode(stop.isSet ? 130 : 1)
        }
        if summary.errors > 0 { throw ExitCode(1) }
    }

    private func printSummary(_ summary: BatchSummary) {
        var lines = [
            "batch: \(summary.written) written (\(summary.complete) complete, \(summary.partial) partial, \(summary.errors) error), "
                + "\(summary.skipped) already done, "
                + String(format: "%.1f s, %.0f articles/s", summary.seconds, Double(summary.written) / max(summary.seconds, 0.001)),
        ]
        if let skipped = summary.skippedRecords {
            lines.append("  archive records passed over (not responses): \(skipped)")
        }
        for (analyzer, time) in summary.analyzerTime.sorted(by: { $0.key < $1.key }) {
            lines.append(String(format: "  %@: %.1f ms per article (%d answers)", analyzer, time.ms / Double(max(1, time.count)), time.count))
        }
        for (reason, count) in summary.failureReasons.sorted(by: { ($0.value, $1.key) > ($1.value, $0.key) }).prefix(10) {
            lines.append("  \(count) × \(reason)")
        }
        FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
    }
}

/// Hands the journal (not Sendable: one thread uses it) to the client thread.
final class JournalBox: @unchecked Sendable {
    // @unchecked: created here, then used only by the single client thread that runs the batch.
    let journal: Journal
    init(_ journal: Journal) { self.journal = journal }
}

struct QueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Print stored batch results (JSONL, input order) that match every filter given.")

    @Option(help: "Results store written by `byline batch --db`.")
    var db: String

    @Option(help: "Articles naming this entity (canonical name, any case).")
    var entity: String?

    @Option(help: "Articles with an entity of this type: PERSON, ORG, LOCATION, NORP, MISC.")
    var type: String?

    @Option(help: "Articles quoting this speaker (as written, or the entity it was linked to).")
    var speaker: String?

    @Option(help: "Published on or after this date (YYYY-MM-DD).")
    var from: String?

    @Option(help: "Published on or before this date (YYYY-MM-DD).")
    var to: String?

    @Option(help: "Only records with this status: complete, partial, error.")
    var status: String?

    @Option(help: "At most this many records.")
    var limit: Int?

    @Flag(help: "Print article ids only.")
    var ids = false

    func run() throws {
        guard FileManager.default.fileExists(atPath: db) else { throw CLIError("no results store at \(db)") }
        var entityType: EntityType?
        if let type {
            guard let parsed = EntityType(rawValue: type.uppercased()) else {
                throw ValidationError("--type must be one of \(EntityType.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            entityType = parsed
        }
        var status: RecordStatus?
        if let text = self.status {
            guard let parsed = RecordStatus(rawValue: text) else { throw ValidationError("--status must be complete, partial or error") }
            status = parsed
        }
        for date in [from, to].compactMap({ $0 }) where PublicationTime(iso8601: date) == nil {
            throw ValidationError("'\(date)' is not a YYYY-MM-DD date")
        }
        let journal = try Journal(path: db, storeResults: true)
        let query = Journal.Query(
            entity: entity, entityType: entityType, speaker: speaker, publishedFrom: from.flatMap { PublicationTime(iso8601: $0)?.dateString },
            publishedTo: to.flatMap { PublicationTime(iso8601: $0)?.dateString }, status: status, limit: limit)
        let output = FileHandle.standardOutput
        try journal.lines(matching: query) { line in
            if ids {
                let id = (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["id"] as? String
                output.write(Data(((id ?? "null") + "\n").utf8))
            } else {
                output.write(Data((line + "\n").utf8))
            }
        }
    }
}

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write every stored batch result as JSONL, in input order.")

    @Option(help: "Results store written by `byline batch --db`.")
    var db: String

    @Option(help: "Output file (default: stdout).")
    var out: String?

    func run() throws {
        guard FileManager.default.fileExists(atPath: db) else { throw CLIError("no results store at \(db)") }
        let journal = try Journal(path: db, storeResults: true)
        let handle: FileHandle
        if let out {
            _ = FileManager.default.createFile(atPath: out, contents: nil)
            guard let file = FileHandle(forWritingAtPath: out) else { throw CLIError("cannot write \(out)") }
            handle = file
        } else {
            handle = FileHandle.standardOutput
        }
        try journal.lines(matching: Journal.Query()) { handle.write(Data(($0 + "\n").utf8)) }
        try handle.synchronize()
    }
}
