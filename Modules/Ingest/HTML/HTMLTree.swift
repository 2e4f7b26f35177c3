import Foundation

/// A parsed HTML page as a compact, immutable tree: every node in one array, text in one byte buffer.
///
/// Built by ``HTMLParser`` from libxml2's SAX events, so the tree has the shape libxml2's HTML
/// parser gives a page (implied `html`/`head`/`body`, closed paragraphs and list items). Only what
/// extraction reads is kept: element names as ``Tag``, a short list of attributes
/// (``AttributeName``), text, and the bodies of JSON-LD scripts. Script and style bodies are
/// dropped while parsing. Nesting deeper than ``maximumDepth`` is flattened into the element at that
/// depth, so that every pass over the tree may recurse.
public struct HTMLTree: Sendable {
    /// A node: the document root, an element or a run of text. 24 bytes: pages of many megabytes
    /// have hundreds of thousands of nodes.
    public struct Node: Sendable {
        public var tag: Tag
        /// Depth below the root (the root is 0; at most ``HTMLTree/maximumDepth``).
        public var depth: UInt16
        /// The parent's index; -1 for the root.
        public var parent: Int32
        public var firstChild: Int32 = -1
        public var nextSibling: Int32 = -1
        /// For an element, its attributes: `attributes[start..<end]`; for a text node, its text:
        /// `bytes[start..<end]` (UTF-8).
        var start: Int32
        var end: Int32

        init(tag: Tag, parent: Int32, start: Int32, end: Int32, depth: Int) {
            self.tag = tag
            self.depth = UInt16(clamping: depth)
            self.parent = parent
            self.start = start
            self.end = end
        }

        public var isText: Bool { tag == .text }
        var hasAttributes: Bool { !isText && end > start }
    }

    /// Nesting beyond this depth is flattened (100,000 nested `div`s parse into 400 levels).
    public static let maximumDepth: Int32 = 400

    public internal(set) var nodes: [Node]
    var attributes: [(name: AttributeName, value: String)]
    var bytes: [UInt8]
    /// The bodies of `<script type="application/ld+json">` elements, in document order.
    public internal(set) var jsonLD: [String]
    /// The `lang` attribute of the `html` element.
    public internal(set) var language: String?

    init() {
        nodes = [Node(tag: .document, parent: -1, start: 0, end: 0, depth: 0)]
        attributes = []
        bytes = []
        jsonLD = []
    }

    /// The root (a ``Tag/document`` node holding `html`).
    public static let root: Int32 = 0

    public subscript(_ index: Int32) -> Node { nodes[Int(index)] }

    /// The value of attribute `name` on element `index`.
    public func attribute(_ name: AttributeName, of index: Int32) -> String? {
        let node = nodes[Int(index)]
        guard !node.isText else { return nil }
        var i = Int(node.start)
        while i < Int(node.end) {
            if attributes[i].name == name { return attributes[i].value }
            i += 1
        }
        return nil
    }

    /// The raw UTF-8 text of text node `index`.
    public func textBytes(of index: Int32) -> ArraySlice<UInt8> {
        let node = nodes[Int(index)]
        guard node.isText else { return [] }
        return bytes[Int(node.start)..<Int(node.end)]
    }

    /// The children of `index`, in order.
    public func children(of index: Int32) -> Children { Children(tree: self, cursor: nodes[Int(index)].firstChild) }

    public struct Children: Sequence, IteratorProtocol {
        let tree: HTMLTree
        var cursor: Int32

        public mutating func next() -> Int32? {
            guard cursor >= 0 else { return nil }
            defer { cursor = tree.nodes[Int(cursor)].nextSibling }
            return cursor
        }
    }

    /// Every node below `index` (not `index` itself), in document order, without recursion.
    public func descendants(of index: Int32) -> Descendants { Descendants(tree: self, top: index, cursor: nodes[Int(index)].firstChild) }

    public struct Descendants: Sequence, IteratorProtocol {
        let tree: HTMLTree
        let top: Int32
        var cursor: Int32

        public mutating func next() -> Int32? {
            guard cursor >= 0 else { return nil }
            let current = cursor
            let node = tree.nodes[Int(current)]
            if node.firstChild >= 0 {
                cursor = node.firstChild
            } else {
                var at = current
                cursor = -1
                while at != top, at >= 0 {
                    let sibling = tree.nodes[Int(at)].nextSibling
                    if sibling >= 0 {
                        cursor = sibling
                        break
                    }
                    at = tree.nodes[Int(at)].parent
                }
            }
            return current
        }
    }

    /// The first element named `tag` in document order.
    public func first(_ tag: Tag) -> Int32? {
        descendants(of: Self.root).first { nodes[Int($0)].tag == tag }
    }

    /// All elements named `tag`, in document order.
    public func all(_ tag: Tag) -> [Int32] {
        descendants(of: Self.root).filter { nodes[Int($0)].tag == tag }
    }

    /// The text below `index` with white space collapsed to single spaces and trimmed.
    public func plainText(of index: Int32) -> String {
        plainText(of: index, limit: Int.max)
    }

    /// The text below `index` as ``plainText(of:)`` gives it, read only until `limit` bytes are
    /// collected: at least its first `limit / 4` characters, for tests that read the start of a
    /// long element (the whole text when it is shorter). `spaced` joins its text nodes with a space:
    /// for short texts such as bylines, where markup rather than a space often separates the words
    /// (`<span>Veröffentlicht von</span><a>Jane Doe</a>`).
    func plainText(of index: Int32, limit: Int, spaced: Bool = false) -> String {
        var out: [UInt8] = []
        func add(_ slice: ArraySlice<UInt8>) -> Bool {
            if spaced, !out.isEmpty, out.count < limit { out.append(0x20) }
            out.append(contentsOf: slice.prefix(limit - out.count))
            return out.count < limit
        }
        if nodes[Int(index)].isText {
            _ = add(textBytes(of: index))
        } else {
            for node in descendants(of: index) where nodes[Int(node)].isText {
                guard add(textBytes(of: node)) else { break }
            }
        }
        return Whitespace.normalise(String(decoding: out, as: UTF8.self))
    }

    /// The text below `index` with its text nodes joined by spaces (``plainText(of:limit:spaced:)``).
    func spacedText(of index: Int32) -> String {
        plainText(of: index, limit: Int.max, spaced: true)
    }

    /// Whether `ancestor` is `index` or contains it.
    public func contains(_ ancestor: Int32, _ index: Int32) -> Bool {
        var at = index
        while at >= 0 {
            if at == ancestor { return true }
            at = nodes[Int(at)].parent
        }
        return false
    }
}

/// The attributes the tree keeps; any other attribute is dropped while parsing. `href` is kept on
/// `<link>` only (the canonical URL): a link's target says nothing extraction reads.
public enum AttributeName: UInt8, Sendable, CaseIterable {
    case id, `class`, role, itemprop, property, name, content, href, rel, datetime, type, lang
    case hidden, ariaHidden, style, httpEquiv, pubdate, title

    /// The attribute for a name as libxml2 gives it (lowercased), if the tree keeps it.
    static func from(_ name: UnsafeBufferPointer<UInt8>) -> AttributeName? {
        switch name.count {
        case 2: if equal(name, "id") { return .id }
        case 3: if equal(name, "rel") { return .rel }
        case 4:
            if equal(name, "role") { return .role }
            if equal(name, "name") { return .name }
            if equal(name, "href") { return .href }
            if equal(name, "type") { return .type }
            if equal(name, "lang") { return .lang }
        case 5:
            if equal(name, "class") { return .class }
            if equal(name, "style") { return .style }
            if equal(name, "title") { return .title }
        case 6: if equal(name, "hidden") { return .hidden }
        case 7:
            if equal(name, "content") { return .content }
            if equal(name, "pubdate") { return .pubdate }
        case 8:
            if equal(name, "itemprop") { return .itemprop }
            if equal(name, "property") { return .property }
            if equal(name, "datetime") { return .datetime }
        case 10: if equal(name, "http-equiv") { return .httpEquiv }
        case 11: if equal(name, "aria-hidden") { return .ariaHidden }
        default: break
        }
        return nil
    }

    private static func equal(_ bytes: UnsafeBufferPointer<UInt8>, _ literal: StaticString) -> Bool {
        guard bytes.count == literal.utf8CodeUnitCount else { return false }
        let other = UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
        return memcmp(bytes.baseAddress!, other.baseAddress!, bytes.count) == 0
    }
}
