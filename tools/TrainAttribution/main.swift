// train-attribution: trains the stance analyzer's attribution tagger on PolNeAR train and writes
// Plugins/Stance/Resources/attribution.model. Deterministic: the same data gives the same bytes.
//
//   swift run --scratch-path .build-stance -c release train-attribution \
//       [--data ../shared/data/polnear] [--out Plugins/Stance/Resources/attribution.model] \
//       [--epochs 8] [--min-weight 3] [--dev]
import Foundation
import StanceAnalyzer

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("train-attribution: \(message)\n".utf8))
    exit(1)
}

/// `--name value` options and `--flag`s.
func options(_ flags: Set<String>) -> [String: String] {
    var result: [String: String] = [:]
    var index = 1
    let arguments = CommandLine.arguments
    while index < arguments.count {
        let argument = arguments[index]
        guard argument.hasPrefix("--") else { fail("unexpected argument \(argument)") }
        if flags.contains(argument) {
            result[argument] = "true"
            index += 1
        } else {
            guard index + 1 < arguments.count else { fail("\(argument) needs a value") }
            result[argument] = arguments[index + 1]
            index += 2
        }
    }
    return result
}

let given = options(["--dev"])
for name in given.keys where !["--data", "--out", "--epochs", "--min-weight", "--dev"].contains(name) {
    fail("unknown option \(name)")
}
let data = given["--data"] ?? "../shared/data/polnear"
let out = given["--out"] ?? "Plugins/Stance/Resources/attribution.model"
guard let epochs = Int(given["--epochs"] ?? "8") else { fail("--epochs needs a number") }
guard let minimumWeight = Float(given["--min-weight"] ?? "3") else { fail("--min-weight needs a number") }
let evaluateDev = given["--dev"] != nil

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
let model = AttributionTrainer.train(labelled, epochs: epochs, minimumWeight: minimumWeight) {
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
    let tagger = AttributionTagger(model: try LinearModel(data: bytes))
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
