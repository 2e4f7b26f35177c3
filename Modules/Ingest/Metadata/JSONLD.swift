import Foundation

/// Schema.org objects from a page's JSON-LD scripts.
///
/// Every object in every script is visited (top-level arrays, `@graph`, nested values), and the
/// ones that describe the page's article are ranked first: `NewsArticle` and its kin, then other
/// `Article` and `BlogPosting` types, then `WebPage`. JSON-LD on the web is often slightly broken;
/// HTML comments and CDATA markers around it, raw line breaks inside strings and trailing commas
/// are repaired before giving up on a script.
struct JSONLD {
    /// Article-like objects, most specific type first.
    private(set) var articles: [[String: Any]] = []
    /// Every object with a `@type`, in document order.
    private(set) var objects: [[String: Any]] = []
    /// Objects with a `@type` by their `@id` (the first of each), for references to them.
    private var identified: [String: [String: Any]] = [:]

    init(scripts: [String]) {
        for script in scripts {
            guard let value = Self.parse(script) else { continue }
            collect(value, depth: 0)
        }
        articles = objects.filter { Self.rank(of: $0) != nil }
            .enumerated().sorted { (Self.rank(of: $0.element)!, $0.offset) < (Self.rank(of: $1.element)!, $1.offset) }
            .map(\.element)
    }

    private mutating func collect(_ value: Any, depth: Int) {
        guard depth < 12 else { return }
        if let array = value as? [Any] {
            for element in array { collect(element, depth: depth + 1) }
        } else if let object = value as? [String: Any] {
            if object["@type"] != nil {
                objects.append(object)
                if let id = object["@id"] as? String, identified[id] == nil { identified[id] = object }
            }
            if let graph = object["@graph"] { collect(graph, depth: depth + 1) }
            for key in ["mainEntity", "mainEntityOfPage", "itemListElement", "hasPart"] {
                if let inner = object[key], !(inner is String) { collect(inner, depth: depth + 1) }
            }
        }
    }

    /// `value` with each reference to an object described elsewhere in the page's JSON-LD (an object
    /// with an `@id` and no `name`, as in Yoast's `"author": {"@id": "…#/schema/person/…"}`)
    /// replaced by that object; lists element by element.
    func resolving(_ value: Any) -> Any {
        if let list = value as? [Any] { return list.map(resolving) }
        if let object = value as? [String: Any], object["name"] == nil, let id = object["@id"] as? String, let target = identified[id] {
            return target
        }
        return value
    }

    /// 0 for news articles, 1 for other articles and posts, 2 for web pages; nil for anything else.
    static func rank(of object: [String: Any]) -> Int? {
        let types = Self.types(object)
        if types.contains(where: { $0.hasSuffix("NewsArticle") || $0 == "ReportageNewsArticle" || $0 == "LiveBlogPosting" }) { return 0 }
        if types.contains(where: { ["Article", "BlogPosting", "Report", "ScholarlyArticle", "TechArticle", "SocialMediaPosting", "OpinionNewsArticle", "Review", "Blog"].contains($0) }) {
            return 1
        }
        if types.contains(where: { $0.hasSuffix("WebPage") }) { return 2 }
        return nil
    }

    static func types(_ object: [String: Any]) -> [String] {
        if let type = object["@type"] as? String { return [Self.shortType(type)] }
        if let list = object["@type"] as? [Any] { return list.compactMap { ($0 as? String).map(Self.shortType) } }
        return []
    }

    private static func shortType(_ type: String) -> String {
        type.split(separator: "/").last.map(String.init) ?? type
    }

    /// A string value: a string, or the first string of an array, or an object's `name`/`@value`;
    /// HTML character references decoded (pages write `&#8217;` and `&oacute;` into JSON-LD).
    static func string(_ value: Any?) -> String? {
        switch value {
        case let text as String: return HTMLParser.decodingReferences(text)
        case let number as NSNumber: return number.stringValue
        case let list as [Any]: return list.lazy.compactMap { string($0) }.first
        case let object as [String: Any]: return string(object["name"] ?? object["@value"])
        default: return nil
        }
    }

    static func parse(_ script: String) -> Any? {
        var text = script
        let bytes = Array(script.utf8)
        if bytes.contains(0x3C) || bytes.contains(0x5D) {
            for marker in ["<!--", "-->", "//<![CDATA[", "//]]>", "<![CDATA[", "]]>"] where Ingest.contains(bytes, Array(marker.utf8)) {
                text = text.replacingOccurrences(of: marker, with: "")
            }
        }
        if let value = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) { return value }
        let repaired = repair(text)
        return try? JSONSerialization.jsonObject(with: Data(repaired.utf8), options: [.fragmentsAllowed])
    }

    /// Raw control characters inside strings escaped, trailing commas before `}` or `]` removed.
    static func repair(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var inString = false
        var escaped = false
        var pendingComma = false
        for scalar in text.unicodeScalars {
            if inString {
                if escaped {
                    escaped = false
                } else if scalar == "\\" {
                    escaped = true
                } else if scalar == "\"" {
                    inString = false
                } else if scalar.value < 0x20 {
                    out.append(contentsOf: " ".unicodeScalars)
                    continue
                }
                out.append(scalar)
                continue
            }
            if scalar == "," {
                if pendingComma { continue }
                pendingComma = true
                continue
            }
            if scalar.properties.isWhitespace {
                out.append(scalar)
                continue
            }
            if pendingComma {
                if scalar != "}" && scalar != "]" { out.append(",") }
                pendingComma = false
            }
            if scalar == "\"" { inString = true }
            out.append(scalar)
        }
        return String(out)
    }
}
