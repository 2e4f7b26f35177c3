import EntitiesAnalyzer
import FeatureHashing

/// Feature-indexed training data: for every token the indices of its features, and its gold label.
struct TrainingSet {
    /// Token `t`'s features are `features[featureStart[t]..<featureStart[t + 1]]`.
    var featureStart: [Int32] = [0]
    var features: [Int32] = []
    var gold: [UInt8] = []
    /// Token ranges of sentences.
    var sentences: [Range<Int>] = []
    /// The document of each sentence.
    var documentOfSentence: [Int] = []
    /// Feature keys by index.
    var keys: [UInt64] = []
    var index: [UInt64: Int32] = [:]
    var counts: [Int32] = []

    /// Adds one sentence: its tokens' keys (offsets as the extractor writes them) and gold labels.
    mutating func add(keys sentenceKeys: [UInt64], offsets: [Int], gold labels: [UInt8], document: Int) {
        let start = gold.count
        for token in 0..<labels.count {
            for position in offsets[token]..<offsets[token + 1] {
                let key = sentenceKeys[position]
                let feature: Int32
                if let known = index[key] {
                    feature = known
                    counts[Int(known)] += 1
                } else {
                    feature = Int32(keys.count)
                    index[key] = feature
                    keys.append(key)
                    counts.append(1)
                }
                features.append(feature)
            }
            featureStart.append(Int32(features.count))
            gold.append(labels[token])
        }
        sentences.append(start..<gold.count)
        documentOfSentence.append(document)
    }
}

/// The averaged structured perceptron (Collins 2002) over a linear chain with BILOU constraints:
/// decode each training sentence with Viterbi, and where the best sequence is wrong, add the gold
/// sequence's features and subtract the predicted one's. The returned weights are the average over
/// every step (kept lazily: `w − u / c`).
struct Perceptron {
    let labels = BILOU.count
    var weights: [Float]
    var accumulated: [Double]
    var transitions: [Float]
    var accumulatedTransitions: [Double]
    var step: Double = 1

    init(features: Int) {
        weights = [Float](repeating: 0, count: features * BILOU.count)
        accumulated = [Double](repeating: 0, count: features * BILOU.count)
        transitions = [Float](repeating: 0, count: (BILOU.count + 1) * BILOU.count)
        accumulatedTransitions = [Double](repeating: 0, count: (BILOU.count + 1) * BILOU.count)
    }

    /// Scores for each token and label of a sentence, with `weights`.
    static func emissions(_ set: TrainingSet, _ sentence: Range<Int>, _ weights: [Float], usable: [Bool]?) -> [Float] {
        let labels = BILOU.count
        var scores = [Float](repeating: 0, count: sentence.count * labels)
        weights.withUnsafeBufferPointer { weights in
            set.features.withUnsafeBufferPointer { features in
                for (offset, token) in sentence.enumerated() {
                    let base = offset * labels
                    for position in Int(set.featureStart[token])..<Int(set.featureStart[token + 1]) {
                        let feature = Int(features[position])
                        if let usable, !usable[feature] { continue }
                        let row = feature * labels
                        for label in 0..<labels { scores[base + label] += weights[row + label] }
                    }
                }
            }
        }
        return scores
    }

    mutating func train(_ set: TrainingSet, sentences: [Int], epochs: Int, seed: UInt64, log: (String) -> Void) {
        var order = sentences
        var generator = SplitMix64(seed: seed)
        for epoch in 1...epochs {
            generator.shuffle(&order)
            var wrong = 0
            for sentenceIndex in order {
                let sentence = set.sentences[sentenceIndex]
                guard !sentence.isEmpty else { continue }
                let scores = Self.emissions(set, sentence, weights, usable: nil)
                let predicted = NamedEntityRecognizer.viterbi(
                    emissions: scores, count: sentence.count, transitions: NamedEntityRecognizer.constrained(transitions))
                let gold = Array(set.gold[sentence])
                if predicted != gold {
                    wrong += 1
                    update(set, sentence, gold: gold, predicted: predicted)
                }
                step += 1
            }
            log("    epoch \(epoch): \(wrong) of \(order.count) sentences wrong")
        }
    }

    private mutating func update(_ set: TrainingSet, _ sentence: Range<Int>, gold: [UInt8], predicted: [UInt8]) {
        let labels = self.labels
        let step = self.step
        weights.withUnsafeMutableBufferPointer { weights in
            accumulated.withUnsafeMutableBufferPointer { accumulated in
                for (offset, token) in sentence.enumerated() where gold[offset] != predicted[offset] {
                    let good = Int(gold[offset]), bad = Int(predicted[offset])
                    for position in Int(set.featureStart[token])..<Int(set.featureStart[token + 1]) {
                        let row = Int(set.features[position]) * labels
                        weights[row + good] += 1
                        accumulated[row + good] += step
                        weights[row + bad] -= 1
                        accumulated[row + bad] -= step
                    }
                }
            }
        }
        for offset in 0..<gold.count {
            let goldFrom = offset == 0 ? labels : Int(gold[offset - 1])
            let predictedFrom = offset == 0 ? labels : Int(predicted[offset - 1])
            if goldFrom == predictedFrom && gold[offset] == predicted[offset] { continue }
            transitions[goldFrom * labels + Int(gold[offset])] += 1
            accumulatedTransitions[goldFrom * labels + Int(gold[offset])] += step
            transitions[predictedFrom * labels + Int(predicted[offset])] -= 1
            accumulatedTransitions[predictedFrom * labels + Int(predicted[offset])] -= step
        }
    }

    /// The averaged weights and transitions.
    func averaged() -> (weights: [Float], transitions: [Float]) {
        var weights = [Float](repeating: 0, count: self.weights.count)
        for index in weights.indices { weights[index] = Float(Double(self.weights[index]) - accumulated[index] / step) }
        var transitions = [Float](repeating: 0, count: self.transitions.count)
        for index in transitions.indices {
            transitions[index] = Float(Double(self.transitions[index]) - accumulatedTransitions[index] / step)
        }
        return (weights, transitions)
    }

    /// Labels for the given sentences with fixed weights.
    static func predict(_ set: TrainingSet, sentences: [Int], weights: [Float], transitions: [Float]) -> [Int: [UInt8]] {
        let constrained = NamedEntityRecognizer.constrained(transitions)
        var result: [Int: [UInt8]] = [:]
        for sentenceIndex in sentences {
            let sentence = set.sentences[sentenceIndex]
            let scores = emissions(set, sentence, weights, usable: nil)
            result[sentenceIndex] = NamedEntityRecognizer.viterbi(emissions: scores, count: sentence.count, transitions: constrained)
        }
        return result
    }
}
