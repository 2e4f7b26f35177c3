import AnalyzerKit
import ArticleModel
import EntitiesAnalyzer
import Foundation
import TextKit

// Figures for the entities analyzer on one core: model load time, recogniser tokens per second,
// whole-analyzer tokens per second (structure, recognition, clustering, roles), resident memory.
//
//   swift build -c release --product bench-entities && .build/release/bench-entities [--data ../shared/data]
//
// The recogniser runs over CoNLL-2003 dev (eng.testa) when ../shared/data is there, else over the
// seed article's sentences; the analyzer over PolNeAR dev articles when present, else the seed.

func argument(_ name: String) -> String? {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}

func memory() -> (rss: Int, peak: Int) {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return (0, 0) }
    func field(_ name: String) -> Int {
        for line in status.split(separator: "\n") where line.hasPrefix(name) {
            return Int(line.split(separator: " ").dropFirst().first { Int($0) != nil } ?? "0") ?? 0
        }
        return 0
    }
    return (field("VmRSS:") / 1024, field("VmHWM:") / 1024)
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

func format(_ value: Double) -> String {
    let rounded = Int(value.rounded())
    var digits = String(rounded)
    var groups: [String] = []
    while digits.count > 3 {
        groups.insert(String(digits.suffix(3)), at: 0)
        digits = String(digits.dropLast(3))
    }
    groups.insert(digits, at: 0)
    return groups.joined(separator: ",")
}

let data = argument("--data") ?? "../shared/data"
let seedPath = argument("--seed") ?? "seeds/000_fcf9f9938e4dd5df.txt"
let minimumSeconds = Double(argument("--seconds") ?? "3") ?? 3
let clock = ContinuousClock()
let before = memory()

// Model load.
let loadStart = clock.now
let model = try NERModel(contentsOf: try EntitiesAnalyzer.modelURL())
let recognizer = NamedEntityRecognizer(model: model)
let loadTime = clock.now - loadStart
let afterLoad = memory()
let modelBytes = (try? FileManager.default.attributesOfItem(atPath: try EntitiesAnalyzer.modelURL().path)[.size] as? Int) ?? 0
print("model: \(model.description)")
print("model file: \(format(Double(modelBytes))) bytes; features per pass \(model.featureCounts.map { format(Double($0)) })")
print("model load: \(String(format: "%.1f", seconds(loadTime) * 1000)) ms (read, decode, build tables)")

// Recogniser corpus.
var documents: [[[String]]] = []
var source = ""
if let text = try? String(contentsOfFile: data + "/conll2003/eng.testa", encoding: .utf8) {
    let conll = CoNLLFile(text)
    documents = conll.documents.map { conll.tokens(of: $0) }
    source = "CoNLL-2003 eng.testa"
}
let seedText = (try? String(contentsOfFile: seedPath, encoding: .utf8)) ?? ""
if documents.isEmpty {
    let document = Document(seedText)
    documents = [document.sentences.map { document.tokens(of: $0).map(\.text) }]
    source = "seed article"
}
let corpusTokens = documents.reduce(0) { $0 + $1.reduce(0) { $0 + $1.count } }
var runs = 0
var found = 0
let recogniserStart = clock.now
while seconds(clock.now - recogniserStart) < minimumSeconds || runs == 0 {
    for document in documents { found += recognizer.recognize(document).reduce(0) { $0 + $1.count } }
    runs += 1
}
let recogniserTime = seconds(clock.now - recogniserStart)
print("recogniser: \(format(Double(corpusTokens * runs) / recogniserTime)) tokens/s on one core (\(source): \(documents.count) documents, \(format(Double(corpusTokens))) tokens, \(runs) runs, \(found / runs) names per run)")

// Whole analyzer.
var articles: [String] = []
var articleSource = ""
let polnear = data + "/polnear/dev/text"
if let names = try? FileManager.default.contentsOfDirectory(atPath: polnear) {
    for name in names.sorted() where name.hasSuffix(".txt") {
        if let text = try? String(contentsOfFile: polnear + "/" + name, encoding: .utf8) { articles.append(text) }
    }
    articleSource = "PolNeAR dev articles"
}
if articles.isEmpty {
    articles = [seedText]
    articleSource = "seed article"
}
let analyzer = EntitiesAnalyzer(recognizer: recognizer)
let articleTokens = articles.reduce(0) { $0 + Document($1).structure.tokenCount }
var analyzerRuns = 0
var entityCount = 0
let analyzerStart = clock.now
while seconds(clock.now - analyzerStart) < minimumSeconds || analyzerRuns == 0 {
    for (index, text) in articles.enumerated() {
        let output = try await analyzer.analyze(AnalysisRequest(article: Article(id: "a\(index)", text: text)))
        entityCount += output.entities?.count ?? 0
    }
    analyzerRuns += 1
}
let analyzerTime = seconds(clock.now - analyzerStart)
print("analyzer: \(format(Double(articleTokens * analyzerRuns) / analyzerTime)) word tokens/s on one core, \(String(format: "%.2f", analyzerTime * 1000 / Double(articles.count * analyzerRuns))) ms per article (\(articleSource): \(articles.count) articles, \(format(Double(articleTokens))) word tokens, \(entityCount / analyzerRuns) entities per run)")
let after = memory()
print("memory: resident \(before.rss) MB at start, \(afterLoad.rss) MB after loading the model, \(after.rss) MB after the runs; peak \(after.peak) MB")
