import Foundation

/// Finds the article body in a page and decides, element by element, what of it is text.
///
/// The body is where the running text is. Every paragraph-like block that reads as prose (long
/// enough, punctuated, few links) has a weight, summed up the tree (``PageAnalysis/goodText``). An
/// element the template names as the body (`itemprop=articleBody`, `article-body`, `entry-content`,
/// …) wins when it holds at least 30% of that text (sidebars of teasers can outweigh a short story); otherwise the body is the deepest element
/// holding at least ``share`` of it, so teasers, sidebars and footers that escaped the name rules
/// fall outside. Inside the body, what is short and named as meta (bylines, dates, tags, captions),
/// link lists, figure captions and headings over comment or related-story sections are left out.
struct MainContent {
    let page: PageAnalysis
    /// The share of the page's running text the chosen body must hold.
    static let share = 0.8

    /// The elements whose text is the body, in document order: the body and any lead paragraphs
    /// the template keeps outside it.
    func roots() -> [Int32] {
        let body = bodyRoots()
        guard let first = body.first else { return body }
        return leads(before: first) + body
    }

    /// Leads, standfirsts and intros that sit before the body element, in its article: the previous
    /// siblings of the body and of its ancestors (up to the article element, three levels at most)
    /// that are named as a lead or are prose paragraphs, until the title or something else with
    /// text of its own is met.
    func leads(before root: Int32) -> [Int32] {
        let tree = page.tree
        var found: [Int32] = []
        var node = root
        for _ in 0..<3 {
            let parent = tree.nodes[Int(node)].parent
            guard parent > 0, ![.body, .html, .document].contains(tree.nodes[Int(parent)].tag), !page.dropped[Int(parent)] else { break }
            var siblings: [Int32] = []
            for child in tree.children(of: parent) {
                if child == node { break }
                siblings.append(child)
            }
            scan: for sibling in siblings.reversed() {
                let s = Int(sibling)
                let element = tree.nodes[s]
                if page.dropped[s] || element.isText || page.text[s] == 0 { continue }
                if element.tag == .h1 { break scan }
                let hints = page.hints[s]
                let prose = page.goodText[s] > 0 && page.linkDensity(sibling) < 0.3
                if prose && (hints.contains(.lead) || (element.tag == .p && !hints.contains(.meta))) {
                    found.insert(sibling, at: 0)
                    continue
                }
                // A header or wrapper holding the lead among the title and the byline.
                let inner = tree.descendants(of: sibling).filter { d in
                    let i = Int(d)
                    return !page.dropped[i] && page.hints[i].contains(.lead) && page.goodText[i] > 0 && page.linkDensity(d) < 0.3
                }
                if !inner.isEmpty, page.goodText[s] <= inner.reduce(0, { $0 + page.goodText[Int($1)] }) * 2 {
                    found.insert(contentsOf: inner.filter { d in !inner.contains { $0 != d && tree.contains($0, d) } }, at: 0)
                    continue
                }
                // A short meta line (date, byline, share buttons) may sit between the lead and the body.
                if !prose && page.text[s] < 200 { continue }
                break scan
            }
            let tag = tree.nodes[Int(parent)].tag
            if tag == .article || tag == .main || page.hints[Int(parent)].contains(.body) { break }
            node = parent
        }
        return found
    }

    /// The element or elements that hold the article body.
    func bodyRoots() -> [Int32] {
        let tree = page.tree
        let top = tree.first(.body) ?? HTMLTree.root
        let total = page.goodText[Int(top)]
        guard total > 0 else { return [top] }
        // Elements the template names as the body, outermost only.
        var named: [Int32] = []
        for index in tree.descendants(of: top) {
            let i = Int(index)
            guard !page.dropped[i], page.hints[i].contains(.body), page.goodText[i] > 0 else { continue }
            if let last = named.last, tree.contains(last, index) { continue }
            named.append(index)
        }
        let namedTotal = named.reduce(0) { $0 + page.goodText[Int($1)] }
        if !named.isEmpty, namedTotal * 10 >= total * 3 {
            let largest = named.map { page.goodText[Int($0)] }.max() ?? 0
            // Parts of one body split by ads or widgets all count; a stray small one elsewhere does not.
            let kept = named.filter { page.goodText[Int($0)] * 10 >= largest }
            if kept.count == 1 { return kept }
            if let ancestor = commonAncestorIfTight(kept) { return [ancestor] }
            return kept
        }
        // The deepest element that still holds `share` of the running text, unless the text is set
        // in several blocks of one kind (`<div class="row">` after `<div class="row">`, split by
        // ads): then those blocks, in order.
        var current = top
        descend: while true {
            for child in tree.children(of: current) {
                let c = Int(child)
                guard !page.dropped[c], !tree.nodes[c].isText else { continue }
                if Double(page.goodText[c]) >= Self.share * Double(total) {
                    let blocks = sameKind(as: child, among: tree.children(of: current))
                    if blocks.count > 1 { return blocks }
                    current = child
                    continue descend
                }
            }
            break
        }
        return [current]
    }

    /// The running text a sibling block must hold to join the body (a few paragraphs' worth).
    static let blockText: Int32 = 400

    /// `child` and its siblings of the same tag and class that hold running text, in order.
    private func sameKind(as child: Int32, among siblings: some Sequence<Int32>) -> [Int32] {
        let tree = page.tree
        let tag = tree.nodes[Int(child)].tag
        guard tag != .p, !tag.isHeading, tag != .li else { return [child] }
        let className = tree.attribute(.class, of: child)
        return siblings.filter { sibling in
            let s = Int(sibling)
            return sibling == child
                || (!page.dropped[s] && tree.nodes[s].tag == tag && page.goodText[s] >= Self.blockText && tree.attribute(.class, of: sibling) == className)
        }
    }

    /// The nearest common ancestor of several body parts when it adds little text of its own beyond
    /// them (so the parts stay in order with what lies between them); nil otherwise.
    private func commonAncestorIfTight(_ parts: [Int32]) -> Int32? {
        guard parts.count > 1 else { return nil }
        let tree = page.tree
        var ancestor = parts[0]
        while !parts.allSatisfy({ tree.contains(ancestor, $0) }) {
            ancestor = tree.nodes[Int(ancestor)].parent
            if ancestor < 0 { return nil }
        }
        let inside = parts.reduce(0) { $0 + page.goodText[Int($1)] }
        return Double(inside) >= 0.85 * Double(page.goodText[Int(ancestor)]) ? ancestor : nil
    }

    /// For every node, whether it is left out of the text of `roots`: each element below the roots
    /// that ``isLeftOut(_:title:)`` says so of, except a root itself; what lies inside an element
    /// left out is not looked at (it goes with it).
    func leftOut(below roots: [Int32], title: String?) -> [Bool] {
        let tree = page.tree
        var flags = [Bool](repeating: false, count: tree.nodes.count)
        let rootSet = Set(roots)
        // Depth-first with an explicit stack, children in document order.
        var stack: [Int32] = []
        for root in roots {
            stack.append(contentsOf: tree.children(of: root).reversed())
            while let index = stack.popLast() {
                guard !tree.nodes[Int(index)].isText else { continue }
                if !rootSet.contains(index), isLeftOut(index, title: title) {
                    flags[Int(index)] = true
                    continue
                }
                stack.append(contentsOf: tree.children(of: index).reversed())
            }
        }
        return flags
    }

    /// Whether the element at `index` (inside the body) is left out of the text.
    func isLeftOut(_ index: Int32, title: String?) -> Bool {
        let i = Int(index)
        if page.dropped[i] { return true }
        let tree = page.tree
        let node = tree.nodes[i]
        guard !node.isText else { return false }
        let hints = page.hints[i]
        let length = page.text[i]
        if hints.contains(.caption) || node.tag == .figcaption { return true }
        if node.tag == .figure, page.goodText[i] == 0 { return true }
        if hints.contains(.meta), !hints.contains(.body), length < 200, page.goodText[i] * 2 < length { return true }
        if node.tag == .address { return true }
        // Author boxes: a name, a photo and a short biography.
        if hints.contains(.byline), !hints.contains(.body), length < 800, page.goodText[i] < 700 { return true }
        if length < 400, node.tag.isBlock || node.tag == .p || node.tag == .span {
            // Longer elements are tested only by how they open.
            var text: String
            if length < 150 {
                text = tree.plainText(of: index)
            } else {
                text = tree.plainText(of: index, limit: 256)
                // White space and invisible characters collapsed away more than the limit allowed for.
                if text.unicodeScalars.count < 32 { text = tree.plainText(of: index) }
            }
            if length < 150, Self.isCreditLine(text) { return true }
            if page.linkText[i] > 0, Self.isReadAlso(text, mostlyLink: page.linkText[i] * 2 >= length) { return true }
            if Self.isPhotoCaption(text) { return true }
            if length < 60, node.tag != .span, Self.isDateLine(text) { return true }
        }
        // Lists of links: related stories, tag clouds, "more from" boxes.
        let density = page.linkDensity(index)
        if node.tag == .p || node.tag.isHeading {
            if density > 0.8 && length < 300 { return true }
        } else if node.tag.isBlock || node.tag == .ul || node.tag == .ol {
            if density > 0.5 && length > 0 { return true }
        }
        if node.tag.isHeading {
            let heading = tree.plainText(of: index)
            if let title, !title.isEmpty, Self.sameText(heading, title) { return true }
            if Self.isSectionEndHeading(heading) { return true }
        }
        return false
    }

    /// A caption set as a paragraph: `FILE PHOTO: …`, `PHOTO: …`.
    static func isPhotoCaption(_ text: String) -> Bool {
        // Every label opens with F, P, A or S; a text opening with another ASCII byte is none of them
        // (a non-ASCII opening may uppercase to one: `ſ` is `S`, `ﬁ` is `FI`).
        if let first = text.utf8.first, first < 0x80, !"fpasFPAS".utf8.contains(first) { return false }
        let head = text.prefix(16).uppercased()
        return head.hasPrefix("FILE PHOTO:") || head.hasPrefix("FILE PHOTO -") || head.hasPrefix("PHOTO:") || head.hasPrefix("ARCHIVBILD:")
            || head.hasPrefix("SYMBOLBILD:") || head.hasPrefix("ARCHIVFOTO:")
    }

    /// A "Read also: …" line set inside the body to point to another story (it holds a link): the
    /// phrase is a label (a colon or an arrow follows it) or the rest of the line is mostly link.
    static func isReadAlso(_ text: String, mostlyLink: Bool) -> Bool {
        // A phrase opens with one of a few ASCII letters or with `à` (0xC3 …), in either case.
        guard let first = text.utf8.first, readAlsoStarts.contains(first >= 0x41 && first <= 0x5A ? first | 0x20 : first) else { return false }
        // Only the opening is lowercased: every phrase is shorter than 24 characters, and what follows
        // it is looked at too.
        let lower = String(text.prefix(32)).lowercased()
        guard let phrase = readAlsoPhrases.first(where: { lower.hasPrefix($0) }) else { return false }
        if mostlyLink { return true }
        let rest = lower.dropFirst(phrase.count).drop { $0 == " " }
        return phrase.hasSuffix(":") || rest.first.map { ":›»>|–—-".contains($0) } == true
    }

    private static let readAlsoStarts = Set(readAlsoPhrases.compactMap(\.utf8.first))

    private static let readAlsoPhrases = [
        "read more", "read also", "also read", "read next", "related:", "see also", "lesen sie auch", "lesen sie mehr", "lies auch",
        "auch interessant", "mehr zum thema", "lire aussi", "à lire aussi", "a lire aussi", "lee también", "te puede interesar",
        "le puede interesar", "leggi anche", "leia também", "lees ook", "czytaj też", "czytaj także", "zobacz też", "zobacz także",
    ]

    /// A line that is only a date (and maybe a time): the page's date line, not text.
    static func isDateLine(_ text: String) -> Bool {
        // "January 18, 2020", "18.01.2020 | 14:05", "Published: 12 June 2025", "Mo, 03.02.2020" —
        // a date, maybe after a label or a weekday, and not much else.
        guard DateParsing.mayHoldDate(text.utf8) else { return false }
        var rest = Substring(text.lowercased())
        for label in dateLabels where rest.hasPrefix(label) {
            rest = rest.dropFirst(label.count).drop { $0 == ":" || $0 == " " }
            break
        }
        // The cheap tests first: not many words, not many letters, a date at the start.
        let words = rest.split(separator: " ")
        guard let first = words.first, words.count <= 7 else { return false }
        guard rest.unicodeScalars.lazy.filter({ $0.properties.isAlphabetic }).count <= 20 else { return false }
        let opensWithDate = first.first?.isNumber == true || DateParsing.monthNumber(String(first)) != nil
            || DateParsing.weekday(String(first)) || DateParsing.weekday(String(first.prefix(2)))
        return opensWithDate && DateParsing.inText(String(rest)).count == 1
    }

    private static let dateLabels = [
        "published", "updated", "posted", "last updated", "veröffentlicht", "aktualisiert", "stand", "erstellt", "publié", "mis à jour",
        "publicado", "actualizado", "pubblicato", "aggiornato", "gepubliceerd",
    ]

    /// A photo credit or copyright line (`Photo: AP`, `Foto: dpa`, `© Reuters`, `Photograph by …`).
    static func isCreditLine(_ text: String) -> Bool {
        // Every prefix opens with `©`, `(` or one of the letters below; a text opening with another
        // ASCII byte is none of them (a non-ASCII opening may lowercase to one: `İ` is `i̇`).
        if let first = text.utf8.first, first < 0x80, !"(bcfipqBCFIPQ".utf8.contains(first) { return false }
        // Only the opening is lowercased: every prefix is shorter than 24 characters.
        let lower = String(text.prefix(24)).lowercased()
        if TrailingBoilerplate.opensWithCopyright(ArraySlice(lower.utf8)) { return true }
        for prefix in creditPrefixes where lower.hasPrefix(prefix) { return !text.contains(". ") }
        return false
    }

    private static let creditPrefixes = [
        "photo:", "photos:", "photo by", "photograph by", "photographs by", "photo credit", "image:", "image by", "image credit",
        "picture:", "credit:", "credits:", "foto:", "fotos:", "bild:", "bilder:", "quelle:", "fotocredit", "bildquelle:",
        "crédit photo", "crédits photo", "photo :", "foto de", "fotografía:", "imagen:",
    ]

    static func sameText(_ a: String, _ b: String) -> Bool {
        let x = lettersAndDigits(a)
        let y = lettersAndDigits(b)
        return !x.isEmpty && (x == y || (x.count > 20 && y.hasPrefix(x)) || (y.count > 20 && x.hasPrefix(y)))
    }

    /// `text` lowercased, with only its letters and digits; ASCII text byte by byte (the same
    /// result as by characters, without Unicode's tables).
    static func lettersAndDigits(_ text: String) -> String {
        let utf8 = text.utf8
        if utf8.withContiguousStorageIfAvailable({ $0.allSatisfy { $0 < 0x80 } }) == true {
            return String(unsafeUninitializedCapacity: utf8.count) { buffer in
                var count = 0
                for byte in utf8 {
                    switch byte {
                    case 0x41...0x5A:
                        buffer[count] = byte | 0x20
                        count += 1
                    case 0x61...0x7A, 0x30...0x39:
                        buffer[count] = byte
                        count += 1
                    default: break
                    }
                }
                return count
            }
        }
        return text.lowercased().filter { $0.isLetter || $0.isNumber }
    }

    /// Headings that open comments or links to other stories, in the languages news pages use most.
    static func isSectionEndHeading(_ heading: String) -> Bool {
        let text = heading.lowercased().trimmingCharacters(in: Self.spaceAndPunctuation)
        guard text.count < 60 else { return false }
        for phrase in sectionEndPhrases where text.hasPrefix(phrase) { return true }
        return false
    }

    private static let spaceAndPunctuation = CharacterSet.whitespacesAndNewlines.union(.punctuationCharacters)

    private static let sectionEndPhrases: [String] = [
        "comments", "comment", "leave a comment", "leave a reply", "join the discussion", "related", "read more", "more from",
        "more on", "more stories", "you may also like", "you might also like", "recommended", "most read", "most popular",
        "trending", "share this", "share on", "about the author", "follow us", "sign up", "subscribe", "newsletter",
        "kommentare", "kommentar", "leserkommentare", "mehr zum thema", "weitere artikel", "das könnte sie auch interessieren",
        "auch interessant", "ähnliche artikel", "verwandte artikel", "teilen", "diesen artikel teilen", "empfehlungen",
        "commentaires", "à lire aussi", "lire aussi", "sur le même sujet", "comentarios", "noticias relacionadas",
        "te puede interesar", "lee también", "commenti", "leggi anche", "articoli correlati",
    ]
}
