import ArticleModel
import Foundation
import Testing

@Suite struct SpanTests {
    @Test func encodesAsTwoElementArray() throws {
        let data = try JSONEncoder().encode(Span(3, 9))
        #expect(String(decoding: data, as: UTF8.self) == "[3,9]")
        #expect(try JSONDecoder().decode(Span.self, from: Data("[3,9]".utf8)) == Span(3, 9))
    }

    @Test(arguments: ["[5,2]", "[-1,4]", "[1]", "[1,2,3]", "{\"start\":1,\"end\":2}", "\"1-2\""])
    func rejectsMalformedSpans(_ json: String) {
        #expect(throws: (any Error).self) { try JSONDecoder().decode(Span.self, from: Data(json.utf8)) }
    }

    @Test func overlapAndContainment() {
        #expect(Span(0, 5).overlaps(Span(4, 8)))
        #expect(!Span(0, 5).overlaps(Span(5, 8)))
        #expect(!Span(3, 3).overlaps(Span(0, 10)))
        #expect(Span(0, 10).contains(Span(2, 3)))
        #expect(Span(2, 9).overlapLength(with: Span(5, 20)) == 4)
        #expect(Span(0, 4).isValid(inTextOfLength: 4))
        #expect(!Span(0, 5).isValid(inTextOfLength: 4))
    }
}

@Suite struct PublicationTimeTests {
    @Test(arguments: [
        "2025-06-19", "2025-06-19T08:30", "2025-06-19T08:30:15Z", "2025-06-19T08:30:15.250+02:00",
        "2024-02-29", "2025-06-19 08:30:00", "2025-06-19T23:59:59-0500",
    ])
    func acceptsISO8601(_ text: String) {
        #expect(PublicationTime(iso8601: text) != nil)
    }

    @Test(arguments: [
        "", "2025", "2025-6-19", "2025-02-30", "2023-02-29", "2025-13-01", "2025-06-19T25:00", "2025-06-19T12:60",
        "19/06/2025", "June 19, 2025", "2025-06-19T08:30+25:00", "2025-06-19Tjunk", "2025-06-19T08:30:15.Z",
    ])
    func rejectsMalformedDates(_ text: String) {
        #expect(PublicationTime(iso8601: text) == nil)
    }

    @Test func metadataValidationNamesTheProblem() {
        let problems = ArticleMetadata(id: "a", publishedAt: "yesterday").validationProblems()
        #expect(problems.count == 1)
        #expect(problems[0].contains("publishedAt 'yesterday'"))
        #expect(ArticleMetadata(id: "").validationProblems() == ["article id is empty"])
    }
}

@Suite struct UTF8ScalarsTests {
    @Test func countsScalarsLikePython() {
        let text = "Aé😀中\u{301}"
        #expect(UTF8Scalars.count(Array(text.utf8)) == text.unicodeScalars.count)
        #expect(UTF8Scalars.validate(Array(text.utf8)).scalars == 5)
    }

    @Test(arguments: [
        [0xFF] as [UInt8], [0xC0, 0x80], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
        [0xE2, 0x82], [0x41, 0x80], [0xF0, 0x9F, 0x98],
    ])
    func rejectsInvalidUTF8(_ bytes: [UInt8]) {
        #expect(UTF8Scalars.validate(bytes).scalars == nil)
    }

    @Test func reportsOffsetOfFirstBadByte() {
        #expect(UTF8Scalars.validate(Array("abc".utf8) + [0xFF]).badOffset == 3)
    }
}

@Suite struct OutputValidationTests {
    @Test func acceptsAValidOutput() {
        let output = AnalyzerOutput(entities: [
            Entity(id: "E1", type: .person, name: "Abbas Araqchi", mentions: [Mention(span: Span(0, 13), text: "Abbas Araqchi", kind: .name)], salience: 0.5)
        ])
        #expect(output.validationProblems(textLength: 20, declared: [.entities]).isEmpty)
    }

    @Test func reportsUndeclaredAndMissingSections() {
        let output = AnalyzerOutput(timexes: [])
        let problems = output.validationProblems(textLength: 10, declared: [.entities])
        #expect(problems.contains("declared section 'entities' is missing"))
        #expect(problems.contains("section 'timexes' was not declared"))
    }

    @Test func reportsSpansOutsideTheTextDuplicateIDsAndBadScores() {
        let output = AnalyzerOutput(
            quotes: [
                Quote(id: "Q1", span: Span(5, 30), text: "x", kind: .direct),
                Quote(id: "Q1", span: Span(0, 2), text: "y", kind: .direct),
            ],
            sentiment: [TargetSentiment(span: Span(0, 1), text: "x", polarity: .positive, score: 3)])
        let problems = output.validationProblems(textLength: 10, declared: [.quotes, .sentiment])
        #expect(problems.contains { $0.contains("quotes[Q1]: span [5, 30) is outside the text of 10 scalars") })
        #expect(problems.contains("quotes: duplicate id 'Q1'"))
        #expect(problems.contains { $0.contains("sentiment[0].score") })
    }

    @Test func aNationalityPointsOnlyAtAnEntityOfTheSameOutput() {
        let iran = Entity(id: "E1", type: .location, name: "Iran", mentions: [Mention(span: Span(0, 4), text: "Iran", kind: .name)])
        var iranian = Entity(
            id: "E2", type: .nationality, name: "Iranian", mentions: [Mention(span: Span(5, 12), text: "Iranian", kind: .demonym)],
            relatedTo: "Iran", relatedEntityId: "E1")
        #expect(AnalyzerOutput(entities: [iran, iranian]).validationProblems(textLength: 20, declared: [.entities]).isEmpty)
        iranian.relatedEntityId = "E9"
        let problems = AnalyzerOutput(entities: [iran, iranian]).validationProblems(textLength: 20, declared: [.entities])
        #expect(problems == ["entities[E2].relatedEntityId 'E9' is not an entity of this output"])
    }

    @Test func boundsExtensionNesting() {
        var value = JSONValue.null
        for _ in 0..<70 { value = .array([value]) }
        let problems = AnalyzerOutput(extension: value).validationProblems(textLength: 0, declared: [.extension])
        #expect(problems == ["extension JSON nests deeper than 64 levels"])
    }

    @Test func jsonValueRoundTrips() throws {
        let value = JSONValue.object(["b": .number(2), "a": .array([.bool(true), .null, .string("x"), .number(1.5)])])
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let encoded = String(decoding: try encoder.encode(value), as: UTF8.self)
        #expect(encoded == #"{"a":[true,null,"x",1.5],"b":2}"#)
        #expect(try JSONDecoder().decode(JSONValue.self, from: Data(encoded.utf8)) == value)
    }
}
