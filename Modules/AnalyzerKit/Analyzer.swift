public import ArticleModel

/// What an analyzer is: its service name, version and the sections it produces.
public struct AnalyzerDescriptor: Hashable, Sendable {
    /// Service name: `[a-z][a-z0-9_-]{0,63}`; instances with the same name share its load.
    public var name: String
    /// Version string reported in provenance (`1.2.0`, `2025-06-01+conll`).
    public var version: String
    /// Sections every reply contains, and the only ones it may contain.
    public var produces: Set<Section>
    /// Sections of other analyzers this one needs: the coordinator sends it an article only once
    /// they have arrived, with them attached (``AnalysisRequest/inputs``). Empty for an
    /// independent analyzer, which gets the article at once.
    public var consumes: Set<Section>
    /// One line saying what it does, for `byline plugins`.
    public var summary: String
    /// `analyze` only computes: it never waits (no I/O, no sleeping, no locks others hold) and its
    /// time grows with the text. The worker runtime may then run a short analysis on its socket
    /// thread instead of handing it to the pool and back, which saves two thread wake-ups per
    /// request; a watchdog ends the process if one runs past its deadline. Leave it `false` when
    /// unsure: a stuck inline analysis also holds up the worker's other requests until the watchdog
    /// fires.
    public var pureComputation: Bool

    public init(
        name: String, version: String, produces: Set<Section>, consumes: Set<Section> = [], summary: String = "",
        pureComputation: Bool = false
    ) {
        self.name = name
        self.version = version
        self.produces = produces
        self.consumes = consumes
        self.summary = summary
        self.pureComputation = pureComputation
    }
}

/// One article to analyse, with what the runtime knows about the request.
///
/// A struct rather than loose parameters so that fields can be added without breaking analyzers.
public struct AnalysisRequest: Sendable {
    public var article: Article
    /// When the reply stops being useful; analyzers doing long work may check it (the runtime also
    /// cancels the task at this instant).
    public var deadline: ContinuousClock.Instant
    /// 1 for the first attempt; higher when an earlier instance was lost while working on it.
    public var attempt: Int
    /// The article's publication time, parsed, when `article.publishedAt` is valid ISO 8601.
    public var publicationTime: PublicationTime?
    /// The sections the analyzer consumes (``AnalyzerDescriptor/consumes``), as their producers
    /// returned them for this article; `nil` for an independent analyzer.
    public var inputs: AnalyzerOutput?

    public init(
        article: Article, deadline: ContinuousClock.Instant = .now + .seconds(30), attempt: Int = 1, inputs: AnalyzerOutput? = nil
    ) {
        self.article = article
        self.deadline = deadline
        self.attempt = attempt
        self.inputs = inputs
        self.publicationTime = article.publishedAt.flatMap(PublicationTime.init(iso8601:))
    }
}

/// An analyzer: a pure function from an article to the sections it produces.
///
/// Implementations hold loaded models and are shared across concurrent requests, hence `Sendable`.
/// They know nothing of sockets: ``AnalyzerRuntime`` serves them over the wire protocol, and tests
/// call ``analyze(_:)`` directly.
public protocol Analyzer: Sendable {
    var descriptor: AnalyzerDescriptor { get }

    /// Analyses one article. Spans are Unicode scalar offsets into `request.article.text`.
    /// Throw ``AnalyzerError`` for a clean message; any other error is reported by its description.
    func analyze(_ request: AnalysisRequest) async throws -> AnalyzerOutput
}

/// An error an analyzer reports about one article; the worker keeps serving others.
public struct AnalyzerError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

extension Analyzer {
    /// Runs the analyzer and checks its output against the descriptor and the text: what the
    /// runtime does before replying. Returns the output or every problem found.
    public func analyzeChecked(_ request: AnalysisRequest) async throws -> Result<AnalyzerOutput, OutputCheckFailure> {
        let output = try await analyze(request)
        let problems = output.validationProblems(
            textLength: request.article.text.unicodeScalars.count, declared: descriptor.produces)
        return problems.isEmpty ? .success(output) : .failure(OutputCheckFailure(problems: problems))
    }
}

/// An analyzer's output broke its contract (undeclared section, span outside the text, …).
public struct OutputCheckFailure: Error, Hashable, Sendable, CustomStringConvertible {
    public var problems: [String]

    public var description: String {
        "output failed its check: " + problems.joined(separator: "; ")
    }
}
