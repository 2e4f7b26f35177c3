public import ArticleModel

/// Splits running text into sentences at `.`, `!`, `?` and ellipses followed by something that can
/// start a sentence; closing quotes and brackets stay with the sentence they close. Abbreviations and
/// initialisms (`Mr.`, `U.S.`) are single tokens, so their dots do not end a sentence unless a word
/// that usually starts one follows (`… with the U.S. The talks …`).
public enum SentenceSplitter {
    public static func split(tokens: [Token], buffer: TextBuffer, regions: [Span]) -> [Sentence] {
        var sentences: [Sentence] = []
        for region in regions {
            var from = Layout.firstToken(tokens, at: region.start)
            var to = from
            while to < tokens.count, tokens[to].span.start < region.end { to += 1 }
            var start = from
            while from < to {
                var end = from + 1
                if endsSentence(tokens, from, to) {
                    // Keep closing quotes and brackets that hug the terminator.
                    while end < to, !tokens[end].spaceBefore, isClosing(tokens[end]) { end += 1 }
                    if end == to || canStart(tokens[end]) {
                        sentences.append(Sentence(span: Span(tokens[start].span.start, tokens[end - 1].span.end), tokens: start..<end))
                        start = end
                    }
                }
                from = end
            }
            if start < to {
                sentences.append(Sentence(span: Span(tokens[start].span.start, tokens[to - 1].span.end), tokens: start..<to))
            }
        }
        return sentences
    }

    static func endsSentence(_ tokens: [Token], _ index: Int, _ limit: Int) -> Bool {
        let token = tokens[index]
        if token.isSentenceFinal { return true }
        // An abbreviation at the end of a sentence: "… talks with the U.S. The envoy …".
        if token.kind == .word, token.text.hasSuffix("."), index + 1 < limit {
            let next = tokens[index + 1]
            return next.kind == .word && sentenceStarters.contains(next.text)
        }
        return false
    }

    static func isClosing(_ token: Token) -> Bool {
        guard token.kind == .punctuation || token.kind == .clitic else { return false }
        return [")", "]", "}", "”", "’", "\"", "'", "»"].contains(token.text)
    }

    static func canStart(_ token: Token) -> Bool {
        guard let first = token.text.unicodeScalars.first else { return false }
        if token.newlineBefore { return true }
        if first.isUppercaseLetter || first.isDigit { return true }
        if token.kind == .punctuation, ["“", "\"", "‘", "'", "(", "[", "«", "—", "–", "-"].contains(token.text) { return true }
        // Scripts without case (Arabic, Chinese…) can start a sentence.
        return first.isLetter && !first.isLowercaseLetter && !first.isUppercaseLetter
    }

    /// Capitalised words that usually begin a sentence rather than continue a name.
    static let sentenceStarters: Set<String> = [
        "The", "A", "An", "This", "That", "These", "Those", "He", "She", "It", "They", "We", "I", "You", "But", "And",
        "However", "In", "On", "At", "For", "If", "When", "While", "As", "After", "Before", "Its", "His", "Her",
        "Their", "Our", "There", "Officials", "Some", "Many", "Meanwhile", "Still", "Yet", "So", "Also",
    ]
}
