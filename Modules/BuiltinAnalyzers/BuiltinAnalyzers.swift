public import AnalyzerKit
public import ArticleModel
import EntitiesAnalyzer
import PlacesAnalyzer
import ReadabilityAnalyzer
import StanceAnalyzer
import TimelineAnalyzer

/// Every analyzer built into byline, listed explicitly (no discovery by side effect): the CLI serves
/// them as `byline worker NAME`, and benchmarks run them in-process.
public enum BuiltinAnalyzers {
    /// Makers of the built-in analyzers by service name. Making one loads its model.
    public static let makers: [String: @Sendable () throws -> any Analyzer] = [
        "entities": { try EntitiesAnalyzer() },
        "places": { try PlacesAnalyzer() },
        "readability": { ReadabilityAnalyzer() },
        "stance": { try StanceAnalyzer() },
        "timeline": { TimelineAnalyzer() },
    ]

    /// Service names, sorted.
    public static var names: [String] { makers.keys.sorted() }

    /// Makes the analyzer named `name`, or `nil` if none is built in under that name.
    public static func make(_ name: String) throws -> (any Analyzer)? {
        try makers[name]?()
    }

    /// The analyzer named `name` made independent: when it consumes sections, the built-ins that
    /// produce them run inside it, so it needs nothing from the coordinator (what `byline worker
    /// NAME --standalone` serves; bench-batch compares it with dependent dispatch).
    public static func makeStandalone(_ name: String) throws -> (any Analyzer)? {
        guard let analyzer = try make(name) else { return nil }
        let consumes = analyzer.descriptor.consumes
        guard !consumes.isEmpty else { return analyzer }
        var producers: [any Analyzer] = []
        for other in names where other != name {
            guard let producer = try make(other), !producer.descriptor.produces.isDisjoint(with: consumes) else { continue }
            producers.append(producer)
        }
        return StandaloneAnalyzer(consumer: analyzer, producers: producers)
    }
}

/// A consumer with its producers inside: it runs them on the article, then itself with their
/// sections as inputs, and declares no `consumes`.
public struct StandaloneAnalyzer: Analyzer {
    public let consumer: any Analyzer
    public let producers: [any Analyzer]
    public let descriptor: AnalyzerDescriptor

    public init(consumer: any Analyzer, producers: [any Analyzer]) {
        self.consumer = consumer
        self.producers = producers
        var descriptor = consumer.descriptor
        descriptor.consumes = []
        self.descriptor = descriptor
    }

    public func analyze(_ request: AnalysisRequest) async throws -> AnalyzerOutput {
        var inputs = AnalyzerOutput()
        for producer in producers {
            inputs.add(try await producer.analyze(request).restricted(to: consumer.descriptor.consumes))
        }
        var request = request
        request.inputs = inputs
        return try await consumer.analyze(request)
    }
}
