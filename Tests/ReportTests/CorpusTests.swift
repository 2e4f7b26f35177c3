import ArticleModel
import Foundation
@testable import Batch
import JSONCoding
import Testing

@testable import Report

@Suite struct CorpusTests {
    @Test func oneArticleMakesItsPageTheIndex() throws {
        let directory = ReportFixtures.directory("one")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let writer = try ReportWriter(directory: directory)
        try writer.add(ReportFixtures.analysis())
        let summary = try writer.finish()
        #expect(summary.articles == 1)
        let index = ReportFixtures.read(summary.index)
        #expect(index.contains("data-entity=\"E1\""))
        #expect(!index.contains("corpus dashboard"))
        #expect(FileManager.default.fileExists(atPath: directory + "/articles/geneva.html"))
    }

    @Test func corpusHasDashboardEntityPagesAndLists() throws {
        let directory = ReportFixtures.directory("corpus")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let writer = try ReportWriter(directory: directory)
        try writer.add(ReportFixtures.analysis(id: "a", published: "2025-06-19"))
        try writer.add(ReportFixtures.analysis(id: "b", published: "2025-07-02"))
        try writer.add(ReportFixtures.analysis(id: "c", published: nil, withText: false), missingText: .notStored(hint: ""))
        writer.addFailure(source: "broken.jsonl:3", message: "not JSON")
        let summary = try writer.finish()
        #expect(summary.articles == 3)
        #expect(summary.withoutText == 1)
        #expect(summary.failedInputs == 1)
        // Anna Keller, Iran and Tehran are in every article; each gets a page.
        #expect(summary.entityPages == 3)
        let index = ReportFixtures.read(summary.index)
        #expect(index.contains("Anna Keller"))
        #expect(index.contains("entities/PERSON-Anna_Keller-"))
        #expect(index.contains("data-polarity=\"oppose\""), "Tehran opposes 'the offer' in three articles: an issue named more than once")
        #expect(index.contains("broken.jsonl:3"))
        #expect(index.contains("1 articles without a date are left out"))
        // Newest first, undated last.
        let a = try #require(index.range(of: "articles/a.html")), b = try #require(index.range(of: "articles/b.html"))
        let c = try #require(index.range(of: "articles/c.html"))
        #expect(b.lowerBound < a.lowerBound && a.lowerBound < c.lowerBound)
        let entityFile = try #require(try FileManager.default.contentsOfDirectory(atPath: directory + "/entities").first { $0.hasPrefix("PERSON-Anna_Keller") })
        let page = ReportFixtures.read(directory + "/entities/" + entityFile)
        #expect(ReportFixtures.count("We are ready,", in: page) == 3)
        #expect(page.contains("../articles/a.html#quote-1"))
        #expect(FileManager.default.fileExists(atPath: directory + "/lists/articles-1.html"))
    }

    @Test func anotherReportIsReplacedButOtherFilesAreNotTouched() throws {
        let directory = ReportFixtures.directory("rewrite")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = try ReportWriter(directory: directory)
        try first.add(ReportFixtures.analysis(id: "old"))
        _ = try first.finish()
        let second = try ReportWriter(directory: directory)
        try second.add(ReportFixtures.analysis(id: "new"))
        _ = try second.finish()
        #expect(!FileManager.default.fileExists(atPath: directory + "/articles/old.html"))
        let other = ReportFixtures.directory("other")
        try FileManager.default.createDirectory(atPath: other, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: other) }
        try Data("mine".utf8).write(to: URL(fileURLWithPath: other + "/notes.txt"))
        #expect(throws: ReportError.self) { try ReportWriter(directory: other) }
        #expect(ReportFixtures.read(other + "/notes.txt") == "mine")
    }

    @Test func fileNamesAreSafeAndUnique() throws {
        let directory = ReportFixtures.directory("names")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let writer = try ReportWriter(directory: directory)
        let names = ["a/b", "a_b", "../x", ".hidden", "Ünïcode", "A", "a", String(repeating: "z", count: 300), ""].map { writer.fileName(for: $0, in: "articles") }
        #expect(Set(names.map { $0.lowercased() }).count == names.count)
        for name in names {
            #expect(!name.contains("/") && !name.hasPrefix(".") && name.hasSuffix(".html") && name.count < 110, "\(name)")
        }
        #expect(names[0] != "a_b.html" && names[1] == "a_b.html")
    }

    /// 10,000 articles (synthetic, 40 entities and a few quotes and stances each, over three years):
    /// the dashboard stays under 5 MB and the list is paged. Article pages are not rendered here
    /// (the other tests cover them; 10,000 of them take minutes in a debug build).
    @Test func tenThousandArticlesKeepTheIndexSmall() throws {
        let directory = ReportFixtures.directory("large")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let writer = try ReportWriter(directory: directory)
        writer.writesArticlePages = false
        let base = ReportFixtures.analysis()
        let text = try #require(base.text)
        let mention = ReportFixtures.span("Iran", in: text)
        for number in 0..<10_000 {
            var analysis = base
            analysis.article.id = "article-\(number)"
            let day = CalendarDays.day(year: 2023, month: 1, day: 1) + number % 1100
            analysis.article.publishedAt = CalendarDays.isoDate(day)
            analysis.text = nil
            var entities = base.entities ?? []
            for extra in 0..<40 {
                let id = (number * 7 + extra * 13) % 3000
                entities.append(Entity(id: "X\(extra)", type: [EntityType.person, .organization, .location][extra % 3], name: "Entity number \(id)",
                                       mentions: [Mention(span: mention, text: "Iran", kind: .name)], salience: 0.1))
            }
            analysis.entities = entities
            analysis.stances = (0..<3).map { index in
                Stance(id: "S\(index)", holder: ActorRef(text: "x", entityId: "X\(index)"), target: ActorRef(text: "y", entityId: "X\(index + 5)"),
                       polarity: index == 0 ? .support : .oppose, strength: 0.5, evidence: mention)
            }
            try writer.add(analysis, missingText: .notStored(hint: ""))
        }
        let summary = try writer.finish()
        let size = try #require(try FileManager.default.attributesOfItem(atPath: summary.index)[.size] as? Int)
        #expect(size < 5_000_000, "index.html is \(size) bytes")
        print("index.html for 10,000 articles: \(size) bytes, \(summary.entityPages) entity pages, \(summary.listPages) list pages")
        #expect(summary.listPages == 20)
        #expect(summary.entityPages == ReportLimits().entityPages)
        let index = ReportFixtures.read(summary.index)
        #expect(ReportFixtures.count("<tr data-type=", in: index) == ReportLimits().tableEntities)
        #expect(index.contains("lists/articles-20.html"))
    }
}

@Suite struct AnalysisFilesTests {
    static func bytes(_ analysis: ArticleAnalysis) throws -> [UInt8] {
        var output = JSONOutput()
        try output.value(analysis)
        return output.bytes
    }

    func items(_ bytes: [UInt8]) -> [AnalysisItem] {
        var items: [AnalysisItem] = []
        AnalysisFiles.read(bytes, name: "in") { items.append($0) }
        return items
    }

    @Test func readsWhatAnalyzeAndBatchWrite() throws {
        let one = try Self.bytes(ReportFixtures.analysis(id: "one"))
        let two = try Self.bytes(ReportFixtures.analysis(id: "two", withText: false))
        // A single object, pretty-printed as analyze prints it.
        let pretty = try JSONSerialization.data(withJSONObject: try JSONSerialization.jsonObject(with: Data(one)), options: [.prettyPrinted])
        #expect(AnalysisFiles.holdsAnalyses([UInt8](pretty)))
        #expect(items([UInt8](pretty)).map { $0.analysis?.article.id } == ["one"])
        // An array (analyze --format json of several).
        let array = [UInt8]("[\n".utf8) + one + [UInt8](",\n".utf8) + two + [UInt8]("\n]\n".utf8)
        let fromArray = items(array)
        #expect(fromArray.map { $0.analysis?.article.id } == ["one", "two"])
        #expect(fromArray[0].missingText == nil && fromArray[0].analysis?.text != nil)
        #expect(fromArray[1].missingText != nil)
        // JSONL with a blank line, a broken line, a record without analysis and a batch record.
        let record = [UInt8]("{\"id\":\"two\",\"source\":\"two.txt\",\"status\":\"complete\",\"analysis\":".utf8) + two + [UInt8]("}".utf8)
        let errorRecord = [UInt8]("{\"id\":null,\"source\":\"bad.txt\",\"status\":\"error\",\"error\":\"not valid UTF-8\"}".utf8)
        let jsonl = one + [0x0A, 0x0A] + [UInt8]("{\"schema\": oops\n".utf8) + errorRecord + [0x0A] + record + [0x0A]
        #expect(AnalysisFiles.holdsAnalyses(jsonl))
        let fromLines = items(jsonl)
        #expect(fromLines.map(\.source) == ["in:1", "in:3", "in:4", "in:5"])
        #expect(fromLines.map { $0.analysis?.article.id } == ["one", nil, nil, "two"])
        #expect(fromLines[1].error?.hasPrefix("not JSON") == true)
        #expect(fromLines[2].error?.contains("not valid UTF-8") == true)
        #expect(fromLines[3].missingText == .notStored(hint: AnalysisFiles.batchHint))
    }

    @Test func tellsArticlesFromAnalysesAndRefusesNonsense() {
        #expect(!AnalysisFiles.holdsAnalyses(Array("{\"id\": \"a\", \"text\": \"Hello\"}".utf8)))
        #expect(!AnalysisFiles.holdsAnalyses(Array("{\"id\": \"a\", \"text\": \"Hello\"}\n{\"id\": \"b\", \"text\": \"x\"}\n".utf8)))
        #expect(!AnalysisFiles.holdsAnalyses(Array("plain text".utf8)))
        #expect(!AnalysisFiles.holdsAnalyses([]))
        #expect(items([]).map(\.error) == ["the file is empty"])
        #expect(items(Array("[1, 2]".utf8)).first?.error?.hasPrefix("not a JSON array of analyses") == true)
        #expect(items(Array("{\"schema\": \"byline.article/1\", \"article\": {}}".utf8)).first?.error?.hasPrefix("not a valid analysis") == true)
    }

    @Test func resultsStoreKeepsTexts() throws {
        let path = ReportFixtures.directory("store") + ".sqlite"
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let journal = try Journal(path: path, storeResults: true)
        let analysis = try Self.bytes(ReportFixtures.analysis(withText: false))
        let index = try JSONInput.decode(AnalysisIndex.self, from: analysis)
        var record = ResultRecord(id: "geneva", source: "a.txt", status: .complete, problems: [], error: nil, analysis: analysis, index: index)
        record.text = ReportFixtures.text
        try journal.note(key: "a", record: record, line: record.line(), offset: 0)
        var plain = record
        plain.text = nil
        try journal.note(key: "b", record: plain, line: plain.line(), offset: 10)
        try journal.commit()
        var seen: [(String, String?)] = []
        try Journal(path: path, storeResults: true).storedRecords { line, text in seen.append((line, text)) }
        #expect(seen.map(\.1) == [ReportFixtures.text, nil])
        #expect(!seen[0].0.contains("GENEVA (Reuters)"), "the output line itself does not repeat the text")
    }
}
