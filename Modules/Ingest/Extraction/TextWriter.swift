/// Writes the text of chosen elements as an article text: paragraphs separated by blank lines.
///
/// Block elements (paragraphs, headings, list items, quotes, divisions) each become a paragraph of
/// their own; a `<br>` is a line break inside one, two in a row a paragraph break; a table row is
/// one line with its cells separated by tabs; `<pre>` keeps its lines. White space is collapsed,
/// entities are already decoded by the parser, and the text has no leading or trailing space.
/// Headings inside the body come out as lines of their own, which is how TextKit finds them.
struct TextWriter {
    private let tree: HTMLTree
    private let skip: (Int32) -> Bool
    /// The output, written in place into the string's storage; never more than the tree's text plus
    /// two bytes a node (a paragraph break), which is its capacity.
    private let out: UnsafeMutableBufferPointer<UInt8>
    private var count = 0
    /// 0: nothing pending; 1: a line break; 2: a paragraph break.
    private var pendingBreak = 0
    private var pendingSpace = false
    private var inPre = 0

    private init(tree: HTMLTree, skip: @escaping (Int32) -> Bool, out: UnsafeMutableBufferPointer<UInt8>) {
        self.tree = tree
        self.skip = skip
        self.out = out
    }

    /// The text of `roots`, in order.
    static func text(of roots: [Int32], in tree: HTMLTree, skip: @escaping (Int32) -> Bool) -> String {
        let capacity = tree.bytes.count + 2 * tree.nodes.count + 16
        return String(unsafeUninitializedCapacity: capacity) { buffer in
            var writer = TextWriter(tree: tree, skip: skip, out: buffer)
            for root in roots {
                writer.paragraphBreak()
                writer.write(root)
            }
            return writer.endOfArticle()
        }
    }

    /// A line of the output: where it starts, its bytes, how many of them are link text, and
    /// whether it is a heading.
    private struct Line {
        var start: Int
        var bytes = 0
        var linkBytes = 0
        var heading = false
    }

    /// Inside a heading, inside a link (depths of nesting).
    private var inHeading = 0
    private var inLink = 0
    private var lines: [Line] = []

    /// Where the article ends: the output without the run of lines after the last running text that
    /// are section headings over what was left out ("Related stories", "More on this topic:") or
    /// lists of links set as lines (`<a>…</a><br>` after the last paragraph), with their short labels.
    /// Nothing is cut when the run is all there is, or when its last line ends like a sentence (a
    /// closing line set as a heading).
    private func endOfArticle() -> Int {
        var first = lines.count
        var links = 0
        var headings = 0
        while first > 0 {
            let line = lines[first - 1]
            let linky = line.bytes > 0 && line.linkBytes * 10 >= line.bytes * 8
            let label = line.bytes < 40 && !endsSentence(line.start + line.bytes)
            // A short label belongs to the run when link lines follow it ("UPDATES" over its links).
            guard line.heading || linky || (label && links > 0) else { break }
            if linky { links += 1 }
            if line.heading { headings += 1 }
            first -= 1
        }
        guard first > 0, first < lines.count else { return count }
        // A run of headings alone goes unless it ends like a sentence; a run with links goes when it
        // holds two link lines or more (one link after the text may be its source).
        if links == 0 && endsSentence(count) { return count }
        if links == 1 && headings == 0 { return count }
        var end = lines[first].start
        while end > 0, out[end - 1] == 0x0A { end -= 1 }
        return end
    }

    /// Drops the lines before the last one when the last one (complete now) is one that
    /// ``endOfArticle()`` never walks past: neither a heading, nor links, nor a short label. Only the
    /// run of lines after it can be cut, so a page of many paragraphs keeps a handful of lines, not
    /// one for each.
    private mutating func forgetLinesBeforeLast() {
        guard lines.count > 1, let last = lines.last else { return }
        let linky = last.bytes > 0 && last.linkBytes * 10 >= last.bytes * 8
        let label = last.bytes < 40 && !endsSentence(last.start + last.bytes)
        if !last.heading && !linky && !label { lines.removeFirst(lines.count - 1) }
    }

    /// Whether the output up to `end` ends with sentence punctuation (. ! ? " or a closing quote or ellipsis).
    private func endsSentence(_ end: Int) -> Bool {
        guard end > 0 else { return false }
        let last = out[end - 1]
        if [0x2E, 0x21, 0x3F, 0x22, 0x29].contains(last) { return true }
        return end >= 3 && out[end - 3] == 0xE2 && out[end - 2] == 0x80 && [0x9D, 0x99, 0xA6].contains(last)
    }

    private var isEmpty: Bool { count == 0 }

    private mutating func append(_ byte: UInt8) {
        out[count] = byte
        count += 1
    }

    private mutating func paragraphBreak() {
        if !isEmpty { pendingBreak = 2 }
        pendingSpace = false
    }

    private mutating func lineBreak() {
        if !isEmpty { pendingBreak = max(pendingBreak, 1) }
        pendingSpace = false
    }

    private mutating func write(_ index: Int32) {
        let node = tree.nodes[Int(index)]
        if node.isText {
            text(tree.textBytes(of: index))
            return
        }
        if skip(index) { return }
        switch node.tag {
        case .br:
            if pendingBreak == 1 { pendingBreak = 2 } else { lineBreak() }
            return
        case .hr:
            paragraphBreak()
            return
        case .td, .th:
            if !isEmpty, pendingBreak == 0 {
                pendingSpace = false
                append(0x09)
            }
            for child in tree.children(of: index) { write(child) }
            return
        case .tr:
            lineBreak()
            for child in tree.children(of: index) { write(child) }
            lineBreak()
            return
        case .pre:
            paragraphBreak()
            inPre += 1
            for child in tree.children(of: index) { write(child) }
            inPre -= 1
            paragraphBreak()
            return
        default:
            break
        }
        let block = node.tag.isBlock
        if block { paragraphBreak() }
        if node.tag.isHeading { inHeading += 1 }
        if node.tag == .a { inLink += 1 }
        for child in tree.children(of: index) { write(child) }
        if node.tag == .a { inLink -= 1 }
        if node.tag.isHeading { inHeading -= 1 }
        if block { paragraphBreak() }
    }

    private mutating func text(_ bytes: ArraySlice<UInt8>) {
        if inPre > 0 {
            for line in bytes.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
                if line.offset > 0 { lineBreak() }
                words(line.element, keepSpaces: true)
            }
            return
        }
        words(bytes, keepSpaces: false)
    }

    private mutating func words(_ bytes: ArraySlice<UInt8>, keepSpaces: Bool) {
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C {
                if !keepSpaces || byte == 0x0D || byte == 0x0A { pendingSpace = true } else { emit(byte) }
                index += 1
                continue
            }
            // U+00A0 no-break space, U+200B zero-width space, U+3000 ideographic space: spaces.
            if byte == 0xC2, index + 1 < bytes.endIndex, bytes[index + 1] == 0xA0 {
                pendingSpace = true
                index += 2
                continue
            }
            if byte == 0xE2, index + 2 < bytes.endIndex, bytes[index + 1] == 0x80, bytes[index + 2] == 0x8B {
                index += 3
                continue
            }
            if byte == 0xE3, index + 2 < bytes.endIndex, bytes[index + 1] == 0x80, bytes[index + 2] == 0x80 {
                pendingSpace = true
                index += 3
                continue
            }
            // U+00AD soft hyphen: invisible.
            if byte == 0xC2, index + 1 < bytes.endIndex, bytes[index + 1] == 0xAD {
                index += 2
                continue
            }
            if byte < 0x20 {
                index += 1
                continue
            }
            emit(byte)
            index += 1
        }
    }

    private mutating func emit(_ byte: UInt8) {
        if pendingBreak > 0 || lines.isEmpty {
            if !isEmpty, pendingBreak > 0 {
                append(0x0A)
                if pendingBreak == 2 { append(0x0A) }
            }
            pendingBreak = 0
            pendingSpace = false
            forgetLinesBeforeLast()
            lines.append(Line(start: count))
        } else if pendingSpace {
            if count > 0, out[count - 1] != 0x0A, out[count - 1] != 0x09 { append(0x20) }
            pendingSpace = false
        }
        append(byte)
        lines[lines.count - 1].bytes = count - lines[lines.count - 1].start
        if inLink > 0 { lines[lines.count - 1].linkBytes += 1 }
        if inHeading > 0 { lines[lines.count - 1].heading = true }
    }
}
