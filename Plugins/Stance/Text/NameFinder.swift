import TextKit

/// A run of capitalised tokens that reads as a name (`Iranian Foreign Minister Abbas Araqchi`,
/// `U.S.`, `E3`), in token indices of an ``ArticleText``.
public struct NameMention: Sendable, Hashable {
    public var tokens: Range<Int>
    /// Likely a person: a title or role word inside or just before, or two or more name words
    /// without an organisation word.
    public var isPerson: Bool
    /// The last token, lower case: how later mentions (`Araqchi`) are matched.
    public var head: String
}

/// Finds name-like mentions without a trained recogniser: the stance analyzer's own candidates for
/// sentiment targets and pronoun antecedents. The coordinator links them to the entities section.
public enum NameFinder {
    static let organisationWords: Set<String> = [
        "ministry", "department", "party", "house", "union", "council", "agency", "committee", "university", "news",
        "post", "times", "journal", "bank", "court", "congress", "senate", "parliament", "government", "office",
        "commission", "association", "foundation", "institute", "company", "corporation", "inc.", "corp.", "group",
        "organization", "organisation", "nations", "states", "republic", "kingdom", "force", "army", "navy", "police",
        "campaign", "administration", "network", "times", "press", "reuters", "cnn", "fox", "street", "county", "city",
        "summit", "agreement", "deal", "act", "program", "programme", "east", "west", "north", "south",
    ]

    /// Name mentions in the sentences of `text` (title and headings excluded).
    public static func find(_ text: ArticleText) -> [NameMention] {
        var mentions: [NameMention] = []
        let tokens = text.tokens
        for sentence in text.document.sentences {
            var index = sentence.tokens.lowerBound
            while index < sentence.tokens.upperBound {
                guard isNameToken(text, index, sentenceStart: sentence.tokens.lowerBound) else {
                    index += 1
                    continue
                }
                var end = index + 1
                while end < sentence.tokens.upperBound, tokens[end].spaceBefore || tokens[end].text.hasPrefix("-"),
                    isNameToken(text, end, sentenceStart: -1)
                {
                    end += 1
                }
                // Lower-case particles inside names: "bin", "al", "de", "von", "van", "of" + capital.
                while end + 1 < sentence.tokens.upperBound, ["bin", "al", "de", "von", "van", "da", "del", "of"].contains(text.lower[end]),
                    isNameToken(text, end + 1, sentenceStart: -1)
                {
                    end += 2
                    while end < sentence.tokens.upperBound, isNameToken(text, end, sentenceStart: -1) { end += 1 }
                }
                var start = index
                // Drop leading function words and titles-only runs ("The", "President" alone).
                while start < end, Lexicon.capitalisedFunctionWords.contains(text.lower[start]) { start += 1 }
                if start < end, !(end - start == 1 && Lexicon.titles.contains(text.lower[start])) {
                    let words = (start..<end).map { text.lower[$0] }
                    let hasTitle = words.dropLast().contains { Lexicon.titles.contains($0) }
                        || (start > sentence.tokens.lowerBound && Lexicon.titles.contains(text.lower[start - 1]))
                    let hasOrganisation = words.contains { organisationWords.contains($0) }
                    let isPerson = !hasOrganisation && (hasTitle || (end - start >= 2 && !tokens[start..<end].contains { $0.isAllCaps }))
                    mentions.append(NameMention(tokens: start..<end, isPerson: isPerson, head: text.lower[end - 1]))
                }
                index = end
            }
        }
        // A lone capitalised word opening a sentence ("Tensions", "Public") is a name only if it is
        // also written with a capital inside a sentence somewhere.
        var inner: Set<String> = []
        for mention in mentions {
            for index in mention.tokens where !isSentenceInitial(text, index) { inner.insert(text.lower[index]) }
        }
        return mentions.filter { mention in
            mention.tokens.count > 1 || !isSentenceInitial(text, mention.tokens.lowerBound) || inner.contains(text.lower[mention.tokens.lowerBound])
        }
    }

    /// The first word of its sentence, possibly after an opening quotation mark or bracket.
    static func isSentenceInitial(_ text: ArticleText, _ index: Int) -> Bool {
        let sentence = text.document.sentenceOfToken[index]
        guard sentence >= 0 else { return true }
        var k = index - 1
        while k >= text.document.sentences[sentence].tokens.lowerBound {
            if text.tokens[k].kind != .punctuation { return false }
            k -= 1
        }
        return true
    }

    static func isNameToken(_ text: ArticleText, _ index: Int, sentenceStart: Int) -> Bool {
        let token = text.tokens[index]
        guard token.kind == .word || (token.kind == .number && token.text.unicodeScalars.contains { $0.properties.isAlphabetic }) else {
            return false
        }
        guard token.isCapitalized || token.kind == .number else { return false }
        // Sentence-initial capitals are names only when they are not function words.
        if index == sentenceStart, Lexicon.capitalisedFunctionWords.contains(text.lower[index]) { return false }
        if Lexicon.capitalisedFunctionWords.contains(text.lower[index]), index != sentenceStart {
            // "May", "March" in running text are months more often than names here.
            return false
        }
        return true
    }
}
