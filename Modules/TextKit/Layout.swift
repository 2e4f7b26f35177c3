public import ArticleModel

/// Paragraphs, title, dateline and headings: the parts of an article that are not running text.
public enum Layout {
    public struct Result: Sendable {
        public var title: Span?
        /// The title, or else a first paragraph of one short line followed by more text: a headline
        /// that ends in a stop, which reads as a sentence too (`Virginian could make history. Again.`).
        public var headline: Span?
        public var dateline: Dateline?
        public var headings: [Span]
        /// Stretches of running text: paragraphs without the title, headings and dateline.
        public var bodyRegions: [Span]
    }

    /// Paragraph spans, trimmed of surrounding whitespace. Text with blank lines is split at blank
    /// lines (single line breaks inside a paragraph are soft wraps); text without blank lines is split
    /// at every line break.
    public static func paragraphs(_ s: [Unicode.Scalar]) -> [Span] {
        var hasBlankLine = false
        var lastNewline = -1
        for (index, scalar) in s.enumerated() where scalar.isNewline {
            if scalar == "\r", index + 1 < s.count, s[index + 1] == "\n" { continue }
            if lastNewline >= 0, s[(lastNewline + 1)..<index].allSatisfy({ $0.isSpace }) {
                hasBlankLine = true
                break
            }
            lastNewline = index
        }
        var spans: [Span] = []
        var start: Int?
        var lastContent = -1
        var newlines = 0
        for (index, scalar) in s.enumerated() {
            if scalar.isNewline {
                if !(scalar == "\r" && index + 1 < s.count && s[index + 1] == "\n") { newlines += 1 }
                if let open = start, !hasBlankLine || newlines >= 2 {
                    spans.append(Span(open, lastContent + 1))
                    start = nil
                }
                continue
            }
            if scalar.isSpace { continue }
            if start == nil { start = index }
            lastContent = index
            newlines = 0
        }
        if let open = start { spans.append(Span(open, lastContent + 1)) }
        return spans
    }

    public static func analyze(_ buffer: TextBuffer, tokens: [Token], paragraphs: [Span]) -> Result {
        var result = Result(title: nil, headline: nil, dateline: nil, headings: [], bodyRegions: [])
        let shortFirstLine = paragraphs.count > 1 && isShortLine(tokensOf(paragraphs[0], tokens))
        var first = true
        for (number, paragraph) in paragraphs.enumerated() {
            let slice = tokensOf(paragraph, tokens)
            let isLast = number == paragraphs.count - 1
            if first, !isLast, isHeadingLike(slice, buffer: buffer, maxWords: 25) {
                result.title = paragraph
                first = false
                continue
            }
            if !first, !isLast, isHeadingLike(slice, buffer: buffer, maxWords: 14) {
                result.headings.append(paragraph)
                continue
            }
            // The dateline opens the first paragraph of the body, right after the title if there is one
            // (or after a one-line headline that ends in a stop, as scraped articles often have it).
            let afterHeadline = number == 1 && result.headings.isEmpty && (result.title != nil || shortFirstLine)
            let opensBody = first || afterHeadline
            if opensBody, result.dateline == nil, let dateline = dateline(slice, buffer: buffer) {
                result.dateline = dateline
                var start = dateline.span.end
                while start < paragraph.end, buffer.scalars[start].isSpace { start += 1 }
                if start < paragraph.end { result.bodyRegions.append(Span(start, paragraph.end)) }
                first = false
                continue
            }
            first = false
            result.bodyRegions.append(paragraph)
        }
        result.headline = result.title ?? (shortFirstLine ? paragraphs[0] : nil)
        return result
    }

    /// The tokens of a paragraph.
    static func tokensOf(_ paragraph: Span, _ tokens: [Token]) -> ArraySlice<Token> {
        let from = firstToken(tokens, at: paragraph.start)
        var to = from
        while to < tokens.count, tokens[to].span.start < paragraph.end { to += 1 }
        return tokens[from..<to]
    }

    /// One line of at most 20 words: a headline, whatever its final punctuation.
    static func isShortLine(_ tokens: ArraySlice<Token>) -> Bool {
        let words = tokens.count { $0.kind == .word || $0.kind == .number }
        return (1...20).contains(words) && !tokens.dropFirst().contains(where: \.newlineBefore)
    }

    /// The index of the first token starting at or after `offset` (binary search).
    static func firstToken(_ tokens: [Token], at offset: Int) -> Int {
        var low = 0
        var high = tokens.count
        while low < high {
            let middle = (low + high) / 2
            if tokens[middle].span.start < offset { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Short title-case lines without final punctuation: headings and titles.
    static func isHeadingLike(_ tokens: ArraySlice<Token>, buffer: TextBuffer, maxWords: Int) -> Bool {
        guard let first = tokens.first, let last = tokens.last else { return false }
        // One line only.
        if tokens.dropFirst().contains(where: \.newlineBefore) { return false }
        let words = tokens.filter { $0.kind == .word || $0.kind == .number }
        guard (1...maxWords).contains(words.count), first.kind == .word || first.kind == .number else { return false }
        if last.kind == .punctuation, ".,;:!\"”’'«»—–-".contains(last.text) || last.text == "..." || last.text == "…" { return false }
        guard first.isCapitalized || first.kind == .number else { return false }
        // Title case: most longer words capitalised (function words may stay lower case).
        let content = words.filter { $0.kind == .word && $0.text.unicodeScalars.count >= 4 }
        let capitalised = content.filter(\.isCapitalized).count
        if content.isEmpty { return words.count <= 4 }
        if capitalised * 10 < content.count * 7 { return false }
        // A one- or two-word all-caps line followed by text is a kicker or section label; a longer
        // all-caps line could be shouting body text: require title case then too.
        return true
    }

    /// `WASHINGTON (Reuters) -`, `ISLAMABAD (PEN) :`, `LONDON, June 19 (Reuters) —`, `GENEVA —`.
    static func dateline(_ tokens: ArraySlice<Token>, buffer: TextBuffer) -> Dateline? {
        var index = tokens.startIndex
        var placeEnd = index
        // The place: all-caps words, with inner commas, dots or hyphens ("ST. LOUIS", "WASHINGTON, D.C.").
        while index < tokens.endIndex {
            let token = tokens[index]
            if token.kind == .word, token.isAllCaps || (token.text.count == 1 && token.isCapitalized) || token.text.hasSuffix(".") && token.isAllCaps {
                index += 1
                placeEnd = index
                continue
            }
            if token.text == ",", index + 1 < tokens.endIndex, tokens[index + 1].isAllCaps {
                index += 1
                continue
            }
            break
        }
        // A place in ordinary case ("Islamabad, June 19 (PEN):") counts only with a date or a source.
        var ordinaryCase = false
        if placeEnd == tokens.startIndex {
            while index < tokens.endIndex, index - tokens.startIndex < 3, tokens[index].kind == .word, tokens[index].isCapitalized,
                monthNumber(tokens[index].text) == nil
            {
                index += 1
                placeEnd = index
            }
            ordinaryCase = placeEnd > tokens.startIndex
        }
        guard placeEnd > tokens.startIndex, placeEnd - tokens.startIndex <= 6 else { return nil }
        index = placeEnd
        // Optional ", Region" in ordinary case ("KABUL, Afghanistan (AP) —", "FRESNO, Calif. —"), not a month.
        if index + 1 < tokens.endIndex, tokens[index].text == "," {
            var end = index + 1
            while end < tokens.endIndex, end - index <= 3, tokens[end].kind == .word, tokens[end].isCapitalized,
                monthNumber(tokens[end].text) == nil
            {
                end += 1
            }
            if end > index + 1, end < tokens.endIndex,
                tokens[end].text == "(" || ["-", "--", "—", "–", "―"].contains(tokens[end].text)
                    || (tokens[end].text == "," && end + 1 < tokens.endIndex && monthNumber(tokens[end + 1].text) != nil)
            {
                index = end
                placeEnd = end
            }
        }
        var date: String?
        // Optional ", Month Day[, Year]".
        if index + 2 < tokens.endIndex, tokens[index].text == ",", let month = monthNumber(tokens[index + 1].text),
            tokens[index + 2].kind == .number, let day = Int(tokens[index + 2].text), (1...31).contains(day)
        {
            index += 3
            if index + 1 < tokens.endIndex, tokens[index].text == ",", tokens[index + 1].kind == .number,
                let year = Int(tokens[index + 1].text), (1800...2200).contains(year)
            {
                index += 2
                if day <= PublicationTime.daysIn(month: month, year: year) {
                    date = String(format4(year)) + "-" + two(month) + "-" + two(day)
                }
            }
        }
        var source: String?
        if index + 2 < tokens.endIndex, tokens[index].text == "(" {
            var close = index + 1
            while close < tokens.endIndex, tokens[close].text != ")", close - index <= 6 { close += 1 }
            guard close < tokens.endIndex, tokens[close].text == ")", close > index + 1 else { return nil }
            source = buffer[Span(tokens[index + 1].span.start, tokens[close - 1].span.end)]
            index = close + 1
        }
        guard index < tokens.endIndex else { return nil }
        let separator = tokens[index].text
        let isSeparator = ["-", "--", "—", "–", ":", "―"].contains(separator)
        guard isSeparator, source != nil || separator != ":" else { return nil }
        guard !ordinaryCase || source != nil || date != nil else { return nil }
        // Something must follow on the same paragraph.
        guard index + 1 < tokens.endIndex else { return nil }
        let span = Span(tokens[tokens.startIndex].span.start, tokens[index].span.end)
        let place = buffer[Span(tokens[tokens.startIndex].span.start, tokens[placeEnd - 1].span.end)]
        return Dateline(span: span, place: place, source: source, date: date)
    }

    static let months = [
        "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
        "september": 9, "october": 10, "november": 11, "december": 12, "jan": 1, "jan.": 1, "feb": 2, "feb.": 2,
        "mar.": 3, "apr": 4, "apr.": 4, "jun.": 6, "jul.": 7, "aug": 8, "aug.": 8, "sep.": 9, "sept": 9,
        "sept.": 9, "oct": 10, "oct.": 10, "nov": 11, "nov.": 11, "dec": 12, "dec.": 12,
    ]

    static func monthNumber(_ word: String) -> Int? { months[word.lowercased()] }

    private static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
    private static func format4(_ value: Int) -> String { String(repeating: "0", count: max(0, 4 - String(value).count)) + String(value) }
}
