/// Per-element facts the extraction passes share, computed once for a tree: name hints, whether
/// the element is dropped, and how much text, link text and punctuation lies below it.
///
/// Nodes come in document order with every parent before its children, so sums over subtrees are
/// one backward sweep over the node array; nothing here recurses.
struct PageAnalysis {
    let tree: HTMLTree
    /// Hints of each element's class, id, role and itemprop.
    var hints: [Hints]
    /// Elements (with everything below them) that are never text: scripts, forms, navigation, hidden
    /// things and boilerplate by name.
    var dropped: [Bool]
    /// Non-space characters of text below each node, not counting dropped subtrees.
    var text: [Int32]
    /// The same, inside links only.
    var linkText: [Int32]
    /// Sentence punctuation below each node.
    var punctuation: [Int32]
    /// Text of paragraph-like blocks that read as running text, weighted down by their links.
    var goodText: [Int32]
    /// Each text node's ``count(_:)`` once measured (characters -1 before), and whether it ends with
    /// an ellipsis once asked (-1 before): the second measurement reads them from here.
    private var textCharacters: [Int32]
    private var textMarks: [Int32]
    private var ellipsis: [Int8]

    init(tree: HTMLTree) {
        self.tree = tree
        let count = tree.nodes.count
        hints = [Hints](repeating: [], count: count)
        dropped = [Bool](repeating: false, count: count)
        text = [Int32](repeating: 0, count: count)
        linkText = [Int32](repeating: 0, count: count)
        punctuation = [Int32](repeating: 0, count: count)
        goodText = [Int32](repeating: 0, count: count)
        textCharacters = [Int32](repeating: -1, count: count)
        textMarks = [Int32](repeating: 0, count: count)
        ellipsis = [Int8](repeating: -1, count: count)
        // Templates repeat the same class attributes and names many times over: each is worked out
        // once, and remembered for the thread's next pages.
        var tables = HintTables.take()
        for index in 0..<count {
            let node = tree.nodes[index]
            guard !node.isText, node.tag != .document, node.hasAttributes else { continue }
            let i = Int32(index)
            let className = tree.attribute(.class, of: i), id = tree.attribute(.id, of: i)
            let role = tree.attribute(.role, of: i), itemprop = tree.attribute(.itemprop, of: i)
            if id == nil, role == nil, itemprop == nil, let className {
                if let known = tables.classes[className] {
                    hints[index] = known
                } else {
                    let found = Hints.of(class: className, id: nil, role: nil, itemprop: nil, cache: &tables.names)
                    tables.classes[className] = found
                    hints[index] = found
                }
                continue
            }
            guard className != nil || id != nil || role != nil || itemprop != nil else { continue }
            hints[index] = Hints.of(class: className, id: id, role: role, itemprop: itemprop, cache: &tables.names)
        }
        tables.giveBack()
        // First what is never text; then, with the running text measured, what is usually not.
        let never = Self.neverTextMarks(tree)
        measure(dropping: never)
        let prose = max(1, goodText[Int(HTMLTree.root)])
        // Which elements hold something that names itself the article (its body, `<article>`, `<main>`),
        // and the most running text any element named as content below each holds.
        var holdsArticle = [Bool](repeating: false, count: count)
        var contentBelow = [Int32](repeating: 0, count: count)
        for index in stride(from: count - 1, through: 1, by: -1) {
            let tag = tree.nodes[index].tag
            if hints[index].contains(.body) || tag == .main || tag == .article { holdsArticle[index] = true }
            let parent = Int(tree.nodes[index].parent)
            if holdsArticle[index], parent >= 0 { holdsArticle[parent] = true }
            let named = hints[index].contains(.body) || hints[index].contains(.content) || tag == .main || tag == .article
            let own = named && !hints[index].contains(.boilerplate) ? goodText[index] : 0
            if parent >= 0 { contentBelow[parent] = max(contentBelow[parent], contentBelow[index], own) }
        }
        // Which elements lie inside something that names itself the article or its content.
        var inArticle = [Bool](repeating: false, count: count)
        for index in 1..<max(1, count) {
            let parent = Int(tree.nodes[index].parent)
            guard parent >= 0 else { continue }
            let tag = tree.nodes[parent].tag
            inArticle[index] = inArticle[parent] || tag == .article || tag == .main || hints[parent].contains(.body)
                || (hints[parent].contains(.content) && !hints[parent].contains(.boilerplate))
        }
        var marks = never
        for list in teaserLists() where !hints[Int(list)].contains(.body) && goodText[Int(list)] * 2 <= prose {
            marks[Int(list)] = true
        }
        for index in 0..<count where !marks[index] && !tree.nodes[index].isText {
            let h = hints[index]
            let tag = tree.nodes[index].tag
            guard tag != .body, tag != .html, !h.contains(.body) else { continue }
            let hidden = Self.isHidden(tree, Int32(index))
            // A header inside the article holds its lead as well as its title and byline: kept,
            // the title and byline are left out later; the page's own header goes.
            let header = tag == .header || h.contains(.header)
            guard Self.usuallyNotText.contains(tag) || h.contains(.boilerplate) || hidden || header else { continue }
            if header && !hidden && !h.contains(.boilerplate) && inArticle[index] { continue }
            // `<article>` and `<main>` are what they say, whatever their class names, unless comments.
            if (tag == .article || tag == .main) && !hidden && !h.contains(.comments) { continue }
            // A wrapper with a misleading name round the content (`documentContent__sharingContainer`
            // holding `documentContent__content`): kept when it holds a fair share of the running
            // text and most of that is in an element named as content.
            if !h.contains(.comments), goodText[index] * 4 > prose, contentBelow[index] * 2 >= goodText[index] { continue }
            // An element of this kind that holds most of the page's running text is a wrapper the
            // parser or the template got wrong (`<nav>` left open round the page, a
            // `WideBannerPlaceHolder`, `showing-comments`), unless it is a comment section without
            // the article in it.
            if goodText[index] * 2 > prose && (!h.contains(.comments) || h.contains(.content) || holdsArticle[index]) { continue }
            marks[index] = true
        }
        measure(dropping: marks)
        // Needed by the two measurements only (on a 50 MB page they are 10 MB).
        textCharacters = []
        textMarks = []
        ellipsis = []
    }

    /// Lists of teasers: elements with at least three children of one kind (same tag and class)
    /// that each hold a link of 15 characters or more (a headline), or a card's empty link that
    /// names the story in its title, among a short text of their own (a summary). Their summaries
    /// read like prose, so neither names nor link density gives them away.
    func teaserLists() -> [Int32] {
        var lists: [Int32] = []
        for index in 0..<tree.nodes.count where !dropped[index] && !tree.nodes[index].isText && text[index] > 0 {
            var kinds: [String: Int] = [:]
            var children = 0
            for child in tree.children(of: Int32(index)) where !tree.nodes[Int(child)].isText {
                children += 1
                let c = Int(child)
                let node = tree.nodes[c]
                guard node.tag != .p, text[c] > 0, text[c] < 500 else { continue }
                let density = linkDensity(child)
                guard density <= 0.7, (density >= 0.1 && hasHeadlineLink(child)) || hasCardLink(child) else { continue }
                kinds[String(node.tag.rawValue) + "." + (tree.attribute(.class, of: child) ?? ""), default: 0] += 1
            }
            if let most = kinds.values.max(), most >= 3, most * 5 >= children * 3 { lists.append(Int32(index)) }
        }
        return lists
    }

    /// Whether a link of 15 characters or more lies below `index`.
    private func hasHeadlineLink(_ index: Int32) -> Bool {
        tree.descendants(of: index).contains { tree.nodes[Int($0)].tag == .a && text[Int($0)] >= 15 }
    }

    /// Whether a card's link lies below `index`: one with no text of its own, laid over the card,
    /// that names the story in its `title` (`<a href="/story" title="Headline of the story"></a>`;
    /// the tree does not keep a link's `href`).
    private func hasCardLink(_ index: Int32) -> Bool {
        tree.descendants(of: index).contains {
            tree.nodes[Int($0)].tag == .a && text[Int($0)] == 0 && (tree.attribute(.title, of: $0)?.utf8.count ?? 0) >= 15
        }
    }

    /// Elements that are never text.
    static let neverText: TagTable = [
        .head, .script, .style, .template, .svg, .math, .canvas, .object, .embed, .video, .audio, .picture, .source, .img,
        .map, .input, .button, .select, .textarea, .option, .optgroup, .datalist, .output, .title, .meta, .link, .base, .label,
        .legend,
        // ruby annotations: the readings printed above the characters (`子<rt>こ</rt>ども`), not text
        .rt, .rp,
    ]

    /// Elements that are usually not article text: page navigation, headers, footers, asides.
    static let usuallyNotText: TagTable = [.nav, .aside, .menu, .dialog, .footer, .iframe, .frame, .frameset, .noscript, .form]

    static func neverTextMarks(_ tree: HTMLTree) -> [Bool] {
        let never = neverText
        return tree.nodes.map { !$0.isText && never.contains($0.tag) }
    }

    private static let displayNone = Array("display:none".utf8)
    private static let visibilityHidden = Array("visibility:hidden".utf8)

    /// Hidden by an attribute or an inline style.
    static func isHidden(_ tree: HTMLTree, _ index: Int32) -> Bool {
        if tree.attribute(.hidden, of: index) != nil || tree.attribute(.ariaHidden, of: index) == "true" { return true }
        guard let style = tree.attribute(.style, of: index) else { return false }
        var compact: [UInt8] = []
        for byte in style.utf8 where byte != 0x20 && byte != 0x09 { compact.append(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte) }
        return Ingest.contains(compact, displayNone) || Ingest.contains(compact, visibilityHidden)
    }

    /// Fills `dropped` (inherited down the tree) and the text sums.
    private mutating func measure(dropping marks: [Bool]) {
        let count = tree.nodes.count
        for index in 0..<count {
            let parent = Int(tree.nodes[index].parent)
            dropped[index] = marks[index] || (parent >= 0 && dropped[parent])
        }
        for index in 0..<count {
            text[index] = 0
            linkText[index] = 0
            punctuation[index] = 0
            goodText[index] = 0
        }
        // Text nodes first: their counts, then sums bottom-up.
        var inLink = [Bool](repeating: false, count: count)
        for index in 0..<count {
            let parent = Int(tree.nodes[index].parent)
            inLink[index] = (parent >= 0 && inLink[parent]) || tree.nodes[index].tag == .a
        }
        // Text, links and punctuation not inside a nested block ("inline" text): what a block's own
        // running text is made of. A block's inline sums go to its own weight, never to its parent's.
        var inline = [(text: Int32, links: Int32, marks: Int32)](repeating: (0, 0, 0), count: count)
        // The last non-empty text node of each node's inline text (children come in reverse order
        // here, so the first one seen is the last in the document).
        var lastText = [Int32](repeating: -1, count: count)
        for index in stride(from: count - 1, through: 0, by: -1) {
            let node = tree.nodes[index]
            if node.isText, !dropped[index] {
                if textCharacters[index] < 0 { (textCharacters[index], textMarks[index]) = Self.count(tree.textBytes(of: Int32(index))) }
                let characters = textCharacters[index], marks = textMarks[index]
                text[index] = characters
                punctuation[index] = marks
                if inLink[index] { linkText[index] = characters }
                inline[index] = (characters, linkText[index], marks)
                if characters > 0 { lastText[index] = Int32(index) }
            }
            let block = node.tag.isBlock || node.tag == .document
            if !dropped[index], block {
                var truncated = false
                if lastText[index] >= 0 {
                    let last = Int(lastText[index])
                    if ellipsis[last] < 0 { ellipsis[last] = Self.endsWithEllipsis(tree.textBytes(of: lastText[index])) ? 1 : 0 }
                    truncated = ellipsis[last] == 1
                }
                goodText[index] += truncated && inline[index].text < 250 && inline[index].links > 0 ? 0 : Self.weight(inline[index])
            }
            let parent = Int(node.parent)
            if parent >= 0, !dropped[index] {
                text[parent] += text[index]
                linkText[parent] += linkText[index]
                punctuation[parent] += punctuation[index]
                goodText[parent] += goodText[index]
                if !block {
                    inline[parent].text += inline[index].text
                    inline[parent].links += inline[index].links
                    inline[parent].marks += inline[index].marks
                    if lastText[parent] < 0 { lastText[parent] = lastText[index] }
                }
            }
        }
    }

    /// The running-text weight of a block's own text (text not inside a nested block): its length
    /// when it reads like prose (long enough, some punctuation, few links), zero otherwise.
    private static func weight(_ own: (text: Int32, links: Int32, marks: Int32)) -> Int32 {
        guard own.text >= 25 else { return 0 }
        let density = Double(own.links) / Double(own.text)
        guard density < 0.5 else { return 0 }
        // A line without any sentence punctuation is a label or a teaser title unless it is long.
        if own.marks == 0 && own.text < 120 { return 0 }
        return Int32(Double(own.text) * (1 - density))
    }

    /// Whether text ends in `...` or `…`: the cut-off summary of a teaser, not running text.
    static func endsWithEllipsis(_ bytes: ArraySlice<UInt8>) -> Bool {
        var end = bytes.endIndex
        while end > bytes.startIndex {
            let byte = bytes[end - 1]
            guard byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D else { break }
            end -= 1
        }
        let length = end - bytes.startIndex
        func at(_ back: Int) -> UInt8 { bytes[end - back] }
        // `...`, `…` and `…]`.
        if length >= 3, at(3) == 0x2E, at(2) == 0x2E, at(1) == 0x2E { return true }
        if length >= 3, at(3) == 0xE2, at(2) == 0x80, at(1) == 0xA6 { return true }
        return length >= 4 && at(4) == 0xE2 && at(3) == 0x80 && at(2) == 0xA6 && at(1) == 0x5D
    }

    /// Non-space characters and sentence punctuation marks in UTF-8 text.
    static func count(_ bytes: ArraySlice<UInt8>) -> (Int32, Int32) {
        bytes.withUnsafeBufferPointer { buffer in
            byteKinds.withUnsafeBufferPointer { kinds in
                var characters: Int32 = 0
                var marks: Int32 = 0
                var index = 0
                let end = buffer.count
                while index < end {
                    let byte = buffer[index]
                    switch kinds[Int(byte)] {
                    case ByteKind.character: characters += 1
                    case ByteKind.mark:
                        characters += 1
                        marks += 1
                    case ByteKind.lead:
                        if byte == 0xE3, index + 2 < end, buffer[index + 1] == 0x80, buffer[index + 2] == 0x81 || buffer[index + 2] == 0x82 {
                            characters += 1  // 、 。
                            marks += 1
                        } else if byte == 0xEF, index + 2 < end, buffer[index + 1] == 0xBC, buffer[index + 2] == 0x8C || buffer[index + 2] == 0x81 {
                            characters += 1  // ， ！
                            marks += 1
                        } else if byte == 0xC2, index + 1 < end, buffer[index + 1] == 0xA0 {
                            index += 1  // no-break space
                        } else {
                            characters += 1
                        }
                    default: break  // white space, UTF-8 continuation bytes
                    }
                    index += 1
                }
                return (characters, marks)
            }
        }
    }

    /// What ``count(_:)`` makes of each byte.
    private enum ByteKind {
        static let none: UInt8 = 0, character: UInt8 = 1, mark: UInt8 = 2, lead: UInt8 = 3
    }

    /// ``ByteKind`` by byte: white space and continuation bytes are none; `, . ! ? ; :` are marks;
    /// the lead bytes of 、。，！ and the no-break space are looked at with what follows them.
    private static let byteKinds: [UInt8] = {
        var kinds = [UInt8](repeating: ByteKind.character, count: 256)
        for byte in 0x80...0xBF { kinds[byte] = ByteKind.none }
        for byte in [0x20, 0x09, 0x0A, 0x0D, 0x0C] { kinds[byte] = ByteKind.none }
        for byte in [0x2C, 0x2E, 0x21, 0x3F, 0x3B, 0x3A] { kinds[byte] = ByteKind.mark }
        for byte in [0xE3, 0xEF, 0xC2] { kinds[byte] = ByteKind.lead }
        return kinds
    }()

    func linkDensity(_ index: Int32) -> Double {
        let t = text[Int(index)]
        return t == 0 ? 0 : Double(linkText[Int(index)]) / Double(t)
    }
}
