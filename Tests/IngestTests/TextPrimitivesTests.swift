import Foundation
import Ingest
import Testing

/// The byte-level primitives extraction runs on every page, checked against their definitions
/// written the plain way, and the end-of-article rules on long pages.
@Suite struct TextPrimitivesTests {
    /// A deterministic generator, so that a failure can be replayed.
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    /// The definition of ``Whitespace/normalise(_:)``, scalar by scalar.
    static func referenceNormalise(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var pending = false
        for scalar in text.unicodeScalars {
            if Whitespace.isSpace(scalar) {
                pending = !out.isEmpty
            } else if !(scalar.value == 0xAD || (0x200C...0x200F).contains(scalar.value) || (0x2060...0x2064).contains(scalar.value)
                || scalar.value == 0xFFFE || scalar.value == 0xFFFF || (0x7F...0x84).contains(scalar.value) || (0x86...0x9F).contains(scalar.value)
                || (scalar.value < 0x20 && scalar.value != 0x09 && scalar.value != 0x0A && scalar.value != 0x0D))
            {
                if pending { out.append(" ") }
                pending = false
                out.append(scalar)
            }
        }
        return String(out)
    }

    @Test func whiteSpaceIsNormalisedInEveryScriptAsItsDefinitionSays() {
        // Spaces of every kind, invisible characters, controls and letters of one to four bytes.
        let pieces: [String] = [
            " ", "\t", "\n", "\r\n", "\u{0B}", "\u{0C}", "\u{85}", "\u{A0}", "\u{2003}", "\u{200B}", "\u{3000}", "\u{FEFF}", "\u{AD}",
            "\u{200D}", "\u{2060}", "\u{7F}", "\u{01}", "\u{90}", "a", "Zürich", "Ελλάδα", "東京", "🇺🇦", "e\u{301}", ".", "—", "😀x",
        ]
        var generator = Generator(state: 20_261_202)
        for _ in 0..<2_000 {
            var text = ""
            for _ in 0..<generator.next(24) { text += pieces[generator.next(pieces.count)] }
            #expect(Whitespace.normalise(text) == Self.referenceNormalise(text), "\(Array(text.unicodeScalars))")
        }
        #expect(Whitespace.normalise("  Grüße,\u{A0}\u{A0}Zoë\u{AD}\u{200B} und 東京\n\t ") == "Grüße, Zoë und 東京")
        #expect(Whitespace.normalise("") == "")
        #expect(Whitespace.normalise(" \u{2003}\n") == "")
    }

    @Test func utf8IsCheckedByteForByteWhereverTheWordsBreak() {
        // Every position of a NUL, a multi-byte character and an invalid byte relative to the
        // eight-byte words and 32-byte blocks the check reads, against the standard library's validation.
        let ascii = Array(String(repeating: "abcdefghijklmnopqrstuvwxyz012345", count: 3).utf8)
        let insertions: [[UInt8]] = [[0x00], [0xC3, 0xA9], [0xE2, 0x82, 0xAC], [0xF0, 0x9F, 0x98, 0x80], [0xFF], [0xC3], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xC0, 0xAF]]
        for insertion in insertions {
            for position in 0...ascii.count {
                let bytes = Array(ascii[..<position]) + insertion + Array(ascii[position...])
                let result = UTF8Repair.isValid(bytes)
                #expect(result.valid == (String(validating: bytes, as: UTF8.self) != nil), "\(insertion) at \(position)")
                #expect(result.hasNUL == bytes.contains(0), "\(insertion) at \(position)")
                if result.valid { #expect(result.hasNonASCII == bytes.contains { $0 >= 0x80 }) }
            }
        }
        var generator = Generator(state: 7)
        for _ in 0..<2_000 {
            let bytes = (0..<generator.next(100)).map { _ in generator.next(16) == 0 ? UInt8(generator.next(256)) : UInt8(0x20 + generator.next(0x5F)) }
            #expect(UTF8Repair.isValid(bytes).valid == (String(validating: bytes, as: UTF8.self) != nil), "\(bytes)")
        }
    }

    @Test func linkListsAfterALongArticleGoAndItsParagraphsStay() throws {
        // Hundreds of paragraphs, then the run of related links: only the run is cut.
        let paragraphs = (1...400).map { prose($0) }
        let html = page("""
            <div class="body-text">\(paragraphs.map { "<p>\($0)</p>" }.joined())<h3>More stories</h3>
            <p><a href="/a">The first other story, about something else</a></p><p><a href="/b">The second other story, about more</a></p></div>
            """)
        #expect(try extract(html).text == paragraphs.joined(separator: "\n\n"))
    }

    @Test func aClosingLineSetAsAHeadingAfterALongArticleStays() throws {
        let paragraphs = (1...300).map { prose($0) }
        let html = page("<article>\(paragraphs.map { "<p>\($0)</p>" }.joined())<h4>The author reported from Kyiv.</h4></article>")
        #expect(try extract(html).text == (paragraphs + ["The author reported from Kyiv."]).joined(separator: "\n\n"))
    }

    @Test func aLongLastParagraphIsNeverCutForHowItOpens() throws {
        // "Read more" opens it, but it is article text: far longer than any call to read on.
        let closing = "Read more about the council's plans in the report, which runs to 200 pages, " + String(repeating: "and covers the budget, the schools and the roads in detail, ", count: 5) + "as the mayor said."
        let html = page("<article><p>\(prose(1))</p><p>\(prose(2))</p><p>\(closing)</p><p>Share this article</p></article>")
        #expect(try extract(html).text == [prose(1), prose(2), closing].joined(separator: "\n\n"))
    }
}
