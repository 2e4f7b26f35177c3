import AnalyzerKit
import ArticleModel

/// Finds web addresses, e-mail addresses, @handles and #hashtags, with their spans.
///
/// A complete third-party plugin: the analyzer is a value type, and `main` (in `Main.swift`) hands it
/// to `WorkerMain`, which connects to the coordinator named by `--connect` or `$BYLINE_CONNECT`.
struct LinksAnalyzer: Analyzer {
    let descriptor = AnalyzerDescriptor(
        name: "links", version: "1.0.0", produces: [.extension],
        summary: "web addresses, e-mail addresses, @handles and #hashtags")

    func analyze(_ request: AnalysisRequest) async throws -> AnalyzerOutput {
        let scalars = Array(request.article.text.unicodeScalars)
        var found: [JSONValue] = []
        var index = 0
        while index < scalars.count {
            if let (kind, end) = match(scalars, at: index) {
                var text = String.UnicodeScalarView()
                text.append(contentsOf: scalars[index..<end])
                found.append(.object([
                    "kind": .string(kind), "text": .string(String(text)),
                    "span": .array([.number(Double(index)), .number(Double(end))]),
                ]))
                index = end
            } else {
                index += 1
            }
        }
        return AnalyzerOutput(extension: .object(["links": .array(found)]))
    }

    /// The kind and end of a link starting at `start`, which must begin a word.
    private func match(_ s: [Unicode.Scalar], at start: Int) -> (String, Int)? {
        if start > 0, isWordish(s[start - 1]) { return nil }
        func hasPrefix(_ prefix: String) -> Bool {
            let p = Array(prefix.unicodeScalars)
            guard start + p.count <= s.count else { return false }
            return zip(s[start..<(start + p.count)], p).allSatisfy { $0.properties.lowercaseMapping == String($1) }
        }
        if hasPrefix("http://") || hasPrefix("https://") || hasPrefix("www.") {
            return ("url", trimmed(s, start, scan(s, from: start) { !$0.properties.isWhitespace && !"<>\"“”".unicodeScalars.contains($0) }))
        }
        if s[start] == "@" || s[start] == "#" {
            let end = scan(s, from: start + 1) { isWordish($0) }
            guard end > start + 1, !s[(start + 1)..<end].allSatisfy({ $0.properties.numericType != nil }) else { return nil }
            return (s[start] == "@" ? "handle" : "hashtag", end)
        }
        // local@domain.tld
        let local = scan(s, from: start) { isWordish($0) || ".+-".unicodeScalars.contains($0) }
        guard local > start, local < s.count, s[local] == "@" else { return nil }
        let domain = trimmed(s, local + 1, scan(s, from: local + 1) { isWordish($0) || $0 == "." || $0 == "-" })
        guard domain > local + 1, s[(local + 1)..<domain].contains(".") else { return nil }
        return ("email", domain)
    }

    private func scan(_ s: [Unicode.Scalar], from start: Int, while accept: (Unicode.Scalar) -> Bool) -> Int {
        var end = start
        while end < s.count, accept(s[end]) { end += 1 }
        return end
    }

    /// Drops trailing punctuation that ends the sentence rather than the address.
    private func trimmed(_ s: [Unicode.Scalar], _ start: Int, _ end: Int) -> Int {
        var end = end
        while end > start, ".,;:!?)]}'’".unicodeScalars.contains(s[end - 1]) { end -= 1 }
        return end
    }

    private func isWordish(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || scalar.properties.numericType != nil || scalar == "_"
    }
}
