import AnalyzerKit
import AnalyzerTesting
import ArticleModel
import EntitiesAnalyzer
import Foundation
import PlacesAnalyzer
import Testing

/// The shipped gazetteer, loaded once for all tests.
let gazetteer: PlaceGazetteer = try! PlaceGazetteer(contentsOf: try! PlacesAnalyzer.gazetteerURL())
let resolver = PlaceResolver(gazetteer: gazetteer)

/// Resolves the named spans of `text` (each `[name]` in the text marks a toponym) and returns
/// the best reading of each, by name.
func resolve(_ marked: String, nationality: Set<String> = []) -> [String: Resolution] {
    var text = "", spans: [(String, Span)] = []
    var scalars = 0, open: Int?
    var name = ""
    for scalar in marked.unicodeScalars {
        switch scalar {
        case "[": open = scalars; name = ""
        case "]": spans.append((name, Span(open!, scalars))); open = nil
        default:
            text.unicodeScalars.append(scalar)
            scalars += 1
            if open != nil { name.unicodeScalars.append(scalar) }
        }
    }
    let toponyms = spans.map { Toponym(names: [$0.0], spans: [$0.1], kind: nationality.contains($0.0) ? .nationality : .location) }
    var result: [String: Resolution] = [:]
    for ((name, _), resolution) in zip(spans, resolver.resolve(toponyms, text: text)) { result[name] = resolution }
    return result
}

@Suite struct NameKeyTests {
    @Test(arguments: [
        ("St. Louis", "saint louis"), ("O'Fallon", "ofallon"), ("São Paulo", "sao paulo"), ("ZÜRICH", "zurich"),
        ("U.S.", "us"), ("Winston-Salem", "winston salem"), ("Ft. Worth", "fort worth"), ("北京", "北京"),
        ("  ", ""), ("Martha’s Vineyard", "marthas vineyard"), ("Ｔｏｋｙｏ", "tokyo"),
    ])
    func keys(_ name: String, _ key: String) {
        #expect(NameKey.key(name) == key)
    }
}

@Suite struct GazetteerTests {
    @Test func loadsAndFindsPlacesByName() throws {
        #expect(gazetteer.count > 250_000)
        let paris = gazetteer.places(withKey: "paris").map(gazetteer.place)
        #expect(paris.first?.countryCode == "FR")  // most populous first
        #expect(paris.contains { $0.countryCode == "US" && $0.admin1 == "TX" })
        let us = try #require(gazetteer.country("US").map(gazetteer.place))
        #expect(us.featureCode == "PCLI" && us.featureClass == "A")
        #expect(gazetteer.places(withKey: "no such place anywhere").isEmpty)
        #expect(gazetteer.places(withKey: "").isEmpty)
    }

    @Test func aMissingFileIsAClearError() {
        let path = "/nonexistent/gazetteer.bin"
        #expect {
            _ = try PlaceGazetteer(contentsOf: URL(fileURLWithPath: path))
        } throws: { error in
            "\(error)".contains("cannot read the gazetteer \(path)")
        }
    }

    @Test func aCorruptFileIsAClearError() throws {
        let bytes = [UInt8](try Data(contentsOf: try PlacesAnalyzer.gazetteerURL()))
        let cases: [(String, [UInt8])] = [
            ("empty", []),
            ("not a gazetteer", Array("{\"hello\": 1}".utf8) + [UInt8](repeating: 0, count: 100)),
            ("truncated", Array(bytes.prefix(bytes.count / 2))),
            ("header only", Array(bytes.prefix(56))),
            ("future version", Array(bytes.prefix(8)) + [99, 0, 0, 0] + Array(bytes[12...])),
            ("longer", bytes + [0]),
        ]
        for (name, corrupt) in cases {
            #expect(throws: PlaceGazetteer.LoadError.self, "\(name)") { _ = try PlaceGazetteer(bytes: corrupt, name: "x.bin") }
            do {
                _ = try PlaceGazetteer(bytes: corrupt, name: "x.bin")
            } catch {
                #expect("\(error)".hasPrefix("the gazetteer x.bin is corrupt: "), "\(name): \(error)")
            }
        }
    }

    @Test func flippedBytesAreRefusedOrHarmlessNeverACrash() throws {
        let bytes = [UInt8](try Data(contentsOf: try PlacesAnalyzer.gazetteerURL()))
        var generator = SplitMix(seed: 17)
        for _ in 0..<12 {
            var corrupt = bytes
            // Header, records, key table and key pool all get hit.
            for _ in 0..<8 {
                let at = Int(generator.next() % UInt64(corrupt.count))
                corrupt[at] = UInt8(truncatingIfNeeded: generator.next())
            }
            if let loaded = try? PlaceGazetteer(bytes: corrupt) {
                for key in ["paris", "springfield", "us", "georgia"] {
                    for index in loaded.places(withKey: key) {
                        let place = loaded.place(index)
                        #expect(abs(place.latitude) <= 90 && abs(place.longitude) <= 180)
                        _ = loaded.name(of: place)
                    }
                }
            }
        }
    }

    @Test func coordinatesAtThePolesAndTheAntimeridianStayInRange() {
        for key in ["anadyr", "suva", "utqiagvik", "longyearbyen", "ushuaia", "apia", "nuku alofa"] {
            for index in gazetteer.places(withKey: key).prefix(5) {
                let place = gazetteer.place(index)
                #expect((-90...90).contains(place.latitude) && (-180...180).contains(place.longitude), "\(key)")
            }
        }
        #expect(greatCircleKilometres(0, 179.9, 0, -179.9) < 23)
        #expect(greatCircleKilometres(90, 0, 90, 180) < 0.001)
        #expect(abs(greatCircleKilometres(90, 0, -90, 0) - 20_015) < 1)
    }
}

@Suite struct ResolverTests {
    @Test func aQualifierDecidesTheState() throws {
        let texas = try #require(resolve("The fair in [Paris], Texas, opened.")["Paris"])
        #expect(texas.best.place.countryCode == "US" && texas.best.place.admin1 == "TX")
        let louisiana = try #require(resolve("[Alexandria], La. - Police said on Monday.")["Alexandria"])
        #expect(louisiana.best.place.admin1 == "LA")
        let georgia = try #require(resolve("He grew up in [Athens], Ga., and moved.")["Athens"])
        #expect(georgia.best.place.admin1 == "GA")
        let alone = try #require(resolve("She flew to [Paris] for the talks.")["Paris"])
        #expect(alone.best.place.countryCode == "FR")
    }

    @Test func aPossessiveQualifierBeforeTheName() throws {
        let result = resolve("Officials in [Georgia]'s capital [Tbilisi] said [Russia] had withdrawn.")
        #expect(result["Georgia"]?.best.place.countryCode == "GE")
        #expect(result["Georgia"]?.best.place.featureCode == "PCLI")
        #expect(result["Tbilisi"]?.best.place.countryCode == "GE")
    }

    @Test func theOtherPlacesOfTheArticleCohere() throws {
        let result = resolve("[Alexandria] police said a fire in [Rapides Parish] spread to [Pineville].")
        #expect(result["Alexandria"]?.best.place.admin1 == "LA")
        #expect(result["Alexandria"]?.best.place.countryCode == "US")
    }

    @Test func washingtonInADiplomacyStoryIsTheCapital() throws {
        let result = resolve("[Washington] and [Tehran] traded warnings as [Russia] and [China] urged restraint.")
        let washington = try #require(result["Washington"])
        #expect(washington.best.place.featureCode == "PPLC")
        #expect(washington.best.place.countryCode == "US")
    }

    @Test func namesInAListOfCountiesAreCounties() throws {
        let result = resolve("Storms hit [Hamblen], [Grainger] and [Jefferson] counties overnight.")
        for name in ["Hamblen", "Grainger", "Jefferson"] {
            #expect(result[name]?.best.place.featureCode == "ADM2", "\(name)")
        }
        #expect(result["Hamblen"]?.best.place.admin1 == "TN")
        let parishes = resolve("Crews worked in [Caddo] and [Bossier] parishes.")
        #expect(parishes["Caddo"]?.best.place.featureCode == "ADM2")
        #expect(parishes["Caddo"]?.best.place.admin1 == "LA")
        // One name before `counties` is the state the counties are in, not a county.
        let state = resolve("Growth in [Georgia] counties slowed.")
        #expect(state["Georgia"]?.best.place.featureCode != "ADM2")
        // Without the plural noun a name is read as before.
        let town = resolve("She moved from [Jefferson] to the coast.")
        #expect(town["Jefferson"]?.best.place.featureCode != "ADM2")
    }

    @Test func aCountryBeatsAHamletOfTheSameName() throws {
        let result = resolve("Talks with [Jordan] resumed.")
        #expect(result["Jordan"]?.best.place.featureCode == "PCLI")
    }

    @Test func nationalityWordsGoToTheirCountry() throws {
        let result = resolve("[Iranian] and [Georgian] officials met.", nationality: ["Iranian", "Georgian"])
        #expect(result["Iranian"]?.best.place.countryCode == "IR")
        #expect(result["Georgian"]?.best.place.countryCode == "GE")
        #expect(result["Georgian"]?.best.place.featureCode == "PCLI")
    }

    @Test func closeReadingsGiveALowConfidence() throws {
        let springfield = try #require(resolve("The plant near [Springfield] closed.")["Springfield"])
        #expect(springfield.best.probability < 0.8)
        #expect(springfield.alternatives.count == 2)
        let france = try #require(resolve("[France] voted.")["France"])
        #expect(france.best.probability > 0.9)
        for resolution in [springfield, france] {
            let total = ([resolution.best] + resolution.alternatives).map(\.probability).reduce(0, +)
            #expect(total <= 1.000001)
        }
    }

    @Test func demonymsOfStatesAndProvincesGoToThem() throws {
        let result = resolve("[Ohioans] and [Floridians] voted; [Manitobans] did not.")
        #expect(result["Ohioans"]?.best.place.featureCode == "ADM1")
        #expect(result["Ohioans"]?.best.place.admin1 == "OH")
        #expect(result["Floridians"]?.best.place.admin1 == "FL")
        #expect(result["Manitobans"]?.best.place.countryCode == "CA")
        let nationality = resolve("The [Texans] met.", nationality: ["Texans"])
        #expect(nationality["Texans"]?.best.place.admin1 == "TX")
    }

    @Test func aCountyNamedWithoutItsNounWhenTheStorySupportsIt() throws {
        let result = resolve("Schools in [Hendricks] closed early, and buses in [Indianapolis] and [Carmel], Ind., ran late.")
        #expect(result["Hendricks"]?.best.place.featureCode == "ADM2")
        #expect(result["Hendricks"]?.best.place.admin1 == "IN")
        // Without support the town or city keeps the name.
        let city = resolve("[Houston] police said the suspect fled.")
        #expect(city["Houston"]?.best.place.featureCode != "ADM2")
        let state = resolve("Voters in [Ohio] went to the polls.")
        #expect(state["Ohio"]?.best.place.featureCode == "ADM1")
    }

    @Test func aLoneWeakReadingIsNotCertain() throws {
        // The gazetteer has no regions; its only `Middle East` is a Maryland village.
        let region = try #require(resolve("Tensions in the [Middle East] rose again.")["Middle East"])
        #expect(region.alternatives.isEmpty)
        #expect(region.best.probability < 0.8)
        // A lone strong reading keeps its certainty.
        let country = try #require(resolve("Exports to [Germany] rose again.")["Germany"])
        #expect(country.best.probability > 0.95)
    }

    @Test func namesInEveryScriptGiveValidReadingsOrNone() {
        let names = ["طهران", "北京", "Москва", "Αθήνα", "ירושלים", "दिल्ली", "서울", "東京", "ᏣᎳᎩ", "🇫🇷", "\u{0}", "e\u{301}"]
        let text = names.joined(separator: " ")
        var spans: [Span] = []
        var offset = 0
        for name in names {
            spans.append(Span(offset, offset + name.unicodeScalars.count))
            offset += name.unicodeScalars.count + 1
        }
        let toponyms = zip(names, spans).map { Toponym(names: [$0.0], spans: [$0.1]) }
        let resolutions = resolver.resolve(toponyms, text: text)
        #expect(resolutions.count == names.count)
        for resolution in resolutions.compactMap({ $0 }) {
            #expect((-90...90).contains(resolution.best.place.latitude))
        }
        #expect(resolutions[1]?.best.place.countryCode == "CN")  // 北京: a large city keeps its native names
        #expect(resolutions[9] == nil)  // a flag is no place
    }

    @Test func aQualifierAtTheEndOfTheTextOrOutsideItIsNoProblem() {
        let text = "Paris,"
        let resolutions = resolver.resolve([Toponym(names: ["Paris"], spans: [Span(0, 5)])], text: text)
        #expect(resolutions.first??.best.place.countryCode == "FR")
        // Spans beyond the text (not from our own analyzer) are ignored by the qualifier reader.
        _ = resolver.resolve([Toponym(names: ["Paris"], spans: [Span(50, 55)])], text: text)
    }
}

@Suite struct PlacesAnalyzerTests {
    static let entities = try! EntitiesAnalyzer()
    static let analyzer = PlacesAnalyzer(gazetteer: gazetteer)

    static func analyze(_ text: String) async throws -> (AnalyzerOutput, [Entity]) {
        let article = Article(id: "a", text: text)
        let inputs = try await entities.analyze(AnalysisRequest(article: article))
        let output = try await analyzer.analyze(AnalysisRequest(article: article, inputs: inputs))
        return (output, inputs.entities ?? [])
    }

    @Test func placesComeWithTheirEntityIdAndTheDatelineIsAFocus() async throws {
        let text = """
            ALEXANDRIA, La. (AP) - Police in Alexandria arrested a man on Monday after a fire in Pineville, \
            Rapides Parish deputies said. The Iranian student had moved from Tehran.
            """
        let (output, entities) = try await Self.analyze(text)
        let places = try #require(output.places)
        let dateline = try #require(places.first { $0.kind == .dateline })
        #expect(dateline.admin1 == "LA" && dateline.countryCode == "US")
        #expect(dateline.focus)
        let iranian = try #require(places.first { $0.kind == .nationality })
        #expect(iranian.countryCode == "IR" && iranian.featureCode == "PCLI")
        let ids = Set(entities.map(\.id))
        #expect(places.contains { $0.entityId != nil })
        #expect(places.allSatisfy { $0.entityId == nil || ids.contains($0.entityId!) })
        #expect(places.allSatisfy { $0.alternatives.count <= 2 && (0...1).contains($0.confidence) })
        #expect(places.map(\.id) == (1...places.count).map { "P\($0)" })
    }

    @Test func withoutInputsItFindsNothingAndSaysSoEmpty() async throws {
        let output = try await Self.analyzer.analyze(AnalysisRequest(article: Article(id: "a", text: "Paris, Texas")))
        #expect(output.places == [])
    }

    @Test func aTenThousandPlaceArticle() async throws {
        let names = ["Paris", "Springfield", "Alexandria", "Georgia", "Tbilisi", "Moscow", "Lagos", "Lima", "Perth", "Dublin"]
        var text = "", entities: [Entity] = []
        var offset = 0
        for index in 0..<10_000 {
            let name = names[index % names.count]
            let count = name.unicodeScalars.count
            entities.append(Entity(
                id: "E\(index + 1)", type: .location, name: name,
                mentions: [Mention(span: Span(offset, offset + count), text: name, kind: .name)], salience: 0.1))
            text += name + ", "
            offset += count + 2
        }
        let places = Self.analyzer.places(text: text, entities: entities, structure: ArticleStructure?.none)
        #expect(places.count == 10_000)
        #expect(AnalyzerOutput(places: places).validationProblems(textLength: offset, declared: [.places]).isEmpty)
    }

    @Test func itPassesTheConformanceChecksWithEntitiesAsInputs() async {
        let problems = await AnalyzerConformance.check(Self.analyzer) { article in
            try await Self.entities.analyze(AnalysisRequest(article: article))
        }
        #expect(problems == [])
    }
}

@Suite struct LGLTests {
    static let xml = """
        <?xml version="1.0" encoding="utf-8"?>
        <articles>
          <article docid="7">
            <title>T</title>
            <text><![CDATA[Élan in Paris, Texas & more.]]></text>
            <toponyms>
              <toponym><start>8</start><end>13</end><phrase>Paris</phrase>
                <gaztag geonameid="4717560"><name>Paris</name><lat>33.66</lat><lon>-95.55</lon></gaztag></toponym>
              <toponym><start>15</start><end>20</end><phrase>Texas</phrase></toponym>
            </toponyms>
          </article>
        </articles>
        """

    @Test func readsArticlesAndToponymsInScalarOffsets() throws {
        let corpus = try LGLCorpus(data: Data(Self.xml.utf8))
        let article = try #require(corpus.articles.first)
        #expect(article.id == "7")
        #expect(article.text == "Élan in Paris, Texas & more.")
        #expect(article.toponyms.map(\.span) == [Span(8, 13), Span(15, 20)])
        #expect(article.toponyms[0].geonameId == "4717560" && article.toponyms[0].latitude == 33.66)
        #expect(article.toponyms[1].geonameId == nil)
    }

    @Test func aToponymOutsideItsTextIsAnError() {
        let bad = Self.xml.replacingOccurrences(of: "<end>20</end>", with: "<end>200</end>")
        #expect(throws: LGLCorpus.ReadError.self) { _ = try LGLCorpus(data: Data(bad.utf8)) }
        #expect(throws: LGLCorpus.ReadError.self) { _ = try LGLCorpus(data: Data("<articles><article>".utf8)) }
    }

    static let lgl = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../../shared/data/geo/lgl.xml").standardized

    /// The dev figure (`byline eval geo --gold-spans`), when ../shared/data is present (CI has no copy).
    @Test(.enabled(if: FileManager.default.fileExists(atPath: lgl.path)))
    func lglWithGoldSpansStaysAboveItsDevFigure() throws {
        let corpus = try LGLCorpus(data: try Data(contentsOf: Self.lgl))
        var correct = 0, total = 0
        for article in corpus.articles {
            let toponyms = article.resolverToponyms
            var best: [Span: GazetteerPlace] = [:]
            for (toponym, resolution) in zip(toponyms, resolver.resolve(toponyms, text: article.text)) {
                for span in toponym.spans { best[span] = resolution?.best.place }
            }
            for gold in article.toponyms {
                guard let lat = gold.latitude, let lon = gold.longitude else { continue }
                total += 1
                if let place = best[gold.span], greatCircleKilometres(lat, lon, place.latitude, place.longitude) <= 161 {
                    correct += 1
                }
            }
        }
        #expect(total == 4_462)
        #expect(Double(correct) / Double(total) >= 0.85)
    }
}

/// A small deterministic generator for the corruption test.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
