import ArticleModel
import Foundation
import Testing
@testable import WireProtocol

/// The wire's own JSON encoder and decoder must agree with Foundation's byte for byte (encoding) and
/// value for value (decoding), and refuse what Foundation refuses.
@Suite struct JSONCodecTests {
    static func foundation(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }

    /// A merged analysis with every section, awkward strings and numbers.
    static var analysis: ArticleAnalysis {
        let text = "Tab\there, \"quoted\" / slashed \\ back\u{1}\u{1f} é 😀 \u{2028}"
        return ArticleAnalysis(
            article: ArticleInfo(
                metadata: ArticleMetadata(id: "a\u{0}1", title: text, url: "https://x.org/a?b=1", source: "Src", publishedAt: "2025-06-19"),
                length: 120, structure: nil),
            entities: [
                Entity(
                    id: "E1", type: .person, name: "Abbas Araqchi", aliases: ["Araqchi"], roles: [Role(text: "Foreign Minister", span: Span(8, 24))],
                    mentions: [Mention(span: Span(25, 38), text: "Abbas Araqchi", kind: .name)], salience: 0.30000000000000004),
            ],
            quotes: [
                Quote(id: "Q1", span: Span(1, 5), text: text, kind: .direct, cue: Cue(span: Span(0, 1), text: "said", lemma: "say"),
                      speaker: ActorRef(span: Span(6, 9), text: "he", entityId: "E1")),
            ],
            stances: [], sentiment: [
                EntitySentiment(entityId: "E1", name: "Abbas Araqchi", polarity: .negative, score: -1e-7,
                                mentions: [MentionSentiment(span: Span(25, 38), polarity: .negative, score: -1e-7)]),
            ],
            timexes: nil, timeline: nil,
            extensions: ["keywords": .object(["B": .number(1e21), "a": .array([.number(3), .number(-0.0), .number(0.1), .null, .bool(true)]),
                                             "_x": .string(text), "x10": .number(123456789012.5), "x9": .number(.leastNonzeroMagnitude), "é": .number(1e16)])],
            provenance: [Provenance(analyzer: "entities", version: "1.0.0", status: .ok, ms: 2.5, attempts: 1)])
    }

    @Test func encodesTheSameBytesAsFoundation() throws {
        let value = Self.analysis
        #expect(try JSONWriter.encode(value) == Self.foundation(value))
        // Scalars and containers at top level, too.
        #expect(try JSONWriter.encode("x/\"y\"") == Self.foundation("x/\"y\""))
        #expect(try JSONWriter.encode([1.5, 2, -0.25]) == Self.foundation([1.5, 2, -0.25]))
        #expect(try JSONWriter.encode(["b": 1, "a": 2, "B": 3]) == Self.foundation(["b": 1, "a": 2, "B": 3]))
        #expect(try JSONWriter.encode([Span(1, 2)]) == Self.foundation([Span(1, 2)]))
    }

    @Test func randomNumbersAndStringsEncodeLikeFoundation() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let bits = UInt64.random(in: .min ... .max, using: &generator)
            let double = Double(bitPattern: bits)
            let value: [JSONValue] = [
                .number(double.isFinite ? double : 1), .number(Double(Int.random(in: -1_000_000...1_000_000)) / 64),
                .string(String((0..<8).map { _ in Character(Unicode.Scalar(UInt8.random(in: 0...127))) })),
            ]
            #expect(try JSONWriter.encode(value) == Self.foundation(value), "\(value)")
        }
    }

    @Test func nonFiniteNumbersAreRefused() {
        #expect(throws: EncodingError.self) { try JSONWriter.encode([Double.nan]) }
        #expect(throws: EncodingError.self) { try JSONWriter.encode(["x": Double.infinity]) }
    }

    @Test func decodesWhatItEncodes() throws {
        let value = Self.analysis
        let bytes = try JSONWriter.encode(value)
        let decoded = try JSONReader.decode(ArticleAnalysis.self, from: bytes)
        #expect(decoded == (try JSONDecoder().decode(ArticleAnalysis.self, from: Data(bytes))))
        #expect(try JSONWriter.encode(decoded) == bytes)
    }

    @Test func decodesLikeFoundation() throws {
        let documents = [
            #"{"a": [1, 2.5, -0, 1e2, 3.0, "x\u00e9\ud83d\ude00\n\/", true, false, null], "b": {"c": {}}, "a": 9}"#,
            " [ ] ", #""\\""#, "-12.5e-3", "[1E+2]",
        ]
        for document in documents {
            let mine = try JSONReader.decode(JSONValue.self, from: Array(document.utf8))
            let theirs = try JSONDecoder().decode(JSONValue.self, from: Data(document.utf8))
            #expect(mine == theirs, "\(document)")
        }
        #expect(try JSONReader.decode([Int].self, from: Array("[3.0, 1e2, -7]".utf8)) == [3, 100, -7])
    }

    @Test func refusesWhatIsNotJSON() {
        let bad: [[UInt8]] = [
            [], Array("[1,]".utf8), Array("{\"a\" 1}".utf8), Array("[01]".utf8), Array("[1] x".utf8), Array("\"a\nb\"".utf8),
            [0x5B, 0x22, 0xFF, 0x22, 0x5D], Array("\"\\ud800\"".utf8), Array("\"\\x\"".utf8), Array("[tru]".utf8),
            Array("\"abc".utf8), Array("[1.]".utf8), Array("[-]".utf8), Array("{\"a\":1".utf8),
            Array(repeating: UInt8(ascii: "["), count: 100_000),
        ]
        for bytes in bad {
            #expect(throws: DecodingError.self, "\(String(decoding: bytes.prefix(40), as: UTF8.self))") {
                try JSONReader.decode(JSONValue.self, from: bytes)
            }
        }
        #expect(throws: DecodingError.self) { try JSONReader.decode([UInt8].self, from: Array("[256]".utf8)) }
        #expect(throws: DecodingError.self) { try JSONReader.decode([Int].self, from: Array("[1.5]".utf8)) }
        #expect(throws: DecodingError.self) { try JSONReader.decode([Int].self, from: Array("[99999999999999999999]".utf8)) }
    }

    @Test func errorsNameTheOffendingPlace() throws {
        let missing = #"{"schema": "byline.article/1", "article": {"length": 3}, "provenance": []}"#
        do {
            _ = try WireJSON.decode(Array(missing.utf8), "merged") as ArticleAnalysis
            Issue.record("decoded an article without an id")
        } catch {
            #expect(error.message.contains("article"), "\(error.message)")
            #expect(error.message.contains("missing key 'id'"), "\(error.message)")
        }
        let wrongType = #"{"entities": [{"id": 5}]}"#
        do {
            _ = try WireJSON.decode(Array(wrongType.utf8), "output") as AnalyzerOutput
            Issue.record("decoded a number as an id")
        } catch {
            #expect(error.message.contains("entities[0].id"), "\(error.message)")
        }
    }

    @Test func manyKeysAreLookedUpWithoutQuadraticCost() throws {
        let count = 50_000
        let document = "{" + (0..<count).map { "\"k\($0)\": \($0)" }.joined(separator: ",") + "}"
        let decoded = try JSONReader.decode([String: Int].self, from: Array(document.utf8))
        #expect(decoded.count == count)
        #expect(decoded["k49999"] == 49_999)
    }
}
