import Foundation
import Ingest
#if canImport(Glibc)
import Glibc
#endif
import Testing

/// Pages in the charsets the web still uses become correct UTF-8; invalid bytes never crash.
@Suite struct CharsetTests {
    /// `html` encoded in `encoding` (with characters the encoding has).
    func bytes(_ html: String, _ encoding: String.Encoding) throws -> [UInt8] {
        try #require(html.data(using: encoding).map { [UInt8]($0) })
    }

    func page(_ meta: String, _ text: String) -> String {
        "<html><head>\(meta)</head><body><article><p>\(text)</p><p>\(prose(2))</p></article></body></html>"
    }

    @Test func windows1252DeclaredInAMetaTag() throws {
        let text = "Café “quoted” — naïve résumé, 50 € for the crème brûlée, as the menu said."
        let extracted = try PageExtractor.extract(try bytes(page("<meta charset=\"windows-1252\">", text), .windowsCP1252), context: .init(source: "x"))
        #expect(extracted.text.hasPrefix(text))
        #expect(extracted.extraction["charset"] == "windows-1252 (meta)")
    }

    @Test func iso88591IsReadAsWindows1252AsBrowsersDo() throws {
        // 0x93 and 0x94 are curly quotes in windows-1252 and control codes in ISO-8859-1.
        var raw = Array("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\"></head><body><article><p>He said ".utf8)
        raw += [0x93] + Array("yes".utf8) + [0x94] + Array(", and left for M".utf8) + [0xFC] + Array("nchen on Sunday, with commas, as stories go.</p></article></body></html>".utf8)
        let extracted = try PageExtractor.extract(raw, context: .init(source: "x"))
        #expect(extracted.text == "He said “yes”, and left for München on Sunday, with commas, as stories go.")
    }

    @Test func theHTTPHeaderWinsOverTheMetaTag() throws {
        let text = "Zoë and François went to Zürich, where the talks were held, on the lake."
        let raw = try bytes(page("<meta charset=\"utf-8\">", text), .isoLatin1)
        let extracted = try PageExtractor.extract(raw, context: .init(source: "x", httpCharset: "ISO-8859-1"))
        #expect(extracted.text.hasPrefix(text))
        #expect(extracted.extraction["charset"] == "windows-1252 (http)")
    }

    @Test func shiftJISAndGB2312PagesConvert() throws {
        let japanese = "東京で会談が再開された。外務大臣は、制裁の解除を求めた。"
        let sjis = try PageExtractor.extract(try encoded(page("<meta charset=\"Shift_JIS\">", japanese), "SHIFT_JIS"), context: .init(source: "x"))
        #expect(sjis.text.hasPrefix(japanese))
        let chinese = "日内瓦会谈周日恢复，外交部长表示，制裁必须首先结束。"
        let gb = try PageExtractor.extract(try encoded(page("", chinese), "GB2312"), context: .init(source: "x", httpCharset: "gb2312"))
        #expect(gb.text.hasPrefix(chinese))
        #expect(gb.extraction["charset"] == "gb18030 (http)")
    }

    /// `text` in `encoding`, by the C library's iconv (Foundation on Linux lacks these encoders).
    func encoded(_ text: String, _ encoding: String) throws -> [UInt8] {
        let descriptor = iconv_open(encoding, "UTF-8")
        try #require(descriptor != iconv_t(bitPattern: -1))
        defer { iconv_close(descriptor) }
        var input = Array(text.utf8).map { CChar(bitPattern: $0) }
        var output = [CChar](repeating: 0, count: input.count * 4 + 16)
        var inLeft = input.count, outLeft = output.count
        let result = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                var inPointer = inBuffer.baseAddress, outPointer = outBuffer.baseAddress
                return iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft)
            }
        }
        try #require(result != -1)
        return output.prefix(output.count - outLeft).map { UInt8(bitPattern: $0) }
    }

    @Test func aByteOrderMarkWins() throws {
        let text = "Ελληνικά και Русский текст, in one paragraph, with commas and a stop."
        var raw: [UInt8] = [0xFF, 0xFE]
        raw += try bytes(page("<meta charset=\"windows-1252\">", text), .utf16LittleEndian)
        let extracted = try PageExtractor.extract(raw, context: .init(source: "x"))
        #expect(extracted.text.hasPrefix(text))
        #expect(extracted.extraction["charset"] == "utf-16le (bom)")
    }

    @Test func aPageMislabelledAsLatin1ThatIsValidUTF8IsReadAsUTF8() throws {
        let text = "Müller traf Côté in Köln, wo die Gespräche stattfanden, am Sonntag."
        let extracted = try PageExtractor.extract(Array(page("<meta charset=\"iso-8859-1\">", text).utf8), context: .init(source: "x"))
        #expect(extracted.text.hasPrefix(text))
    }

    @Test func invalidBytesBecomeReplacementCharactersAndNothingElseIsLost() throws {
        var raw = Array("<html><head><meta charset=\"utf-8\"></head><body><article><p>Before ".utf8)
        raw += [0xFF, 0xC3, 0x28, 0xE2, 0x82, 0x00]
        raw += Array(" after the bad bytes, the sentence goes on, as sentences do.</p></article></body></html>".utf8)
        let extracted = try PageExtractor.extract(raw, context: .init(source: "x"))
        #expect(extracted.text.hasPrefix("Before "))
        #expect(extracted.text.hasSuffix(" after the bad bytes, the sentence goes on, as sentences do."))
        #expect(extracted.text.contains("\u{FFFD}"))
        #expect(!extracted.text.unicodeScalars.contains("\u{0}"))
    }

    @Test(arguments: [
        ("utf8", "UTF-8"), ("latin1", "WINDOWS-1252"), ("ascii", "WINDOWS-1252"), ("ISO-8859-2", "ISO-8859-2"), ("gb2312", "GB18030"),
        ("GBK", "GB18030"), ("Shift_JIS", "CP932"), ("x-sjis", "CP932"), ("euc-kr", "CP949"), ("\"koi8-r\"", "KOI8-R"), ("tis-620", "WINDOWS-874"),
    ])
    func charsetLabelsMapAsTheEncodingStandardSays(label: String, encoding: String) {
        #expect(PageDecoder.encoding(forLabel: label) == encoding)
    }

    @Test func anUnknownLabelFallsBackToTheContent() throws {
        let extracted = try PageExtractor.extract(Array(page("<meta charset=\"x-klingon\">", "Plain words, valid UTF-8: é and ü.").utf8), context: .init(source: "x"))
        #expect(extracted.text.hasPrefix("Plain words, valid UTF-8: é and ü."))
    }
}
