import ArgumentParser
import ArticleModel
import Batch
import CoordinatorService
import Foundation
import JSONCoding
import Report
import Synchronization

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write an HTML report: a page per article and, for several, a corpus dashboard.",
        discussion: """
            INPUT is what `byline analyze` accepts (articles, analysed here with a private cluster or \
            --coordinator, exactly as analyze does) or analyses as `analyze` and `batch` write them \
            (JSON, a JSON array, JSONL, batch records); --db reads a results store of `byline batch --db`. \
            Writes DIR/index.html, DIR/articles/*.html and, for more than one article, entity pages and a \
            paged article list; prints the path of the index. Pages are self-contained and open from file://. \
            Inputs that give no analysis are reported on stderr and make the exit status 1; the rest are still written.
            """)

    @Argument(help: "Articles (text, JSON, JSONL; - reads stdin) or analyses (JSON, JSONL, batch output).")
    var inputs: [String] = []

    @Option(help: "Directory to write the report into (created; an earlier report there is replaced).")
    var out: String

    @Option(help: "A results store written by `byline batch --db`: report every stored analysis.")
    var db: String?

    @Option(help: "Publication date (ISO 8601) for articles that do not give one; relative dates resolve against it.")
    var published: String?

    @Option(help: "Configuration file (default: ./byline.toml if present).")
    var config: String?

    @Option(help: "Submit articles to a running coordinator (tcp://host:port or ipc:///path) instead of starting one.")
    var coordinator: String?

    @Option(help: "Milliseconds to wait for analyzers per article.")
    var deadlineMs: Int?

    @Option(name: .customLong("only"), help: "Use only this service (repeatable).")
    var only: [String] = []

    @Option(help: "Articles in flight at once.")
    var window: Int = 32

    @Option(help: "Log level for byline and its workers.")
    var logLevel: String = "warning"

    @OptionGroup var curve: ClientCurveOptions

    func validate() throws {
        if inputs.isEmpty && db == nil { throw ValidationError("give articles or analyses to report on, or --db") }
        if let published, PublicationTime(iso8601: published) == nil {
            throw ValidationError("--published '\(published)' is not an ISO 8601 date (YYYY-MM-DD or YYYY-MM-DDThh:mm[:ss][Z|±hh:mm])")
        }
        if let deadlineMs, deadlineMs <= 0 { throw ValidationError("--deadline-ms must be positive") }
        if window < 1 { throw ValidationError("--window must be at least 1") }
    }

    func run() async throws {
        let box = WriterBox(try ReportWriter(directory: out, generator: "byline report \(BylineVersion.current)"))
        var articles: [Article] = []
        var sources: [String] = []

        for input in inputs {
            // JSON files may hold analyses; an empty one holds nothing at all (an empty .txt is an empty article).
            if input != "-", Self.analysisExtensions.contains(URL(fileURLWithPath: input).pathExtension.lowercased()),
                let bytes = FileManager.default.contents(atPath: input).map({ [UInt8]($0) })
            {
                if !bytes.contains(where: { ![0x20, 0x0A, 0x0D, 0x09].contains($0) }) {
                    box.fail(source: input, message: "the file is empty")
                    continue
                }
                if AnalysisFiles.holdsAnalyses(bytes) {
                    AnalysisFiles.read(bytes, name: input) { box.add($0) }
                    continue
                }
            }
            for item in ArticleFiles.read(input, published: published) {
                switch item.article {
                case .success(let article):
                    articles.append(article)
                    sources.append(item.source)
                case .failure(let error):
                    box.fail(source: item.source, message: error.description)
                }
            }
        }
        if let db {
            guard FileManager.default.fileExists(atPath: db) else { throw CLIError("no results store at \(db)") }
            let journal = try Journal(path: db, storeResults: true)
            var number = 0
            try journal.storedRecords { line, text in
                number += 1
                var item = AnalysisFiles.read(line: Array(line.utf8), source: "\(db):\(number)")
                if var analysis = item.analysis, analysis.text == nil, let text {
                    analysis.text = text
                    item.analysis = analysis
                    item.missingText = nil
                } else if item.analysis != nil, text == nil {
                    item.missingText = .notStored(hint: "This results store was written before `byline batch --db` kept texts; rerun the batch into a new store, or give `byline report` the articles themselves.")
                }
                box.add(item)
            }
        }

        if !articles.isEmpty {
            StandardOutput.ignoreBrokenPipes()
            var loaded = try Builtins.loadConfig(config)
            if let deadlineMs { loaded.coordinator.deadlineMs = deadlineMs }
            let run = ArticleAnalysisRun(
                coordinator: coordinator, config: loaded, only: only, window: window, curve: try curve.keys(), logLevel: logLevel,
                logger: makeLogger("byline.report", level: logLevel))
            let stop = StopFlag()
            let analysed = articles
            let places = sources
            try await withSignalStop(stop) {
                try await run.analyse(analysed, stop: stop) { index, article, outcome in
                    let source = index < places.count ? places[index] : article.id
                    switch outcome {
                    case .analysis(let bytes):
                        do {
                            var analysis = try JSONInput.decode(ArticleAnalysis.self, from: bytes)
                            analysis.text = article.text
                            box.add(AnalysisItem(source: source, analysis: analysis, error: nil, missingText: nil))
                        } catch {
                            box.fail(source: source, message: "the coordinator's answer did not decode: \(error)")
                        }
                    case .rejected(let rejection):
                        box.fail(source: source, message: "rejected: \(rejection)")
                    case .lost(let reason):
                        box.fail(source: source, message: reason)
                    }
                }
            }
            if stop.isSet { throw ExitCode(130) }
        }

        if let error = box.writeError { throw CLIError(error.description) }
        let summary = try box.finish()
        var line = "report: \(summary.articles) article page\(summary.articles == 1 ? "" : "s")"
        if summary.entityPages > 0 { line += ", \(summary.entityPages) entity pages" }
        if summary.withoutText > 0 { line += ", \(summary.withoutText) without text (their analyses did not carry it)" }
        if summary.failedInputs > 0 { line += "; \(summary.failedInputs) input(s) gave no analysis" }
        FileHandle.standardError.write(Data((line + "\n").utf8))
        print(summary.index)
        if summary.failedInputs > 0 { throw ExitCode(1) }
    }

    static let analysisExtensions: Set<String> = ["json", "jsonl", "ndjson"]
}

/// The report writer behind a lock: analyses arrive on the client thread while files are read on
/// the command's task.
final class WriterBox: Sendable {
    private struct State {
        var writer: ReportWriter
        var writeError: ReportError?
    }

    // The writer is a class that is not Sendable; it is only ever touched under this lock.
    private let state: Mutex<State>

    init(_ writer: sending ReportWriter) {
        state = Mutex(State(writer: writer))
    }

    var writeError: ReportError? { state.withLock { $0.writeError } }

    /// Writes the page of an item with an analysis, or notes why it has none.
    func add(_ item: AnalysisItem) {
        guard let analysis = item.analysis else {
            fail(source: item.source, message: item.error ?? "no analysis")
            return
        }
        state.withLock { state in
            guard state.writeError == nil else { return }
            do {
                try state.writer.add(analysis, missingText: item.missingText)
            } catch {
                state.writeError = (error as? ReportError) ?? ReportError("\(error)")
            }
        }
    }

    /// Writes the index and the corpus pages.
    func finish() throws -> ReportSummary {
        try state.withLock { state throws -> ReportSummary in try state.writer.finish() }
    }

    func fail(source: String, message: String) {
        printError("\(source): \(message)")
        state.withLock { $0.writer.addFailure(source: source, message: message) }
    }
}
