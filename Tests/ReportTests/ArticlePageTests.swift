import ArticleModel
import Foundation
import Testing

@testable import Report

@Suite struct ArticlePageTests {
    /// The article text as a browser shows it: the text container's content without tags, unescaped.
    static func shownText(_ html: String) -> String? {
        guard let start = html.range(of: "<div class=\"article-text\" id=\"article-text\">"),
            let end = html.range(of: "</div>", range: start.upperBound..<html.endIndex)
        else { return nil }
        let inner = String(html[start.upperBound..<end.lowerBound])
        let stripped = inner.replacingOccurrences(of: "<[^>]*>", with: "", options: .regularExpression)
        return stripped.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&amp;", with: "&")
    }

    func render(_ analysis: ArticleAnalysis, missing: MissingText? = nil) throws -> String {
        let templates = try ReportTemplates()
        return templates.render(ArticlePage(analysis: analysis, dashboard: nil, missing: missing, generator: "test"), template: "article")
    }

    @Test func marksEveryMentionQuoteAndDatedValue() throws {
        let html = try render(ReportFixtures.analysis())
        #expect(ReportFixtures.count("data-entity=\"E1\"", in: html) == 2)
        #expect(ReportFixtures.count("data-entity=\"E2\"", in: html) == 1)
        #expect(ReportFixtures.count("data-entity=\"E3\"", in: html) == 1)
        #expect(html.contains("data-quote=\"Q1\""))
        #expect(html.contains("data-timex=\"2025-06-13\""))
        #expect(html.contains("data-timex=\"2025-06-17\""))
        #expect(!html.contains("data-timex=\"PRESENT_REF\""), "a reference is not a date on the chart")
        #expect(html.contains("the publication date 2025-06-19"), "a relative date says what it was resolved against")
        #expect(html.contains("id=\"evidence-1\""))
        #expect(html.contains("href=\"#evidence-1\""), "the stance links its evidence in the text")
        #expect(html.contains("data-speaker=\"E1\""))
        #expect(html.contains("href=\"https://example.com/a\""))
        #expect(Self.shownText(html) == ReportFixtures.text, "the text is shown exactly, whatever is marked in it")
    }

    @Test func pageWithoutTextSaysWhyAndShowsTheRest() throws {
        let html = try render(ReportFixtures.analysis(withText: false), missing: .notStored(hint: "Write it with --with-text."))
        #expect(!html.contains("data-entity="))
        #expect(html.contains("The article text is not in this analysis"))
        #expect(html.contains("Write it with --with-text."))
        #expect(html.contains("We are ready,"), "quotes are still listed")
        #expect(html.contains("data-timex=\"2025-06-13\""), "the timeline needs no text")
        #expect(html.contains("Anna Keller"))
    }

    @Test func textOfAnotherLengthIsNotUsed() throws {
        var analysis = ReportFixtures.analysis()
        analysis.text = "something else"
        let html = try render(analysis)
        #expect(!html.contains("data-entity="))
        #expect(html.contains("has 14 characters where the analysis counted"))
    }

    @Test func absentSectionsSayWhy() throws {
        var analysis = ReportFixtures.analysis()
        analysis.quotes = nil
        analysis.stances = []
        analysis.provenance.append(Provenance(analyzer: "stance", version: nil, status: .timeout, ms: 30000, attempts: 1, error: "no reply"))
        let html = try render(analysis)
        #expect(html.contains("Not analysed: no analyzer that finds quotes answered (stance timeout)."))
        #expect(html.contains("None found."))
        #expect(html.contains("<b>stance</b> timeout: no reply"))
    }

    @Test func crossingSpansNestWellAndKeepTheText() {
        let text = "abcdefghij"
        let scalars = Array(text.unicodeScalars)
        let quote = TextAnnotation(span: Span(2, 6), kind: .quote(QuoteOpen(id: "Q1", anchor: "quote-1", kind: "direct", speaker: "x", speakerEntity: nil)))
        let mention = TextAnnotation(span: Span(4, 8), kind: .mention(MentionOpen(entity: "E1", typeClass: "person", label: "PER", tooltip: "")))
        let nested = TextAnnotation(span: Span(0, 10), kind: .evidence(EvidenceOpen(anchor: "evidence-1", stances: "S1")))
        let outside = TextAnnotation(span: Span(9, 12), kind: .mention(MentionOpen(entity: "E2", typeClass: "person", label: "PER", tooltip: "")))
        let pieces = TextMarkup.pieces(scalars, annotations: [mention, quote, nested, outside])
        #expect(pieces.compactMap(\.chars).joined() == text)
        var stack: [String] = []
        for piece in pieces {
            if piece.quote != nil { stack.append("span") }
            if piece.evidence != nil { stack.append("span") }
            if piece.mention != nil { stack.append("mark") }
            if let close = piece.close { #expect(stack.popLast() == close) }
        }
        #expect(stack.isEmpty)
        // The mention crosses the quote's end: it is split, and only its last piece shows the label.
        let mentionPieces = pieces.filter { $0.mention != nil }
        #expect(mentionPieces.count == 2)
        #expect(mentionPieces.map(\.cont) == [true, false])
        let beyond = pieces.contains { $0.mention?.entity == "E2" }
        #expect(!beyond, "a span past the end of the text is left out")
    }

    @Test func calendarValuesBecomeRanges() {
        #expect(TimexRange(value: "2025-06-13") == TimexRange(start: CalendarDays.day(year: 2025, month: 6, day: 13), end: CalendarDays.day(year: 2025, month: 6, day: 14)))
        #expect(TimexRange(value: "2025-06")?.end == CalendarDays.day(year: 2025, month: 7, day: 1))
        #expect(TimexRange(value: "2025-12")?.end == CalendarDays.day(year: 2026, month: 1, day: 1))
        #expect(TimexRange(value: "2025-W01")?.start == CalendarDays.day(year: 2024, month: 12, day: 30))
        #expect(TimexRange(value: "2025-Q2")?.start == CalendarDays.day(year: 2025, month: 4, day: 1))
        #expect(TimexRange(value: "2025-06-13T08:30")?.isDay == true)
        #expect(TimexRange(value: "201")?.start == CalendarDays.day(year: 2010, month: 1, day: 1))
        for value in ["PRESENT_REF", "P3D", "XXXX-06-13", "2025-02-30", "2025-13", ""] { #expect(TimexRange(value: value) == nil, "\(value)") }
        for day in [-800_000, -1, 0, 59, 10_000, 20_254, 800_000] {
            let (year, month, dayOfMonth) = CalendarDays.date(day)
            #expect(CalendarDays.day(year: year, month: month, day: dayOfMonth) == day)
        }
    }
}
