import Foundation
import Ingest
import Testing

/// Script and style bodies and unkept attribute values are taken out before parsing: the tree must
/// be the one libxml2 builds from the page as given, on markup written to trip the tokenizer.
@Suite struct ScriptBodiesTests {
    /// Everything the tree holds, in a form two trees can be compared by.
    static func describe(_ tree: HTMLTree) -> [String] {
        var lines = ["lang \(tree.language ?? "-")"] + tree.jsonLD.map { "json-ld \($0)" }
        for index in 0..<Int32(tree.nodes.count) {
            let node = tree[index]
            var line = "\(index) \(node.tag) parent \(node.parent) depth \(node.depth) first \(node.firstChild) next \(node.nextSibling)"
            if node.isText {
                line += " text " + String(decoding: tree.textBytes(of: index), as: UTF8.self)
            } else {
                for name in AttributeName.allCases { if let value = tree.attribute(name, of: index) { line += " \(name)=\(value)" } }
            }
            lines.append(line)
        }
        return lines
    }

    static func sameTree(_ html: String) -> Bool { sameTree(Array(html.utf8)) }

    static func sameTree(_ bytes: [UInt8]) -> Bool {
        describe(HTMLParser.parse(utf8: bytes)) == describe(HTMLParser.parse(utf8: bytes, lightened: false))
    }

    @Test func theTreeIsTheSameOnMarkupMadeToTripTheTokenizer() {
        let pieces = [
            "<script>", "</script>", "<SCRIPT type=\"text/javascript\">", "</ScRiPt >", "<style>", "</STYLE>", "<style media='x'>",
            "<!--", "-->", "<!-->", "<!DOCTYPE html>", "<?xml version=\"1.0\"?>", "<![CDATA[", "]]>", "<div class=\"article-body\">",
            "</div>", "<p>", "</p>", "Text with words, ", "if (a < b && c > d) { x = '</p>'; }", " ", "\n", "\"", "'", "=", ">", "<", "/",
            "<img src=\"https://example.com/a-very-long-image-address.jpg\" alt='a > b' data-x=\"<script>\">",
            "<a href=x title=\"a link title\">", "</a>", "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":\"H\"}",
            "<script type=\"application&#x2F;ld&#x2B;json\">{\"a\":\"</p>\"}", "<div data-config='{\"k\":\"</script>\"}' class=\"related\">",
            "<div =\"a>b\" class=\"x\">", "<span onclick=\"if(a>b){go('/x')}\" id=\"s\">", "&amp;", "&#x2B;", "/>", "<br/>",
            "<script src=\"https://cdn.example.com/app.js\"/>", "<textarea>", "</textarea>", "<title>", "</title>", "<html lang=\"de\">",
            "<meta property=\"og:title\" content=\"The title of the page, long enough\">", "<script src='x'", "<style/>", "<p class=unquoted-long-value-here>",
            "<div data-a=\"1\"data-b=\"two values glued together\">", "<noscript><p>no script</p></noscript>", "<svg><style>.a{}</style></svg>",
            "é, 東京, 🇺🇦", "<p title='It\"s'>", "<a href=\"/x\"\nclass=\"share\"\n>", "<body>", "<BODY class=\"b\">", "<frameset>",
            "<noscript>", "<NOSCRIPT>", "<noscript2>", "<div>", "<template>", "</p>", "</div>", "</noscript>", "<p/>", "<_x>", "<:y>", "</_z>",
            "<a href=\"https://example.com/2025/06/19/a-long-story-address\" class=\"more\">", "<A HREF='https://example.com/long/path'>",
            "<link rel=\"canonical\" href=\"https://example.com/2025/06/19/the-story\">", "<LINK HREF=\"https://example.com/upper/case\" rel=canonical>",
            "<linked href=\"https://example.com/not-a-link-element\">", "<link\"x\" href=\"https://example.com/junk-after-the-name\">",
            "<link.x href=\"https://example.com/dotted-name-here\">", "<a\"b href=\"https://example.com/junk-after-a\">",
            "<div itemscope itemtype=\"https://schema.org/NewsArticle\">", "<meta charset=\"windows-1252-long\">",
            "<div class=\"story-body__inner js-story\">", "<div class='teaser teaser--large\r\n  teaser--lead\tx'>",
            "<p class=\"a &amp; b, long enough\">", "<p class=\"caf\u{E9} and more words\">", "<p class=\"first-of-two\" class=\"second-of-two\">",
            "<p id=\"\u{F0000}\" class=\"\u{F0001}\">", "\u{F0002}", "<p class=\"&#xF0000;\" id='&#983041;'>", "&#xf0003;",
            "<img width=\"10\" alt=\"\" height='9'>", "<td colspan=2 align=\"left\">", "<a target=\"_blank\" rel=\"me\">", "<p x=\"\" class=\"\" id=\"a\">",
            "<p class=\"&#x00000000000F0001;\">", "\u{E0067}\u{E007F}", "<p class=\"\u{10FFFD}\">", "<meta name=\"description\" content=\"A description, long enough to refer to\">",
            "<p class=\"\u{0}null inside\">", "<div class=\"quote \" inside 'x' \">", "<time datetime=\"2025-06-19T10:00:00Z\">",
        ]
        var state: UInt64 = 20_261_202
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        var failures = 0
        for _ in 0..<20_000 {
            let html = (0..<(1 + next(40))).map { _ in pieces[next(pieces.count)] }.joined()
            if !Self.sameTree(html) {
                failures += 1
                if failures <= 3 { Issue.record("the trees differ for: \(html)") }
            }
        }
        #expect(failures == 0)
    }

    /// libxml2 reads a page as Latin-1 from its first invalid UTF-8 byte on; the kept values must
    /// still be the page's own.
    @Test func valuesAfterInvalidUTF8AreThePagesOwn() {
        let bytes = Array("<div class=\"before-the-byte\"><p>caf".utf8) + [0xE9, 0xFF] + Array("</p><div class=\"story-body inner\" id=\"main-story\"><p>Text.</p></div></div>".utf8)
        #expect(Self.sameTree(bytes))
        let tree = HTMLParser.parse(utf8: bytes)
        #expect((0..<Int32(tree.nodes.count)).compactMap { tree.attribute(.class, of: $0) } == ["before-the-byte", "story-body inner"])
    }

    @Test func scriptsCommentsAndQuotedValuesDoNotHideTheArticle() throws {
        let html = page(head: "<script type=\"application&#x2F;ld&#x2B;json\">{\"@type\":\"NewsArticle\",\"datePublished\":\"2025-06-19\",\"author\":{\"@type\":\"Person\",\"name\":\"Jane Roe\"}}</script>", """
            <!-- <script> an old include, commented out -->
            <div data-tracking="{&quot;event&quot;:&quot;view&quot;,&quot;html&quot;:&quot;<script>&quot;}" class="article-body">
            <p>\(prose(1))</p><script>document.write("<p>Injected paragraph that is not the article at all, with commas.</p>");</script>
            <style>p::before { content: "</p><p>"; }</STYLE>
            <p onclick="if (a > b) { track('</p>') }">\(prose(2))</p>
            <img src="https://example.com/photo.jpg" srcset="https://example.com/photo-2x.jpg 2x" alt="A photo > words">
            <p>\(prose(3))</p></div>
            <div data-config='{"k":"</script>"}' class="related-stories"><p><a href="/x">Another story, about something else entirely</a></p></div>
            <script>var unterminated = "
            """)
        let page = try extract(html)
        #expect(page.text == [prose(1), prose(2), prose(3)].joined(separator: "\n\n"))
        #expect(page.publishedAt == "2025-06-19")
        #expect(page.authors == ["Jane Roe"])
        #expect(Self.sameTree(html))
    }
}
