import ArticleModel
public import TextKit
import FeatureHashing

/// One sentence prepared for target sentiment: its tokens, lower-case forms, stem hashes, which
/// tokens are inside quotation marks, negation scope and clause numbers.
public struct SentimentSentence: Sendable {
    public let tokens: [Token]
    public let lower: [String]
    /// Stems (first seven letters of the lower-case form), as lexicon keys and hashed.
    public let stems: [String]
    let stemHash: [UInt64]
    let inQuote: [Bool]
    let negated: [Bool]
    let clause: [Int]
    /// Coarse segments: split only at contrast and strong punctuation (`but`, `;`, `while`, dashes).
    let segment: [Int]

    /// A sentence given on its own (NewsMTSC): offsets are scalar offsets into `text`.
    public init(_ text: String) {
        self.init(tokens: Tokenizer.tokenize(text))
    }

    public init(tokens: [Token]) {
        self.tokens = tokens
        var lower: [String] = []
        var stems: [String] = []
        var stemHash: [UInt64] = []
        var inQuote: [Bool] = []
        var negated: [Bool] = []
        var clause: [Int] = []
        var open = false
        var negation = 0
        var clauseNumber = 0
        var segment: [Int] = []
        var segmentNumber = 0
        for token in tokens {
            let word = ArticleText.normalise(token.text)
            lower.append(word)
            let stem = word.unicodeScalars.count > 7 ? String(String.UnicodeScalarView(word.unicodeScalars.prefix(7))) : word
            stems.append(stem)
            stemHash.append(FeatureHash.string(stem))
            switch ArticleText.quoteMark(token) {
            case .open: open = true
            case .close: open = false
            case .straight: open.toggle()
            case .none: break
            }
            inQuote.append(open)
            if SentimentSentence.clauseBreaks.contains(word) {
                clauseNumber += 1
                negation = 0
            }
            clause.append(clauseNumber)
            if SentimentSentence.segmentBreaks.contains(word) { segmentNumber += 1 }
            segment.append(segmentNumber)
            if Lexicon.negators.contains(word) {
                negation = 4
                negated.append(false)
            } else {
                negated.append(negation > 0)
                if negation > 0 { negation -= 1 }
            }
        }
        self.lower = lower
        self.stems = stems
        self.stemHash = stemHash
        self.inQuote = inQuote
        self.negated = negated
        self.clause = clause
        self.segment = segment
    }

    static let segmentBreaks: Set<String> = [
        ";", ":", "but", "while", "although", "though", "whereas", "however", "yet", "\u{2014}", "\u{2013}", "despite",
    ]

    static let clauseBreaks: Set<String> = [
        ",", ";", ":", "but", "while", "although", "though", "whereas", "because", "and", "\u{2014}", "(", ")", "\u{2013}", ".",
    ]

    /// The token range covering scalar offsets `[from, to)` (tokens that overlap it), or `nil`.
    public func tokenRange(from: Int, to: Int) -> Range<Int>? {
        var first: Int?
        var last = 0
        for (index, token) in tokens.enumerated() where token.span.start < to && token.span.end > from {
            if first == nil { first = index }
            last = index
        }
        return first.map { $0..<(last + 1) }
    }
}

/// The lexicon's values for one sentence's stems and stem bigrams: the same for every target in the
/// sentence, so an article's several names in one sentence look them up once.
public struct SentimentLexiconValues: Sendable {
    /// Per token: the polarity of its stem, and its neutral-vs-polar score.
    let stem: [Float?], neutral: [Float?]
    /// Per token `i` but the last: the same for the bigram of stems `i`, `i + 1`.
    let bigram: [Float?], neutralBigram: [Float?]

    public init(_ s: SentimentSentence, lexicon: [String: Float]) {
        stem = s.stems.map { lexicon[$0] }
        neutral = s.stems.map { lexicon[SentimentFeatures.neutralKey($0)] }
        var bigram: [Float?] = []
        var neutralBigram: [Float?] = []
        for i in s.stems.indices.dropLast() {
            let key = SentimentFeatures.bigramKey(s.stems[i], s.stems[i + 1])
            bigram.append(lexicon[key])
            neutralBigram.append(lexicon[SentimentFeatures.neutralKey(key)])
        }
        self.bigram = bigram
        self.neutralBigram = neutralBigram
    }
}

/// Target-dependent features for one (sentence, target) pair.
enum SentimentFeatures {
    static let speechCues: Set<String> = [
        "said", "says", "say", "told", "tells", "added", "adds", "wrote", "writes", "argued", "argues", "claimed",
        "claims", "insisted", "warned", "noted", "stated", "asked", "asks", "suggested", "declared", "explained",
        "tweeted", "according", "testified", "recalled", "continued", "responded", "replied", "announced",
        "acknowledged", "admitted", "conceded", "countered", "explains", "notes", "insists", "warns", "contends",
        "contended", "charged", "alleged", "saying", "telling",
    ]
    static let nameWords: Set<String> = [
        "spokesman", "spokeswoman", "sen.", "rep.", "president", "secretary", "former", "chairman", "director", "the",
        "a", "an", "of", "gov.", "mr.", "ms.", "dr.", "attorney", "general", "senator", "representative", "leader",
        "minister", "chief", "executive", "u.s.", ",", "to",
    ]
    static let stopwords: Set<String> = [
        "the", "a", "an", "of", "to", "in", "and", "or", "for", "on", "at", "by", "with", "from", "as", "is", "was",
        "are", "were", "be", "been", "has", "have", "had", "that", "this", "it", "its", "his", "her", "their", "they",
        "he", "she", "we", "i", "you", "which", "who",
    ]

    /// Whether the target is the speaker of a quotation or reported speech in the sentence.
    static func isSpeaker(_ s: SentimentSentence, _ target: Range<Int>) -> Bool {
        if s.inQuote[target.lowerBound] { return false }
        var k = target.upperBound
        var skipped = 0
        while k < s.lower.count, skipped < 2, [",", "'s"].contains(s.lower[k]) {
            k += 1
            skipped += 1
        }
        if k < s.lower.count, speechCues.contains(s.lower[k]) { return true }
        k = target.lowerBound - 1
        skipped = 0
        while k >= 0, skipped < 5, s.tokens[k].isCapitalized || nameWords.contains(s.lower[k]), !speechCues.contains(s.lower[k]) {
            k -= 1
            skipped += 1
        }
        if k >= 0, speechCues.contains(s.lower[k]) { return true }
        if k >= 1, s.lower[k] == "to", s.lower[k - 1] == "according" { return true }
        return false
    }

    /// The lexicon key of a stem's neutral-vs-polar score (tokens never contain spaces).
    static func neutralKey(_ stem: String) -> String { "neutral " + stem }

    /// Lexicon keys beyond single stems, each with its family: stems just left (`l `) and right
    /// (`r `) of the target, and the sentence's stem bigrams (`b `).
    static func lexiconKeys(_ s: SentimentSentence, target: Range<Int>) -> [(family: String, key: String)] {
        var keys: [(family: String, key: String)] = []
        let count = s.stems.count
        for i in max(0, target.lowerBound - 5)..<target.lowerBound { keys.append(("L", "l " + s.stems[i])) }
        for i in target.upperBound..<min(count, target.upperBound + 5) { keys.append(("R", "r " + s.stems[i])) }
        if count > 1 {
            for i in 0..<(count - 1) where !target.contains(i) && !target.contains(i + 1) {
                keys.append(("B", bigramKey(s.stems[i], s.stems[i + 1])))
            }
        }
        return keys
    }

    static func bigramKey(_ a: String, _ b: String) -> String { "b " + a + " " + b }

    static let bucketNames = [1, 2].map { side in (1...6).map { "lexb\(side)\($0)" } }

    /// Binary and real-valued features; `lexicon` maps stems to polarity scores, and `values` are its
    /// values for this sentence when already looked up.
    static func extract(
        _ s: SentimentSentence, target: Range<Int>, lexicon: [String: Float], values: SentimentLexiconValues? = nil
    ) -> (binary: [UInt64], real: [(UInt64, Float)]) {
        let values = values ?? SentimentLexiconValues(s, lexicon: lexicon)
        var binary: [UInt64] = []
        binary.reserveCapacity(s.tokens.count * 4 + 16)
        var real: [String: Float] = [:]
        func add(_ name: String, _ value: Float) { real[name, default: 0] += value }
        let count = s.tokens.count
        let first = target.lowerBound
        let last = target.upperBound - 1
        let targetClause = s.clause[first]
        let negationMark: UInt64 = 0x5EED
        let speaker = isSpeaker(s, target)
        let targetQuoted = s.inQuote[first]
        var hasQuote = false
        // Name-like tokens other than the target: sentiment words nearer to one of them than to the
        // target are more likely about it.
        var names: [Int] = []
        for i in 0..<count where !target.contains(i) && i > 0 && s.tokens[i].isCapitalized && s.tokens[i].kind == .word
            && !Lexicon.capitalisedFunctionWords.contains(s.lower[i]) { names.append(i) }
        let targetSegment = s.segment[first]
        for i in 0..<count {
            if s.inQuote[i] { hasQuote = true }
            if target.contains(i) { continue }
            let word = s.negated[i] ? FeatureHash.feature(99, s.stemHash[i], negationMark) : s.stemHash[i]
            let distance = i < first ? first - i : i - last
            let side: UInt64 = i < first ? 1 : 2
            let bucket = distance <= 1 ? 1 : distance == 2 ? 2 : distance <= 4 ? 3 : distance <= 7 ? 4 : distance <= 12 ? 5 : 6
            binary.append(FeatureHash.feature(100, word))
            if distance <= 3 { binary.append(FeatureHash.feature(101, side, word)) }
            if distance <= 8 { binary.append(FeatureHash.feature(102, word)) }
            if s.clause[i] == targetClause {
                binary.append(FeatureHash.feature(103, word))
                binary.append(FeatureHash.feature(114, side, word))
            }
            if distance <= 6, i + 1 < count { binary.append(FeatureHash.feature(104, s.stemHash[i], s.stemHash[i + 1])) }
            if let neutral = values.neutral[i] {
                add("neu", neutral / (1 + Float(distance) / 4))
                add("neuall", neutral / Float(count) * 5)
                if s.clause[i] == targetClause { add("neucl", neutral) }
            }
            guard var value = values.stem[i] else { continue }
            if s.negated[i] { value = -value }
            let weight = 1 / (1 + Float(distance) / 4)
            // Polarity by side and distance bucket, and within the target's coarse segment.
            add(bucketNames[Int(side) - 1][bucket - 1], value)
            if s.segment[i] == targetSegment { add("lexseg", value) }
            add("lex", value * weight)
            add("lexabs", abs(value) * weight)
            if value > 0 { add("lexpos", value * weight) } else { add("lexneg", -value * weight) }
            add("lexall", value / Float(count) * 5)
            if s.clause[i] == targetClause { add("lexcl", value) }
            let nearestName = names.min { abs($0 - i) < abs($1 - i) }
            if let nearestName, abs(nearestName - i) < distance {
                add("lexother", value)
            } else {
                add("lexown", value)
            }
            if hasQuote || s.inQuote[i] {
                add(s.inQuote[i] == targetQuoted ? "lexq_same" : "lexq_diff", value)
            }
        }
        // The keys of lexiconKeys(_:target:), in its order; bigrams from the sentence's values.
        for i in max(0, target.lowerBound - 5)..<target.lowerBound {
            let key = "l " + s.stems[i]
            if let value = lexicon[key] { add("lexL", value) }
            if let neutral = lexicon[neutralKey(key)] { add("neuL", neutral) }
        }
        for i in target.upperBound..<min(count, target.upperBound + 5) {
            let key = "r " + s.stems[i]
            if let value = lexicon[key] { add("lexR", value) }
            if let neutral = lexicon[neutralKey(key)] { add("neuR", neutral) }
        }
        if count > 1 {
            for i in 0..<(count - 1) where !target.contains(i) && !target.contains(i + 1) {
                if let value = values.bigram[i] { add("lexB", value) }
                if let neutral = values.neutralBigram[i] { add("neuB", neutral) }
            }
        }
        if hasQuote { binary.append(FeatureHash.feature(105, 1)) }
        binary.append(FeatureHash.feature(106, targetQuoted ? 1 : 0))
        binary.append(FeatureHash.feature(107, first == 0 ? 1 : 0))
        let next = last + 1 < count ? FeatureHash.string(s.lower[last + 1]) : FeatureHash.string("</s>")
        let previous = first > 0 ? FeatureHash.string(s.lower[first - 1]) : FeatureHash.string("<s>")
        binary.append(FeatureHash.feature(108, next))
        binary.append(FeatureHash.feature(109, previous))
        if speaker {
            binary.append(FeatureHash.feature(110, 1))
            for name in ["lex", "lexabs", "lexpos", "lexneg", "lexall", "lexcl"] {
                if let value = real[name] { real[name + "*spk"] = value }
            }
        }
        for i in target { binary.append(FeatureHash.feature(111, s.stemHash[i])) }
        // Nearest content words either side.
        var k = last + 1
        while k < count, stopwords.contains(s.lower[k]) || s.tokens[k].kind == .punctuation { k += 1 }
        if k < count { binary.append(FeatureHash.feature(112, s.stemHash[k])) }
        k = first - 1
        while k >= 0, stopwords.contains(s.lower[k]) || s.tokens[k].kind == .punctuation { k -= 1 }
        if k >= 0 { binary.append(FeatureHash.feature(113, s.stemHash[k])) }
        // The words just around the target as pairs: what it does (`X slammed`), what is done to
        // it (`slammed X`), and what it sits between.
        let right1 = last + 1 < count ? s.stemHash[last + 1] : 1
        let right2 = last + 2 < count ? s.stemHash[last + 2] : 1
        let left1 = first >= 1 ? s.stemHash[first - 1] : 2
        let left2 = first >= 2 ? s.stemHash[first - 2] : 2
        binary.append(FeatureHash.feature(125, right1, right2))
        binary.append(FeatureHash.feature(126, left2, left1))
        binary.append(FeatureHash.feature(127, left1, right1))
        let realFeatures = real.keys.sorted().map { (FeatureHash.feature(200, FeatureHash.string($0)), real[$0]!) }
        return (binary, realFeatures)
    }
}
