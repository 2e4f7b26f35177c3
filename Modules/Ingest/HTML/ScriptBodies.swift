import Foundation

/// Takes the bodies of `<script>` and `<style>` elements, and the quoted attributes the tree does not
/// keep (`src`, `srcset`, `data-…`, `on…`, `width`), out of a page before it is parsed, and puts
/// references in place of the values it keeps (``ReferencedValues``).
///
/// Extraction never reads what goes (the tree builder drops it), but libxml2 reads it character by
/// character: on news pages scripts and styles are a third of the bytes and a seventh of the
/// parser's work, and attribute values most of the rest of its character-by-character reading.
/// This pass finds them with a small tokenizer that follows libxml2's HTML parser where it matters:
/// comments, doctypes and processing instructions are skipped whole (any other `<!` is text), a
/// start tag ends at the first `>` outside a quoted attribute value (a quote counts only right after
/// `=`), `/>` closes an element at once, and a script or style body ends at the first `</script` or
/// `</style` (any case), as libxml2's recovery mode ends it. JSON scripts (JSON-LD) are kept.
/// Wherever the markup is not what these rules expect (an unterminated comment, tag or quote) the
/// rest of the page is kept as it is, so the parser sees it unchanged.
enum ScriptBodies {
    /// A page made lighter for libxml2: its `bytes`, and the values that were replaced by references.
    struct Lightened {
        var bytes: [UInt8]
        /// The values the references stand for, as they are in the page.
        var values: ReferencedValues
    }

    /// `bytes` without script and style bodies and quoted unkept attributes, and with plain values
    /// of kept attributes replaced by references when `validUTF8` (see ``ReferencedValues``), or nil
    /// when nothing changes.
    static func removed(from bytes: [UInt8], validUTF8: Bool) -> Lightened? {
        bytes.withUnsafeBufferPointer { buffer -> Lightened? in
            var out: [UInt8] = []
            // Offsets of the referenced values in `bytes`, start and end of each in turn.
            var ranges: [Int32] = []
            let referencing = validUTF8 && ReferencedValues.mayReference(buffer)
            // Copied up to here.
            var copied = 0
            var index = 0
            let count = buffer.count
            /// The first occurrence of `needle` (lowercase ASCII) in `start..<end`, any case when asked.
            func find(_ needle: StaticString, from start: Int, before end: Int? = nil, caseInsensitive: Bool = false) -> Int? {
                let length = needle.utf8CodeUnitCount
                let pattern = UnsafeBufferPointer(start: needle.utf8Start, count: length)
                let limit = min(end ?? count, count)
                var at = start
                while at + length <= limit {
                    // Candidates by their first byte (`<` or `-` for the needles that start with them).
                    if !caseInsensitive || !isLetter(pattern[0]) {
                        guard let next = memchrIndex(buffer, pattern[0], from: at), next + length <= limit else { return nil }
                        at = next
                    }
                    var k = 0
                    while k < length {
                        var byte = buffer[at + k]
                        if caseInsensitive, byte >= 0x41, byte <= 0x5A { byte |= 0x20 }
                        if byte != pattern[k] { break }
                        k += 1
                    }
                    if k == length { return at }
                    at += 1
                }
                return nil
            }
            func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }
            func isNameByte(_ byte: UInt8) -> Bool {
                isLetter(byte) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D || byte == 0x5F || byte == 0x3A || byte == 0x2E
            }
            /// The bytes of a tag name as libxml2 reads one ahead (letters, digits, `:`, `-`, `_`).
            func isTagNameByte(_ byte: UInt8) -> Bool {
                isLetter(byte) || (byte >= 0x30 && byte <= 0x39) || byte == 0x3A || byte == 0x2D || byte == 0x5F
            }
            func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C }

            /// The attribute name that ends (maybe with white space) before the `=` at `equals`,
            /// when it stands on its own after white space.
            func attributeName(before equals: Int) -> Range<Int>? {
                var end = equals
                while end > 0, isSpace(buffer[end - 1]) { end -= 1 }
                var start = end
                while start > 0, isNameByte(buffer[start - 1]) { start -= 1 }
                guard start < end, start > 0, isSpace(buffer[start - 1]) else { return nil }
                return start..<end
            }
            /// Whether the tree keeps the attribute named by `name`; `href` only on an element that
            /// may be a `<link>` (libxml2's element name is a prefix of the bytes `mayBeLink` read).
            func keeps(_ name: Range<Int>, mayBeLink: Bool) -> Bool {
                guard name.count <= 16 else { return false }
                var lower = (UInt64(0), UInt64(0))
                return withUnsafeMutableBytes(of: &lower) { bytes in
                    for (k, i) in name.enumerated() { bytes[k] = buffer[i] >= 0x41 && buffer[i] <= 0x5A ? buffer[i] | 0x20 : buffer[i] }
                    guard let kept = AttributeName.from(UnsafeBufferPointer(start: bytes.baseAddress!.assumingMemoryBound(to: UInt8.self), count: name.count))
                    else { return false }
                    return kept != .href || mayBeLink
                }
            }

            scan: while index < count {
                guard let open = memchrIndex(buffer, 0x3C, from: index) else { break }
                index = open
                guard index + 1 < count else { break }
                let next = buffer[index + 1]
                if next == 0x21 {  // <!-- a comment -->, <!DOCTYPE …>; any other `<!` is text to libxml2
                    if index + 3 < count, buffer[index + 2] == 0x2D, buffer[index + 3] == 0x2D {
                        guard let end = find("-->", from: index + 4) else { break scan }
                        index = end + 3
                    } else if index + 9 <= count, matches(buffer, index + 2, "doctype") {
                        guard let end = memchrIndex(buffer, 0x3E, from: index + 2) else { break scan }
                        index = end + 1
                    } else {
                        index += 1
                    }
                    continue
                }
                if next == 0x2F, index + 2 < count, !(isLetter(buffer[index + 2]) || buffer[index + 2] == 0x5F || buffer[index + 2] == 0x3A) {
                    // `</` without a name: libxml2 passes over the two bytes and reads on.
                    index += 2
                    continue
                }
                if next == 0x3F || next == 0x2F {  // <?…> and </name…>
                    guard let end = memchrIndex(buffer, 0x3E, from: index + 2) else { break scan }
                    index = end + 1
                    continue
                }
                guard isLetter(next) else {
                    index += 1
                    continue
                }
                // A start tag: its name, then attributes up to the `>` that ends it.
                let tagStart = index
                var at = index + 1
                while at < count, !isSpace(buffer[at]), buffer[at] != 0x3E, buffer[at] != 0x2F { at += 1 }
                let nameLength = at - index - 1
                var raw: StaticString?
                if nameLength == 6, matches(buffer, index + 1, "script") { raw = "</script" }
                if nameLength == 5, matches(buffer, index + 1, "style") { raw = "</style" }
                let mayBeLink = nameLength >= 4 && matches(buffer, index + 1, "link")
                var selfClosing = false
                // Whether the last bytes read (past white space) are an attribute name: only there
                // does `=` start a value (libxml2 skips other junk up to white space or `>`).
                var afterName = false
                tag: while true {
                    guard at < count else { break scan }
                    let byte = buffer[at]
                    defer { if !isSpace(byte) { afterName = isNameByte(byte) } }
                    if byte == 0x3E { break tag }
                    if byte == 0x2F, at + 1 < count, buffer[at + 1] == 0x3E {
                        selfClosing = true
                        at += 1
                        break tag
                    }
                    if byte == 0x3D, afterName {  // `name=` and its value, maybe quoted
                        let equals = at
                        at += 1
                        while at < count, isSpace(buffer[at]) { at += 1 }
                        guard at < count else { break scan }
                        let quote = buffer[at]
                        if quote == 0x22 || quote == 0x27 {
                            guard let close = memchrIndex(buffer, quote, from: at + 1) else { break scan }
                            // A quoted attribute the tree does not keep (`src`, `srcset`, `data-…`,
                            // `onclick`, `width`) goes, name and value. A value of two bytes or more of
                            // one it keeps (`class` above all) that libxml2 would hand over byte for
                            // byte becomes a reference to it.
                            if let name = attributeName(before: equals) {
                                if !keeps(name, mayBeLink: mayBeLink) {
                                    if out.isEmpty { out.reserveCapacity(count) }
                                    out.append(contentsOf: buffer[copied..<name.lowerBound])
                                    copied = close + 1
                                } else if close - at > 2, referencing, ranges.count < 2 * ReferencedValues.capacity,
                                    ReferencedValues.isPlain(UnsafeBufferPointer(rebasing: buffer[(at + 1)..<close]))
                                {
                                    if out.isEmpty { out.reserveCapacity(count) }
                                    out.append(contentsOf: buffer[copied...at])
                                    ReferencedValues.appendReference(ranges.count / 2, to: &out)
                                    ranges.append(Int32(at + 1))
                                    ranges.append(Int32(close))
                                    copied = close
                                }
                            }
                            at = close + 1
                            continue
                        }
                        // An unquoted value: up to white space or `>`.
                        while at < count, !isSpace(buffer[at]), buffer[at] != 0x3E { at += 1 }
                        continue
                    }
                    at += 1
                }
                let tagEnd = at
                index = at + 1
                guard let raw, !selfClosing else { continue }
                // libxml2 reads a tag or an end tag that opens the body as markup before it reads
                // the body as text: an end tag may close the element, and so may a start tag that
                // closes it implicitly (`<noscript>` a script, `<body>` or `<frameset>` a style).
                // Such a page is left as it is from here on.
                if index + 1 < count, buffer[index] == 0x3C {
                    let next = buffer[index + 1]
                    if next == 0x2F, index + 2 < count, isLetter(buffer[index + 2]) || buffer[index + 2] == 0x5F || buffer[index + 2] == 0x3A,
                        find(raw, from: index, before: index + raw.utf8CodeUnitCount, caseInsensitive: true) == nil
                    {
                        break scan
                    }
                    if isLetter(next) || next == 0x5F || next == 0x3A {
                        var end = index + 1
                        while end < count, isTagNameByte(buffer[end]) { end += 1 }
                        let closers: [StaticString] = raw.utf8CodeUnitCount == 8 ? ["noscript"] : ["body", "frameset"]
                        for closer in closers where end - index - 1 == closer.utf8CodeUnitCount && matches(buffer, index + 1, closer) { break scan }
                    }
                }
                // A JSON script (`application/ld+json`, however its type is written: libxml2 decodes
                // `ld&#x2B;json`) keeps its body.
                let jsonLD = find("json", from: tagStart, before: tagEnd, caseInsensitive: true) != nil
                guard let end = find(raw, from: index, caseInsensitive: true) else { break scan }
                if !jsonLD, end > index {
                    if out.isEmpty { out.reserveCapacity(count) }
                    out.append(contentsOf: buffer[copied..<index])
                    copied = end
                }
                index = end
            }
            guard copied > 0 else { return nil }
            out.append(contentsOf: buffer[copied...])
            return Lightened(bytes: out, values: ReferencedValues(page: bytes, ranges: ranges))
        }
    }

    /// Whether the bytes at `offset` spell `word` (lowercase ASCII) in any case.
    private static func matches(_ buffer: UnsafeBufferPointer<UInt8>, _ offset: Int, _ word: StaticString) -> Bool {
        let length = word.utf8CodeUnitCount
        guard offset + length <= buffer.count else { return false }
        for k in 0..<length where buffer[offset + k] | 0x20 != word.utf8Start[k] { return false }
        return true
    }

    /// The index of the first `byte` at or after `start`.
    private static func memchrIndex(_ buffer: UnsafeBufferPointer<UInt8>, _ byte: UInt8, from start: Int) -> Int? {
        guard start < buffer.count, let base = buffer.baseAddress else { return nil }
        guard let found = memchr(base + start, Int32(byte), buffer.count - start) else { return nil }
        return UnsafeRawPointer(found).assumingMemoryBound(to: UInt8.self) - base
    }
}

/// Attribute values that libxml2 reads as references and the tree builder reads back from the page.
///
/// libxml2 reads an attribute value character by character into a buffer that it grows after the
/// first character, and most values the tree keeps are long `class` lists: on news pages this was
/// the costliest thing it did after reading text. A reference is one character from the private
/// use plane 15 (U+F0000 + its index), so libxml2 reads one character and grows nothing. Only
/// values that libxml2 hands over exactly as written are replaced: printable ASCII, tabs and line
/// breaks, with no `&` (which starts a character reference).
///
/// Every plane-15 value the tree builder receives must be a reference, so a page gets none when it
/// holds such a character itself, in UTF-8 or as a numeric character reference. References also
/// need valid UTF-8: after an invalid byte libxml2 reads the rest of a page as Latin-1.
struct ReferencedValues {
    /// The most references a page gets (plane 15 up to U+FFFFD).
    static let capacity = 0xFFFE

    /// The page, as given to the parser.
    let page: [UInt8]
    /// Start and end offset of each value in `page`, in the order of their references.
    let ranges: [Int32]

    /// Whether no value libxml2 reads from `page` can be a plane-15 character: the page has no UTF-8
    /// sequence for one (`F3 B0`–`F3 BF`) and no numeric character reference above U+EFFFF.
    static func mayReference(_ page: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = page.baseAddress, page.count < Int(Int32.max) else { return false }
        func next(_ byte: UInt8, from start: Int) -> Int? {
            guard start < page.count, let found = memchr(base + start, Int32(byte), page.count - start) else { return nil }
            return UnsafeRawPointer(found).assumingMemoryBound(to: UInt8.self) - base
        }
        var at = 0
        while let lead = next(0xF3, from: at) {
            if lead + 1 < page.count, page[lead + 1] >= 0xB0, page[lead + 1] <= 0xBF { return false }
            at = lead + 1
        }
        at = 0
        while let ampersand = next(0x26, from: at) {
            at = ampersand + 1
            guard at < page.count, page[at] == 0x23 else { continue }
            var k = at + 1
            let hex = k < page.count && page[k] | 0x20 == 0x78
            if hex { k += 1 }
            var value = 0
            while k < page.count {
                let byte = page[k]
                let digit: Int
                if byte >= 0x30, byte <= 0x39 {
                    digit = Int(byte - 0x30)
                } else if hex, byte | 0x20 >= 0x61, byte | 0x20 <= 0x66 {
                    digit = Int(byte | 0x20) - 0x61 + 10
                } else {
                    break
                }
                value = value * (hex ? 16 : 10) + digit
                if value > 0xEFFFF { return false }
                k += 1
            }
        }
        return true
    }

    /// Whether libxml2 reads `value` (between its quotes) as it is.
    static func isPlain(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        for byte in value {
            if byte >= 0x20 { if byte == 0x26 || byte > 0x7E { return false } } else if byte != 0x09 && byte != 0x0A && byte != 0x0D { return false }
        }
        return true
    }

    /// Appends the reference to value `index` (below ``capacity``): U+F0000 + `index` in UTF-8.
    static func appendReference(_ index: Int, to out: inout [UInt8]) {
        let scalar = 0xF0000 + index
        out.append(0xF0 | UInt8(scalar >> 18))
        out.append(0x80 | UInt8((scalar >> 12) & 0x3F))
        out.append(0x80 | UInt8((scalar >> 6) & 0x3F))
        out.append(0x80 | UInt8(scalar & 0x3F))
    }

    /// The value a reference (as libxml2 hands it over, NUL-terminated) stands for, or nil when
    /// `value` is not a reference.
    func value(of reference: UnsafePointer<UInt8>) -> String? {
        guard reference[0] == 0xF3, reference[1] >= 0xB0, reference[1] <= 0xBF, reference[2] & 0xC0 == 0x80, reference[3] & 0xC0 == 0x80,
            reference[4] == 0
        else { return nil }
        let index = (Int(reference[1] & 0x0F) << 12) | (Int(reference[2] & 0x3F) << 6) | Int(reference[3] & 0x3F)
        guard index < ranges.count / 2 else { return nil }
        return page.withUnsafeBufferPointer { buffer in
            String(decoding: UnsafeBufferPointer(rebasing: buffer[Int(ranges[2 * index])..<Int(ranges[2 * index + 1])]), as: UTF8.self)
        }
    }
}
