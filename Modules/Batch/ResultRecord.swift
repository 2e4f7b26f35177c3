public import ArticleModel
import Foundation

/// How an article came out of a batch.
public enum RecordStatus: String, Codable, Sendable, CaseIterable {
    /// Every analyzer answered.
    case complete
    /// Some analyzers failed or timed out; `problems` says which and why.
    case partial
    /// No analysis: the input could not be read, or the coordinator refused or lost the article.
    case error
}

/// One line of a batch's JSONL output.
///
/// `{"id", "source", "status", "problems"?, "error"?, "analysis"?}`; the analysis is the merged
/// article model exactly as the coordinator sent it (spliced in, never re-encoded).
public struct ResultRecord: Sendable {
    public var id: String?
    public var source: String
    public var status: RecordStatus
    public var problems: [Provenance]
    public var error: String?
    /// The analysis JSON, when there is one.
    public var analysis: [UInt8]?
    /// Parts of the analysis the results store indexes (decoded once from `analysis`).
    public var index: AnalysisIndex?

    /// The record as one line of JSON, without the newline.
    public func line() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity((analysis?.count ?? 0) + 256)
        out += Array("{\"id\":".utf8) + (id.map(JSONText.string) ?? Array("null".utf8))
        out += Array(",\"source\":".utf8) + JSONText.string(source)
        out += Array(",\"status\":\"\(status.rawValue)\"".utf8)
        if !problems.isEmpty {
            out += Array(",\"problems\":".utf8)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            out += (try? encoder.encode(problems)).map { Array($0) } ?? Array("[]".utf8)
        }
        if let error { out += Array(",\"error\":".utf8) + JSONText.string(error) }
        if let analysis { out += Array(",\"analysis\":".utf8) + analysis }
        out.append(UInt8(ascii: "}"))
        return out
    }
}

/// What a results store indexes about one analysis. Decoding only these fields skips the work of
/// building every other value of the model.
public struct AnalysisIndex: Decodable, Sendable {
    public struct ArticlePart: Decodable, Sendable {
        public var id: String
        public var publishedAt: String?
    }

    public struct EntityPart: Decodable, Sendable {
        public var id: String
        public var type: EntityType
        public var name: String
        public var salience: Double
    }

    public struct QuotePart: Decodable, Sendable {
        public var text: String
        public var speaker: ActorRef?
    }

    public struct TimexPart: Decodable, Sendable {
        public var type: TimexType
        public var value: String
    }

    public var article: ArticlePart
    public var entities: [EntityPart]?
    public var quotes: [QuotePart]?
    public var timexes: [TimexPart]?
    public var provenance: [Provenance]
}

/// Minimal JSON text writing for the record envelope.
enum JSONText {
    static func string(_ value: String) -> [UInt8] {
        var out: [UInt8] = [0x22]
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += [0x5C, 0x22]
            case "\\": out += [0x5C, 0x5C]
            case "\n": out += [0x5C, 0x6E]
            case "\r": out += [0x5C, 0x72]
            case "\t": out += [0x5C, 0x74]
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += Array(("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8)
                } else {
                    out += Array(String(scalar).utf8)
                }
            }
        }
        out.append(0x22)
        return out
    }
}
