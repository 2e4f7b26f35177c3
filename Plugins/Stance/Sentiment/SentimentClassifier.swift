public import ArticleModel
import Foundation
import FeatureHashing

/// Sentiment toward a target mention in its sentence: multinomial logistic regression over
/// ``SentimentFeatures``, trained on NewsMTSC by ``SentimentTrainer``.
public struct SentimentClassifier: Sendable {
    /// Labels in the model's order.
    public static let labels = ["negative", "neutral", "positive"]
    public let model: LinearModel

    public init(model: LinearModel) {
        self.model = model
    }

    /// The model lexicon's values for a sentence, to share among its targets.
    public func lexiconValues(_ sentence: SentimentSentence) -> SentimentLexiconValues {
        SentimentLexiconValues(sentence, lexicon: model.lexicon)
    }

    /// Probabilities of negative, neutral, positive; `values` from ``lexiconValues(_:)`` of the sentence.
    public func probabilities(_ sentence: SentimentSentence, target: Range<Int>, values: SentimentLexiconValues? = nil) -> [Double] {
        guard !target.isEmpty, target.upperBound <= sentence.tokens.count else { return [0, 1, 0] }
        let (binary, real) = SentimentFeatures.extract(sentence, target: target, lexicon: model.lexicon, values: values)
        let scores = model.scores(binary: SentimentTrainer.unique(binary), real: real)
        return SentimentTrainer.softmax(scores.map(Double.init))
    }

    /// Polarity and a score in [-1, 1] (P(positive) − P(negative), rounded to 3 places).
    public func classify(
        _ sentence: SentimentSentence, target: Range<Int>, values: SentimentLexiconValues? = nil
    ) -> (polarity: SentimentPolarity, score: Double) {
        let p = probabilities(sentence, target: target, values: values)
        var best = 0
        for label in 1..<3 where p[label] > p[best] { best = label }
        let polarity: SentimentPolarity = best == 0 ? .negative : best == 1 ? .neutral : .positive
        let score = max(-1, min(1, ((p[2] - p[0]) * 1000).rounded() / 1000))
        return (polarity, score)
    }
}

/// One training example: a sentence, the target's token range, the gold label (0 neg, 1 neu, 2 pos).
public struct SentimentExample: Sendable {
    public var sentence: SentimentSentence
    public var target: Range<Int>
    public var label: Int

    public init(sentence: SentimentSentence, target: Range<Int>, label: Int) {
        self.sentence = sentence
        self.target = target
        self.label = label
    }
}

/// Trains the ``SentimentClassifier``: compiles a polarity lexicon from the training data (per key,
/// smoothed log odds of positive vs negative, shrunk toward zero for keys frequent in neutral
/// sentences, and log odds of neutral vs polar), cross-fitted over five folds of sentences so that
/// training features never read a lexicon built from their own sentence's labels; then fits
/// class-balanced, L2-regularised multinomial logistic regression by full-batch Adam with a
/// learning rate decaying linearly to zero. Everything iterates in a fixed order: the same data
/// gives the same bytes.
public enum SentimentTrainer {
    public struct Options: Sendable {
        public var iterations = 300
        public var l2 = 10.0
        public var learningRate = 0.05
        public var folds = 5
        public var minimumWeight: Float = 0.002
        public init() {}
    }

    static func unique(_ features: [UInt64]) -> [UInt64] {
        var sorted = features.sorted()
        var write = 0
        for read in sorted.indices where read == 0 || sorted[read] != sorted[read - 1] {
            sorted[write] = sorted[read]
            write += 1
        }
        sorted.removeLast(sorted.count - write)
        return sorted
    }

    static func softmax(_ scores: [Double]) -> [Double] {
        let top = scores.max() ?? 0
        let exps = scores.map { exp($0 - top) }
        let sum = exps.reduce(0, +)
        return exps.map { $0 / sum }
    }

    /// The polarity lexicon of a set of examples. Keys are stems seen in at least two sentences and
    /// the target-relative keys of ``SentimentFeatures/lexiconKeys(_:target:)`` seen at least three
    /// times; each has a positive-vs-negative score under its own name and a neutral-vs-polar score
    /// under ``SentimentFeatures/neutralKey(_:)``.
    public static func lexicon(_ examples: [SentimentExample]) -> [String: Float] {
        var counts: [String: [Int]] = [:]
        var totals = [0, 0, 0]
        for example in examples {
            totals[example.label] += 1
            for stem in Set(example.sentence.stems) { counts[stem, default: [0, 0, 0]][example.label] += 1 }
            for key in Set(SentimentFeatures.lexiconKeys(example.sentence, target: example.target).map(\.key)) {
                counts[key, default: [0, 0, 0]][example.label] += 1
            }
        }
        // Add-a smoothing of the counts, and shrinkage toward zero by seen / (seen + k); k was chosen
        // by five-fold cross-validation on train (1 over 3 and 8).
        let a = 0.5
        let k = 1.0
        var lexicon: [String: Float] = [:]
        for (stem, n) in counts where n[0] + n[1] + n[2] >= (stem.contains(" ") ? 3 : 2) {  // Stems have no spaces.
            let logOdds = log((Double(n[2]) + a) / Double(max(totals[2], 1))) - log((Double(n[0]) + a) / Double(max(totals[0], 1)))
            let weight = Double(n[0] + n[2]) / (Double(n[0] + n[1] + n[2]) + k)
            lexicon[stem] = Float(logOdds * weight)
            let polar = Double(max(totals[0] + totals[2], 1))
            let neutral = log((Double(n[1]) + a) / Double(max(totals[1], 1))) - log((Double(n[0] + n[2]) + a) / polar)
            let seen = Double(n[0] + n[1] + n[2])
            lexicon[SentimentFeatures.neutralKey(stem)] = Float(neutral * seen / (seen + k))
        }
        return lexicon
    }

    public static func train(_ examples: [SentimentExample], options: Options = Options(), log: (String) -> Void = { _ in }) -> LinearModel {
        // Features with cross-fitted lexicons.
        var rows: [(binary: [Int], real: [(Int, Float)])] = []
        var index: [UInt64: Int] = [:]
        var keys: [UInt64] = []
        func id(_ feature: UInt64) -> Int {
            if let known = index[feature] { return known }
            index[feature] = keys.count
            keys.append(feature)
            return keys.count - 1
        }
        // Folds by sentence, so that no target reads a lexicon built from its sentence's other targets.
        let foldOf = examples.map { Int(FeatureHash.string($0.sentence.lower.joined(separator: " ")) % UInt64(options.folds)) }
        var foldLexicons: [[String: Float]] = []
        for fold in 0..<options.folds {
            let rest = examples.indices.filter { foldOf[$0] != fold }.map { examples[$0] }
            foldLexicons.append(lexicon(rest))
        }
        for (number, example) in examples.enumerated() {
            let (binary, real) = SentimentFeatures.extract(example.sentence, target: example.target, lexicon: foldLexicons[foldOf[number]])
            rows.append((unique(binary).map(id), real.map { (id($0.0), $0.1) }))
        }

        let featureCount = keys.count
        let labelCount = 3
        var classCounts = [0, 0, 0]
        for example in examples { classCounts[example.label] += 1 }
        let classWeight = classCounts.map { Double(examples.count) / Double(labelCount * max($0, 1)) }
        var w = [Double](repeating: 0, count: featureCount * labelCount)
        var b = [Double](repeating: 0, count: labelCount)
        var m = w, v = w
        var mb = b, vb = b
        let n = Double(examples.count)
        let beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8
        for iteration in 1...options.iterations {
            var gradient = [Double](repeating: 0, count: featureCount * labelCount)
            var gradientBias = [Double](repeating: 0, count: labelCount)
            var loss = 0.0
            for (number, row) in rows.enumerated() {
                var scores = b
                for f in row.binary { for l in 0..<labelCount { scores[l] += w[f * labelCount + l] } }
                for (f, value) in row.real { for l in 0..<labelCount { scores[l] += w[f * labelCount + l] * Double(value) } }
                let p = softmax(scores)
                let gold = examples[number].label
                let weight = classWeight[gold] / n
                loss -= weight * Foundation.log(max(p[gold], 1e-12))
                for l in 0..<labelCount {
                    let delta = weight * (p[l] - (l == gold ? 1 : 0))
                    gradientBias[l] += delta
                    for f in row.binary { gradient[f * labelCount + l] += delta }
                    for (f, value) in row.real { gradient[f * labelCount + l] += delta * Double(value) }
                }
            }
            let lambda = options.l2 / n
            for k in 0..<w.count {
                gradient[k] += lambda * w[k]
                loss += 0.5 * lambda * w[k] * w[k]
            }
            // Linear decay to zero: the last steps settle instead of circling the optimum.
            let rate = options.learningRate * (1 - Double(iteration - 1) / Double(options.iterations))
            let correction1 = 1 - pow(beta1, Double(iteration))
            let correction2 = 1 - pow(beta2, Double(iteration))
            for k in 0..<w.count {
                m[k] = beta1 * m[k] + (1 - beta1) * gradient[k]
                v[k] = beta2 * v[k] + (1 - beta2) * gradient[k] * gradient[k]
                w[k] -= rate * (m[k] / correction1) / ((v[k] / correction2).squareRoot() + epsilon)
            }
            for l in 0..<labelCount {
                mb[l] = beta1 * mb[l] + (1 - beta1) * gradientBias[l]
                vb[l] = beta2 * vb[l] + (1 - beta2) * gradientBias[l] * gradientBias[l]
                b[l] -= rate * (mb[l] / correction1) / ((vb[l] / correction2).squareRoot() + epsilon)
            }
            if iteration % 50 == 0 || iteration == 1 { log("iteration \(iteration): loss \(String(format: "%.4f", loss))") }
        }
        var weights: [UInt64: [Float]] = [:]
        for (row, key) in keys.enumerated() {
            weights[key] = (0..<labelCount).map { Float(w[row * labelCount + $0]) }
        }
        return LinearModel(
            labels: SentimentClassifier.labels, biases: b.map(Float.init), weights: weights, lexicon: lexicon(examples),
            minimumWeight: options.minimumWeight)
    }
}
