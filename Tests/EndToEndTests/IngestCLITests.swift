import ArticleModel
import Foundation
import Ingest
import Testing

/// A news page written for these tests: a headline, a dated byline, a story with relative dates,
/// and the furniture (navigation, share bar, related links, footer) that must not reach the text.
let newsPage = """
    <!doctype html><html lang="en"><head><meta charset="utf-8">
    <title>Talks resume in Geneva | The Example Times</title>
    <meta property="og:site_name" content="The Example Times">
    <script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Talks resume in Geneva",
    "datePublished":"2025-06-19T08:30:00+02:00","author":{"@type":"Person","name":"Jane Doe"},"publisher":{"@type":"Organization","name":"The Example Times"}}</script>
    </head><body><header><nav><a href="/">Home</a> <a href="/world">World</a></nav></header>
    <main><article><h1>Talks resume in Geneva</h1><p class="byline">By Jane Doe</p>
    <p>GENEVA — Diplomats from Iran and the United States met on Sunday, officials said, and will meet again on Friday.</p>
    <p>"We are ready to talk," Foreign Minister Abbas Araqchi told reporters after the meeting, adding that sanctions must end first.</p>
    <div class="share-bar"><a href="#">Share on Facebook</a></div></article>
    <aside class="related"><ul><li><a href="/a">Other story</a></li></ul></aside></main>
    <footer>© 2025 The Example Times</footer></body></html>
    """

extension EndToEnd {
    @Suite struct IngestCLITests {
        @Test func extractPrintsWhatIngestionMakesOfAPage() throws {
            let directory = Paths.temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let html = directory + "/story.html"
            try newsPage.write(toFile: html, atomically: true, encoding: .utf8)
            let gz = directory + "/copy.html.gz"
            #expect(FileManager.default.createFile(atPath: gz, contents: Data(GzipWriter.member(Array(newsPage.utf8)))))
            let result = try run(Paths.byline, ["extract", html, gz, "--format", "jsonl"])
            #expect(result.status == 0, "\(result.err)")
            let pages = result.out.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
            #expect(pages.count == 2)
            let page = try #require(pages.first)
            #expect(page["source"] as? String == html)
            #expect(page["title"] as? String == "Talks resume in Geneva")
            #expect(page["authors"] as? [String] == ["Jane Doe"])
            #expect(page["publishedAt"] as? String == "2025-06-19T08:30:00+02:00")
            #expect(page["siteName"] as? String == "The Example Times")
            #expect(page["language"] as? String == "en")
            let text = try #require(page["text"] as? String)
            #expect(text.hasPrefix("GENEVA — Diplomats"))
            #expect(!text.contains("Share on Facebook") && !text.contains("Other story") && !text.contains("Home") && !text.contains("By Jane Doe"))
            #expect((page["extraction"] as? [String: String])?["publishedAt"] == "json-ld")
            #expect(pages.last?["text"] as? String == text)
        }

        @Test func extractNamesPagesItCannotReadAndPrintsTheRest() throws {
            let directory = Paths.temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let binary = directory + "/binary.html"
            #expect(FileManager.default.createFile(atPath: binary, contents: Data([0x89, 0x50, 0x4E, 0x47, 0x00, 0x01, 0x02])))
            let html = directory + "/story.html"
            try newsPage.write(toFile: html, atomically: true, encoding: .utf8)
            var pdfs = WARCWriter(compressed: true)
            for n in 1...2 { pdfs.addResponse(url: "https://example.com/\(n).pdf", date: "2025-06-19T10:00:00Z", contentType: "application/pdf", body: Array("%PDF-1.7".utf8)) }
            let archive = directory + "/pdfs.warc.gz"
            #expect(FileManager.default.createFile(atPath: archive, contents: Data(pdfs.bytes)))
            let video = directory + "/video.html"
            try """
                <html><head><title>Flood footage | The Example Times</title>
                <meta property="article:published_time" content="2025-06-18"></head>
                <body><nav><a href="/">Home</a></nav><div class="player"></div></body></html>
                """.write(toFile: video, atomically: true, encoding: .utf8)
            let result = try run(Paths.byline, ["extract", binary, html, video, archive, "--format", "jsonl"])
            #expect(result.status == 1)
            #expect(result.err.contains("binary.html: this is a PNG image, not an HTML page"))
            #expect(result.err.contains("video.html: the page has no body text"))
            #expect(result.err.components(separatedBy: "application/pdf, not HTML").count == 3)
            #expect(result.err.contains("warcinfo 1"))
            #expect(result.err.contains("extract: 1 page(s), 4 failed"))
            // The story, then the video page's metadata with the error; nothing for the binary or the PDFs.
            let lines = result.out.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
            #expect(lines.count == 2)
            #expect(lines.first?["source"] as? String == html && lines.first?["error"] == nil)
            #expect(lines.last?["source"] as? String == video)
            #expect(lines.last?["error"] as? String == "the page has no body text")
            #expect(lines.last?["text"] as? String == "")
            #expect(lines.last?["publishedAt"] as? String == "2025-06-18")
            #expect(lines.last?["title"] as? String == "Flood footage | The Example Times")
        }

        /// The page's own date anchors the timeline when the user gives none; `--published` wins.
        @Test func analyzeReadsAPageAndItsDateFeedsTheTimeline() throws {
            let directory = Paths.temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let html = directory + "/geneva-talks.html"
            try newsPage.write(toFile: html, atomically: true, encoding: .utf8)
            let result = try run(Paths.byline, ["analyze", html])
            #expect(result.status == 0, "\(result.err)")
            let analysis = try JSONDecoder().decode(ArticleAnalysis.self, from: Data(result.out.utf8))
            #expect(analysis.article.id == "geneva-talks")
            #expect(analysis.article.title == "Talks resume in Geneva")
            #expect(analysis.article.authors == ["Jane Doe"])
            #expect(analysis.article.publishedAt == "2025-06-19T08:30:00+02:00")
            #expect(analysis.article.extraction?["publishedAt"] == "json-ld")
            let sunday = try #require(analysis.timexes?.first { $0.text == "Sunday" })
            #expect(sunday.value == "2025-06-15")
            #expect(sunday.anchor == "extractedPublishedAt")
            #expect(analysis.entities?.contains { $0.name == "Abbas Araqchi" } == true)
            #expect(analysis.provenance.allSatisfy { $0.status == .ok })

            let given = try run(Paths.byline, ["analyze", html, "--published", "2025-06-26"])
            let overridden = try JSONDecoder().decode(ArticleAnalysis.self, from: Data(given.out.utf8))
            #expect(overridden.article.publishedAt == "2025-06-26")
            #expect(overridden.article.extraction?["publishedAt"] == nil)
            #expect(overridden.timexes?.first { $0.text == "Sunday" }?.value == "2025-06-22")
            #expect(overridden.timexes?.first { $0.text == "Sunday" }?.anchor == "publishedAt")
        }

        /// A batch over saved pages and a CC-NEWS-style archive: one record per page, archive records
        /// named PATH#OFFSET, the other record types counted, and a rerun finds everything done.
        @Test func batchReadsPagesAndArchives() throws {
            let directory = Paths.temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let pages = directory + "/pages"
            try FileManager.default.createDirectory(atPath: pages, withIntermediateDirectories: true)
            try newsPage.write(toFile: pages + "/one.html", atomically: true, encoding: .utf8)
            #expect(FileManager.default.createFile(atPath: pages + "/two.htm.gz", contents: Data(GzipWriter.member(Array(newsPage.utf8)))))
            var writer = WARCWriter(compressed: true)
            writer.addResponse(url: "https://example.com/world/geneva", date: "2025-06-20T10:00:00Z", body: Array(newsPage.utf8))
            writer.append(type: "request", headers: ["WARC-Target-URI": "https://example.com/world/geneva"], block: Array("GET / HTTP/1.1\r\n\r\n".utf8))
            writer.addResponse(url: "https://example.com/world/geneva-2", date: "2025-06-20T10:00:00Z", body: Array(newsPage.utf8))
            let archive = directory + "/CC-NEWS-test.warc.gz"
            #expect(FileManager.default.createFile(atPath: archive, contents: Data(writer.bytes)))
            let out = directory + "/results.jsonl"
            let first = try run(Paths.byline, ["batch", pages, archive, "--out", out, "--quiet"], seconds: 120)
            #expect(first.status == 0, "\(first.err)")
            #expect(first.err.contains("archive records passed over (not responses): request 1, warcinfo 1"), "\(first.err)")
            let written = try records(out)
            #expect(written.count == 4)
            #expect(written.allSatisfy { $0["status"] as? String == "complete" })
            let sources = written.compactMap { $0["source"] as? String }
            #expect(sources[0] == pages + "/one.html" && sources[1] == pages + "/two.htm.gz")
            #expect(sources[2].hasPrefix(archive + "#") && sources[3].hasPrefix(archive + "#") && sources[2] != sources[3])
            #expect(written.compactMap { $0["id"] as? String }.prefix(2) == ["one", "two"])
            let urls = written.compactMap { (($0["analysis"] as? [String: Any])?["article"] as? [String: Any])?["url"] as? String }
            #expect(urls == ["https://example.com/world/geneva", "https://example.com/world/geneva-2"])
            let second = try run(Paths.byline, ["batch", pages, archive, "--out", out, "--quiet"], seconds: 60)
            #expect(second.status == 0, "\(second.err)")
            #expect(second.err.contains("4 already done"), "\(second.err)")
            #expect(try records(out).count == 4)
        }
    }
}
