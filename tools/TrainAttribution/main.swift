// train-attribution: trains the stance analyzer's attribution tagger on PolNeAR train and writes
// Plugins/Stance/Resources/attribution.model. Deterministic: the same data gives the same bytes.
//
//   swift run -c release train-attribution \
//       [--data ../shared/data/polnear] [--out Plugins/Stance/Resources/attribution.model] \
//       [--epochs 8] [--beam 4] [--bag 5] [--seed 2016] [--min-weight 3] [--dev]
import ArgumentParser
import Foundation
import StanceAnalyzer

struct Options: ParsableArguments {
    @Option(help: "PolNeAR folder with train/ and dev/.")
    var data = "../shared/data/polnear"

    @Option(help: "Model file to write.")
    var out = "Plugins/Stance/Resources/attribution.model"

    @Option(help: "Perceptron epochs.")
    var epochs = 8

    @Option(help: "Beam width the tagger searches with, stored in the model (1: greedy). Training is greedy.")
    var beam = 4

    @Option(name: .customLong("min-weight"), help: "Features whose summed absolute weight is below this are dropped.")
    var minimumWeight: Float = 3

    @Option(help: "Seed of the first model's shuffled training order; the others take the next ones.")
    var seed: UInt64 = 2016

    @Option(help: "Models averaged, each trained in its own order.")
    var bag = 5

    @Flag(help: "Score the written model on PolNeAR dev.")
    var dev = false

    @Option(name: .customLong("dev-beam"), help: "Beam width for scoring on dev, if not the model's own.")
    var devBeam: Int?
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("train-attribution: \(message)\n".utf8))
    exit(1)
}

let options = Options.parseOrExit()
let data = options.data
let out = options.out
let epochs = options.epochs
let minimumWeight = options.minimumWeight
let evaluateDev = options.dev

func load(_ data: String, _ split: String) -> [(ArticleText, [BratAttribution])] {
    let textDirectory = "\(data)/\(split)/text"
    let annotationDirectory = "\(data)/\(split)/attributions"
    guard let bases = try? Brat.textBases(in: textDirectory) else { fail("cannot read \(textDirectory)") }
    var documents: [(ArticleText, [BratAttribution])] = []
    for base in bases {
        guard let gold = Brat.goldFile(forBase: base, in: annotationDirectory),
            let text = try? Brat.readText("\(textDirectory)/\(base).txt"),
            let ann = try? String(contentsOfFile: gold, encoding: .utf8)
        else { continue }
        documents.append((ArticleText(text), Brat.read(ann)))
    }
    return documents
}

let started = Date()
let train = load(data, "train")
FileHandle.standardError.write(Data("read \(train.count) training articles in \(String(format: "%.1f", Date().timeIntervalSince(started))) s\n".utf8))
let labelled = train.map { ($0.0, AttributionTrainer.goldLabels($0.0, $0.1)) }
let model = AttributionTrainer.train(labelled, epochs: epochs, beamWidth: options.beam,
    seeds: (0..<UInt64(max(1, options.bag))).map { options.seed + $0 }, minimumWeight: minimumWeight) {
    FileHandle.standardError.write(Data("\($0)\n".utf8))
}
let bytes = model.encoded()
do {
    try Data(bytes).write(to: URL(fileURLWithPath: out))
} catch {
    fail("cannot write \(out): \(error)")
}
FileHandle.standardError.write(Data("wrote \(out): \(model.featureCount) features, \(bytes.count) bytes\n".utf8))

if evaluateDev {
    let tagger = AttributionTagger(model: try LinearModel(data: bytes), beamWidth: options.devBeam)
    var total = Brat.Score()
    for (text, gold) in load(data, "dev") {
        let predicted = AttributionExtractor(tagger: tagger).extract(text).map { text.brat($0) }
        total += Brat.score(predicted: predicted, gold: gold)
    }
    func line(_ name: String, _ counts: Brat.Counts) -> String {
        String(format: "%@ P %.1f R %.1f F1 %.1f (predicted %d, gold %d)", name, 100 * counts.precision,
               100 * counts.recall, 100 * counts.f1, counts.predicted, counts.gold)
    }
    print(line("attribution", total.attribution))
    print(line("source", total.source))
    print(line("cue", total.cue))
    print(line("content", total.content))
}
