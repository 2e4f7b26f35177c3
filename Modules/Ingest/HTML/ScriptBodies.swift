import Foundation

/// Takes the bodies of `<script>` and `<style>` elements, and the long values of attributes the tree
/// does not keep (`src`, `srcset`, `data-…`, `on…`), out of a page before it is parsed.
///
/// Extraction never reads them (the tree builder drops them), but libxml2 reads them character by
/// character: on news pages scripts and styles are a third of the bytes and a seventh of the
/// parser's work, and attribute values most of the rest of its character-by-character reading. This pass finds them with a small tokenizer that follows libxml2's HTML parser
/// where it matters: comments, doctypes and processing instructions are skipped whole (any other
/// `<!` is text), a start tag
/// ends at the first `>` outside a quoted attribute value (a quote counts only right after `=`),
/// `/>` closes an element at once, and a script or style body ends at the first `</script` or
/// `</style` (any case), as libxml2's recovery mode ends it. JSON scripts (JSON-LD) are kept. Wherever the
/// markup is not what these rules expect (an unterminated comment, tag or quote) the rest of the
/// page is kept as it is, so the parser sees it unchanged.
enum ScriptBodies {
    /// `bytes` without script and style bodies and long unkept attributes, or nil when there is
    /// nothing to take out.
    static func removed(from bytes: [UInt8]) -> [UInt8]? {
        bytes.withUnsafeBufferPointer { buffer -> [UInt8]? in
            var out: [UInt8] = []
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
                            // A value (not a short one) of an attribute the tree does not keep (`src`, `srcset`,
                            // `data-…`, `onclick`) goes, name and all.
                            if close - at > 8, let name = attributeName(before: equals), !keeps(name, mayBeLink: mayBeLink) {
                                if out.isEmpty { out.reserveCapacity(count) }
                                out.append(contentsOf: buffer[copied..<name.lowerBound])
                                copied = close + 1
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
            return out
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
