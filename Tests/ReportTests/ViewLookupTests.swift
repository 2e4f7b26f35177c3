import ArticleModel
import Foundation
import Mustache
import Testing

@testable import Report

/// Templates read view values through `MustacheParent.child(named:)`, not reflection: a stored
/// property left out of a view type's look-up would render as nothing, silently.
@Suite struct ViewLookupTests {
    /// Checks `value` and everything inside it: every stored property of a view type answers its look-up.
    static func check(_ value: Any, path: String, seen: inout Set<String>) {
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional:
            if let wrapped = mirror.children.first?.value { check(wrapped, path: path, seen: &seen) }
        case .collection:
            for (index, child) in mirror.children.enumerated() { check(child.value, path: "\(path)[\(index)]", seen: &seen) }
        case .struct:
            let typeName = String(describing: type(of: value))
            guard typeName != "String", typeName != "Substring" else { return }
            guard let parent = value as? any MustacheParent else {
                Issue.record("\(path): \(typeName) is shown by a template but has no look-up")
                return
            }
            for child in mirror.children {
                guard let label = child.label else { continue }
                let isNil = Mirror(reflecting: child.value).displayStyle == .optional && Mirror(reflecting: child.value).children.isEmpty
                let answer = parent.child(named: label)
                if answer == nil && !isNil {
                    Issue.record("\(path): \(typeName).\(label) is not answered by child(named:)")
                } else if let answer, String(describing: answer) != String(describing: Self.unwrapped(child.value)) {
                    Issue.record("\(path): \(typeName).\(label) is answered with another value: \(answer)")
                }
                seen.insert("\(typeName).\(label)")
                check(child.value, path: "\(path).\(label)", seen: &seen)
            }
        default:
            break
        }
    }

    static func unwrapped(_ value: Any) -> Any {
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .optional, let wrapped = mirror.children.first?.value else { return value }
        return wrapped
    }

    @Test func lookupsCoverEveryField() throws {
        var seen = Set<String>()
        let page = ArticlePage(analysis: ReportFixtures.analysis(), dashboard: "x", missing: nil, generator: "test")
        Self.check(page, path: "article", seen: &seen)
        var failing = ReportFixtures.analysis(withText: false)
        failing.provenance.append(Provenance(analyzer: "stance", version: nil, status: .failed, ms: 1, attempts: 1, error: "x"))
        Self.check(ArticlePage(analysis: failing, dashboard: nil, missing: .notStored(hint: ""), generator: "t"), path: "bare", seen: &seen)

        let directory = ReportFixtures.directory("lookups")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let writer = try ReportWriter(directory: directory)
        try writer.add(ReportFixtures.analysis(id: "a"))
        try writer.add(ReportFixtures.analysis(id: "b", published: "2025-07-01"))
        writer.addFailure(source: "s", message: "m")
        Self.check(writer.dashboard(entityFiles: [:]), path: "dashboard", seen: &seen)
        let row = writer.row(0, root: "")
        let stance = EntityPage.StanceItem(holder: "h", cue: "c", target: "t", polarity: "support", flags: ["hedged"], evidence: "e", article: "a", href: "h", published: "p")
        Self.check(EntityPage(
            generator: "g", name: "n", type: "PERSON", typeClass: "person", label: "PER", mentions: 1, articleCount: 2, aliases: ViewList(["x"]),
            chart: "c", quoteTotal: 1, quotes: ViewList([EntityPage.QuoteItem(text: "t", kind: "direct", article: "a", href: "h", published: "p")]),
            quotesMore: 1, heldTotal: 1, held: ViewList([stance]), heldMore: 1, aboutTotal: 1, about: ViewList([stance]), aboutMore: 1,
            articles: ViewList([row]), articlesMore: 1), path: "entity", seen: &seen)
        Self.check(ListPage(generator: "g", number: 1, pages: 1, first: 1, last: 2, total: 2, articles: ViewList([row]),
                            pager: ViewList([PagerLink(number: 1, href: "h", current: true)])), path: "list", seen: &seen)
        #expect(seen.count > 150, "the check reached the view types (\(seen.count) properties)")
    }
}
