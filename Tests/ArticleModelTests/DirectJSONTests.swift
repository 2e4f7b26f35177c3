import ArticleModel
import Foundation
import JSONCoding
import Testing

/// The article model writes and reads its own JSON on the wire's hot paths; its `Codable`
/// conformances (and Foundation) stay the reference. These tests hold the two together on values with
/// every field set, so a field added to the model but not to its JSON code fails here.
@Suite struct DirectJSONTests {
    static func foundation(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }

    static let awkward = "Tab\there, \"quoted\" / slashed \\ back\u{1}\u{1f} é 😀 \u{2028}"

    /// A merged analysis in which every optional is set somewhere and every array has an element.
    static var analysis: ArticleAnalysis {
        let cue = Cue(span: Span(0, 4), text: "said", lemma: "say")
        let speaker = ActorRef(span: Span(6, 9), text: "he", entityId: "E1")
        var info = ArticleInfo(
            metadata: ArticleMetadata(
                id: "a\u{0}1", title: awkward, url: "https://x.org/a?b=1", source: "Src", publishedAt: "2025-06-19", language: "en",
                authors: ["Jane Doe", awkward], modifiedAt: "2025-06-19T08:30:00+02:00", siteName: "The Site", description: awkward,
                extraction: ["publishedAt": "json-ld", "title": "meta"]),
            length: 120,
            structure: ArticleStructure(
                title: Span(0, 10), dateline: Dateline(span: Span(11, 20), place: "ISLAMABAD", source: "PEN", date: "June 19"),
                headings: [Span(21, 30)], paragraphs: [Span(0, 120)], sentences: [Span(31, 60), Span(61, 120)], tokenCount: 33))
        info.language = "en"
        return ArticleAnalysis(
            article: info,
            entities: [
                Entity(
                    id: "E1", type: .person, name: "Abbas Araqchi", aliases: ["Araqchi", awkward],
                    roles: [Role(text: "Foreign Minister", span: Span(8, 24)), Role(text: "envoy")],
                    mentions: [Mention(span: Span(25, 38), text: "Abbas Araqchi", kind: .name), Mention(span: Span(40, 42), text: "he", kind: .pronoun)],
                    salience: 0.30000000000000004, relatedTo: "Iran", relatedEntityId: "E2"),
                Entity(id: "E2", type: .nationality, name: "Iranian"),
            ],
            quotes: [
                Quote(id: "Q1", span: Span(1, 5), text: awkward, kind: .direct, cue: cue, speaker: speaker),
                Quote(id: "Q2", span: Span(50, 60), text: "x", kind: .mixed),
            ],
            stances: [
                Stance(
                    id: "S1", holder: speaker, target: ActorRef(text: "a regional consortium"), polarity: .oppose, strength: 0.75,
                    conditional: true, negated: true, hedged: true, cue: cue, evidence: Span(0, 60), condition: Span(40, 60)),
                Stance(id: "S2", holder: ActorRef(), target: ActorRef(span: Span(1, 2)), polarity: .support, strength: 1, evidence: Span(0, 1)),
            ],
            sentiment: [
                EntitySentiment(
                    entityId: "E1", name: "Abbas Araqchi", polarity: .negative, score: -1e-7,
                    mentions: [MentionSentiment(span: Span(25, 38), polarity: .negative, score: -1e-7)]),
                EntitySentiment(entityId: nil, name: "Tehran", polarity: .neutral, score: 0, mentions: []),
            ],
            timexes: [
                Timex(id: "T1", span: Span(70, 77), text: "June 13", type: .date, value: "2025-06-13", mod: "EARLY", anchor: "t0", quant: "EVERY", freq: "1W"),
                Timex(id: "T2", span: Span(80, 85), text: "daily", type: .set, value: "P1D"),
            ],
            timeline: [
                TimelineEvent(
                    id: "V1", trigger: EventTrigger(span: Span(90, 96), text: "strike"), description: "strikes began",
                    time: EventTime(timexId: "T1", value: "2025-06-13", relation: .since), participants: [speaker], ordered: true),
                TimelineEvent(id: "V2", trigger: EventTrigger(span: Span(97, 100), text: "war"), ordered: false),
            ],
            places: [
                Place(
                    id: "P1", entityId: "E2", kind: .location, text: "Tehran", mentions: [Span(3, 9)], focus: true,
                    reading: PlaceCandidate(
                        geonameId: 112931, name: "Tehran", featureClass: "P", featureCode: "PPLC", countryCode: "IR", admin1: "26",
                        latitude: 35.69439, longitude: 51.42151, population: 7_153_309, confidence: 0.97),
                    alternatives: [
                        PlaceCandidate(
                            geonameId: 110791, name: awkward, featureClass: "A", featureCode: "ADM1", countryCode: "IR", admin1: "26",
                            latitude: -90, longitude: 180, population: 0, confidence: 1e-7)
                    ]),
                Place(
                    id: "P2", kind: .nationality, text: "Iranian", mentions: [Span(10, 17)],
                    reading: PlaceCandidate(
                        geonameId: 130758, name: "Iran", featureClass: "A", featureCode: "PCLI", latitude: 32, longitude: -179.999999,
                        population: 77_447_168, confidence: 0.5)),
            ],
            extensions: [
                "keywords": .object([
                    "B": .number(1e21), "a": .array([.number(3), .number(-0.0), .number(0.1), .null, .bool(true), .bool(false)]),
                    "_x": .string(awkward), "x10": .number(123456789012.5), "x9": .number(.leastNonzeroMagnitude), "é": .number(1e16), "big": .number(8.9e15),
                ]),
                "readability": .object([:]),
            ],
            provenance: [
                Provenance(analyzer: "entities", version: "1.0.0", status: .ok, ms: 2.5, attempts: 1),
                Provenance(analyzer: "stance", version: nil, status: .timeout, ms: 1000, attempts: 3, error: "deadline passed"),
            ],
            text: awkward)
    }

    /// An analyzer output with every section.
    static var output: AnalyzerOutput {
        let merged = analysis
        return AnalyzerOutput(
            structure: ArticleStructure(
                title: merged.article.titleSpan, dateline: merged.article.dateline, headings: merged.article.headings ?? [],
                paragraphs: merged.article.paragraphs ?? [], sentences: merged.article.sentences ?? [], tokenCount: 33),
            entities: merged.entities, quotes: merged.quotes, stances: merged.stances,
            sentiment: [
                TargetSentiment(span: Span(25, 38), text: "Abbas Araqchi", polarity: .positive, score: 0.61),
                TargetSentiment(span: Span(40, 42), text: "he", polarity: .neutral, score: -0.0),
            ],
            timexes: merged.timexes, timeline: merged.timeline, places: merged.places, extension: merged.extensions?["keywords"])
    }

    /// Every optional stored property of every model type reached from `value` is non-nil somewhere,
    /// and every array has an element, so the comparisons below cover every field.
    static func unsetFields(in value: Any) -> Set<String> {
        var unset: Set<String> = [], set: Set<String> = []
        func walk(_ value: Any, _ owner: String) {
            let mirror = Mirror(reflecting: value)
            switch mirror.displayStyle {
            case .optional:
                if let child = mirror.children.first { walk(child.value, owner) }
            case .collection, .dictionary:
                if mirror.children.isEmpty { unset.insert(owner + " (empty)") } else { set.insert(owner + " (empty)") }
                for child in mirror.children { walk(child.value, owner) }
            case .struct:
                let type = String(describing: Swift.type(of: value))
                for child in mirror.children {
                    let key = type + "." + (child.label ?? "?")
                    let inner = Mirror(reflecting: child.value)
                    if inner.displayStyle == .optional {
                        if inner.children.isEmpty { unset.insert(key) } else { set.insert(key) }
                    }
                    walk(child.value, key)
                }
            case .tuple:
                for child in mirror.children { walk(child.value, owner) }
            default:
                break
            }
        }
        walk(value, "")
        return unset.subtracting(set)
    }

    @Test func theFixturesSetEveryField() {
        #expect(Self.unsetFields(in: Self.analysis) == [])
        #expect(Self.unsetFields(in: Self.output).subtracting(["AnalyzerOutput.extension"]) == [])
    }

    @Test func writesTheSameBytesAsFoundation() throws {
        #expect(try Self.analysis.jsonBytes() == Self.foundation(Self.analysis))
        #expect(try Self.output.jsonBytes() == Self.foundation(Self.output))
        let article = Article(
            id: "x", text: Self.awkward, title: "t", url: "u", source: "s", publishedAt: "2025-06-19", language: "en",
            authors: ["A B"], modifiedAt: "2025-06-20", siteName: "S", description: "d", extraction: ["url": "canonical"])
        #expect(try article.jsonBytes() == Self.foundation(article))
        #expect(try article.metadata.jsonBytes() == Self.foundation(article.metadata))
        // Without the optionals, too.
        let bare = ArticleAnalysis(article: ArticleInfo(metadata: ArticleMetadata(id: "b"), length: 0))
        #expect(try bare.jsonBytes() == Self.foundation(bare))
        #expect(try AnalyzerOutput().jsonBytes() == Self.foundation(AnalyzerOutput()))
    }

    @Test func randomNumbersAreWrittenLikeFoundation() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3000 {
            let double = Double(bitPattern: UInt64.random(in: .min ... .max, using: &generator))
            guard double.isFinite else { continue }
            let sentiment = MentionSentiment(span: Span(0, 1), polarity: .neutral, score: double)
            let value = JSONValue.array([.number(double), .number(Double(Int.random(in: -1_000_000...1_000_000)) / 64)])
            #expect(try sentiment.jsonBytes() == Self.foundation(sentiment), "\(double)")
            #expect(try value.jsonBytes() == Self.foundation(value), "\(value)")
        }
    }

    @Test func nonFiniteNumbersAreRefused() {
        #expect(throws: EncodingError.self) { try MentionSentiment(span: Span(0, 1), polarity: .neutral, score: .nan).jsonBytes() }
        #expect(throws: EncodingError.self) { try JSONValue.array([.number(-.infinity)]).jsonBytes() }
    }

    @Test func readsWhatFoundationReads() throws {
        let analysisBytes = try Self.foundation(Self.analysis)
        let read = try JSONInput.decode(ArticleAnalysis.self, from: analysisBytes)
        #expect(read == Self.analysis)
        #expect(read == (try JSONDecoder().decode(ArticleAnalysis.self, from: Data(analysisBytes))))
        let outputBytes = try Self.foundation(Self.output)
        #expect(try JSONInput.decode(AnalyzerOutput.self, from: outputBytes) == Self.output)
        // Whitespace, escapes, unknown keys of any shape, null for optionals, numbers as Foundation reads them.
        let loose = #"""
             { "span" : [ 1.0 , 2e0 ] , "text": "\u00e9\ud83d\ude00\n\/", "future": {"a": [1, {"b": null}], "c": "x"},
               "kind": "name", "extra": null }
            """#
        let mention = try JSONInput.decode(Mention.self, from: Array(loose.utf8))
        #expect(mention == (try JSONDecoder().decode(Mention.self, from: Data(loose.utf8))))
        #expect(mention == Mention(span: Span(1, 2), text: "é😀\n/", kind: .name))
        let nulls = #"{"span": null, "text": "x", "entityId": null}"#
        #expect(try JSONInput.decode(ActorRef.self, from: Array(nulls.utf8)) == ActorRef(text: "x"))
    }

    /// An article and its metadata with every page field (what ingestion of HTML fills in) read back.
    @Test func readsArticlesWithPageMetadata() throws {
        let article = Article(
            id: "x", text: Self.awkward, title: "t", url: "u", source: "s", publishedAt: "2025-06-19", language: "de",
            authors: ["A B", "C D"], modifiedAt: "2025-06-20T10:00:00Z", siteName: "S", description: Self.awkward,
            extraction: ["publishedAt": "json-ld", "authors": "meta"])
        #expect(Self.unsetFields(in: article) == [])
        #expect(try JSONInput.decode(Article.self, from: Self.foundation(article)) == article)
        #expect(try JSONInput.decode(ArticleMetadata.self, from: Self.foundation(article.metadata)) == article.metadata)
        #expect(Article(metadata: article.metadata, text: article.text) == article)
        #expect(article.metadata.publishedAtIsExtracted)
        #expect(!ArticleMetadata(id: "y", publishedAt: "2025-06-19").publishedAtIsExtracted)
    }

    @Test func ofDuplicateKeysTheFirstWins() throws {
        let document = #"{"entityId": null, "text": "first", "text": "second", "entityId": "E9"}"#
        let read = try JSONInput.decode(ActorRef.self, from: Array(document.utf8))
        #expect(read == ActorRef(text: "first"))
        let object = try JSONInput.decode(JSONValue.self, from: Array(#"{"a": 1, "a": [2]}"#.utf8))
        #expect(object == .object(["a": .number(1)]))
    }

    @Test func refusesWhatFoundationRefuses() throws {
        let bad: [String] = [
            "", "[1,]", #"{"a" 1}"#, "[01]", "[1] x", "\"a\nb\"", #""\ud800""#, #""\x""#, "[tru]", "\"abc", "[1.]", "[-]",
            #"{"a":1"#, "[1 2]", "{,}", "nul", "[1e]", "+1",
        ]
        for document in bad {
            #expect(throws: JSONDecodingError.self, "\(document)") { try JSONInput.decode(JSONValue.self, from: Array(document.utf8)) }
            // Foundation forgives a trailing comma; the wire does not.
            if document != "[1,]" {
                #expect(throws: (any Error).self, "\(document)") { try JSONDecoder().decode(JSONValue.self, from: Data(document.utf8)) }
            }
        }
        #expect(throws: JSONDecodingError.self) { try JSONInput.decode(JSONValue.self, from: [0x5B, 0x22, 0xFF, 0x22, 0x5D]) }
        #expect(throws: JSONDecodingError.self) {
            try JSONInput.decode(JSONValue.self, from: Array(repeating: UInt8(ascii: "["), count: 100_000))
        }
        let spans = ["[5,2]", "[-1,4]", "[1]", "[1,2,3]", #"{"start":1,"end":2}"#, #""1-2""#, "[1.5, 2]", "[1, 99999999999999999999]"]
        for document in spans {
            #expect(throws: JSONDecodingError.self, "\(document)") { try JSONInput.decode(Span.self, from: Array(document.utf8)) }
            #expect(throws: (any Error).self, "\(document)") { try JSONDecoder().decode(Span.self, from: Data(document.utf8)) }
        }
        let wrong = [
            #"{"span": [0, 1], "text": "x"}"#, #"{"span": [0, 1], "text": 5, "kind": "name"}"#,
            #"{"span": [0, 1], "text": "x", "kind": "nickname"}"#, #"{"span": [0, 1], "text": null, "kind": "name"}"#, "[]",
        ]
        for document in wrong {
            #expect(throws: JSONDecodingError.self, "\(document)") { try JSONInput.decode(Mention.self, from: Array(document.utf8)) }
            #expect(throws: (any Error).self, "\(document)") { try JSONDecoder().decode(Mention.self, from: Data(document.utf8)) }
        }
    }

    @Test func skippedValuesAreCheckedToo() throws {
        let good = Array(#"{"span": [0, 1], "text": "x", "kind": "name", "note": "é😀 \u00e9", "more": [{"a": "\""}]}"#.utf8)
        #expect(try JSONInput.decode(Mention.self, from: good) == Mention(span: Span(0, 1), text: "x", kind: .name))
        let prefix = Array(#"{"span": [0, 1], "text": "x", "kind": "name", "note": ""#.utf8)
        for bad: [UInt8] in [[0xFF], [0xC3], [0xED, 0xA0, 0x80], Array(#"\q"#.utf8), [0x0A]] {
            #expect(throws: JSONDecodingError.self, "\(bad)") { try JSONInput.decode(Mention.self, from: prefix + bad + Array("\"}".utf8)) }
        }
    }

    /// Plugins send these bytes: whatever arrives must decode or be refused, never trap. Mutations of
    /// a valid output (bytes flipped, inserted, deleted, the tail cut), with a fixed seed.
    @Test func mutatedOutputsDecodeOrAreRefused() throws {
        let valid = try Self.output.jsonBytes()
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(max(bound, 1)))
        }
        let interesting = Array("{}[]\",:0123456789.eE-+tfnul \\\u{0}".utf8) + [0xC3, 0xFF, 0xED, 0x80]
        var refused = 0
        for _ in 0..<3000 {
            var bytes = valid
            for _ in 0...next(4) {
                let at = next(bytes.count)
                switch next(4) {
                case 0: bytes[at] = interesting[next(interesting.count)]
                case 1: bytes.insert(interesting[next(interesting.count)], at: at)
                case 2: if !bytes.isEmpty { bytes.remove(at: at) }
                default: bytes.removeLast(next(bytes.count / 4))
                }
            }
            do {
                _ = try JSONInput.decode(AnalyzerOutput.self, from: bytes)
                _ = try JSONInput.decode(JSONValue.self, from: bytes)
            } catch {
                // Typed throws: only ever a JSONDecodingError.
                refused += 1
            }
        }
        #expect(refused > 1000)
    }

    @Test func errorsNameTheOffendingPlace() {
        func failure(_ document: String, as type: (some JSONDecodable).Type) -> String {
            do {
                _ = try JSONInput.decode(type, from: Array(document.utf8))
                return "decoded"
            } catch {
                return error.description
            }
        }
        #expect(failure(#"{"entities": [{"id": 5}]}"#, as: AnalyzerOutput.self).hasPrefix("at entities[0].id: expected a string, found a number"))
        #expect(failure(#"{"article": {"length": 3}, "provenance": [], "schema": "s"}"#, as: ArticleAnalysis.self) == "at article: missing key 'id'")
        #expect(failure(#"{"quotes": [{"id": "Q", "span": [9, 2]}]}"#, as: AnalyzerOutput.self).hasPrefix("at quotes[0].span: span [9, 2]"))
    }
}
