import TextKit
import FeatureHashing

/// Roles a token can play in an attribution (PolNeAR's scheme: every token has at most one).
public enum AttributionLabel: UInt8, Sendable, CaseIterable {
    case outside = 0, beginSource, insideSource, beginCue, insideCue, beginContent, insideContent

    public var name: String {
        ["O", "B-SRC", "I-SRC", "B-CUE", "I-CUE", "B-CON", "I-CON"][Int(rawValue)]
    }

    public enum Role: Sendable { case source, cue, content }

    public var role: Role? {
        switch self {
        case .outside: nil
        case .beginSource, .insideSource: .source
        case .beginCue, .insideCue: .cue
        case .beginContent, .insideContent: .content
        }
    }

    public var isBegin: Bool { self == .beginSource || self == .beginCue || self == .beginContent }

    static func begin(_ role: Role) -> AttributionLabel {
        switch role {
        case .source: .beginSource
        case .cue: .beginCue
        case .content: .beginContent
        }
    }

    static func inside(_ role: Role) -> AttributionLabel {
        switch role {
        case .source: .insideSource
        case .cue: .insideCue
        case .content: .insideContent
        }
    }
}

/// Tagger of attribution roles: beam search (``AttributionBeam``) with an averaged perceptron over hashed features
/// (words and stems round the token, a cue prior mined from PolNeAR, quotation state, distance to the
/// nearest likely cue on either side, the previous two labels). Tokens of the title, dateline and
/// headings are not tagged; sentences of one paragraph form one sequence so that a quotation can
/// run on across sentences.
public struct AttributionTagger: Sendable {
    public let model: LinearModel

    /// Beam width of the search: the model's `beam` parameter (the width it was trained with; 1,
    /// greedy, when absent) unless given.
    public let beamWidth: Int

    /// The weights of the history features over small domains, looked up once here (the same
    /// values the model gives them): only the previous label with the word needs the feature table.
    private let history: HistoryTables

    public init(model: LinearModel, beamWidth: Int? = nil) {
        self.model = model
        self.beamWidth = beamWidth ?? Int(model.parameters["beam"] ?? 1)
        history = HistoryTables(model)
    }

    /// Labels for every token of the text.
    public func tag(_ text: ArticleText) -> [AttributionLabel] {
        let features = AttributionFeatures(text: text, cuePrior: model.lexicon)
        var labels = [AttributionLabel](repeating: .outside, count: text.tokens.count)
        var staticScores = [Float](repeating: 0, count: AttributionLabel.allCases.count)
        var buffer: [UInt64] = []
        for sequence in features.sequences() {
            var beam = AttributionBeam(width: beamWidth)
            for (index, sentence) in sequence {
                buffer.removeAll(keepingCapacity: true)
                features.staticFeatures(index, sentence: sentence, into: &buffer)
                staticScores = model.biases
                for feature in buffer { model.accumulate(feature, into: &staticScores) }
                let start = index == sentence.tokens.lowerBound ? 1 : 0
                let quote = Int(features.quoteState[index])
                let prior = Int(features.priorBucket[index])
                let word = text.wordHash[index]
                beam.advance { previous, previous2, scores in
                    scores = staticScores
                    history.add(previous: previous, previous2: previous2, start: start, quote: quote, prior: prior, into: &scores)
                    model.accumulate(FeatureHash.feature(42, UInt64(previous.rawValue), word), into: &scores)
                }
            }
            for (position, label) in beam.path(endingAt: 0).enumerated() { labels[sequence[position].0] = label }
        }
        return labels
    }
}

/// Dense weights of the history features whose values come from small sets (templates 40, 41, 43, 44
/// and 45 of ``AttributionFeatures/historyFeatures(_:sentence:previous:previous2:into:)``).
struct HistoryTables: Sendable {
    static let labels = AttributionLabel.allCases.count
    /// Previous label; previous two labels; previous label × sentence start, × quote state (0…3),
    /// × cue-prior bucket (0…5).
    private var previous: [Float], previousTwo: [Float], start: [Float], quote: [Float], prior: [Float]

    init(_ model: LinearModel) {
        let n = Self.labels
        func row(_ feature: UInt64) -> [Float] { model.weights(of: feature) ?? Array(repeating: 0, count: n) }
        previous = []; previousTwo = []; start = []; quote = []; prior = []
        for p in 0..<UInt64(n) {
            previous += row(FeatureHash.feature(40, p))
            for p2 in 0..<UInt64(n) { previousTwo += row(FeatureHash.feature(41, p, p2)) }
            for value in 0..<UInt64(2) { start += row(FeatureHash.feature(43, p, value)) }
            for value in 0..<UInt64(4) { quote += row(FeatureHash.feature(44, p, value)) }
            for value in 0..<UInt64(6) { prior += row(FeatureHash.feature(45, p, value)) }
        }
    }

    @inline(__always)
    func add(previous p: AttributionLabel, previous2 p2: AttributionLabel, start s: Int, quote q: Int, prior b: Int,
             into scores: inout [Float]) {
        let n = Self.labels
        let p = Int(p.rawValue)
        let a = p * n, b2 = (p * n + Int(p2.rawValue)) * n, c = (p * 2 + s) * n, d = (p * 4 + q) * n, e = (p * 6 + b) * n
        for label in 0..<n {
            scores[label] += previous[a + label] + previousTwo[b2 + label] + start[c + label] + quote[d + label] + prior[e + label]
        }
    }
}

/// The features of the attribution tagger: static ones per token, and ones that read the history.
struct AttributionFeatures {
    let text: ArticleText
    let cuePrior: [String: Float]
    /// Prior bucket (0…5) of each token.
    let priorBucket: [UInt8]
    /// Quote state of each token: 0 outside, 1 inside, 2 opening mark, 3 closing mark.
    let quoteState: [UInt8]

    init(text: ArticleText, cuePrior: [String: Float]) {
        self.text = text
        self.cuePrior = cuePrior
        var buckets = [UInt8](repeating: 5, count: text.tokens.count)
        for (index, word) in text.lower.enumerated() {
            guard let prior = cuePrior[word] else { continue }
            buckets[index] = prior < 0.02 ? 0 : prior < 0.1 ? 1 : prior < 0.3 ? 2 : prior < 0.6 ? 3 : 4
        }
        priorBucket = buckets
        var state = [UInt8](repeating: 0, count: text.tokens.count)
        for (index, region) in text.regionOfToken.enumerated() where region >= 0 {
            let quote = text.regions[region]
            state[index] = quote.open == index ? 2 : quote.close == index ? 3 : 1
        }
        quoteState = state
    }

    /// The tagged tokens in sequences, one per paragraph (so a quotation can run on across its
    /// sentences), each token with its sentence. Title, dateline and headings are not sentences.
    func sequences() -> [[(Int, Sentence)]] {
        var sequences: [[(Int, Sentence)]] = []
        var paragraph = -1
        for sentence in text.document.sentences {
            for index in sentence.tokens {
                if text.paragraphOfToken[index] != paragraph || sequences.isEmpty {
                    sequences.append([])
                    paragraph = text.paragraphOfToken[index]
                }
                sequences[sequences.count - 1].append((index, sentence))
            }
        }
        return sequences
    }

    static let boundary = FeatureHash.string("<s>")
    static let endBoundary = FeatureHash.string("</s>")

    func isLikelyCue(_ index: Int) -> Bool { priorBucket[index] >= 3 && priorBucket[index] != 5 }

    func staticFeatures(_ i: Int, sentence: Sentence, into out: inout [UInt64]) {
        let range = sentence.tokens
        let w = text.wordHash
        func word(_ offset: Int) -> UInt64 {
            let j = i + offset
            if j < range.lowerBound { return Self.boundary }
            if j >= range.upperBound { return Self.endBoundary }
            return w[j]
        }
        func prior(_ offset: Int) -> UInt64 {
            let j = i + offset
            return range.contains(j) ? UInt64(priorBucket[j]) : 9
        }
        let token = text.tokens[i]
        let shape: UInt64 = token.kind == .punctuation ? 1 : token.kind == .number ? 2 : token.isAllCaps ? 3 : token.isCapitalized ? 4 : 5
        out.append(FeatureHash.feature(1, w[i]))
        out.append(FeatureHash.feature(2, text.stemHash[i]))
        out.append(FeatureHash.feature(3, shape, i == range.lowerBound ? 1 : 0))
        out.append(FeatureHash.feature(4, word(-1)))
        out.append(FeatureHash.feature(5, word(1)))
        out.append(FeatureHash.feature(6, word(-2)))
        out.append(FeatureHash.feature(7, word(2)))
        out.append(FeatureHash.feature(8, word(-1), w[i]))
        out.append(FeatureHash.feature(9, w[i], word(1)))
        out.append(FeatureHash.feature(10, prior(0)))
        out.append(FeatureHash.feature(11, prior(-1), prior(0)))
        out.append(FeatureHash.feature(12, prior(0), prior(1)))
        out.append(FeatureHash.feature(13, prior(-2), prior(-1)))
        out.append(FeatureHash.feature(14, prior(1), prior(2)))
        let quote = UInt64(quoteState[i])
        out.append(FeatureHash.feature(15, quote))
        out.append(FeatureHash.feature(16, quote, w[i]))
        // Likely cues to the right and left in the sentence, by distance.
        func bucket(_ distance: Int?) -> UInt64 {
            guard let distance else { return 0 }
            switch distance {
            case 1: return 1
            case 2: return 2
            case 3: return 3
            case 4...6: return 4
            case 7...12: return 5
            default: return 6
            }
        }
        var right: Int?
        var j = i + 1
        while j < range.upperBound { if isLikelyCue(j) { right = j - i; break }; j += 1 }
        var left: Int?
        j = i - 1
        while j >= range.lowerBound { if isLikelyCue(j) { left = i - j; break }; j -= 1 }
        out.append(FeatureHash.feature(17, bucket(right)))
        out.append(FeatureHash.feature(18, bucket(left)))
        out.append(FeatureHash.feature(19, bucket(right), bucket(left)))
        out.append(FeatureHash.feature(20, bucket(right), quote))
        out.append(FeatureHash.feature(21, bucket(left), quote))
        // Position in the sentence.
        let fromEnd = range.upperBound - 1 - i
        out.append(FeatureHash.feature(22, UInt64(min(i - range.lowerBound, 4)), UInt64(min(fromEnd, 4))))
        // A quotation next to a likely cue: “…,” she said / she said: “…”.
        let region = text.regionOfToken[i]
        if region >= 0 {
            let quote = text.regions[region]
            var after = 0
            var k = quote.last + 1
            while k < text.tokens.count, k <= quote.last + 5 {
                if isLikelyCue(k) { after = k - quote.last; break }
                k += 1
            }
            var before = 0
            k = quote.open - 1
            while k >= 0, k >= quote.open - 5 {
                if isLikelyCue(k) { before = quote.open - k; break }
                k -= 1
            }
            out.append(FeatureHash.feature(23, UInt64(after), UInt64(before)))
            out.append(FeatureHash.feature(24, quote.close == nil ? 1 : 0, UInt64(min(quote.last - quote.open, 8))))
        }
        // Sentence has a quotation at all.
        out.append(FeatureHash.feature(25, text.regionOfToken[range.lowerBound] >= 0 ? 1 : 0, text.regionOfToken[range.upperBound - 1] >= 0 ? 1 : 0))
        out.append(FeatureHash.feature(26, shape, word(-1)))
        out.append(FeatureHash.feature(27, shape, word(1)))
    }

    func historyFeatures(
        _ i: Int, sentence: Sentence, previous: AttributionLabel, previous2: AttributionLabel, into out: inout [UInt64]
    ) {
        let p = UInt64(previous.rawValue)
        let p2 = UInt64(previous2.rawValue)
        let start: UInt64 = i == sentence.tokens.lowerBound ? 1 : 0
        out.append(FeatureHash.feature(40, p))
        out.append(FeatureHash.feature(41, p, p2))
        out.append(FeatureHash.feature(42, p, text.wordHash[i]))
        out.append(FeatureHash.feature(43, p, start))
        out.append(FeatureHash.feature(44, p, UInt64(quoteState[i])))
        out.append(FeatureHash.feature(45, p, UInt64(priorBucket[i])))
    }
}
