import ArgumentParser
import ArticleModel
import Batch
import Coordinator
import CoordinatorService
import Foundation
import Ingest
import Logging
import Synchronization
import WireProtocol
import ZeroMQ

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    /// Pretty-printed: one object for one article, an array for several.
    case json
    /// One compact object per line.
    case jsonl
}

struct AnalyzeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Analyse articles and print one merged article model per article.",
        discussion: """
            Without --coordinator, starts a private coordinator and one worker per plugin (built-ins \
            plus any in ./byline.toml or --config) over ipc:// in a private temporary directory, and \
            stops them all before exiting. Results come out in input order. Unreadable inputs and \
            rejected articles are reported on stderr and make the exit status 1; the rest are still analysed.
            """)

    @Argument(help: "Plain-text files, JSON articles ({id, text or html, title?, url?, source?, publishedAt?}) or JSONL of them, HTML pages, web archives (WARC, ARC); - reads stdin.")
    var files: [String]

    @Option(help: "Publication date (ISO 8601) for articles that do not give one, and instead of the date a page gives; relative dates resolve against it.")
    var published: String?

    @Option(help: "Output format: json (pretty; an array for several articles) or jsonl (one per line).")
    var format: OutputFormat = .json

    @Option(help: "Submit to a running coordinator (tcp://host:port or ipc:///path) instead of starting one.")
    var coordinator: String?

    @Option(help: "Configuration file (default: ./byline.toml if present).")
    var config: String?

    @Option(help: "Milliseconds to wait for analyzers per article; answers carry what arrived by then.")
    var deadlineMs: Int?

    @Option(help: "Largest article text accepted, in bytes (default 5000000).")
    var maxTextBytes: Int?

    @Option(name: .customLong("only"), help: "Use only this service (repeatable).")
    var only: [String] = []

    @Option(help: "Articles in flight at once.")
    var window: Int = 32

    @Flag(help: "Include the article text in each result (spans index it).")
    var withText = false

    @Option(help: "Log level for byline and its workers: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "warning"

    @OptionGroup var curve: ClientCurveOptions

    func validate() throws {
        if let published, PublicationTime(iso8601: published) == nil {
            throw ValidationError("--published '\(published)' is not an ISO 8601 date (YYYY-MM-DD or YYYY-MM-DDThh:mm[:ss][Z|±hh:mm])")
        }
        if let deadlineMs, deadlineMs <= 0 { throw ValidationError("--deadline-ms must be positive") }
        if let maxTextBytes, maxTextBytes <= 0 { throw ValidationError("--max-text-bytes must be positive") }
        if window < 1 { throw ValidationError("--window must be at least 1") }
    }

    func run() async throws {
        StandardOutput.ignoreBrokenPipes()
        let logger = makeLogger("byline.analyze", level: logLevel)
        var loaded = try Builtins.loadConfig(config)
        if let maxTextBytes { loaded.coordinator.maxTextBytes = maxTextBytes }
        if let deadlineMs { loaded.coordinator.deadlineMs = deadlineMs }
        let config = loaded

        var inputs: [Article] = []
        var sources: [String] = []
        var failures = 0
        let skipped = SkippedRecords()
        for file in files {
            for item in ArticleFiles.read(file, published: published, skipped: skipped) {
                switch item.article {
                case .success(let article):
                    inputs.append(article)
                    sources.append(item.source)
                case .failure(let error):
                    failures += 1
                    printError("\(item.source): \(error)")
                }
            }
        }
        if let summary = skipped.summary { printError("archive records passed over (not responses): \(summary)") }
        let articles = inputs
        let stop = StopFlag()
        let printer = OrderedPrinter(format: format, withText: withText, sources: sources, stop: stop)
        let run = ArticleAnalysisRun(
            coordinator: coordinator, config: config, only: only, window: window, curve: try curve.keys(), logLevel: logLevel, logger: logger)
        try await withSignalStop(stop) {
            try await run.analyse(articles, stop: stop) { index, article, outcome in
                printer.deliver(index, article: article, outcome: outcome)
            }
        }
        printer.finish()
        // The reader of our output went away: stop as a process killed by SIGPIPE would look.
        if printer.readerGone { throw ExitCode(141) }
        let problems = failures + printer.failures
        if stop.isSet { throw ExitCode(130) }
        if problems > 0 {
            printError("\(problems) of \(articles.count + failures) input(s) failed")
            throw ExitCode(1)
        }
    }
}

/// Analyses articles with a private cluster (built-ins plus the configured plugins, over `ipc://`
/// in a private directory) or at a running coordinator: what `byline analyze` and `byline report` share.
struct ArticleAnalysisRun: Sendable {
    /// A running coordinator to submit to; `nil` starts a private cluster.
    var coordinator: String?
    var config: BylineConfig
    /// Services to use (all when empty).
    var only: [String]
    /// Articles in flight at once.
    var window: Int
    var curve: CurveClientKeys?
    var logLevel: String
    var logger: Logger

    /// Analyses `articles`; `deliver` gets each outcome with the article's input position, on the
    /// client thread, as it arrives. Returns when every article is answered or `stop` is set.
    func analyse(
        _ articles: [Article], stop: StopFlag, deliver: @escaping @Sendable (Int, Article, ArticleOutcome) -> Void
    ) async throws {
        let options = SubmitOptions(deadlineMs: config.coordinator.deadlineMs, services: only.isEmpty ? nil : only)
        let limits = WireLimits(maxTextBytes: config.coordinator.maxTextBytes)
        let window = self.window
        let curveKeys = curve
        let work: @Sendable (Context, String, SubmitOptions) async throws -> Void = { context, endpoint, options in
            try await ClientThread.run {
                let client = try CoordinatorClient(context: context, endpoint: endpoint, limits: limits, curve: curveKeys)
                try client.analyze(articles, window: window, options: options, shouldStop: { stop.isSet }) { index, article, outcome in
                    deliver(index, article, outcome)
                }
            }
        }
        if let endpoint = coordinator {
            let context = try Context()
            try await checkReachable(endpoint, context: context, curve: curveKeys)
            try await work(context, endpoint, options)
            return
        }
        var specs = try Builtins.workerSpecs(for: config, logLevel: logLevel)
        let names = Set(specs.map(\.name))
        for name in only where !names.contains(name) {
            throw ValidationError("--only \(name): no such plugin (have: \(names.sorted().joined(separator: ", ")))")
        }
        if !only.isEmpty { specs = specs.filter { only.contains($0.name) } }
        guard curveKeys == nil else { throw ValidationError("CURVE options apply with --coordinator only") }
        try await LocalCluster.run(
            specs: specs, broker: config.brokerConfiguration(requiredServices: Builtins.requiredServices(specs)),
            startupTimeoutMs: config.coordinator.startupTimeoutMs,
            scheduling: config.coordinator.scheduling, logger: logger
        ) { cluster in
            var options = options
            // Plugins that never came up are not waited for article by article.
            options.services = options.services ?? cluster.liveServices.sorted()
            try await work(cluster.server.context, cluster.clientEndpoint, options)
        }
    }
}

/// Prints results in input order as they become available; errors go to stderr.
final class OrderedPrinter: Sendable {
    private struct State {
        var next = 0
        var buffered: [Int: (Article, ArticleOutcome)] = [:]
        var printed = 0
        var failures = 0
        var readerGone = false
    }

    let format: OutputFormat
    let withText: Bool
    /// Where each article came from, by input position, for error messages.
    let sources: [String]
    private let state = Mutex(State())
    /// Set when the reader of standard output goes away, so that the run winds down.
    private let stop: StopFlag

    init(format: OutputFormat, withText: Bool, sources: [String], stop: StopFlag) {
        self.format = format
        self.withText = withText
        self.sources = sources
        self.stop = stop
    }

    var readerGone: Bool { state.withLock { $0.readerGone } }

    private func write(_ data: Data, _ state: inout State) {
        guard !state.readerGone else { return }
        if !StandardOutput.write(data) {
            state.readerGone = true
            stop.set()
        }
    }

    private var total: Int { sources.count }

    var failures: Int { state.withLock { $0.failures } }

    func deliver(_ index: Int, article: Article, outcome: ArticleOutcome) {
        state.withLock { state in
            state.buffered[index] = (article, outcome)
            while let (article, outcome) = state.buffered.removeValue(forKey: state.next) {
                state.next += 1
                switch outcome {
                case .analysis(let bytes):
                    emit(bytes, article: article, first: state.printed == 0, &state)
                    state.printed += 1
                case .rejected(let rejection):
                    state.failures += 1
                    printError("\(place(state.next - 1, article)): rejected: \(rejection)")
                case .lost(let reason):
                    state.failures += 1
                    printError("\(place(state.next - 1, article)): \(reason)")
                }
            }
        }
    }

    /// `file` or `file:line`, plus the article id when the source does not show it.
    private func place(_ index: Int, _ article: Article) -> String {
        let source = index < sources.count ? sources[index] : article.id
        return source.contains(article.id) ? source : "\(source) (\(article.id))"
    }

    func finish() {
        state.withLock { state in
            if format == .json && total > 1 {
                write(Data((state.printed == 0 ? "[]\n" : "\n]\n").utf8), &state)
            }
        }
    }

    private func emit(_ bytes: [UInt8], article: Article, first: Bool, _ state: inout State) {
        var output: [UInt8]
        if format == .jsonl && !withText {
            output = bytes
        } else {
            do {
                var analysis = try JSONDecoder().decode(ArticleAnalysis.self, from: Data(bytes))
                if withText { analysis.text = article.text }
                let encoder = JSONEncoder()
                encoder.outputFormatting = format == .json ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
                output = Array(try encoder.encode(analysis))
            } catch {
                output = bytes
            }
        }
        var prefix = ""
        if format == .json && total > 1 { prefix = first ? "[\n" : ",\n" }
        let suffix = format == .json && total > 1 ? "" : "\n"
        write(Data(prefix.utf8) + Data(output) + Data(suffix.utf8), &state)
    }
}
