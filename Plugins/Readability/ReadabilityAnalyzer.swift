public import AnalyzerKit
public import ArticleModel

/// Readability figures for an article: word, sentence and syllable counts, Flesch reading ease,
/// Flesch–Kincaid grade and reading time. Produces an extension section.
///
/// Sentences end at `.`, `!` or `?` followed by space or end of text (or at a line break); words are
/// runs of letters, digits and inner apostrophes or hyphens. Syllables are counted per word as vowel
/// groups, with a silent final `e` dropped and at least one per word, the usual estimate behind
/// published Flesch figures.
public struct ReadabilityAnalyzer: Analyzer {
    public let descriptor = AnalyzerDescriptor(
        name: "readability", version: "1.0.0", produces: [.extension],
        summary: "word, sentence and syllable counts, Flesch reading ease and grade, reading time",
        pureComputation: true)

    /// Words per minute used for `readingMinutes` (a common figure for adults reading news).
    public static let wordsPerMinute = 230.0

    public init() {}

    public func analyze(_ request: AnalysisRequest) async throws -> AnalyzerOutput {
        let stats = Self.measure(request.article.text)
        return AnalyzerOutput(extension: stats.json)
    }

    /// Counts for one text.
    public struct Stats: Equatable, Sendable {
        public var words = 0
        public var sentences = 0
        public var syllables = 0
        public var complexWords = 0
        public var characters = 0

        public var fleschReadingEase: Double? {
            guard words > 0, sentences > 0 else { return nil }
            return 206.835 - 1.015 * Double(words) / Double(sentences) - 84.6 * Double(syllables) / Double(words)
        }

        public var fleschKincaidGrade: Double? {
            guard words > 0, sentences > 0 else { return nil }
            return 0.39 * Double(words) / Double(sentences) + 11.8 * Double(syllables) / Double(words) - 15.59
        }

        var json: JSONValue {
            func rounded(_ value: Double?) -> JSONValue {
                value.map { .number(($0 * 10).rounded() / 10) } ?? .null
            }
            return .object([
                "words": .number(Double(words)),
                "sentences": .number(Double(sentences)),
                "syllables": .number(Double(syllables)),
                "complexWords": .number(Double(complexWords)),
                "characters": .number(Double(characters)),
                "fleschReadingEase": rounded(fleschReadingEase),
                "fleschKincaidGrade": rounded(fleschKincaidGrade),
                "readingMinutes": .number((Double(words) / ReadabilityAnalyzer.wordsPerMinute * 10).rounded() / 10),
            ])
        }
    }

    public static func measure(_ text: String) -> Stats {
        var stats = Stats()
        var word: [Unicode.Scalar] = []
        var sentenceHasWords = false
        var pendingTerminator = false

        func endWord() {
            guard !word.isEmpty else { return }
            stats.words += 1
            let count = syllables(word)
            stats.syllables += count
            if count >= 3 { stats.complexWords += 1 }
            word.removeAll(keepingCapacity: true)
            sentenceHasWords = true
        }
        func endSentence() {
            if sentenceHasWords { stats.sentences += 1 }
            sentenceHasWords = false
            pendingTerminator = false
        }

        let scalars = Array(text.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            if Self.isAlphabetic(scalar) || Self.isNumeric(scalar) {
                // After a terminator, a lower-case word continues the sentence ("the U.S. special envoy").
                if pendingTerminator {
                    if Self.isLowercase(scalar) { pendingTerminator = false } else { endSentence() }
                }
                word.append(scalar)
                stats.characters += 1
                continue
            }
            let nextIsLetter = index + 1 < scalars.count && Self.isAlphabetic(scalars[index + 1])
            // Apostrophes and hyphens inside words; dots inside initialisms ("U.S.", "e.g.").
            let isInitialismDot = scalar == "." && (word.count == 1 || (word.count >= 2 && word[word.count - 2] == "."))
            let isInner = (scalar == "'" || scalar == "\u{2019}" || scalar == "-" || isInitialismDot) && !word.isEmpty && nextIsLetter
            if isInner {
                word.append(scalar)
                continue
            }
            endWord()
            switch scalar {
            case ".", "!", "?":
                pendingTerminator = sentenceHasWords
            case "\n":
                endSentence()
            default:
                if pendingTerminator && !Self.isWhitespace(scalar) && !"\"'”’)".unicodeScalars.contains(scalar) {
                    pendingTerminator = false  // "U.S." or "3.5": not a sentence end
                }
            }
        }
        endWord()
        endSentence()
        return stats
    }

    // Unicode properties cost a table search per call (a third of this analyzer's time); ASCII,
    // most of any English text, is answered directly.
    static func isAlphabetic(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII ? (scalar.value | 0x20) &- 0x61 < 26 : scalar.properties.isAlphabetic
    }

    static func isNumeric(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII ? scalar.value &- 0x30 < 10 : scalar.properties.numericType != nil
    }

    static func isLowercase(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII ? scalar.value &- 0x61 < 26 : scalar.properties.isLowercase
    }

    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII ? scalar.value == 0x20 || scalar.value &- 0x09 < 5 : scalar.properties.isWhitespace
    }

    static let vowels: Set<Unicode.Scalar> = ["a", "e", "i", "o", "u", "y", "á", "é", "í", "ó", "ú", "à", "è", "ö", "ü", "ä"]

    static func isVowel(_ letter: Unicode.Scalar) -> Bool {
        switch letter.value {
        case 0x61, 0x65, 0x69, 0x6F, 0x75, 0x79: return true
        case 0..<0x80: return false
        default: return vowels.contains(letter)
        }
    }

    /// `scalar` in lower case if it is a letter (ASCII without a property lookup), else `nil`.
    static func lowercaseLetter(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
        if scalar.isASCII {
            switch scalar.value {
            case 0x61...0x7A: return scalar
            case 0x41...0x5A: return Unicode.Scalar(scalar.value + 0x20)
            default: return nil
            }
        }
        guard scalar.properties.isAlphabetic else { return nil }
        let lower = scalar.properties.lowercaseMapping.unicodeScalars
        return lower.count == 1 ? lower.first : scalar
    }

    /// Vowel groups in a word, a silent final `e` dropped, at least one.
    static func syllables(_ word: [Unicode.Scalar]) -> Int {
        let letters = word.compactMap(lowercaseLetter)
        guard !letters.isEmpty else { return 1 }
        var groups = 0
        var previousVowel = false
        for letter in letters {
            let vowel = isVowel(letter)
            if vowel && !previousVowel { groups += 1 }
            previousVowel = vowel
        }
        if letters.count > 2, letters.last == "e", !isVowel(letters[letters.count - 2]), groups > 1 {
            groups -= 1
        }
        if letters.count > 2, letters[letters.count - 2] == "l", letters[letters.count - 1] == "e", !isVowel(letters[letters.count - 3]) {
            groups += 1  // "table", "little": the final -le is a syllable
        }
        return max(1, groups)
    }
}
