import ArgumentParser
import ArticleModel
import EntitiesAnalyzer
import Foundation
import PlacesAnalyzer
import TextKit

/// `byline eval geo FILE.xml [--gold-spans]`: resolve the toponyms of an LGL-layout corpus with
/// the places analyzer; one JSONL line per resolved toponym on stdout, scores on stderr.
struct EvalGeoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "geo",
        abstract: "Resolve the toponyms of an LGL-layout XML corpus; JSONL to stdout, accuracy@161km, mean error and AUC to stderr.",
        discussion: """
            Reads articles with <text> and <toponym>s (<start>, <end> character offsets, <gaztag geonameid> with \
            <lat>, <lon>). With --gold-spans the gold toponyms are resolved exactly as given (the same name within \
            an article is one toponym); without it the entities recogniser finds the toponyms (LOCATION entities, \
            nationality words, the dateline) and the places analyzer resolves them. Each resolved toponym is one \
            line: {"doc", "start", "end", "geonameid", "lat", "lon"}. Scores count every gold toponym with \
            coordinates: a gold toponym without a prediction at exactly its span counts as wrong at 20,039 km (half \
            the Earth's circumference). AUC is the mean of ln(1 + error km) / ln(20,039): 0 is perfect.
            """)

    @Argument(help: "LGL-layout XML file.")
    var file: String

    @Flag(name: .customLong("gold-spans"), help: "Resolve exactly the gold toponyms instead of finding toponyms.")
    var goldSpans = false

    @Option(help: "Print every candidate's probability for the toponyms of this document to stderr.")
    var explain: String?

    func run() throws {
        guard let data = FileManager.default.contents(atPath: file) else { throw CLIError("cannot read \(file)") }
        let corpus: LGLCorpus
        do { corpus = try LGLCorpus(data: data) } catch { throw CLIError("\(file): \(error)") }
        let places: PlacesAnalyzer
        do { places = try PlacesAnalyzer() } catch { throw CLIError("cannot load the gazetteer: \(error)") }
        let entities: EntitiesAnalyzer? = goldSpans ? nil : try EntitiesAnalyzer()

        var score = GeoScore()
        var out = ""
        for article in corpus.articles {
            var predictions: [Span: GeoPrediction] = [:]
            if goldSpans {
                let toponyms = article.resolverToponyms
                for (toponym, resolution) in zip(toponyms, places.resolver.resolve(toponyms, text: article.text)) {
                    if explain == article.id {
                        let line = resolution.map { r in
                            ([r.best] + r.alternatives).map {
                                "\(places.resolver.gazetteer.name(of: $0.place)) \($0.place.featureCode) \($0.place.countryCode).\($0.place.admin1) \($0.place.population) p=\(String(format: "%.3f", $0.probability))"
                            }.joined(separator: " | ")
                        } ?? "none"
                        FileHandle.standardError.write(Data("\(toponym.names[0]) ×\(toponym.spans.count): \(line)\n".utf8))
                    }
                    guard let resolution else { continue }
                    let best = resolution.best.place
                    for span in toponym.spans {
                        predictions[span] = GeoPrediction(geonameId: best.geonameId, latitude: best.latitude, longitude: best.longitude)
                    }
                }
            } else if let entities {
                let document = Document(article.text)
                let found = entities.entities(in: document)
                for place in places.places(text: article.text, entities: found, structure: document.structure) {
                    let reading = place.reading
                    for span in place.mentions {
                        predictions[span] = GeoPrediction(geonameId: reading.geonameId, latitude: reading.latitude, longitude: reading.longitude)
                    }
                }
            }
            for span in predictions.keys.sorted() {
                let place = predictions[span]!
                out += "{\"doc\": \(jsonString(article.id)), \"start\": \(span.start), \"end\": \(span.end), \"geonameid\": \"\(place.geonameId)\", \"lat\": \(place.latitude), \"lon\": \(place.longitude)}\n"
            }
            score.add(gold: article.toponyms, predicted: predictions)
            if out.utf8.count > 1 << 16 {
                FileHandle.standardOutput.write(Data(out.utf8))
                out = ""
            }
        }
        FileHandle.standardOutput.write(Data(out.utf8))
        FileHandle.standardError.write(Data(score.report(goldSpans: goldSpans).utf8))
    }

    func jsonString(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case _ where scalar.value < 0x20: result += String(format: "\\u%04x", scalar.value)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}

/// One resolved toponym.
struct GeoPrediction {
    var geonameId: Int
    var latitude: Double
    var longitude: Double
}

/// Accuracy within 161 km, mean error and AUC over gold toponyms with coordinates.
struct GeoScore {
    static let worst = 20_039.0
    var errors: [Double] = []
    var predicted = 0
    var predictedOnGold = 0

    mutating func add(gold: [LGLCorpus.Toponym], predicted predictions: [Span: GeoPrediction]) {
        predicted += predictions.count
        let goldSpans = Set(gold.map(\.span))
        predictedOnGold += predictions.keys.filter { goldSpans.contains($0) }.count
        for toponym in gold {
            guard let lat = toponym.latitude, let lon = toponym.longitude else { continue }
            if let place = predictions[toponym.span] {
                errors.append(greatCircleKilometres(lat, lon, place.latitude, place.longitude))
            } else {
                errors.append(Self.worst)
            }
        }
    }

    func report(goldSpans: Bool) -> String {
        guard !errors.isEmpty else { return "no gold toponym with coordinates\n" }
        let n = Double(errors.count)
        let accuracy = Double(errors.filter { $0 <= 161 }.count) / n
        let mean = errors.reduce(0, +) / n
        let auc = errors.map { log(1 + $0) / log(Self.worst) }.reduce(0, +) / n
        var lines = [
            String(format: "toponyms %d, resolved %d", errors.count, errors.filter { $0 < Self.worst }.count),
            String(format: "accuracy@161km %.4f", accuracy),
            String(format: "mean error km %.1f", mean),
            String(format: "AUC %.4f", auc),
        ]
        if !goldSpans {
            lines.append(String(format: "toponym spans found: %d, of which on a gold span %d (precision %.3f)", predicted, predictedOnGold,
                                predicted == 0 ? 0 : Double(predictedOnGold) / Double(predicted)))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
