import CLibXML2
import Foundation

/// Parses HTML into an ``HTMLTree`` with libxml2's HTML parser, driven through its SAX interface so
/// that libxml2 builds no tree of its own. The only place in byline that touches libxml2.
///
/// Input is UTF-8 (``PageDecoder`` converts every other charset first) and libxml2 is told to
/// ignore the page's own charset declarations, so the bytes are read once and as given. The parser
/// runs in recovery mode: any byte sequence gives a tree, never an error or a crash.
public enum HTMLParser {
    /// libxml2's global state is set up once, before any thread parses (parsing itself is thread-safe:
    /// each call has its own parser context).
    private static let initialised: Bool = {
        xmlInitParser()
        return true
    }()

    /// Parses `utf8` (HTML as UTF-8 bytes) into a tree.
    ///
    /// What the tree never holds (script and style bodies, values of attributes it does not keep)
    /// is taken out before libxml2 reads the page, and plain values it keeps are replaced by
    /// references (``ScriptBodies``; only when `bytes` are valid UTF-8), unless `lightened` is false:
    /// the tree is the same either way, which the tests check on hostile markup.
    public static func parse(utf8 bytes: [UInt8], lightened: Bool = true) -> HTMLTree {
        parse(bytes, lightened: lightened, validUTF8: lightened && UTF8Repair.isValid(bytes).valid)
    }

    /// Parses a page ``PageDecoder`` made (valid UTF-8, so not checked again).
    public static func parse(_ page: PageDecoder.Decoded) -> HTMLTree {
        parse(page.utf8, lightened: true, validUTF8: true)
    }

    /// `text` with its HTML character references decoded (`&amp;`, `&oacute;`, `&#8217;`, `&#x2019;`),
    /// for strings that come from script bodies (JSON-LD), which libxml2 does not decode. Named
    /// references are HTML 4's, looked up in libxml2's table; a reference needs its semicolon, and
    /// one that names no character (`&nosuch;`, `&#0;`, a surrogate) stays as written.
    public static func decodingReferences(_ text: String) -> String {
        let bytes = Array(text.utf8)
        guard bytes.contains(0x26) else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var at = 0
        while at < bytes.count {
            guard bytes[at] == 0x26, let (scalar, length) = reference(in: bytes, at: at) else {
                out.append(bytes[at])
                at += 1
                continue
            }
            UTF8.encode(scalar) { out.append($0) }
            at += length
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The character a reference starting at `at` (an `&`) stands for, and the reference's length.
    private static func reference(in bytes: [UInt8], at: Int) -> (Unicode.Scalar, Int)? {
        var end = at + 1
        while end < bytes.count, end - at <= 33, bytes[end] != 0x3B {
            let byte = bytes[end]
            guard (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == 0x23 else { return nil }
            end += 1
        }
        guard end < bytes.count, bytes[end] == 0x3B, end > at + 1 else { return nil }
        let name = bytes[(at + 1)..<end]
        let value: UInt32?
        if name.first == 0x23 {
            let digits = name.dropFirst()
            if digits.first == 0x78 || digits.first == 0x58 {
                value = UInt32(String(decoding: digits.dropFirst(), as: UTF8.self), radix: 16)
            } else {
                value = UInt32(String(decoding: digits, as: UTF8.self), radix: 10)
            }
        } else {
            let entity = (Array(name) + [0]).withUnsafeBufferPointer { htmlEntityLookup($0.baseAddress) }
            value = entity.map { UInt32($0.pointee.value) }
        }
        guard let value, value != 0, let scalar = Unicode.Scalar(value) else { return nil }
        return (scalar, end - at + 1)
    }

    private static func parse(_ bytes: [UInt8], lightened: Bool, validUTF8: Bool) -> HTMLTree {
        if lightened, let lighter = ScriptBodies.removed(from: bytes, validUTF8: validUTF8) {
            return parseAsIs(lighter.bytes, values: lighter.values)
        }
        return parseAsIs(bytes, values: nil)
    }

    private static func parseAsIs(_ bytes: [UInt8], values: ReferencedValues?) -> HTMLTree {
        _ = initialised
        // The builder's state lives at a fixed address that libxml2 hands back with each event.
        let state = UnsafeMutablePointer<TreeState>.allocate(capacity: 1)
        state.initialize(to: TreeState())
        defer { state.deallocate() }
        state.pointee.values = values
        if !bytes.isEmpty {
            state.pointee.reserve(forBytes: bytes.count)
            if bytes.count > pushThreshold {
                parseInChunks(bytes, state)
            } else {
                bytes.withUnsafeBufferPointer { buffer in
                    buffer.withMemoryRebound(to: CChar.self) { chars in
                        // libxml2 takes an int length; pages over 2 GB are refused long before this.
                        guard let context = htmlCreateMemoryParserCtxt(chars.baseAddress, Int32(clamping: chars.count)) else { return }
                        defer { htmlFreeParserCtxt(context) }
                        context.pointee.sax.pointee = TreeState.handler
                        context.pointee.userData = UnsafeMutableRawPointer(state)
                        _ = htmlCtxtUseOptions(context, options)
                        _ = xmlSwitchEncoding(context, XML_CHAR_ENCODING_UTF8)
                        _ = htmlParseDocument(context)
                    }
                }
            }
        }
        return state.move().tree
    }

    /// Pages larger than this are fed to libxml2's push parser a megabyte at a time, so that the
    /// parser holds no copy of the whole page.
    static let pushThreshold = 8 << 20

    static let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
        | HTML_PARSE_NONET.rawValue | HTML_PARSE_IGNORE_ENC.rawValue | HTML_PARSE_NODEFDTD.rawValue) | Int32(XML_PARSE_HUGE.rawValue)

    private static func parseInChunks(_ bytes: [UInt8], _ state: UnsafeMutablePointer<TreeState>) {
        var handler = TreeState.handler
        bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                guard let context = htmlCreatePushParserCtxt(&handler, UnsafeMutableRawPointer(state), nil, 0, nil, XML_CHAR_ENCODING_UTF8) else { return }
                defer { htmlFreeParserCtxt(context) }
                _ = htmlCtxtUseOptions(context, options)
                let chunk = 1 << 20
                var offset = 0
                while offset < chars.count {
                    let length = min(chunk, chars.count - offset)
                    _ = htmlParseChunk(context, chars.baseAddress! + offset, Int32(length), 0)
                    offset += length
                }
                _ = htmlParseChunk(context, nil, 0, 1)
            }
        }
    }
}

extension TreeState {
    /// The state libxml2 hands back with an event.
    static func state(_ context: UnsafeMutableRawPointer?) -> UnsafeMutablePointer<TreeState>? {
        context?.assumingMemoryBound(to: TreeState.self)
    }

    /// The SAX handler: elements, text and CDATA; nothing else (no entities, DTDs or errors).
    static var handler: htmlSAXHandler {
        var sax = htmlSAXHandler()
        sax.startElement = { context, name, attributes in
            guard let name, let state = TreeState.state(context) else { return }
            state.pointee.start(UnsafeBufferPointer(start: name, count: strlen(UnsafeRawPointer(name).assumingMemoryBound(to: CChar.self))), attributes)
        }
        sax.endElement = { context, _ in
            TreeState.state(context)?.pointee.end()
        }
        sax.characters = { context, text, length in
            guard let text, length > 0, let state = TreeState.state(context) else { return }
            state.pointee.characters(UnsafeBufferPointer(start: text, count: Int(length)))
        }
        sax.ignorableWhitespace = sax.characters
        sax.cdataBlock = { context, text, length in
            guard let text, length > 0, let state = TreeState.state(context) else { return }
            state.pointee.cdata(UnsafeBufferPointer(start: text, count: Int(length)))
        }
        return sax
    }
}

/// Builds an ``HTMLTree`` from libxml2's SAX events, and what it knows between them. It lives at one
/// address for the whole parse, so that an event costs no reference counting or exclusivity check.
private struct TreeState {
    var tree = HTMLTree()
    /// Each node's last child while the tree is built (the tree itself keeps only first children and
    /// next siblings).
    var lastChild: [Int32] = [-1]
    /// Open elements, innermost last; the root first.
    var open: [Int32] = [HTMLTree.root]
    /// Elements opened below the depth limit, whose nodes were not made.
    var flattened = 0
    /// Inside a `<script type="application/ld+json">`: its body so far.
    var jsonLD: [UInt8]?
    /// What the references among attribute values stand for.
    var values: ReferencedValues?

    /// Room for the text and nodes of a page of `count` bytes, so that large pages are not copied
    /// while their arrays grow.
    mutating func reserve(forBytes count: Int) {
        tree.bytes.reserveCapacity(count)
        tree.nodes.reserveCapacity(count / 24 + 16)
        lastChild.reserveCapacity(count / 24 + 16)
    }

    /// Whether a script's `type` is JSON-LD's (`application/ld+json`, in any ASCII case).
    static func namesJSONLD(_ type: String) -> Bool {
        Ingest.contains(type.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, ldJSON)
    }

    private static let ldJSON = Array("ld+json".utf8)

    mutating func start(_ name: UnsafeBufferPointer<UInt8>, _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) {
        let tag = Tag.from(name)
        guard open.count <= Int(HTMLTree.maximumDepth) else {
            // Too deep for a node of its own; a block still separates the text before and after it.
            flattened += 1
            if tag.isBlock { boundary() }
            return
        }
        let parent = open[open.count - 1]
        let attributeStart = Int32(tree.attributes.count)
        if var pair = attributes {
            while let key = pair.pointee {
                let value = pair.advanced(by: 1).pointee
                let keyBytes = UnsafeBufferPointer(start: key, count: strlen(UnsafeRawPointer(key).assumingMemoryBound(to: CChar.self)))
                if let attribute = AttributeName.from(keyBytes), attribute != .href || tag == .link {
                    let text = value.map { values?.value(of: $0) ?? String(cString: $0) } ?? ""
                    tree.attributes.append((attribute, text))
                }
                pair = pair.advanced(by: 2)
            }
        }
        let index = Int32(tree.nodes.count)
        tree.nodes.append(HTMLTree.Node(tag: tag, parent: parent, start: attributeStart, end: Int32(tree.attributes.count), depth: open.count))
        link(index, to: parent)
        open.append(index)
        if tag == .script, let type = tree.attribute(.type, of: index), Self.namesJSONLD(type) {
            jsonLD = []
        }
        if tag == .html, let lang = tree.attribute(.lang, of: index), !lang.isEmpty { tree.language = lang }
    }

    mutating func end() {
        if flattened > 0 {
            flattened -= 1
            boundary()
            return
        }
        guard open.count > 1 else { return }
        let closed = open.removeLast()
        if tree.nodes[Int(closed)].tag == .script, let body = jsonLD {
            tree.jsonLD.append(String(decoding: body, as: UTF8.self))
            jsonLD = nil
        }
    }

    mutating func characters(_ text: UnsafeBufferPointer<UInt8>) {
        guard !text.isEmpty else { return }
        let parent = open[open.count - 1]
        let tag = tree.nodes[Int(parent)].tag
        // Script and style bodies come as characters when libxml2 has no CDATA handler for them; keep
        // neither (JSON-LD arrives through cdata).
        guard tag != .script, tag != .style, tag != .template else { return }
        let last = lastChild[Int(parent)]
        if last >= 0, tree.nodes[Int(last)].isText, Int(tree.nodes[Int(last)].end) == tree.bytes.count {
            tree.bytes.append(contentsOf: text)
            tree.nodes[Int(last)].end = Int32(truncatingIfNeeded: tree.bytes.count)
            return
        }
        let start = Int32(truncatingIfNeeded: tree.bytes.count)
        tree.bytes.append(contentsOf: text)
        let index = Int32(tree.nodes.count)
        tree.nodes.append(HTMLTree.Node(tag: .text, parent: parent, start: start, end: Int32(truncatingIfNeeded: tree.bytes.count), depth: open.count))
        link(index, to: parent)
    }

    /// A paragraph boundary inside the deepest element kept (an empty `<hr>` node), for blocks
    /// nested below the depth limit; never two in a row.
    private mutating func boundary() {
        let parent = open[open.count - 1]
        let last = lastChild[Int(parent)]
        if last >= 0, tree.nodes[Int(last)].tag == .hr { return }
        let index = Int32(tree.nodes.count)
        tree.nodes.append(HTMLTree.Node(tag: .hr, parent: parent, start: 0, end: 0, depth: open.count))
        link(index, to: parent)
    }

    /// The body of a script or style element (libxml2 hands these over as CDATA blocks).
    mutating func cdata(_ text: UnsafeBufferPointer<UInt8>) {
        if jsonLD != nil { jsonLD!.append(contentsOf: text) }
    }

    /// Links node `index` (just appended) as the last child of `parent`.
    private mutating func link(_ index: Int32, to parent: Int32) {
        lastChild.append(-1)
        let last = lastChild[Int(parent)]
        if last >= 0 {
            tree.nodes[Int(last)].nextSibling = index
        } else {
            tree.nodes[Int(parent)].firstChild = index
        }
        lastChild[Int(parent)] = index
    }
}
