/// The HTML elements extraction tells apart; every other element is ``other``.
public enum Tag: UInt8, Sendable {
    case document, text, other
    case html, head, body, title, meta, link, base, script, style, noscript, template
    case iframe, frame, frameset, svg, math, canvas, object, embed, video, audio, picture, source, img, map
    case figure, figcaption, nav, header, footer, aside, main, article, section, hgroup, address
    case div, span, p, br, hr, h1, h2, h3, h4, h5, h6
    case ul, ol, li, dl, dt, dd, menu
    case table, thead, tbody, tfoot, tr, td, th, caption, colgroup, col
    case blockquote, q, pre, code, a, b, strong, i, em, u, small, sub, sup, time, abbr, cite, mark, s, del, ins
    case wbr, font, center, big, tt, kbd, samp, `var`, dfn, bdi, bdo, data
    case form, input, button, select, textarea, label, fieldset, legend, option, optgroup, output, datalist
    case dialog, details, summary

    /// Elements that start a new line of text (a paragraph, a heading, a list item, a cell …).
    public var isBlock: Bool { Self.blocks[Int(rawValue)] }

    /// h1 … h6.
    public var isHeading: Bool { self == .h1 || self == .h2 || self == .h3 || self == .h4 || self == .h5 || self == .h6 }

    private static let blocks: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        let block: [Tag] = [
            .html, .head, .body, .title, .figure, .figcaption, .nav, .header, .footer, .aside, .main, .article, .section,
            .hgroup, .address, .div, .p, .hr, .h1, .h2, .h3, .h4, .h5, .h6, .ul, .ol, .li, .dl, .dt, .dd, .menu, .table,
            .thead, .tbody, .tfoot, .tr, .td, .th, .caption, .blockquote, .pre, .form, .fieldset, .legend, .center,
            .dialog, .details, .summary, .iframe, .frame, .frameset, .noscript, .video, .audio, .canvas, .object, .map,
        ]
        for tag in block { table[Int(tag.rawValue)] = true }
        return table
    }()

    /// The tag for a name as libxml2 gives it (lowercased ASCII).
    static func from(_ name: UnsafeBufferPointer<UInt8>) -> Tag {
        guard name.count <= 16 else { return .other }
        return byKey[Key(name)] ?? .other
    }

    /// Up to 16 bytes of a name, packed.
    private struct Key: Hashable {
        var high: UInt64 = 0
        var low: UInt64 = 0

        init<C: Collection<UInt8>>(_ bytes: C) {
            var index = 0
            for byte in bytes {
                if index < 8 { high = high << 8 | UInt64(byte) } else { low = low << 8 | UInt64(byte) }
                index += 1
            }
        }
    }

    private static let byKey: [Key: Tag] = {
        let names: [(String, Tag)] = [
            ("html", .html), ("head", .head), ("body", .body), ("title", .title), ("meta", .meta), ("link", .link),
            ("base", .base), ("script", .script), ("style", .style), ("noscript", .noscript), ("template", .template),
            ("iframe", .iframe), ("frame", .frame), ("frameset", .frameset), ("svg", .svg), ("math", .math),
            ("canvas", .canvas), ("object", .object), ("embed", .embed), ("video", .video), ("audio", .audio),
            ("picture", .picture), ("source", .source), ("img", .img), ("map", .map), ("figure", .figure),
            ("figcaption", .figcaption), ("nav", .nav), ("header", .header), ("footer", .footer), ("aside", .aside),
            ("main", .main), ("article", .article), ("section", .section), ("hgroup", .hgroup), ("address", .address),
            ("div", .div), ("span", .span), ("p", .p), ("br", .br), ("hr", .hr), ("h1", .h1), ("h2", .h2), ("h3", .h3),
            ("h4", .h4), ("h5", .h5), ("h6", .h6), ("ul", .ul), ("ol", .ol), ("li", .li), ("dl", .dl), ("dt", .dt),
            ("dd", .dd), ("menu", .menu), ("table", .table), ("thead", .thead), ("tbody", .tbody), ("tfoot", .tfoot),
            ("tr", .tr), ("td", .td), ("th", .th), ("caption", .caption), ("colgroup", .colgroup), ("col", .col),
            ("blockquote", .blockquote), ("q", .q), ("pre", .pre), ("code", .code), ("a", .a), ("b", .b),
            ("strong", .strong), ("i", .i), ("em", .em), ("u", .u), ("small", .small), ("sub", .sub), ("sup", .sup),
            ("time", .time), ("abbr", .abbr), ("cite", .cite), ("mark", .mark), ("s", .s), ("del", .del), ("ins", .ins),
            ("wbr", .wbr), ("font", .font), ("center", .center), ("big", .big), ("tt", .tt), ("kbd", .kbd),
            ("samp", .samp), ("var", .var), ("dfn", .dfn), ("bdi", .bdi), ("bdo", .bdo), ("data", .data),
            ("form", .form), ("input", .input), ("button", .button), ("select", .select), ("textarea", .textarea),
            ("label", .label), ("fieldset", .fieldset), ("legend", .legend), ("option", .option),
            ("optgroup", .optgroup), ("output", .output), ("datalist", .datalist), ("dialog", .dialog),
            ("details", .details), ("summary", .summary),
        ]
        var table: [Key: Tag] = [:]
        for (name, tag) in names { table[Key(Array(name.utf8))] = tag }
        return table
    }()
}
