/// Escaping for markup the report generates itself (SVG charts); pages are rendered by templates.
enum Markup {
    /// `text` with `&`, `<`, `>`, `"` and `'` replaced by character references: safe as element
    /// content and inside a quoted attribute value.
    static func escape(_ text: String) -> String {
        var needs = false
        for byte in text.utf8 where byte == 0x26 || byte == 0x3C || byte == 0x3E || byte == 0x22 || byte == 0x27 {
            needs = true
            break
        }
        guard needs else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

/// One SVG element: a name from the chart code, attributes and either children or text.
///
/// Charts are built as trees of these and serialized once; every attribute value and every text
/// is escaped when serialized, so a name from an article can never become markup. Element and
/// attribute names are string literals in the chart code, never data.
struct SVGNode {
    var name: StaticString
    var attributes: [(StaticString, String)]
    var children: [SVGNode]
    var text: String?

    init(_ name: StaticString, _ attributes: [(StaticString, String)] = [], text: String? = nil, children: [SVGNode] = []) {
        self.name = name
        self.attributes = attributes
        self.children = children
        self.text = text
    }

    /// The root `<svg>` element of a chart of `width` × `height` user units that scales to its container.
    static func chart(width: Double, height: Double, label: String, classes: String, children: [SVGNode]) -> SVGNode {
        SVGNode(
            "svg",
            [
                ("xmlns", "http://www.w3.org/2000/svg"), ("viewBox", "0 0 \(number(width)) \(number(height))"),
                ("class", classes), ("role", "img"), ("aria-label", label),
            ],
            children: [SVGNode("title", text: label)] + children)
    }

    /// The element as markup.
    var markup: String {
        var out = ""
        write(to: &out)
        return out
    }

    func write(to out: inout String) {
        out += "<"
        out += name.description
        for (key, value) in attributes {
            out += " "
            out += key.description
            out += "=\""
            out += Markup.escape(value)
            out += "\""
        }
        if children.isEmpty, text == nil {
            out += "/>"
            return
        }
        out += ">"
        if let text { out += Markup.escape(text) }
        for child in children { child.write(to: &out) }
        out += "</"
        out += name.description
        out += ">"
    }

    /// A coordinate with at most two decimals, without a trailing `.0`.
    static func number(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        return String(rounded)
    }
}
