public import ArticleModel
import Dispatch
import Foundation
import JobThreads
import Synchronization

/// What a finished report holds.
public struct ReportSummary: Sendable {
    /// Path of `index.html`.
    public var index: String
    public var articles: Int
    public var entityPages: Int
    public var listPages: Int
    /// Article pages written without the text (their analyses did not carry it).
    public var withoutText: Int
    public var failedInputs: Int
}

/// Writes an HTML report into a directory: a page per article as analyses arrive, then, for more
/// than one article, the corpus dashboard, a page per frequent entity and a paged list of articles.
///
/// Layout: `index.html`, `articles/ID.html`, `entities/TYPE-NAME.html`, `lists/articles-N.html`.
/// Every page is self-contained (styles and scripts inline, no network). Analyses are not kept:
/// only the corpus summary grows with the number of articles, so any number can be written.
public final class ReportWriter {
    let directory: URL
    let templates: ReportTemplates
    let limits: ReportLimits
    let generator: String
    var corpus: Corpus
    /// The only article so far, kept so that a one-article report's index can be its page.
    private var single: (analysis: ArticleAnalysis, missing: MissingText?)?
    private var usedNames: Set<String> = []
    private var withoutText = 0
    /// Whether article pages are rendered and written (tests of the corpus pages alone turn it off).
    var writesArticlePages = true
    /// Renders and writes pages on the other cores while analyses are read and summed up here.
    private let pages = PageQueue(threads: Cores.available)

    /// A writer into `directory` (created if needed). A directory that holds an earlier report
    /// has that report's pages removed first; any other non-empty directory is refused.
    public init(directory: String, limits: ReportLimits = ReportLimits(), generator: String = "byline report") throws(ReportError) {
        self.directory = URL(fileURLWithPath: directory, isDirectory: true)
        self.limits = limits
        self.generator = generator
        templates = try ReportTemplates()
        corpus = Corpus(sampleLimit: limits.perEntity)
        try prepare()
    }

    static let marker = ".byline-report"

    private func prepare() throws(ReportError) {
        let fileManager = FileManager.default
        let path = directory.path
        var isDirectory: ObjCBool = false
        if fileManager.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw ReportError("\(path) exists and is not a directory") }
            let contents = (try? fileManager.contentsOfDirectory(atPath: path)) ?? []
            if !contents.isEmpty {
                guard contents.contains(Self.marker) else {
                    throw ReportError("\(path) is not empty and holds no earlier byline report; give a new or empty directory")
                }
                for name in ["articles", "entities", "lists", "index.html"] {
                    try? fileManager.removeItem(at: directory.appendingPathComponent(name))
                }
            }
        }
        do {
            for name in ["", "articles"] {
                try fileManager.createDirectory(at: directory.appendingPathComponent(name), withIntermediateDirectories: true)
            }
            try Data("byline report\n".utf8).write(to: directory.appendingPathComponent(Self.marker))
        } catch {
            throw ReportError("cannot create the report directory \(path): \(error.localizedDescription)")
        }
    }

    /// Writes the page of one analysis and adds it to the corpus. `missingText` says why the text
    /// is absent when `analysis.text` is `nil`.
    public func add(_ analysis: ArticleAnalysis, missingText: MissingText? = nil) throws(ReportError) {
        let name = fileName(for: analysis.article.id, in: "articles")
        let page = ArticlePage(analysis: analysis, dashboard: "../index.html", missing: missingText, generator: generator)
        if analysis.text == nil || (page.text == nil && analysis.article.length > 0) { withoutText += 1 }
        if writesArticlePages { try render(page, template: "article", to: "articles/\(name)") }
        corpus.add(analysis, file: "articles/\(name)", page: page)
        single = corpus.articles.count == 1 ? (analysis, missingText) : nil
    }

    /// Notes an input that gave no analysis; the dashboard lists it.
    public func addFailure(source: String, message: String) {
        corpus.failedInputs.append((source, message))
    }

    /// Writes the index (and for a corpus the entity and list pages) and says what was written.
    public func finish() throws(ReportError) -> ReportSummary {
        guard !corpus.articles.isEmpty else {
            throw ReportError("nothing to report: no input gave an analysis")
        }
        var summary = ReportSummary(
            index: directory.appendingPathComponent("index.html").path, articles: corpus.articles.count, entityPages: 0, listPages: 0,
            withoutText: withoutText, failedInputs: corpus.failedInputs.count)
        if let single {
            let page = ArticlePage(analysis: single.analysis, dashboard: nil, missing: single.missing, generator: generator)
            try write(templates.render(page, template: "article"), to: "index.html")
            try pages.wait()
            return summary
        }
        let entityFiles = try writeEntityPages()
        summary.entityPages = entityFiles.count
        summary.listPages = try writeListPages()
        try write(templates.render(dashboard(entityFiles: entityFiles), template: "dashboard"), to: "index.html")
        try pages.wait()
        return summary
    }

    // MARK: Pages of a corpus

    func row(_ index: Int, root: String) -> ArticleRow {
        let article = corpus.articles[index]
        return ArticleRow(
            title: article.title, href: root + article.file, published: article.published ?? "—", entities: article.entities,
            quotes: article.quotes, stances: article.stances,
            problems: article.problems.isEmpty ? nil : article.problems.joined(separator: ", "), noText: !article.hasText)
    }

    /// Articles newest first (undated last), then in input order.
    lazy var articleOrder: [Int] = corpus.articles.indices.sorted { lhs, rhs in
        let a = corpus.articles[lhs].day ?? Int.min, b = corpus.articles[rhs].day ?? Int.min
        return a != b ? a > b : lhs < rhs
    }

    var listPageCount: Int { max(1, (corpus.articles.count + limits.listPageSize - 1) / limits.listPageSize) }

    func pager(current: Int, root: String) -> ViewList<PagerLink>? {
        guard listPageCount > 1 || current == 0 else { return nil }
        return ViewList((1...listPageCount).map { PagerLink(number: $0, href: "\(root)lists/articles-\($0).html", current: $0 == current) })
    }

    private func writeListPages() throws(ReportError) -> Int {
        try createDirectory("lists")
        let order = articleOrder
        for number in 1...listPageCount {
            let first = (number - 1) * limits.listPageSize
            let last = min(order.count, first + limits.listPageSize)
            let page = ListPage(
                generator: generator, number: number, pages: listPageCount, first: first + 1, last: last, total: order.count,
                articles: ViewList(order[first..<last].map { row($0, root: "../") }), pager: pager(current: number, root: "../"))
            try render(page, template: "list", to: "lists/articles-\(number).html")
        }
        return listPageCount
    }

    /// Entities named in at least two articles, most frequent first, up to the limit; their file names by key.
    private func writeEntityPages() throws(ReportError) -> [String: String] {
        try createDirectory("entities")
        var files: [String: String] = [:]
        let days = corpus.articles.compactMap(\.day)
        let buckets = days.isEmpty ? nil : TimeBuckets(first: days.min() ?? 0, last: days.max() ?? 0)
        for entity in corpus.ranked().prefix(limits.entityPages) where entity.articles >= 2 {
            let name = fileName(for: "\(entity.type.rawValue)-\(entity.name)", in: "entities")
            files[entity.key] = "entities/\(name)"
            func stance(_ item: Corpus.StanceItem) -> EntityPage.StanceItem {
                let article = corpus.articles[item.article]
                return EntityPage.StanceItem(
                    holder: item.holder, cue: item.cue, target: item.target, polarity: item.polarity, flags: item.flags, evidence: item.evidence,
                    article: article.title, href: "../" + article.file + (item.anchor.map { "#" + $0 } ?? ""), published: article.published ?? "—")
            }
            let quotes = entity.quotes.map { quote in
                let article = corpus.articles[quote.article]
                return EntityPage.QuoteItem(
                    text: quote.text, kind: quote.kind, article: article.title,
                    href: "../" + article.file + (quote.anchor.map { "#" + $0 } ?? ""), published: article.published ?? "—")
            }
            let aliases = entity.aliases.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map(\.key).filter { $0 != entity.name }
            let page = EntityPage(
                generator: generator, name: entity.name, type: entity.type.rawValue, typeClass: entity.type.rawValue.lowercased(),
                label: ArticlePage.typeLabels[entity.type] ?? "", mentions: entity.mentions, articleCount: entity.articles,
                aliases: ViewList(Array(aliases.prefix(20))), chart: entity.days.isEmpty ? nil : buckets?.chart(entity.days, name: entity.name).markup,
                quoteTotal: entity.quoteTotal, quotes: ViewList(quotes), quotesMore: Self.more(entity.quoteTotal - quotes.count),
                heldTotal: entity.heldTotal, held: ViewList(entity.held.map(stance)), heldMore: Self.more(entity.heldTotal - entity.held.count),
                aboutTotal: entity.aboutTotal, about: ViewList(entity.about.map(stance)), aboutMore: Self.more(entity.aboutTotal - entity.about.count),
                articles: ViewList(entity.articleList.map { row($0, root: "../") }), articlesMore: Self.more(entity.articles - entity.articleList.count))
            try render(page, template: "entity", to: "entities/\(name)")
        }
        return files
    }

    func dashboard(entityFiles: [String: String]) -> DashboardPage {
        let ranked = corpus.ranked()
        let rows = ranked.prefix(limits.tableEntities).enumerated().map { index, entity in
            let aliases = entity.aliases.keys.sorted().prefix(12)
            return DashboardPage.EntityRow(
                rank: index + 1, name: entity.name, type: entity.type.rawValue, typeClass: entity.type.rawValue.lowercased(),
                label: ArticlePage.typeLabels[entity.type] ?? "", mentions: entity.mentions, articles: entity.articles,
                href: entityFiles[entity.key], search: ([entity.name] + aliases).joined(separator: " | ").lowercased())
        }
        let types = EntityType.allCases.compactMap { type -> DashboardPage.TypeOption? in
            let count = ranked.filter { $0.type == type }.count
            return count == 0 ? nil : DashboardPage.TypeOption(value: type.rawValue, label: ArticlePage.typeNames[type] ?? type.rawValue, count: count)
        }
        // Stances between entities, and toward issues that more than one stance names.
        let edges = corpus.edges
            .filter { $0.key.target.isEntity || $0.value >= 2 }
            .sorted { ($0.value, $1.key.holder, $1.key.target, $1.key.polarity.rawValue) > ($1.value, $0.key.holder, $0.key.target, $0.key.polarity.rawValue) }
            .prefix(limits.networkEdges)
            .map { StanceNetwork.Edge(holder: $0.key.holder, target: $0.key.target, polarity: $0.key.polarity, count: $0.value) }
        // One drawing per choice of size, each laid out for its own edges.
        var networks: [DashboardPage.Network] = []
        for size in [15, 30, limits.networkEdges] where size <= limits.networkEdges {
            let count = min(size, edges.count)
            guard count > 0, networks.last?.edges != count, let svg = StanceNetwork.build(Array(edges.prefix(count)), name: corpus.name(of:)) else { continue }
            networks.append(DashboardPage.Network(key: "n\(count)", edges: count, chart: svg.markup, hidden: !networks.isEmpty))
        }

        let days = corpus.articles.compactMap(\.day)
        var series: [DashboardPage.Series] = []
        var unit = "day"
        if let first = days.min(), let last = days.max() {
            let buckets = TimeBuckets(first: first, last: last)
            unit = buckets.unit.rawValue
            for entity in ranked where !entity.days.isEmpty {
                series.append(DashboardPage.Series(
                    key: "s\(series.count + 1)", name: "\(entity.name) (\(ArticlePage.typeLabels[entity.type] ?? ""))",
                    chart: buckets.chart(entity.days, name: entity.name).markup, hidden: !series.isEmpty))
                if series.count == limits.chartEntities { break }
            }
        }
        let firstDay = CalendarDays.isoDate(days.min() ?? 0), lastDay = CalendarDays.isoDate(days.max() ?? 0)
        let published = days.isEmpty ? "no dates" : (firstDay == lastDay ? firstDay : "\(firstDay) to \(lastDay)")
        let complete = corpus.articles.filter(\.problems.isEmpty).count
        var stats = [
            DashboardPage.Stat(label: "articles", value: String(corpus.articles.count)),
            DashboardPage.Stat(label: "published", value: published),
            DashboardPage.Stat(label: "distinct entities", value: String(corpus.entities.count)),
            DashboardPage.Stat(label: "quotes", value: String(corpus.quoteTotal)),
            DashboardPage.Stat(label: "stances", value: String(corpus.stanceTotal)),
        ]
        if complete < corpus.articles.count {
            stats.append(DashboardPage.Stat(label: "with missing sections", value: String(corpus.articles.count - complete)))
        }
        if withoutText > 0 { stats.append(DashboardPage.Stat(label: "pages without text", value: String(withoutText))) }
        if !corpus.failedInputs.isEmpty { stats.append(DashboardPage.Stat(label: "inputs that failed", value: String(corpus.failedInputs.count))) }
        let rankedPlaces = corpus.rankedPlaces()
        let mapped = Array(rankedPlaces.prefix(limits.mapPlaces))
        let placeItems = rankedPlaces.prefix(limits.topPlaces).enumerated().map { index, place in
            DashboardPage.PlaceItem(
                rank: index + 1, geonameId: String(place.geonameId), name: place.name, country: place.countryCode ?? "",
                feature: PlaceMap.feature(code: place.featureCode, featureClass: place.featureClass),
                coordinates: PlaceMap.coordinates(latitude: place.latitude, longitude: place.longitude),
                focusArticles: place.focusArticles, articles: place.articles, mentions: place.mentions)
        }
        return DashboardPage(
            generator: generator, title: "Byline report: \(corpus.articles.count) articles", stats: stats, shownEntities: rows.count,
            totalEntities: ranked.count, types: types, entities: ViewList(rows), networks: ViewList(networks), networkEdges: edges.count,
            networkTotal: corpus.edges.count,
            series: ViewList(series), seriesUnit: unit, undatedArticles: Self.more(corpus.articles.count - days.count),
            articles: ViewList(articleOrder.prefix(limits.dashboardArticles).map { row($0, root: "") }), articleCount: corpus.articles.count,
            pager: pager(current: 0, root: ""),
            failures: ViewList(corpus.failedInputs.prefix(200).map { DashboardPage.Failure(source: $0.source, message: $0.message) }),
            placeMap: Self.corpusMap(mapped)?.markup, topPlaces: ViewList(placeItems), placeTotal: corpus.places.count,
            placesShown: mapped.count, placeArticles: corpus.placeArticles)
    }

    /// Where the corpus's stories happen: a dot per place, its area growing with the number of
    /// articles whose focus it is (places never a focus are the smallest dots); the twelve largest are named where their names do not overlap.
    static func corpusMap(_ places: [Corpus.PlaceStat]) -> SVGNode? {
        let peak = Double(max(1, places.map(\.focusArticles).max() ?? 1))
        let dots = places.enumerated().map { index, place in
            let radius = place.focusArticles == 0 ? 2.5 : 3 + 11 * (Double(place.focusArticles) / peak).squareRoot()
            let lines = [
                "\(place.name)\(place.countryCode.map { ", \($0)" } ?? "") · \(PlaceMap.feature(code: place.featureCode, featureClass: place.featureClass))",
                "where the story happens in \(place.focusArticles) article\(place.focusArticles == 1 ? "" : "s")",
                "named in \(place.articles) article\(place.articles == 1 ? "" : "s"), \(place.mentions) mention\(place.mentions == 1 ? "" : "s")",
            ]
            return PlaceMap.Dot(
                geonameId: place.geonameId, latitude: place.latitude, longitude: place.longitude, radius: radius, focus: place.focusArticles > 0,
                entity: nil, label: index < 12 && place.focusArticles > 0 ? place.name : nil, title: lines.joined(separator: "\n"))
        }
        return PlaceMap.build(dots, label: "Where the stories happen", classes: "chart place-map corpus-places", clipId: "corpus-map-clip")
    }

    /// A count the template shows only when it is not zero.
    static func more(_ count: Int) -> Int? { count > 0 ? count : nil }

    // MARK: Files

    /// A file name for `id` unique in `folder`: the id's letters, digits, `-`, `_` and `.`, with a
    /// hash of the id added when anything had to change or the name was taken.
    func fileName(for id: String, in folder: String) -> String {
        var base = ""
        for scalar in id.unicodeScalars.prefix(80) {
            let ascii = scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "-_.".unicodeScalars.contains(scalar))
            base.unicodeScalars.append(ascii ? scalar : "_")
        }
        if base != id || base.isEmpty || base.hasPrefix(".") { base = (base.hasPrefix(".") ? "_" : "") + base + "-" + Self.hash(id) }
        var name = base + ".html"
        var counter = 2
        while !usedNames.insert(folder + "/" + name.lowercased()).inserted {
            name = "\(base)-\(counter).html"
            counter += 1
        }
        return name
    }

    static func hash(_ text: String) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        let hex = String(hash & 0xFFFF_FFFF, radix: 16)
        return String(repeating: "0", count: 8 - hex.count) + hex
    }

    private func createDirectory(_ name: String) throws(ReportError) {
        do {
            try FileManager.default.createDirectory(at: directory.appendingPathComponent(name), withIntermediateDirectories: true)
        } catch {
            throw ReportError("cannot create \(directory.appendingPathComponent(name).path): \(error.localizedDescription)")
        }
    }

    /// Renders `view` and writes it to `name` on another thread; a failure stops the next call.
    private func render(_ view: some Sendable, template: String, to name: String) throws(ReportError) {
        let templates = self.templates, url = directory.appendingPathComponent(name)
        try pages.submit { () throws(ReportError) in try Self.write(templates.render(view, template: template), to: url) }
    }

    private func write(_ html: String, to name: String) throws(ReportError) {
        try Self.write(html, to: directory.appendingPathComponent(name))
    }

    private static func write(_ html: String, to url: URL) throws(ReportError) {
        do {
            try Data(html.utf8).write(to: url)
        } catch {
            throw ReportError("cannot write \(url.path): \(error.localizedDescription)")
        }
    }
}

/// Runs page writes on threads of its own, a few at a time, and remembers the first failure.
final class PageQueue: Sendable {
    /// Threads of the queue's own: the writer is often fed from a Swift concurrency thread that
    /// waits here, and Dispatch's shared pool would leave a one-core machine idle for a second.
    private let threads: JobThreads
    private let group = DispatchGroup()
    private let slots: DispatchSemaphore
    private let failure = Mutex<ReportError?>(nil)

    /// A queue that writes on `threads` threads with twice as many writes in flight at most;
    /// `submit` waits for a free slot.
    init(threads count: Int) {
        threads = JobThreads(count: count)
        slots = DispatchSemaphore(value: max(2, 2 * count))
    }

    deinit {
        threads.stop()
    }

    /// Queues `work`; throws the failure of an earlier write, if one failed.
    func submit(_ work: @escaping @Sendable () throws(ReportError) -> Void) throws(ReportError) {
        if let error = failure.withLock({ $0 }) { throw error }
        slots.wait()
        group.enter()
        threads.submit {
            defer {
                self.slots.signal()
                self.group.leave()
            }
            do {
                try work()
            } catch {
                let failed = (error as? ReportError) ?? ReportError("\(error)")
                self.failure.withLock { if $0 == nil { $0 = failed } }
            }
        }
    }

    /// Waits for every queued write; throws the first failure.
    func wait() throws(ReportError) {
        group.wait()
        if let error = failure.withLock({ $0 }) { throw error }
    }
}
