public import AnalyzerKit
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
}
