public import ArticleModel
import TextKit

/// A problem with a TimeML file.
public struct TimeMLError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

/// A TimeML document (TempEval-3 layout: `DOCID`, a `DCT` holding the TIMEX3 `t0`, `TEXT`) read
/// for re-annotation.
///
/// `text` is the content of `TEXT` with every tag removed and XML character references decoded:
/// what an analyzer reads. ``annotated(with:)`` writes the document back with the header and
/// rest of the trailer byte for byte as read and `TEXT` holding only the given TIMEX3 tags, inserted
/// between the original (still escaped) characters, so that `TEXT` with its tags removed is exactly
/// the input's `TEXT` with its tags removed. The input's events, instances and links are left out,
/// so the output refers to no id it does not define (the TempEval-3 toolkit refuses such files).
public struct TimeMLDocument: Sendable {
    /// Everything up to and including the `<TEXT>` start tag.
    public let header: String
    /// Everything from the `</TEXT>` end tag on.
    public let trailer: String
    public let docID: String?
    /// The `value` of the DCT's TIMEX3 (`1998-02-13`, `1998-12-05T09:42`).
    public let creationTime: String?
    /// `TEXT` without tags, references decoded.
    public let text: String
    /// `TEXT` without tags, as written (references still escaped).
    let raw: [Unicode.Scalar]
    /// For each scalar offset of `text` (and its end), the offset in `raw` where it begins.
    let rawOffset: [Int]
    /// The TIMEX3 annotations the input's `TEXT` holds (gold labels, when it has any).
    public let annotations: [Annotation]

    /// A TIMEX3 tag of the input: its span in ``text`` and attributes.
    public struct Annotation: Sendable, Hashable {
        public var span: Span
        public var tid: String
        public var type: String
        public var value: String
        public var mod: String?
    }

    public init(xml: String) throws(TimeMLError) {
        let scalars = Array(xml.unicodeScalars)
        guard let open = Self.find("<TEXT", in: scalars, from: 0),
            let openEnd = Self.tagEnd(scalars, open),
            let close = Self.findLast("</TEXT>", in: scalars), close >= openEnd
        else { throw TimeMLError("no <TEXT> element") }
        // "<TEXT>" or "<TEXT attr=…>", not "<TEXTUAL>"
        let after = scalars[open + 5]
        guard after == ">" || after.isSpace else { throw TimeMLError("no <TEXT> element") }
        header = String(String.UnicodeScalarView(scalars[0..<openEnd]))
        trailer = String(String.UnicodeScalarView(scalars[close...]))
        let head = Array(scalars[0..<open])
        docID = Self.elementText("DOCID", in: head).map { String(String.UnicodeScalarView($0)) }
        creationTime = Self.creationTime(in: head)

        var raw: [Unicode.Scalar] = []
        var plain = String.UnicodeScalarView()
        var rawOffset: [Int] = []
        raw.reserveCapacity(close - openEnd)
        rawOffset.reserveCapacity(close - openEnd + 1)
        var annotations: [Annotation] = []
        var openTimexes: [(Int, [String: String])] = []
        var index = openEnd
        while index < close {
            let scalar = scalars[index]
            if scalar == "<" {
                if Self.has("<![CDATA[", scalars, index) { throw TimeMLError("CDATA sections in TEXT are not supported") }
                if Self.has("<!--", scalars, index) {
                    guard let end = Self.find("-->", in: scalars, from: index + 4), end < close else {
                        throw TimeMLError("unterminated comment in TEXT")
                    }
                    index = end + 3
                    continue
                }
                guard let end = Self.tagEnd(scalars, index), end <= close else {
                    throw TimeMLError("unterminated tag in TEXT at scalar offset \(index)")
                }
                if Self.has("<TIMEX3", scalars, index), scalars[end - 2] != "/" {
                    openTimexes.append((rawOffset.count, Self.attributes(scalars[index..<end])))
                } else if Self.has("</TIMEX3", scalars, index), let (start, attributes) = openTimexes.popLast() {
                    annotations.append(Annotation(
                        span: Span(start, rawOffset.count), tid: attributes["tid"] ?? "", type: attributes["type"] ?? "",
                        value: attributes["value"] ?? "", mod: attributes["mod"]))
                }
                index = end
                continue
            }
            if scalar == "&", let (decoded, length) = Self.reference(scalars, index, limit: close) {
                rawOffset.append(raw.count)
                plain.append(decoded)
                raw.append(contentsOf: scalars[index..<(index + length)])
                index += length
                continue
            }
            rawOffset.append(raw.count)
            plain.append(scalar)
            raw.append(scalar)
            index += 1
        }
        rawOffset.append(raw.count)
        self.raw = raw
        self.rawOffset = rawOffset
        self.annotations = annotations.sorted { $0.span < $1.span }
        text = String(plain)
    }

    /// The DCT value as a publication time: the value itself, else its date part
    /// (`1998-12-05T09:42` and `1998-12-05TMO` both give at least the day).
    public func publicationTime() throws(TimeMLError) -> PublicationTime {
        guard let value = creationTime else { throw TimeMLError("no DCT TIMEX3 value") }
        if let time = PublicationTime(iso8601: value) { return time }
        if let time = PublicationTime(iso8601: String(value.prefix(10))) { return time }
        throw TimeMLError("DCT value '\(value.prefix(40))' is not an ISO 8601 date")
    }

    /// The document with `TEXT` holding `timexes` (spans into ``text``) as TIMEX3 tags, `tid` t1, t2, …,
    /// and the trailer without the input's MAKEINSTANCE, TLINK, SLINK and ALINK elements.
    /// Overlapping or out-of-range timexes are skipped.
    public func annotated(with timexes: [Timex]) -> String {
        var out = String.UnicodeScalarView()
        out.append(contentsOf: header.unicodeScalars)
        var position = 0
        var lastEnd = 0
        var number = 0
        for timex in timexes.sorted(by: { $0.span < $1.span }) {
            guard timex.span.start >= lastEnd, timex.span.end <= rawOffset.count - 1, !timex.span.isEmpty else { continue }
            let start = rawOffset[timex.span.start]
            let end = rawOffset[timex.span.end]
            out.append(contentsOf: raw[position..<start])
            number += 1
            var tag = "<TIMEX3 tid=\"t\(number)\" type=\"\(timex.type.rawValue)\" value=\"\(Self.escape(timex.value))\""
            if let mod = timex.mod { tag += " mod=\"\(Self.escape(mod))\"" }
            tag += ">"
            out.append(contentsOf: tag.unicodeScalars)
            out.append(contentsOf: raw[start..<end])
            out.append(contentsOf: "</TIMEX3>".unicodeScalars)
            position = end
            lastEnd = timex.span.end
        }
        out.append(contentsOf: raw[position...])
        out.append(contentsOf: Self.withoutLinks(trailer))
        return String(out)
    }

    /// Elements after `TEXT` that refer to the input's events and timexes by id: the output defines
    /// no events and numbers its timexes afresh, so these would dangle.
    static let linkElements: Set<String> = ["MAKEINSTANCE", "TLINK", "SLINK", "ALINK"]

    /// `trailer` without its ``linkElements`` (each with the line break after it), so that every id
    /// the output refers to is one it defines; everything else stays as read.
    static func withoutLinks(_ trailer: String) -> [Unicode.Scalar] {
        let s = Array(trailer.unicodeScalars)
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(s.count)
        var index = 0
        while index < s.count {
            guard s[index] == "<", let end = tagEnd(s, index) else {
                out.append(s[index])
                index += 1
                continue
            }
            var nameEnd = index + 1
            while nameEnd < end, s[nameEnd] != ">", s[nameEnd] != "/", !s[nameEnd].isSpace { nameEnd += 1 }
            let name = String(String.UnicodeScalarView(s[(index + 1)..<nameEnd]))
            guard linkElements.contains(name) else {
                out.append(contentsOf: s[index..<end])
                index = end
                continue
            }
            var next = end
            if s[end - 2] != "/", let close = find("</\(name)>", in: s, from: end) {
                next = close + name.unicodeScalars.count + 3
            }
            if next < s.count, s[next] == "\r" { next += 1 }
            if next < s.count, s[next] == "\n" { next += 1 }
            index = next
        }
        return out
    }

    /// `&`, `<`, `>`, `"` and `'` escaped for an attribute value or text.
    public static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    // MARK: Scanning

    static func has(_ literal: String, _ s: [Unicode.Scalar], _ index: Int) -> Bool {
        var i = index
        for scalar in literal.unicodeScalars {
            guard i < s.count, s[i] == scalar else { return false }
            i += 1
        }
        return true
    }

    static func find(_ literal: String, in s: [Unicode.Scalar], from start: Int) -> Int? {
        guard let first = literal.unicodeScalars.first else { return nil }
        var index = start
        while index < s.count {
            if s[index] == first, has(literal, s, index) { return index }
            index += 1
        }
        return nil
    }

    static func findLast(_ literal: String, in s: [Unicode.Scalar]) -> Int? {
        let length = literal.unicodeScalars.count
        var index = s.count - length
        while index >= 0 {
            if has(literal, s, index) { return index }
            index -= 1
        }
        return nil
    }

    /// The offset just past the `>` closing the tag that starts at `start`; quoted attribute
    /// values may hold `>`.
    static func tagEnd(_ s: [Unicode.Scalar], _ start: Int) -> Int? {
        var index = start + 1
        var quote: Unicode.Scalar?
        while index < s.count {
            let scalar = s[index]
            if let open = quote {
                if scalar == open { quote = nil }
            } else if scalar == "\"" || scalar == "'" {
                quote = scalar
            } else if scalar == ">" {
                return index + 1
            } else if scalar == "<" {
                return nil
            }
            index += 1
        }
        return nil
    }

    /// An XML character reference at `index`: the five named ones and numeric ones. Anything else
    /// (`&Cx1f;`, a stray `&`) is text.
    static func reference(_ s: [Unicode.Scalar], _ index: Int, limit: Int) -> (Unicode.Scalar, Int)? {
        var end = index + 1
        while end < limit, end - index <= 12, s[end] != ";" { end += 1 }
        guard end < limit, s[end] == ";" else { return nil }
        let name = String(String.UnicodeScalarView(s[(index + 1)..<end]))
        let length = end - index + 1
        switch name {
        case "amp": return ("&", length)
        case "lt": return ("<", length)
        case "gt": return (">", length)
        case "quot": return ("\"", length)
        case "apos": return ("'", length)
        default: break
        }
        guard name.hasPrefix("#") else { return nil }
        let digits = name.dropFirst()
        let value: UInt32?
        if digits.hasPrefix("x") || digits.hasPrefix("X") {
            value = UInt32(digits.dropFirst(), radix: 16)
        } else {
            value = UInt32(digits, radix: 10)
        }
        guard let value, value > 0, let scalar = Unicode.Scalar(value) else { return nil }
        return (scalar, length)
    }

    /// The attributes of a start tag, values with references decoded.
    static func attributes(_ tag: ArraySlice<Unicode.Scalar>) -> [String: String] {
        let s = Array(tag)
        var result: [String: String] = [:]
        var index = 1
        while index < s.count, !s[index].isSpace, s[index] != ">" { index += 1 }  // the name
        while index < s.count {
            while index < s.count, s[index].isSpace { index += 1 }
            let nameStart = index
            while index < s.count, s[index] != "=", !s[index].isSpace, s[index] != ">", s[index] != "/" { index += 1 }
            guard index > nameStart else { break }
            let name = String(String.UnicodeScalarView(s[nameStart..<index]))
            while index < s.count, s[index].isSpace { index += 1 }
            guard index < s.count, s[index] == "=" else { continue }
            index += 1
            while index < s.count, s[index].isSpace { index += 1 }
            guard index < s.count, s[index] == "\"" || s[index] == "'" else { break }
            let quote = s[index]
            index += 1
            var value = String.UnicodeScalarView()
            while index < s.count, s[index] != quote {
                if s[index] == "&", let (decoded, length) = reference(s, index, limit: s.count) {
                    value.append(decoded)
                    index += length
                } else {
                    value.append(s[index])
                    index += 1
                }
            }
            index += 1
            result[name] = String(value)
        }
        return result
    }

    /// The text of the first `<name>…</name>` element.
    static func elementText(_ name: String, in s: [Unicode.Scalar]) -> ArraySlice<Unicode.Scalar>? {
        guard let open = find("<\(name)>", in: s, from: 0) else { return nil }
        let start = open + name.unicodeScalars.count + 2
        guard let close = find("</\(name)>", in: s, from: start) else { return nil }
        return s[start..<close]
    }

    /// The `value` attribute of the TIMEX3 inside `<DCT>`.
    static func creationTime(in s: [Unicode.Scalar]) -> String? {
        guard let dct = find("<DCT", in: s, from: 0), let timex = find("<TIMEX3", in: s, from: dct),
            let end = tagEnd(s, timex)
        else { return nil }
        let tag = Array(s[timex..<end])
        var index = 0
        while let at = find("value", in: tag, from: index) {
            index = at + 5
            // an attribute name on its own: preceded by whitespace
            guard at > 0, tag[at - 1].isSpace else { continue }
            var k = at + 5
            while k < tag.count, tag[k].isSpace { k += 1 }
            guard k < tag.count, tag[k] == "=" else { continue }
            k += 1
            while k < tag.count, tag[k].isSpace { k += 1 }
            guard k < tag.count, tag[k] == "\"" || tag[k] == "'" else { continue }
            let quote = tag[k]
            let start = k + 1
            var close = start
            while close < tag.count, tag[close] != quote { close += 1 }
            guard close < tag.count else { return nil }
            return String(String.UnicodeScalarView(tag[start..<close]))
        }
        return nil
    }
}
