// train-sentiment: trains the stance analyzer's target sentiment classifier on NewsMTSC train and
// writes Plugins/Stance/Resources/sentiment.model. Deterministic: the same data gives the same bytes.
//
//   swift run -c release train-sentiment \
//       [--data ../shared/data/newsmtsc] [--out Plugins/Stance/Resources/sentiment.model] \
//       [--iterations 300] [--l2 10] [--dev] [--cv 5]
//
// --dev scores the written model on dev_mt and dev_rw; --cv K trains K more models, each on all but
// one K-th of the train sentences, and scores the held-out parts (model selection without dev).
import ArgumentParser
import Foundation
import StanceAnalyzer

struct Options: ParsableArguments {
    @Option(help: "NewsMTSC folder with train.jsonl, dev_mt.jsonl and dev_rw.jsonl.")
    var data = "../shared/data/newsmtsc"

    @Option(help: "Model file to write.")
    var out = "Plugins/Stance/Resources/sentiment.model"

    @Option(help: "Gradient steps.")
    var iterations: Int?

    @Option(help: "L2 regularisation strength.")
    var l2: Double?

    @Option(name: .customLong("learning-rate"), help: "Initial learning rate.")
    var learningRate: Double?

    @Flag(help: "Also train on the further mentions of each target.")
    var further = false

    @Flag(help: "Score the written model on dev_mt and dev_rw.")
    var dev = false

    @Option(help: "Train K more models on all but one K-th of the train sentences and score the held-out parts.")
    var cv: Int?
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("train-sentiment: \(message)\n".utf8))
    exit(1)
}

func note(_ message: String) {
    FileHandle.standardError.write(Data("\(message)\n".utf8))
}

let options = Options.parseOrExit()
let data = options.data
let out = options.out
var trainingOptions = SentimentTrainer.Options()
if let value = options.iterations { trainingOptions.iterations = value }
if let value = options.l2 { trainingOptions.l2 = value }
if let value = options.learningRate { trainingOptions.learningRate = value }

func load(_ name: String) -> [NewsMTSC.Line] {
    let path = "\(data)/\(name)"
    guard let contents = FileManager.default.contents(atPath: path) else { fail("cannot read \(path)") }
    do {
        return try NewsMTSC.parse(contents)
    } catch {
        fail("\(path): \(error)")
    }
}

func report(_ name: String, gold: [Int], predicted: [Int]) {
    let (perClass, macro) = NewsMTSC.f1(gold: gold, predicted: predicted)
    print(String(format: "%@: macro-F1 %.1f (negative %.1f, neutral %.1f, positive %.1f) over %d targets", name, 100 * macro,
                 100 * perClass[0], 100 * perClass[1], 100 * perClass[2], gold.count))
}

func predict(_ classifier: SentimentClassifier, _ examples: [SentimentExample]) -> [Int] {
    examples.map { example in
        let p = classifier.probabilities(example.sentence, target: example.target)
        return p.indices.max { p[$0] < p[$1] }!
    }
}

let trainLines = load("train.jsonl")
let examples = NewsMTSC.examples(trainLines, furtherMentions: options.further)
note("training on \(examples.count) targets")
let model = SentimentTrainer.train(examples, options: trainingOptions, log: note)
let bytes = model.encoded()
do {
    try Data(bytes).write(to: URL(fileURLWithPath: out))
} catch {
    fail("cannot write \(out): \(error)")
}
note("wrote \(out): \(model.featureCount) features, \(model.lexicon.count) lexicon entries, \(bytes.count) bytes")

if options.dev {
    let classifier = SentimentClassifier(model: try LinearModel(data: bytes))
    for name in ["dev_mt.jsonl", "dev_rw.jsonl"] {
        let dev = NewsMTSC.examples(load(name))
        report(name, gold: dev.map(\.label), predicted: predict(classifier, dev))
    }
}

if let folds = options.cv, folds > 1 {
    // Held-out macro-F1 and log loss over all targets, and macro-F1 over the targets of sentences
    // that name several (where the sentiment toward each can differ).
    var gold: [Int] = []
    var predicted: [Int] = []
    var logLoss = 0.0
    var multiGold: [Int] = []
    var multiPredicted: [Int] = []
    for fold in 0..<folds {
        let rest = trainLines.indices.filter { $0 % folds != fold }.map { trainLines[$0] }
        let heldLines = trainLines.indices.filter { $0 % folds == fold }.map { trainLines[$0] }
        let classifier = SentimentClassifier(
            model: SentimentTrainer.train(NewsMTSC.examples(rest, furtherMentions: options.further), options: trainingOptions))
        for example in NewsMTSC.examples(heldLines) {
            let p = classifier.probabilities(example.sentence, target: example.target)
            gold.append(example.label)
            predicted.append(p.indices.max { p[$0] < p[$1] }!)
            logLoss -= log(max(p[example.label], 1e-9))
        }
        let multi = NewsMTSC.examples(heldLines.filter { Set($0.targets.map(\.from)).count > 1 })
        multiGold += multi.map(\.label)
        multiPredicted += predict(classifier, multi)
    }
    report("train \(folds)-fold", gold: gold, predicted: predicted)
    print(String(format: "train %d-fold: log loss %.4f", folds, logLoss / Double(gold.count)))
    report("train \(folds)-fold, sentences with several targets", gold: multiGold, predicted: multiPredicted)
}
