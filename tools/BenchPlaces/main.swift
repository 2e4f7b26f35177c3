import AnalyzerKit
import ArticleModel
import EntitiesAnalyzer
import Foundation
import PlacesAnalyzer
import TextKit

// Figures for the places analyzer on one core: gazetteer load time, tokens per second of the
// analyzer (its input entities and structure made beforehand, as the coordinator sends them),
// resident memory.
//
//   swift build -c release --product bench-places && .build/release/bench-places [--data ../shared/data]
//
// Runs over the LGL articles (../shared/data/geo/lgl.xml) when present, else PolNeAR dev, else
// the seed article.

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

let data = argument("--data") ?? "../shared/data"
let minimumSeconds = Double(argument("--seconds") ?? "3") ?? 3
let clock = ContinuousClock()
let before = memory()

let loadStart = clock.now
let gazetteer = try PlaceGazetteer(contentsOf: try PlacesAnalyzer.gazetteerURL())
let loadTime = clock.now - loadStart
let afterLoad = memory()
print("gazetteer: \(gazetteer.count) places; load \(String(format: "%.1f", seconds(loadTime) * 1000)) ms (read and check every record and key); RSS +\(afterLoad.rss - before.rss) MB")

var texts: [String] = []
var source = ""
if let xml = FileManager.default.contents(atPath: data + "/geo/lgl.xml"), let corpus = try? LGLCorpus(data: xml) {
    texts = corpus.articles.map(\.text)
    source = "LGL (\(texts.count) articles)"
} else if let names = try? FileManager.default.contentsOfDirectory(atPath: data + "/polnear/dev/text") {
    texts = names.sorted().compactMap { try? String(contentsOfFile: data + "/polnear/dev/text/" + $0, encoding: .utf8) }
    source = "PolNeAR dev (\(texts.count) articles)"
} else {
    texts = [(try? String(contentsOfFile: "seeds/000_fcf9f9938e4dd5df.txt", encoding: .utf8)) ?? ""]
    source = "seed article"
}

let entities = try EntitiesAnalyzer()
let places = PlacesAnalyzer(gazetteer: gazetteer)
var inputs: [(text: String, entities: [Entity], structure: ArticleStructure)] = []
var tokens = 0
for text in texts {
    let document = Document(text)
    tokens += document.tokens.count
    inputs.append((text, entities.entities(in: document), document.structure))
}

var runs = 0
var found = 0
let start = clock.now
while true {
    for input in inputs {
        found += places.places(text: input.text, entities: input.entities, structure: input.structure).count
    }
    runs += 1
    if seconds(clock.now - start) >= minimumSeconds { break }
}
let elapsed = seconds(clock.now - start)
let after = memory()
print("corpus: \(source), \(tokens) tokens, \(found / runs) places per pass")
print(String(format: "places analyzer: %.0f tokens/s on one core (%d passes in %.2f s, %.2f ms per article)",
             Double(tokens * runs) / elapsed, runs, elapsed, elapsed * 1000 / Double(runs * max(1, inputs.count))))
print("memory: RSS \(after.rss) MB, peak \(after.peak) MB (this process also holds the entities model and the corpus)")
