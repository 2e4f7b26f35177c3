import ArticleModel
import Foundation
import Testing

@testable import Report

/// Everything that comes from an article reaches a page as text, never as markup.
@Suite struct EscapingTests {
    static let payloads = [
        "<script>alert(1)</script>", "\"><img src=x onerror=alert(2)>", "</script><script>alert(3)</script>", "' onmouseover='alert(4)",
        "<svg onload=alert(5)>", "</textarea></title><iframe src=javascript:alert(6)>",
    ]

    static func hostile() -> ArticleAnalysis {
        let text = payloads.joined(separator: " said Eve. ") + "\n"
        var analysis = ReportFixtures.analysis(id: payloads[0])
        analysis.text = text
        analysis.article = ArticleInfo(
            metadata: ArticleMetadata(
                id: payloads[0], title: payloads[2], url: "javascript:alert(7)", source: payloads[3], publishedAt: "2025-06-19",
                authors: [payloads[1]], siteName: payloads[4], description: payloads[5], extraction: ["title": payloads[1]]),
            length: text.unicodeScalars.count)
        let eve = ReportFixtures.span("Eve", in: text)
        analysis.entities = [Entity(id: payloads[1], type: .person, name: payloads[0], aliases: [payloads[2]], roles: [Role(text: payloads[4])],
                                    mentions: [Mention(span: eve, text: "Eve", kind: .name)], salience: 0.5, relatedTo: payloads[3])]
        analysis.quotes = [Quote(id: payloads[3], span: ReportFixtures.span(payloads[1], in: text), text: payloads[1], kind: .direct,
                                 cue: Cue(span: eve, text: payloads[5], lemma: "x"), speaker: ActorRef(span: eve, text: payloads[2], entityId: payloads[1]))]
        analysis.stances = [Stance(id: payloads[4], holder: ActorRef(text: payloads[0]), target: ActorRef(text: payloads[5]), polarity: .support,
                                   strength: 0.5, cue: Cue(span: eve, text: payloads[2], lemma: "x"), evidence: ReportFixtures.span(payloads[2], in: text))]
        analysis.sentiment = [EntitySentiment(entityId: nil, name: payloads[1], polarity: .negative, score: -0.3, mentions: [])]
        analysis.timexes = [Timex(id: payloads[0], span: eve, text: payloads[1], type: .date, value: "2025-06-13", anchor: payloads[3]),
                            Timex(id: "T2", span: eve, text: payloads[2], type: .date, value: payloads[0])]
        analysis.timeline = [TimelineEvent(id: "V1", trigger: EventTrigger(span: eve, text: payloads[4]), description: payloads[5],
                                           time: EventTime(timexId: payloads[0], value: "2025-06-13", relation: .on))]
        analysis.provenance = [Provenance(analyzer: payloads[0], version: payloads[1], status: .failed, ms: 1, attempts: 1, error: payloads[2])]
        return analysis
    }

    /// No payload appears unescaped, the page has exactly the script and style it should, and no event handler attribute.
    static func check(_ html: String, scripts: Int) {
        for payload in payloads where payload.contains("<") {
            #expect(!html.contains(payload), "unescaped: \(payload)")
        }
        #expect(ReportFixtures.count("<script", in: html) == scripts)
        #expect(ReportFixtures.count("</script>", in: html) == scripts)
        #expect(ReportFixtures.count("<style", in: html) == 1)
        // Attribute values never hold a raw double quote (it is escaped), so without them only names are left.
        let unquoted = html.replacingOccurrences(of: "\"[^\"]*\"", with: "\"\"", options: .regularExpression)
        #expect(unquoted.range(of: "<[^>]*\\son[a-z]+\\s*=", options: .regularExpression) == nil, "an event handler attribute")
        #expect(!html.contains("<img"))
        #expect(!html.contains("<iframe"))
        #expect(!html.contains("href=\"javascript"))
    }

    @Test func articlePageEscapesEverything() throws {
        let templates = try ReportTemplates()
        let html = templates.render(ArticlePage(analysis: Self.hostile(), dashboard: nil, missing: nil, generator: "test"), template: "article")
        Self.check(html, scripts: 1)
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("data-entity=\"&quot;&gt;&lt;img src=x onerror=alert(2)&gt;\""))
        #expect(html.contains("javascript:alert(7)"), "an unsafe URL is shown as text")
        #expect(ArticlePageTests.shownText(html) == Self.hostile().text)
    }

    @Test func corpusPagesEscapeEverything() throws {
        let directory = ReportFixtures.directory("escaping")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let writer = try ReportWriter(directory: directory)
        try writer.add(Self.hostile())
        var second = Self.hostile()
        second.article.id = "second"
        try writer.add(second)
        writer.addFailure(source: EscapingTests.payloads[0], message: EscapingTests.payloads[1])
        let summary = try writer.finish()
        #expect(summary.entityPages == 1)
        Self.check(ReportFixtures.read(summary.index), scripts: 1)
        for folder in ["articles", "entities", "lists"] {
            for name in try FileManager.default.contentsOfDirectory(atPath: directory + "/" + folder) {
                #expect(!name.contains("<") && !name.contains("\""), "file name \(name)")
                Self.check(ReportFixtures.read(directory + "/" + folder + "/" + name), scripts: folder == "articles" ? 1 : 0)
            }
        }
    }

    @Test func svgTextIsEscaped() {
        let node = SVGNode("g", [("data-x", Self.payloads[1])], children: [SVGNode("title", text: Self.payloads[2])])
        #expect(node.markup == "<g data-x=\"&quot;&gt;&lt;img src=x onerror=alert(2)&gt;\"><title>&lt;/script&gt;&lt;script&gt;alert(3)&lt;/script&gt;</title></g>")
    }
}
