/// The named-entity recogniser: a two-pass linear-chain model (averaged structured perceptron
/// weights, Viterbi decoding over BILOU labels). The first pass tags each sentence from local and
/// document-casing features; the second pass sees the same features plus the first pass's labels
/// around each token and elsewhere in the document.
public struct NamedEntityRecognizer: Sendable {
    public let model: NERModel
    public let extractor: FeatureExtractor
    /// Transition scores with impossible BILOU moves at minus infinity, per pass.
    let transitions: [[Float]]

    public init(model: NERModel) {
        self.model = model
        extractor = FeatureExtractor(lexicon: model.lexicon, gazetteer: model.gazetteer)
        transitions = model.stages.map { Self.constrained($0.transitions) }
    }

    /// `transitions` with disallowed moves (I after O, a sentence starting inside a name …) removed.
    public static func constrained(_ transitions: [Float]) -> [Float] {
        var result = transitions
        let count = BILOU.count
        for from in 0...count {
            for to in 0..<count where !BILOU.allowed(from == count ? nil : UInt8(from), UInt8(to)) {
                result[from * count + to] = -.infinity
            }
        }
        return result
    }

    /// Names in a document given as sentences of tokens; one array of spans per sentence.
    public func recognize(_ sentences: [[String]]) -> [[TokenSpan]] {
        let document = extractor.prepare(sentences)
        let labels = label(document)
        return (0..<document.sentenceCount).map { sentence in
            let range = document.tokens(ofSentence: sentence)
            return BILOU.spans(Array(labels[range]))
        }
    }

    /// BILOU labels for every token of a prepared document (flat), after all passes.
    public func label(_ document: PreparedDocument) -> [UInt8] {
        var labels = run(stage: 0, document, firstPass: nil)
        for stage in model.stages.indices.dropFirst() {
            let context = FirstPassContext(document: document, labels: labels)
            labels = run(stage: stage, document, firstPass: context)
        }
        return labels
    }

    /// Labels from one pass.
    public func run(stage: Int, _ document: PreparedDocument, firstPass: FirstPassContext?) -> [UInt8] {
        let weights = model.stages[stage]
        var labels = [UInt8](repeating: 0, count: document.tokenCount)
        var keys: [UInt64] = []
        var offsets: [Int] = []
        var emissions: [Float] = []
        for sentence in 0..<document.sentenceCount {
            let range = document.tokens(ofSentence: sentence)
            guard !range.isEmpty else { continue }
            keys.removeAll(keepingCapacity: true)
            offsets.removeAll(keepingCapacity: true)
            offsets.append(0)
            extractor.features(of: document, sentence: sentence, firstPass: firstPass, keys: &keys, offsets: &offsets)
            emissions.removeAll(keepingCapacity: true)
            emissions.append(contentsOf: repeatElement(0, count: range.count * BILOU.count))
            weights.weights.withUnsafeBufferPointer { rows in
                emissions.withUnsafeMutableBufferPointer { scores in
                    for token in 0..<range.count {
                        let base = token * BILOU.count
                        for index in offsets[token]..<offsets[token + 1] {
                            let row = weights.row(keys[index])
                            if row < 0 { continue }
                            let rowBase = row * BILOU.count
                            for label in 0..<BILOU.count { scores[base + label] += rows[rowBase + label] }
                        }
                    }
                }
            }
            let best = Self.viterbi(emissions: emissions, count: range.count, transitions: transitions[stage])
            for (offset, label) in best.enumerated() { labels[range.lowerBound + offset] = label }
        }
        return labels
    }

    /// The best label sequence for `count` tokens given per-token label scores (`count * BILOU.count`)
    /// and transition scores (constrained: see ``constrained(_:)``). Ties go to the lower label.
    public static func viterbi(emissions: [Float], count: Int, transitions: [Float]) -> [UInt8] {
        guard count > 0 else { return [] }
        let labels = BILOU.count
        var score = [Float](repeating: -.infinity, count: labels)
        var next = [Float](repeating: -.infinity, count: labels)
        var back = [UInt8](repeating: 0, count: count * labels)
        let start = labels * labels
        for label in 0..<labels { score[label] = transitions[start + label] + emissions[label] }
        transitions.withUnsafeBufferPointer { transitions in
            back.withUnsafeMutableBufferPointer { back in
                for token in 1..<max(1, count) {
                    for label in 0..<labels {
                        var bestScore = -Float.infinity
                        var bestFrom = 0
                        for from in 0..<labels {
                            let candidate = score[from] + transitions[from * labels + label]
                            if candidate > bestScore {
                                bestScore = candidate
                                bestFrom = from
                            }
                        }
                        next[label] = bestScore + emissions[token * labels + label]
                        back[token * labels + label] = UInt8(bestFrom)
                    }
                    swap(&score, &next)
                }
            }
        }
        var last = 0
        var bestScore = -Float.infinity
        for label in 0..<labels where BILOU.mayEnd(UInt8(label)) && score[label] > bestScore {
            bestScore = score[label]
            last = label
        }
        var path = [UInt8](repeating: 0, count: count)
        path[count - 1] = UInt8(last)
        var token = count - 1
        while token > 0 {
            path[token - 1] = back[token * labels + Int(path[token])]
            token -= 1
        }
        return path
    }
}
