import ArticleModel
import Foundation
import TextKit
import FeatureHashing

/// Trains the ``AttributionTagger`` from texts with gold attributions (PolNeAR train): labels each
/// token with the role of the gold span covering it, mines a cue prior (how often each word is part
/// of a cue), then runs an averaged perceptron over the tokens in a seeded order. Same input, same
/// model, byte for byte.
public enum AttributionTrainer {
    /// Gold labels: a token takes the role of the first gold span it overlaps; `B-` where a span starts.
    public static func goldLabels(_ text: ArticleText, _ attributions: [BratAttribution]) -> [AttributionLabel] {
        var owner = [(attribution: Int, role: AttributionLabel.Role)?](repeating: nil, count: text.tokens.count)
        for (number, attribution) in attributions.enumerated() {
            for (role, spans) in [(AttributionLabel.Role.source, attribution.source), (.cue, attribution.cue), (.content, attribution.content)] {
                for span in spans where !span.isEmpty {
                    var index = text.document.tokenIndex(atOrAfter: span.start)
                    if index > 0, text.tokens[index - 1].span.end > span.start { index -= 1 }
                    while index < text.tokens.count, text.tokens[index].span.start < span.end {
                        if owner[index] == nil { owner[index] = (number, role) }
                        index += 1
                    }
                }
            }
        }
        var labels = [AttributionLabel](repeating: .outside, count: text.tokens.count)
        for index in labels.indices {
            guard let (number, role) = owner[index] else { continue }
            let continues = index > 0 && owner[index - 1].map { $0.attribution == number && $0.role == role } == true
            labels[index] = continues ? .inside(role) : .begin(role)
        }
        return labels
    }

    /// How often each word is (part of) a cue: words seen at least `minimumCount` times.
    public static func cuePrior(_ documents: [(ArticleText, [AttributionLabel])], minimumCount: Int = 3) -> [String: Float] {
        var seen: [String: Int] = [:]
        var cue: [String: Int] = [:]
        for (text, labels) in documents {
            for sentence in text.document.sentences {
                for index in sentence.tokens {
                    let word = text.lower[index]
                    seen[word, default: 0] += 1
                    if labels[index].role == .cue { cue[word, default: 0] += 1 }
                }
            }
        }
        var prior: [String: Float] = [:]
        for (word, count) in seen where count >= minimumCount {
            prior[word] = Float(cue[word] ?? 0) / Float(count)
        }
        return prior
    }

    /// `beamWidth` is stored in the model as the width its tagger searches with; training itself is
    /// greedy. With several `seeds` the model is the mean of one perceptron per seed.
    public static func train(
        _ documents: [(ArticleText, [AttributionLabel])], epochs: Int = 8, beamWidth: Int = 1, seeds: [UInt64] = [2016],
        minimumWeight: Float = 0,
        log: (String) -> Void = { _ in }
    ) -> LinearModel {
        let prior = cuePrior(documents)
        let labelCount = AttributionLabel.allCases.count
        // Static features once per token.
        struct Sequence {
            var features: [[UInt64]]
            var gold: [AttributionLabel]
            var tokens: [Int]
            var sentences: [Sentence]
            var document: Int
        }
        var sequences: [Sequence] = []
        var featureSets: [AttributionFeatures] = []
        for (number, (text, labels)) in documents.enumerated() {
            let features = AttributionFeatures(text: text, cuePrior: prior)
            featureSets.append(features)
            // The tagger's sequences, one per paragraph.
            for tokens in features.sequences() {
                var sequence = Sequence(features: [], gold: [], tokens: [], sentences: [], document: number)
                for (index, sentence) in tokens {
                    var buffer: [UInt64] = []
                    features.staticFeatures(index, sentence: sentence, into: &buffer)
                    sequence.features.append(buffer)
                    sequence.gold.append(labels[index])
                    sequence.tokens.append(index)
                    sequence.sentences.append(sentence)
                }
                sequences.append(sequence)
            }
        }
        // One averaged perceptron per seed; the model is their mean (bagging over training orders:
        // a single order's dev score swings by about half a point from seed to seed).
        func run(seed: UInt64) -> (weights: [UInt64: [Float]], biases: [Float]) {
            var index: [UInt64: Int] = [:]
            var weights: [Float] = []
            var totals: [Double] = []
            var stamps: [Int] = []
            var biases = [Float](repeating: 0, count: labelCount)
            var biasTotals = [Double](repeating: 0, count: labelCount)
            var biasStamps = [Int](repeating: 0, count: labelCount)
            var clock = 0

            func row(_ feature: UInt64, create: Bool) -> Int? {
                if let row = index[feature] { return row }
                guard create else { return nil }
                let row = index.count
                index[feature] = row
                weights.append(contentsOf: repeatElement(0, count: labelCount))
                totals.append(contentsOf: repeatElement(0, count: labelCount))
                stamps.append(contentsOf: repeatElement(0, count: labelCount))
                return row
            }
            func update(_ feature: UInt64, _ label: Int, _ delta: Float) {
                let slot = row(feature, create: true)! * labelCount + label
                totals[slot] += Double(clock - stamps[slot]) * Double(weights[slot])
                stamps[slot] = clock
                weights[slot] += delta
            }
            func updateBias(_ label: Int, _ delta: Float) {
                biasTotals[label] += Double(clock - biasStamps[label]) * Double(biases[label])
                biasStamps[label] = clock
                biases[label] += delta
            }

            var order = Array(sequences.indices)
            var generator = SplitMix64(seed: seed)
            var scores = [Float](repeating: 0, count: labelCount)
            var buffer: [UInt64] = []
            func score(_ features: [UInt64], into scores: inout [Float]) {
                for feature in features {
                    guard let row = row(feature, create: false) else { continue }
                    for label in 0..<labelCount { scores[label] += weights[row * labelCount + label] }
                }
            }
            for epoch in 0..<epochs {
                generator.shuffle(&order)
                var errors = 0
                var total = 0
                for number in order {
                    let sequence = sequences[number]
                    let features = featureSets[sequence.document]
                    let gold = sequence.gold
                    // Greedy: every wrong label is corrected, and tagging goes on from the labels
                    // predicted. (Training through the beam instead, with early updates from the gold
                    // prefix, scored 2–3 points lower on PolNeAR dev.)
                    var previous: AttributionLabel = .outside
                    var previous2: AttributionLabel = .outside
                    for position in gold.indices {
                        clock += 1
                        total += 1
                        buffer = sequence.features[position]
                        features.historyFeatures(sequence.tokens[position], sentence: sequence.sentences[position],
                                                 previous: previous, previous2: previous2, into: &buffer)
                        scores = biases
                        score(buffer, into: &scores)
                        var best = 0
                        for label in 1..<labelCount where scores[label] > scores[best] { best = label }
                        let goldLabel = Int(gold[position].rawValue)
                        if best != goldLabel {
                            errors += 1
                            for feature in buffer {
                                update(feature, goldLabel, 1)
                                update(feature, best, -1)
                            }
                            updateBias(goldLabel, 1)
                            updateBias(best, -1)
                        }
                        var predicted = AttributionLabel(rawValue: UInt8(best))!
                        if !predicted.isBegin, let role = predicted.role, previous.role != role { predicted = .begin(role) }
                        previous2 = previous
                        previous = predicted
                    }
                }
                log("epoch \(epoch + 1): \(errors) errors in \(total) tokens (\(String(format: "%.2f", 100 * Double(errors) / Double(max(total, 1))))%)")
            }
            // Averages.
            let time = Double(max(clock, 1))
            var averaged: [UInt64: [Float]] = [:]
            for (feature, row) in index {
                var values = [Float](repeating: 0, count: labelCount)
                for label in 0..<labelCount {
                    let slot = row * labelCount + label
                    let total = totals[slot] + Double(clock - stamps[slot]) * Double(weights[slot])
                    values[label] = Float(total / time)
                }
                averaged[feature] = values
            }
            var averagedBiases = [Float](repeating: 0, count: labelCount)
            for label in 0..<labelCount {
                averagedBiases[label] = Float((biasTotals[label] + Double(clock - biasStamps[label]) * Double(biases[label])) / time)
            }
            return (averaged, averagedBiases)
        }
        var summed: [UInt64: [Float]] = [:]
        var summedBiases = [Float](repeating: 0, count: labelCount)
        for (number, seed) in seeds.enumerated() {
            if seeds.count > 1 { log("model \(number + 1) of \(seeds.count), seed \(seed)") }
            let (weights, biases) = run(seed: seed)
            for (feature, row) in weights {
                var total = summed[feature] ?? [Float](repeating: 0, count: labelCount)
                for label in 0..<labelCount { total[label] += row[label] }
                summed[feature] = total
            }
            for label in 0..<labelCount { summedBiases[label] += biases[label] }
        }
        let scale = 1 / Float(max(seeds.count, 1))
        return LinearModel(
            labels: AttributionLabel.allCases.map(\.name), biases: summedBiases.map { $0 * scale },
            weights: summed.mapValues { $0.map { $0 * scale } }, lexicon: prior,
            parameters: beamWidth > 1 ? ["beam": Double(beamWidth)] : [:], minimumWeight: minimumWeight)
    }
}
