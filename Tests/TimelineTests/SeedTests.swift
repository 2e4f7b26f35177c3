import AnalyzerKit
import AnalyzerTesting
import ArticleModel
import Foundation
import Testing
import TimelineAnalyzer

/// The seed article of issue 5, and the analyzer as a whole.
@Suite struct SeedTests {
    static let seedText: String = {
        let url = repositoryRoot.appendingPathComponent("seeds/000_fcf9f9938e4dd5df.txt")
        return (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }()

    @Test func theSeedsSixDatesResolveAgainstThePublicationDate() throws {
        try #require(!Self.seedText.isEmpty, "seeds/000_fcf9f9938e4dd5df.txt is missing")
        let analysis = TimelineAnalyzer.analyze(text: Self.seedText, publishedAt: june19)
        let values = analysis.timexes.map { "\($0.text) → \($0.value)" }
        for expected in ["June 13 → 2025-06-13", "April → 2025-04", "May → 2025-05", "Sunday → 2025-06-15",
            "this Friday → 2025-06-20", "2015 → 2015"]
        {
            #expect(values.contains(expected), "\(expected) not in \(values)")
        }
    }

    @Test func theSeedsDatedEventsAreInTimeOrderWithTheirEvents() throws {
        try #require(!Self.seedText.isEmpty)
        let analysis = TimelineAnalyzer.analyze(text: Self.seedText, publishedAt: june19)
        let dated = analysis.timeline.filter { $0.ordered && $0.time?.timexId != nil }
        let wanted = ["2015", "2025-04", "2025-05", "2025-06-13", "2025-06-15", "2025-06-20"]
        #expect(dated.compactMap(\.time?.value).filter(wanted.contains) == wanted)
        func trigger(_ value: String) -> String? { dated.first { $0.time?.value == value }?.trigger.text }
        #expect(trigger("2015") == "agreement")
        #expect(trigger("2025-04") == "negotiations")
        #expect(trigger("2025-05") == "proposal")
        #expect(trigger("2025-06-13") == "began")
        #expect(trigger("2025-06-15") == "call")
        #expect(trigger("2025-06-20") == "talks")
        // Ordered events come first, unordered ones after, in text order.
        let flags = analysis.timeline.map(\.ordered)
        #expect(flags == flags.sorted { $0 && !$1 })
        let summit = analysis.timeline.first { $0.trigger.text == "summit" }
        #expect(summit?.ordered == false)
        #expect(summit?.participants.contains { $0.text == "G7" } == true)
        let call = analysis.timeline.first { $0.trigger.text == "call" }
        #expect(call?.participants.contains { $0.text == "Araqchi" } == true)
        #expect(call?.description?.contains("ministerial-level call") == true)
        #expect(call?.time?.relation == .on)
    }

    @Test func theAnalyzerPassesTheConformanceChecks() async {
        let problems = await AnalyzerConformance.check(TimelineAnalyzer())
        #expect(problems.isEmpty, "\(problems)")
    }

    @Test func outputIsDeterministic() async throws {
        let request = AnalysisRequest(article: Article(id: "seed", text: Self.seedText, publishedAt: "2025-06-19"))
        let first = try await TimelineAnalyzer().analyze(request)
        let second = try await TimelineAnalyzer().analyze(request)
        #expect(first == second)
        #expect(first.timexes?.isEmpty == false)
    }

    @Test func aMalformedPublicationDateIsAClearError() async {
        let request = AnalysisRequest(article: Article(id: "bad", text: "On Sunday they met.", publishedAt: "2025-02-30"))
        await #expect(throws: AnalyzerError.self) { try await TimelineAnalyzer().analyze(request) }
        do {
            _ = try await TimelineAnalyzer().analyze(request)
        } catch {
            #expect("\(error)".contains("publishedAt '2025-02-30'"))
        }
    }

    @Test func spansAndTextsAgreeOnNonASCIIText() {
        let text = "Zoë’s café 🇫🇷 opened on Sunday, and «talks» resume next week — 北京 said in 2015."
        let scalars = Array(text.unicodeScalars)
        let found = timexes(text)
        #expect(found.map(\.text) == ["Sunday", "next week", "2015"])
        for timex in found {
            #expect(String(String.UnicodeScalarView(scalars[timex.span.start..<timex.span.end])) == timex.text)
        }
    }
}

/// Random strings of the words time expressions are made of: nothing may crash, every span must be
/// inside the text and name its text. A fixed generator keeps the test deterministic.
@Suite struct RobustnessTests {
    static let vocabulary = [
        "the", "last", "next", "this", "past", "early", "late", "mid-", "about", "more", "than", "at", "least", "a", "an",
        "year", "years", "week", "weekend", "quarter", "third-quarter", "half", "day", "days", "ago", "later",
        "earlier", "Sunday", "Friday's", "May", "March", "Nov.", "Sept.", "30", "31", "29", "2015", "1990s", "'80s",
        "'", "25:00", "10:35", "p.m.", "a.m.", "noon", "midnight", "twenty", "four", "-", "and", "of", "summer",
        "fall", "every", "twice", "daily", "now", "recently", ",", ".", "on", "in", "since", "until", "by", "fiscal",
        "1989", "12/31/1999", "1998-02-30", "nineteen", "ninety-six", "two", "thousand", "hundred", "dozen", "½",
        "1/2", "old", "long", "-old", "year-ago", "Christmas", "Easter", "the", "9999", "0000", "\u{1F600}", "é",
    ]

    @Test func randomTimeWordsNeverBreakTheAnalyzer() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(truncatingIfNeeded: state >> 33)
        }
        for _ in 0..<300 {
            let length = next() % 30
            var words: [String] = []
            for _ in 0..<length { words.append(Self.vocabulary[next() % Self.vocabulary.count]) }
            let text = words.joined(separator: next() % 3 == 0 ? "" : " ")
            let published = next() % 4 == 0 ? nil : june19
            let analysis = TimelineAnalyzer.analyze(text: text, publishedAt: published)
            let scalars = Array(text.unicodeScalars)
            for timex in analysis.timexes {
                #expect(timex.span.isValid(inTextOfLength: scalars.count) && !timex.span.isEmpty, "\(text)")
                guard timex.span.isValid(inTextOfLength: scalars.count) else { continue }
                #expect(String(String.UnicodeScalarView(scalars[timex.span.start..<timex.span.end])) == timex.text)
                #expect(!timex.value.isEmpty)
            }
            let output = AnalyzerOutput(timexes: analysis.timexes, timeline: analysis.timeline)
            #expect(output.validationProblems(textLength: scalars.count, declared: [.timexes, .timeline]).isEmpty, "\(text)")
        }
    }
}
