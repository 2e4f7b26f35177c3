import Foundation
import Ingest
import Testing

/// Inputs that are not pages, or pages built to hurt: a clear error or a result, never a crash or a hang.
@Suite struct BadInputTests {
    @Test func binaryDataNamedHTMLIsRefusedByName() {
        #expect(throws: IngestError("this is a PDF document, not an HTML page")) {
            try PageExtractor.extract(Array("%PDF-1.7\n%âãÏÓ\n".utf8), context: .init(source: "x.html"))
        }
        #expect(throws: IngestError("this is a PNG image, not an HTML page")) {
            try PageExtractor.extract([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], context: .init(source: "x.html"))
        }
        var random = SystemRandomNumberGenerator()
        let noise = (0..<4096).map { _ in UInt8.random(in: 0...31, using: &random) }
        #expect(throws: IngestError("this is binary data, not an HTML page")) { try PageExtractor.extract(noise, context: .init(source: "x.html")) }
    }

    @Test func aHundredThousandNestedDivsParseIntoABoundedTree() throws {
        let depth = 100_000
        let html = "<html><body>" + String(repeating: "<div>", count: depth) + "<p>\(prose(1))</p><p>\(prose(2))</p>"
            + String(repeating: "</div>", count: depth) + "</body></html>"
        let extracted = try PageExtractor.extract(Array(html.utf8), context: .init(source: "deep.html"))
        #expect(extracted.text == prose(1) + "\n\n" + prose(2))
    }

    @Test func aFiftyMegabytePageIsRead() throws {
        let paragraph = "<p>" + prose(1) + "</p>\n"
        let count = 50_000_000 / paragraph.utf8.count
        var html = "<html><head><title>Big</title></head><body><article>"
        html.reserveCapacity(50_100_000)
        for _ in 0..<count { html += paragraph }
        html += "</article></body></html>"
        let extracted = try PageExtractor.extract(Array(html.utf8), context: .init(source: "big.html"))
        #expect(extracted.text.utf8.count > 40_000_000)
        #expect(extracted.title == "Big")
    }

    @Test func overTheLimitIsAnErrorThatNamesTheLimit() {
        let huge = [UInt8](repeating: 0x61, count: PageExtractor.maximumPageBytes + 1)
        #expect(throws: IngestError("the page is \(huge.count) bytes, over the 64 MB limit")) {
            try PageExtractor.extract(huge, context: .init(source: "huge.html"))
        }
    }

    @Test func hostileMarkupIsTextNotCode() throws {
        let html = page("""
            <article><p>\(prose(1))</p><p>&lt;script&gt;alert(1)&lt;/script&gt; is shown as text, and so is "><img src=x onerror=alert(1)>.</p>
            <p>\(prose(2))<svg onload=alert(2)></svg></p></article>
            """)
        let text = try extract(html).text
        #expect(text.contains("<script>alert(1)</script> is shown as text"))
        #expect(!text.contains("onload"))
    }

    @Test(arguments: [
        "", " ", "<", "<html", "<!--", "<!doctype", "<html><body></body></html>", "\u{0}\u{0}<p>x</p>", "<p>\u{FEFF}</p>",
        "<![CDATA[ x ]]>", "<?xml version=\"1.0\"?><p>text</p>", "<a href='", "<p>" + String(repeating: "&amp;", count: 10_000),
    ])
    func oddInputsGiveAResultOrAnErrorNeverACrash(input: String) {
        _ = try? PageExtractor.extract(Array(input.utf8), context: .init(source: "odd.html"))
    }
}
