import ArgumentParser
import EntitiesAnalyzer
import Foundation
import FeatureHashing

/// Trains the entities analyzer's recogniser from ../shared/data and writes its model file.
///
/// Deterministic: corpora are read in a fixed order, every table is sorted before it is used or
/// written, and shuffles use a fixed seed, so the same data gives a byte-identical model.
@main
struct TrainNER: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train-ner",
        abstract: "Train the named-entity recogniser (CoNLL-2003 train, clusters and gazetteers from unlabelled news) and write its model.")

    @Option(help: "Folder with conll2003/, gmb/, polnear/, newsmtsc/.")
    var data = "../shared/data"

    @Option(help: "Model file to write.")
    var out = "Plugins/Entities/Resources/ner.model"

    @Option(help: "Folds for the out-of-fold gazetteer and first-pass labels.")
    var folds = 5

    @Option(help: "Perceptron epochs for the first pass.")
    var epochs1 = 15

    @Option(help: "Perceptron epochs for the second pass.")
    var epochs2 = 15

    @Option(help: "Cluster counts, coarse to fine, comma-separated (three).")
    var classes = "64,256,1024"

    @Option(help: "Exchange-algorithm iterations per clustering.")
    var clusterIterations = 8

    @Option(help: "Words seen fewer times are not clustered.")
    var clusterMinCount = 3

    @Option(help: "Features seen fewer times in training are dropped from the model.")
    var minFeatureCount = 1

    @Option(help: "Feature rows whose largest absolute weight is below this are dropped from the model.")
    var prune: Float = 0

    @Option(help: "Cache the lexicon (clusters, casing) in this folder between runs (development only).")
    var cache: String?

    @Flag(help: "Leave the Groningen Meaning Bank out (gazetteers and unlabelled text).")
    var noGmb = false

    @Flag(help: "Score eng.testa (dev) after training, with the first pass alone and with both.")
    var dev = false

    func validate() throws {
        guard (2...64).contains(folds) else { throw ValidationError("--folds must be between 2 and 64") }
        guard epochs1 >= 1, epochs2 >= 0 else { throw ValidationError("--epochs1 must be at least 1, --epochs2 at least 0") }
    }

    func log(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    func run() throws {
        let clock = ContinuousClock()
        let started = clock.now
        let classCounts = classes.split(separator: ",").compactMap { Int($0) }
        guard classCounts.count == Lexicon.granularities else { throw ValidationError("--classes needs \(Lexicon.granularities) counts") }

        log("reading corpora")
        let train = try Corpora.conll(data + "/conll2003/eng.train")
        let gmb = noGmb ? [] : try Corpora.gmb(data + "/gmb/gmb_ner.iob2.conll.xz")
        log("  CoNLL train: \(train.count) documents; GMB: \(gmb.count) sentences")

        let lexicon = try buildLexicon(train: train, gmb: gmb, classCounts: classCounts)
        log("lexicon: \(lexicon.clusterCount) clustered words, \(lexicon.casingCount) casing entries (\(clock.now - started))")

        // Gazetteers: out-of-fold CoNLL lists for training documents, everything for the model.
        let (foldGazetteers, fullGazetteer) = buildGazetteers(train: train, gmb: gmb)
        log("gazetteer: \(fullGazetteer.count) phrases")

        let foldOf = train.indices.map { $0 % folds }
        var prepared: [PreparedDocument] = []
        for (index, document) in train.enumerated() {
            let extractor = FeatureExtractor(lexicon: lexicon, gazetteer: foldGazetteers[foldOf[index]])
            prepared.append(extractor.prepare(document.sentences))
        }
        let extractor = FeatureExtractor(lexicon: lexicon, gazetteer: fullGazetteer)
        let gold = train.map { document in
            zip(document.sentences, document.names).map { BILOU.labels(count: $0.0.count, spans: $0.1) }
        }

        // First pass.
        var firstSet = TrainingSet()
        for (index, document) in prepared.enumerated() {
            addDocument(&firstSet, extractor, document, index, gold[index], firstPass: nil)
        }
        log("first pass: \(firstSet.keys.count) features over \(firstSet.gold.count) tokens")

        // Out-of-fold first-pass labels for the second pass's training data.
        var outOfFold: [[UInt8]] = prepared.map { [UInt8](repeating: 0, count: $0.tokenCount) }
        if epochs2 > 0 {
            for fold in 0..<folds {
                let trainOn = firstSet.sentences.indices.filter { foldOf[firstSet.documentOfSentence[$0]] != fold }
                let heldOut = firstSet.sentences.indices.filter { foldOf[firstSet.documentOfSentence[$0]] == fold }
                log("  fold \(fold + 1)/\(folds): training on \(trainOn.count) sentences")
                var perceptron = Perceptron(features: firstSet.keys.count)
                perceptron.train(firstSet, sentences: trainOn, epochs: epochs1, seed: 0x5eed + UInt64(fold), log: { _ in })
                let (weights, transitions) = perceptron.averaged()
                let predicted = Perceptron.predict(firstSet, sentences: heldOut, weights: weights, transitions: transitions)
                for sentenceIndex in heldOut {
                    let document = firstSet.documentOfSentence[sentenceIndex]
                    let base = firstSet.sentences[sentenceIndex].lowerBound - firstSet.sentences[firstSentence(firstSet, document)].lowerBound
                    for (offset, label) in predicted[sentenceIndex]!.enumerated() { outOfFold[document][base + offset] = label }
                }
            }
        }

        log("first pass on all training data")
        var first = Perceptron(features: firstSet.keys.count)
        first.train(firstSet, sentences: Array(firstSet.sentences.indices), epochs: epochs1, seed: 0x5eed, log: log)
        let firstWeights = first.averaged()
        var stages = [stageWeights(firstSet, firstWeights)]
        first = Perceptron(features: 0)
        firstSet = TrainingSet()

        if epochs2 > 0 {
            var secondSet = TrainingSet()
            for (index, document) in prepared.enumerated() {
                let context = FirstPassContext(document: document, labels: outOfFold[index])
                addDocument(&secondSet, extractor, document, index, gold[index], firstPass: context)
            }
            log("second pass: \(secondSet.keys.count) features")
            var second = Perceptron(features: secondSet.keys.count)
            second.train(secondSet, sentences: Array(secondSet.sentences.indices), epochs: epochs2, seed: 0x5eed2, log: log)
            stages.append(stageWeights(secondSet, second.averaged()))
        }

        let description = "byline NER: CoNLL-2003 eng.train\(noGmb ? "" : " + GMB gazetteers/text"), clusters \(classes), folds \(folds), epochs \(epochs1)/\(epochs2)"
        let model = NERModel(description: description, lexicon: lexicon, gazetteer: fullGazetteer, stages: stages)
        let bytes = model.encoded()
        try Data(bytes).write(to: URL(fileURLWithPath: out))
        log("wrote \(out): \(bytes.count) bytes, features per pass \(model.featureCounts), checksum \(String(FeatureHash.scalars(bytes.lazy.map { Unicode.Scalar($0) }), radix: 16)) (\(clock.now - started))")

        if dev {
            let devFile = CoNLLFile(try Corpora.read(data + "/conll2003/eng.testa"))
            let reloaded = try NERModel(decoding: bytes)
            var firstOnly = reloaded
            firstOnly.stages = Array(reloaded.stages.prefix(1))
            for (name, candidate) in [("first pass", firstOnly), ("both passes", reloaded)] {
                let recognizer = NamedEntityRecognizer(model: candidate)
                var score = NERScore()
                for document in devFile.documents {
                    let predicted = recognizer.recognize(devFile.tokens(of: document))
                    for (lines, names) in zip(document.sentences, predicted) {
                        score.add(gold: IOB.spans(lines.map { devFile.goldTag($0)! }), predicted: names)
                    }
                }
                log("dev (eng.testa), \(name):\n" + score.table)
            }
        }
    }

    func firstSentence(_ set: TrainingSet, _ document: Int) -> Int {
        // Sentences are added document by document, so the first is found by binary search.
        var low = 0, high = set.documentOfSentence.count
        while low < high {
            let middle = (low + high) / 2
            if set.documentOfSentence[middle] < document { low = middle + 1 } else { high = middle }
        }
        return low
    }

    func addDocument(
        _ set: inout TrainingSet, _ extractor: FeatureExtractor, _ document: PreparedDocument, _ index: Int,
        _ gold: [[UInt8]], firstPass: FirstPassContext?
    ) {
        var keys: [UInt64] = []
        var offsets: [Int] = []
        for sentence in 0..<document.sentenceCount {
            keys.removeAll(keepingCapacity: true)
            offsets = [0]
            extractor.features(of: document, sentence: sentence, firstPass: firstPass, keys: &keys, offsets: &offsets)
            set.add(keys: keys, offsets: offsets, gold: gold[sentence], document: index)
        }
    }

    func stageWeights(_ set: TrainingSet, _ trained: (weights: [Float], transitions: [Float])) -> StageWeights {
        var keys: [UInt64] = []
        var weights: [Float] = []
        let labels = BILOU.count
        for (feature, key) in set.keys.enumerated() where Int(set.counts[feature]) >= minFeatureCount {
            let row = trained.weights[(feature * labels)..<((feature + 1) * labels)]
            guard let largest = row.lazy.map(abs).max(), largest > prune else { continue }
            keys.append(key)
            weights += row
        }
        return StageWeights(keys: keys, weights: weights, transitions: trained.transitions)
    }

    // MARK: Lexicon

    func buildLexicon(train: [LabelledDocument], gmb: [GMBSentence], classCounts: [Int]) throws -> Lexicon {
        let cacheFile = cache.map {
            "\($0)/lexicon-\(classes)-\(clusterIterations)-\(clusterMinCount)\(noGmb ? "-nogmb" : "").bin"
        }
        if let cacheFile, let data = FileManager.default.contents(atPath: cacheFile),
            let model = try? NERModel(decoding: [UInt8](data))
        {
            log("lexicon from cache \(cacheFile)")
            return model.lexicon
        }
        var sentences: [[String]] = train.flatMap(\.sentences)
        sentences += gmb.map(\.tokens)
        sentences += Corpora.articles(data + "/polnear/train/text")
        sentences += Corpora.newsSentences(data + "/newsmtsc/train.jsonl")
        log("unlabelled text: \(sentences.count) sentences, \(sentences.reduce(0) { $0 + $1.count }) tokens")

        let attributes = sentences.map { $0.map(WordAttributes.init) }
        // Casing: lower-case vs capitalised occurrences outside sentence starts and all-caps lines.
        var lowerCounts: [UInt64: (lower: Int, capitalized: Int)] = [:]
        for sentence in attributes {
            let allCaps = !sentence.contains { $0.flags.contains(.hasLower) } && sentence.contains { $0.flags.contains(.allCaps) }
            if allCaps { continue }
            var seenWord = false
            for word in sentence {
                let initial = !seenWord
                if word.flags.contains(.hasLetter) || word.flags.contains(.hasDigit) { seenWord = true }
                guard word.flags.contains(.hasLetter), !initial else { continue }
                if !word.flags.contains(.hasUpper) {
                    lowerCounts[word.lower, default: (0, 0)].lower += 1
                } else if word.flags.contains(.capitalized) {
                    lowerCounts[word.lower, default: (0, 0)].capitalized += 1
                }
            }
        }
        var casing: [(lower: UInt64, casing: Lexicon.Casing)] = []
        for (key, counts) in lowerCounts where counts.lower + counts.capitalized >= 2 {
            casing.append((key, Lexicon.Casing.bucket(lower: counts.lower, capitalized: counts.capitalized)))
        }

        let forms = attributes.map { $0.map(\.form) }
        var clusterIDs: [UInt64: [UInt16]] = [:]
        for (level, count) in classCounts.enumerated() {
            let assignment = ExchangeClustering.cluster(
                sentences: forms, classes: count, minCount: clusterMinCount, iterations: clusterIterations, log: log)
            for (word, cluster) in assignment {
                clusterIDs[word, default: [UInt16](repeating: 0, count: Lexicon.granularities)][level] = UInt16(cluster + 1)
            }
        }
        let lexicon = Lexicon(clusters: clusterIDs.map { ($0.key, $0.value) }, casing: casing)
        if let cacheFile {
            let holder = NERModel(
                description: "lexicon cache", lexicon: lexicon, gazetteer: .empty,
                stages: [StageWeights(keys: [], weights: [], transitions: [Float](repeating: 0, count: (BILOU.count + 1) * BILOU.count))])
            try? Data(holder.encoded()).write(to: URL(fileURLWithPath: cacheFile))
        }
        return lexicon
    }

    // MARK: Gazetteers

    func buildGazetteers(train: [LabelledDocument], gmb: [GMBSentence]) -> (folds: [Gazetteer], full: Gazetteer) {
        var shared: [(phrase: UInt64, mask: UInt16)] = []
        func add(_ words: [String], _ kind: Gazetteer.Kind, to list: inout [(phrase: UInt64, mask: UInt16)]) {
            guard !words.isEmpty, words.count <= Gazetteer.maxLength else { return }
            list.append((Gazetteer.phraseHash(words), UInt16(1) << UInt16(kind.rawValue)))
        }
        let gmbKinds: [String: Gazetteer.Kind] = [
            "per": .gmbPerson, "org": .gmbOrganization, "geo": .gmbGeography, "gpe": .gmbPolity,
            "art": .gmbArtifact, "eve": .gmbEvent, "nat": .gmbNatural,
        ]
        for sentence in gmb {
            for name in sentence.names {
                guard let kind = gmbKinds[name.kind] else { continue }
                add(Array(sentence.tokens[name.range]), kind, to: &shared)
            }
        }
        for (adjective, place) in Demonyms.places.sorted(by: { $0.key < $1.key }) {
            add(adjective.split(separator: " ").map(String.init), .demonym, to: &shared)
            add((adjective + "s").split(separator: " ").map(String.init), .demonym, to: &shared)
            add(place.split(separator: " ").map(String.init), .country, to: &shared)
        }
        for group in Demonyms.groups.sorted() { add([group], .demonym, to: &shared) }

        // CoNLL names, remembering the folds they occur in for the out-of-fold lists.
        let conllKinds: [NERClass: Gazetteer.Kind] = [
            .person: .conllPerson, .organization: .conllOrganization, .location: .conllLocation, .misc: .conllMisc,
        ]
        // Per (phrase, kind): the phrase hash, its kind bit and the folds it occurs in, in order of first occurrence.
        var entryOf: [UInt64: (phrase: UInt64, mask: UInt16, folds: UInt64)] = [:]
        var order: [UInt64] = []
        for (index, document) in train.enumerated() {
            for (tokens, names) in zip(document.sentences, document.names) {
                for name in names where name.tokens.count <= Gazetteer.maxLength {
                    let phrase = Gazetteer.phraseHash(Array(tokens[name.tokens]))
                    let kind = UInt16(1) << UInt16(conllKinds[name.type]!.rawValue)
                    let key = FeatureHash.combine(phrase, UInt64(kind))
                    if entryOf[key] == nil {
                        order.append(key)
                        entryOf[key] = (phrase, kind, 0)
                    }
                    entryOf[key]!.folds |= 1 << UInt64(index % folds)
                }
            }
        }
        var foldGazetteers: [Gazetteer] = []
        for fold in 0..<folds {
            var entries = shared
            for key in order {
                let entry = entryOf[key]!
                if entry.folds & ~(UInt64(1) << UInt64(fold)) != 0 { entries.append((entry.phrase, entry.mask)) }
            }
            foldGazetteers.append(Gazetteer(entries: entries))
        }
        var all = shared
        for key in order { all.append((entryOf[key]!.phrase, entryOf[key]!.mask)) }
        return (foldGazetteers, Gazetteer(entries: all))
    }
}
