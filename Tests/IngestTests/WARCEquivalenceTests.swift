import Foundation
import Ingest
import Testing

/// The same pages, packed as a CC-NEWS-style WARC (one gzip member per record, HTTP response
/// headers, a crawl date), must give the same text and metadata as the files themselves. Reads the
/// trafilatura evaluation pages from ../shared/data when this checkout has them (CI does not).
@Suite(.enabled(if: FileManager.default.fileExists(atPath: sharedHTML.appendingPathComponent("trafilatura-eval/pages").path)))
struct WARCEquivalenceTests {
    @Test func pagesReadFromAWARCExtractAsTheFilesDo() throws {
        let folder = sharedHTML.appendingPathComponent("trafilatura-eval/pages")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".html.gz") }.sorted().prefix(300)
        var writer = WARCWriter(compressed: true)
        var direct: [String: Result<ExtractedPage, IngestError>] = [:]
        for (index, name) in names.enumerated() {
            let compressed = [UInt8](try Data(contentsOf: folder.appendingPathComponent(name)))
            let html = try #require(Inflater.gunzip(compressed))
            let url = "https://example.org/news/\(index).html"
            direct[url] = Result { () throws(IngestError) in try PageExtractor.extract(html, context: .init(source: name)) }
            // No charset in the header: the page's own declarations decide, as for the file.
            writer.addResponse(url: url, date: "2030-01-01T00:00:00Z", contentType: "text/html", body: html)
        }
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("pages.warc.gz").path
        try Data(writer.bytes).write(to: URL(fileURLWithPath: path))

        let pages = try ArchivePages(path: path)
        var compared = 0
        while let item = pages.next() {
            if case .failure(let source, let message) = item { Issue.record("\(source): \(message)") }
            guard case .page(let body, let context, _) = item, let url = context.url, let expected = direct[url] else { continue }
            let fromArchive = Result { () throws(IngestError) in try PageExtractor.extract(body, context: context) }
            compared += 1
            switch (expected, fromArchive) {
            case (.success(let file), .success(let record)):
                #expect(record.text == file.text, "\(url)")
                #expect(record.title == file.title, "\(url)")
                #expect(record.authors == file.authors, "\(url)")
                #expect(record.publishedAt == file.publishedAt, "\(url)")
                #expect(record.language == file.language, "\(url)")
            case (.failure, .failure):
                break
            default:
                Issue.record("\(url): extracted from one and not the other")
            }
        }
        #expect(compared == names.count)
    }
}
