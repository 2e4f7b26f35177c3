import Foundation
import Ingest

/// The repository root, found from this file's path (Tests/IngestTests/Support.swift).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// ../shared/data/html, when this checkout has it (CI does not).
let sharedHTML = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/data/html")
let hasWARCEdgeCases = FileManager.default.fileExists(atPath: sharedHTML.appendingPathComponent("warc-edge-cases/example.warc").path)

/// Extracts a page given as a string (UTF-8), failing the test's expectation on error.
func extract(_ html: String, url: String? = nil, crawlDate: String? = nil) throws -> ExtractedPage {
    try PageExtractor.extract(Array(html.utf8), context: .init(source: "test.html", url: url, crawlDate: crawlDate))
}

/// A page whose body is `body` and whose head holds `head`.
func page(head: String = "", _ body: String) -> String {
    "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\(head)</head><body>\(body)</body></html>"
}

/// A paragraph of running text long enough to count as prose.
func prose(_ n: Int) -> String {
    "Paragraph \(n) of the story says something substantial, with commas, clauses and a full stop, as articles do."
}

/// A temporary directory removed by the caller.
func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("byline-ingest-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

