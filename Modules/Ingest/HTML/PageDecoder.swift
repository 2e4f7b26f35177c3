import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Turns a page's bytes into UTF-8, whatever charset it was written in.
///
/// The charset is decided as browsers do (the WHATWG encoding sniffing order): a byte order mark,
/// then the HTTP `Content-Type` charset, then a `<meta charset>` or `<meta http-equiv>` near the
/// start, then the bytes themselves (valid UTF-8 is UTF-8), else windows-1252. Labels map to
/// encodings by the WHATWG table (`iso-8859-1` and `ascii` are windows-1252, `gb2312` is GB18030,
/// `shift_jis` is Windows-31J). A page declared as a single-byte Western charset whose bytes are
/// valid UTF-8 with non-ASCII characters is read as UTF-8: that declaration is a common template
/// error, and a real windows-1252 text is almost never valid UTF-8. Conversion uses the C
/// library's iconv; bytes that are invalid in the chosen charset become U+FFFD, so decoding never
/// fails and never loses the rest of the page. NUL bytes become U+FFFD too.
public enum PageDecoder {
    /// The decoded page and how its charset was chosen.
    public struct Decoded: Sendable {
        /// Valid UTF-8 with no NUL bytes.
        public var utf8: [UInt8]
        /// The encoding used, as iconv names it (`UTF-8`, `WINDOWS-1252`, `CP932`, …).
        public var charset: String
        /// Where the charset came from: `bom`, `http`, `meta`, `content` (valid UTF-8), `default`.
        public var source: String
        /// Invalid byte sequences replaced by U+FFFD.
        public var replaced: Int
    }

    /// Decodes `bytes`, with the charset parameter of the HTTP `Content-Type` when there was one.
    public static func decode(_ bytes: [UInt8], httpCharset: String? = nil) -> Decoded {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            let (utf8, replaced) = UTF8Repair.repair(bytes[3...])
            return Decoded(utf8: utf8, charset: "UTF-8", source: "bom", replaced: replaced)
        }
        if bytes.starts(with: [0xFF, 0xFE]) { return convert(bytes[2...], from: "UTF-16LE", source: "bom") }
        if bytes.starts(with: [0xFE, 0xFF]) { return convert(bytes[2...], from: "UTF-16BE", source: "bom") }
        var declared: (String, String)?
        if let label = httpCharset, let encoding = encoding(forLabel: label) {
            declared = (encoding, "http")
        } else if let label = metaCharset(in: bytes), let encoding = encoding(forLabel: label) {
            // A meta declaring UTF-16 in bytes that parse as ASCII-compatible means UTF-8 (WHATWG).
            declared = (encoding.hasPrefix("UTF-16") ? "UTF-8" : encoding, "meta")
        }
        let validUTF8 = UTF8Repair.isValid(bytes)
        // Valid UTF-8 without NUL bytes is used as it is, without a copy.
        let asIs = validUTF8.valid && !validUTF8.hasNUL
        if let (encoding, source) = declared {
            if encoding == "UTF-8" || (validUTF8.valid && validUTF8.hasNonASCII && singleByteWestern.contains(encoding)) {
                let (utf8, replaced) = asIs ? (bytes, 0) : UTF8Repair.repair(bytes[...])
                return Decoded(utf8: utf8, charset: "UTF-8", source: encoding == "UTF-8" ? source : "content", replaced: replaced)
            }
            return convert(bytes[...], from: encoding, source: source)
        }
        if validUTF8.valid { return Decoded(utf8: asIs ? bytes : UTF8Repair.repair(bytes[...]).0, charset: "UTF-8", source: "content", replaced: 0) }
        return convert(bytes[...], from: "WINDOWS-1252", source: "default")
    }

    /// Encodings a page is commonly mislabelled with when it is really UTF-8.
    static let singleByteWestern: Set<String> = ["WINDOWS-1252", "ISO-8859-15", "WINDOWS-1250", "ISO-8859-2"]

    /// The iconv name of the encoding a charset label means (WHATWG labels, case-insensitive); nil
    /// for an unknown label.
    public static func encoding(forLabel label: String) -> String? {
        var key = label.trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: "\"'"))).lowercased()
        if key.hasPrefix("x-") && labels[key] == nil { key = String(key.dropFirst(2)) }
        return labels[key]
    }

    private static let labels: [String: String] = {
        var table: [String: String] = [:]
        func add(_ encoding: String, _ names: [String]) { for name in names { table[name] = encoding } }
        add("UTF-8", ["utf-8", "utf8", "unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "x-unicode20utf8"])
        add("UTF-16LE", ["utf-16", "utf-16le", "unicode", "ucs-2", "csunicode", "iso-10646-ucs-2", "unicodefeff"])
        add("UTF-16BE", ["utf-16be", "unicodefffe"])
        add("WINDOWS-1252", [
            "windows-1252", "cp1252", "x-cp1252", "iso-8859-1", "iso8859-1", "iso_8859-1", "iso88591", "latin1", "l1",
            "ascii", "us-ascii", "ansi_x3.4-1968", "cp819", "csisolatin1", "ibm819", "iso-ir-100", "iso_8859-1:1987",
        ])
        add("ISO-8859-2", ["iso-8859-2", "iso8859-2", "iso_8859-2", "iso88592", "latin2", "l2", "csisolatin2"])
        add("ISO-8859-3", ["iso-8859-3", "iso8859-3", "iso_8859-3", "latin3", "l3"])
        add("ISO-8859-4", ["iso-8859-4", "iso8859-4", "iso_8859-4", "latin4", "l4"])
        add("ISO-8859-5", ["iso-8859-5", "iso8859-5", "iso_8859-5", "cyrillic", "csisolatincyrillic"])
        add("ISO-8859-6", ["iso-8859-6", "iso8859-6", "iso_8859-6", "arabic", "asmo-708", "ecma-114"])
        add("ISO-8859-7", ["iso-8859-7", "iso8859-7", "iso_8859-7", "greek", "greek8", "elot_928", "ecma-118"])
        add("ISO-8859-8", ["iso-8859-8", "iso8859-8", "iso_8859-8", "hebrew", "visual", "iso-8859-8-i", "logical"])
        add("ISO-8859-10", ["iso-8859-10", "iso8859-10", "latin6", "l6"])
        add("ISO-8859-13", ["iso-8859-13", "iso8859-13"])
        add("ISO-8859-14", ["iso-8859-14", "iso8859-14"])
        add("ISO-8859-15", ["iso-8859-15", "iso8859-15", "iso_8859-15", "latin9", "l9", "csisolatin9"])
        add("ISO-8859-16", ["iso-8859-16"])
        add("WINDOWS-1250", ["windows-1250", "cp1250", "x-cp1250"])
        add("WINDOWS-1251", ["windows-1251", "cp1251", "x-cp1251"])
        add("WINDOWS-1253", ["windows-1253", "cp1253"])
        add("WINDOWS-1254", ["windows-1254", "cp1254", "iso-8859-9", "iso8859-9", "iso_8859-9", "latin5", "l5"])
        add("WINDOWS-1255", ["windows-1255", "cp1255"])
        add("WINDOWS-1256", ["windows-1256", "cp1256"])
        add("WINDOWS-1257", ["windows-1257", "cp1257"])
        add("WINDOWS-1258", ["windows-1258", "cp1258"])
        add("WINDOWS-874", ["windows-874", "tis-620", "iso-8859-11", "iso8859-11", "dos-874"])
        add("KOI8-R", ["koi8-r", "koi8", "koi", "cskoi8r", "koi8_r"])
        add("KOI8-U", ["koi8-u", "koi8-ru"])
        add("MACINTOSH", ["macintosh", "mac", "csmacintosh", "x-mac-roman"])
        add("MAC-CYRILLIC", ["x-mac-cyrillic", "x-mac-ukrainian"])
        add("IBM866", ["ibm866", "866", "cp866", "csibm866"])
        add("GB18030", ["gb18030", "gbk", "gb2312", "x-gbk", "cp936", "chinese", "csgb2312", "gb_2312", "gb_2312-80", "iso-ir-58", "csiso58gb231280"])
        add("BIG5-HKSCS", ["big5", "big5-hkscs", "cn-big5", "csbig5", "x-x-big5"])
        add("EUC-JP", ["euc-jp", "cseucpkdfmtjapanese", "x-euc-jp"])
        add("ISO-2022-JP", ["iso-2022-jp", "csiso2022jp"])
        add("CP932", ["shift_jis", "shift-jis", "sjis", "ms_kanji", "ms932", "windows-31j", "csshiftjis", "x-sjis", "cp932"])
        add("CP949", ["euc-kr", "ks_c_5601-1987", "ks_c_5601-1989", "ksc5601", "ksc_5601", "windows-949", "cseuckr", "korean", "cp949", "iso-ir-149"])
        return table
    }()

    /// The charset a `<meta>` declares in the first 8 KB of the page (before `<body`), as written.
    static func metaCharset(in bytes: [UInt8]) -> String? {
        let limit = min(bytes.count, 8192)
        var index = 0
        while index + 5 < limit {
            guard bytes[index] == 0x3C else {
                index += 1
                continue
            }
            if lowerEquals(bytes, index + 1, "body") { return nil }
            if lowerEquals(bytes, index + 1, "!--") {
                index = find(bytes, "-->", from: index + 4, limit: limit) ?? limit
                continue
            }
            guard lowerEquals(bytes, index + 1, "meta"), index + 5 < limit, isSpaceOrSlash(bytes[index + 5]) else {
                index += 1
                continue
            }
            let end = find(bytes, ">", from: index, limit: limit) ?? limit
            let tag = String(decoding: bytes[index..<end], as: UTF8.self).lowercased()
            if let label = attributeValue("charset", in: tag) { return label }
            if tag.contains("http-equiv"), tag.contains("content-type"), let content = attributeValue("content", in: tag),
                let label = HTTPHeaders.charset(fromContentType: content)
            {
                return label
            }
            index = end
        }
        return nil
    }

    /// `name=value`, `name="value"` or `name='value'` in a lowercased tag.
    static func attributeValue(_ name: String, in tag: String) -> String? {
        var search = tag.startIndex
        while let range = tag.range(of: name, range: search..<tag.endIndex) {
            search = range.upperBound
            guard range.lowerBound > tag.startIndex, " \t\n\r/\"'".contains(tag[tag.index(before: range.lowerBound)]) else { continue }
            var at = range.upperBound
            while at < tag.endIndex, tag[at] == " " { at = tag.index(after: at) }
            guard at < tag.endIndex, tag[at] == "=" else { continue }
            at = tag.index(after: at)
            while at < tag.endIndex, tag[at] == " " { at = tag.index(after: at) }
            guard at < tag.endIndex else { return nil }
            if tag[at] == "\"" || tag[at] == "'" {
                let quote = tag[at]
                let start = tag.index(after: at)
                let end = tag[start...].firstIndex(of: quote) ?? tag.endIndex
                return String(tag[start..<end])
            }
            let end = tag[at...].firstIndex { " \t\n\r>/;".contains($0) } ?? tag.endIndex
            return String(tag[at..<end])
        }
        return nil
    }

    private static func lowerEquals(_ bytes: [UInt8], _ at: Int, _ literal: String) -> Bool {
        var i = at
        for byte in literal.utf8 {
            guard i < bytes.count, bytes[i] | 0x20 == byte else { return false }
            i += 1
        }
        return true
    }

    private static func isSpaceOrSlash(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C || byte == 0x2F
    }

    private static func find(_ bytes: [UInt8], _ literal: String, from: Int, limit: Int) -> Int? {
        let needle = Array(literal.utf8)
        var i = from
        while i + needle.count <= limit {
            if bytes[i] == needle[0], Array(bytes[i..<(i + needle.count)]) == needle { return i + needle.count - 1 }
            i += 1
        }
        return nil
    }

    private static func sanitisedNUL(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.contains(0) else { return bytes }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 16)
        for byte in bytes {
            if byte == 0 { out.append(contentsOf: [0xEF, 0xBF, 0xBD]) } else { out.append(byte) }
        }
        return out
    }

    /// `bytes` in `encoding` converted to UTF-8 with iconv; undecodable bytes become U+FFFD.
    static func convert(_ bytes: ArraySlice<UInt8>, from encoding: String, source: String) -> Decoded {
        let descriptor = iconv_open("UTF-8", encoding)
        guard descriptor != iconv_t(bitPattern: -1) else {
            // The C library lacks this charset: read as UTF-8 with repairs rather than lose the page.
            let (utf8, replaced) = UTF8Repair.repair(bytes)
            return Decoded(utf8: utf8, charset: "UTF-8", source: source + " (iconv lacks \(encoding))", replaced: replaced)
        }
        defer { iconv_close(descriptor) }
        var output = [UInt8](repeating: 0, count: bytes.count * 4 + 16)
        var written = 0
        var replaced = 0
        var input = Array(bytes)
        input.withUnsafeMutableBufferPointer { inputBuffer in
            var inPointer = inputBuffer.baseAddress.map { UnsafeMutableRawPointer($0).assumingMemoryBound(to: CChar.self) }
            var inLeft = inputBuffer.count
            while true {
                if output.count - written < 64 { output.append(contentsOf: [UInt8](repeating: 0, count: output.count)) }
                let (result, produced, failure) = output.withUnsafeMutableBufferPointer { outputBuffer -> (Int, Int, Int32) in
                    var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outputBuffer.baseAddress! + written)
                        .assumingMemoryBound(to: CChar.self)
                    var outLeft = outputBuffer.count - written
                    let before = outLeft
                    let result = iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft)
                    return (result, before - outLeft, result == -1 ? errno : 0)
                }
                written += produced
                if result != -1 {
                    break
                }
                switch failure {
                case E2BIG:
                    continue
                case EILSEQ, EINVAL:
                    // An invalid (or, at the end, incomplete) sequence: one U+FFFD, skip a byte.
                    if output.count - written < 4 { output.append(contentsOf: [UInt8](repeating: 0, count: 64)) }
                    output[written] = 0xEF
                    output[written + 1] = 0xBF
                    output[written + 2] = 0xBD
                    written += 3
                    replaced += 1
                    guard inLeft > 0 else { return }
                    inPointer = inPointer?.advanced(by: 1)
                    inLeft -= 1
                    if inLeft == 0 { return }
                default:
                    return
                }
            }
        }
        output.removeSubrange(written...)
        // iconv yields valid UTF-8; NUL characters the source encoded still need replacing.
        return Decoded(utf8: sanitisedNUL(output), charset: encoding, source: source, replaced: replaced)
    }
}

/// Checking and repairing UTF-8.
public enum UTF8Repair {
    /// Whether `bytes` are valid UTF-8, and whether they hold any non-ASCII character.
    public static func isValid(_ bytes: [UInt8]) -> (valid: Bool, hasNonASCII: Bool, hasNUL: Bool) {
        bytes.withUnsafeBufferPointer { buffer in
            var index = 0
            var nonASCII = false
            var nul = false
            let count = buffer.count
            let raw = UnsafeRawBufferPointer(buffer)
            let high: UInt64 = 0x8080_8080_8080_8080
            let ones: UInt64 = 0x0101_0101_0101_0101
            while index < count {
                // Thirty-two ASCII bytes at a time: no high bit set, and (until one is found) no zero byte.
                while index + 32 <= count {
                    let w0 = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                    let w1 = raw.loadUnaligned(fromByteOffset: index + 8, as: UInt64.self)
                    let w2 = raw.loadUnaligned(fromByteOffset: index + 16, as: UInt64.self)
                    let w3 = raw.loadUnaligned(fromByteOffset: index + 24, as: UInt64.self)
                    guard (w0 | w1 | w2 | w3) & high == 0 else { break }
                    if !nul {
                        let zero = ((w0 &- ones) & ~w0) | ((w1 &- ones) & ~w1) | ((w2 &- ones) & ~w2) | ((w3 &- ones) & ~w3)
                        if zero & high != 0 { nul = true }
                    }
                    index += 32
                }
                guard index < count else { break }
                // Eight at a time.
                if index + 8 <= count {
                    let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                    if word & high == 0 {
                        if (word &- ones) & ~word & high != 0 { nul = true }
                        index += 8
                        continue
                    }
                }
                let byte = buffer[index]
                if byte < 0x80 {
                    if byte == 0 { nul = true }
                    index += 1
                    continue
                }
                nonASCII = true
                guard let length = sequenceLength(bytes[...], index) else { return (false, true, nul) }
                index += length
            }
            return (true, nonASCII, nul)
        }
    }

    /// `bytes` with every invalid sequence and NUL replaced by U+FFFD, and the number replaced.
    public static func repair(_ bytes: ArraySlice<UInt8>) -> ([UInt8], Int) {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 16)
        var index = bytes.startIndex
        var replaced = 0
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte < 0x80 {
                if byte == 0 {
                    out.append(contentsOf: [0xEF, 0xBF, 0xBD])
                } else {
                    out.append(byte)
                }
                index += 1
            } else if let length = sequenceLength(bytes, index) {
                out.append(contentsOf: bytes[index..<(index + length)])
                index += length
            } else {
                out.append(contentsOf: [0xEF, 0xBF, 0xBD])
                replaced += 1
                index += 1
            }
        }
        return (out, replaced)
    }

    /// The length of the valid UTF-8 sequence starting at `index`, or nil (RFC 3629: no overlongs,
    /// no surrogates, nothing above U+10FFFF).
    static func sequenceLength(_ bytes: ArraySlice<UInt8>, _ index: Int) -> Int? {
        let first = bytes[index]
        let end = bytes.endIndex
        func continuation(_ i: Int, _ low: UInt8 = 0x80, _ high: UInt8 = 0xBF) -> Bool {
            i < end && bytes[i] >= low && bytes[i] <= high
        }
        switch first {
        case 0xC2...0xDF: return continuation(index + 1) ? 2 : nil
        case 0xE0: return continuation(index + 1, 0xA0) && continuation(index + 2) ? 3 : nil
        case 0xE1...0xEC, 0xEE...0xEF: return continuation(index + 1) && continuation(index + 2) ? 3 : nil
        case 0xED: return continuation(index + 1, 0x80, 0x9F) && continuation(index + 2) ? 3 : nil
        case 0xF0: return continuation(index + 1, 0x90) && continuation(index + 2) && continuation(index + 3) ? 4 : nil
        case 0xF1...0xF3: return continuation(index + 1) && continuation(index + 2) && continuation(index + 3) ? 4 : nil
        case 0xF4: return continuation(index + 1, 0x80, 0x8F) && continuation(index + 2) && continuation(index + 3) ? 4 : nil
        default: return nil
        }
    }
}
