public import AnalyzerKit
public import ArticleModel
import EntitiesAnalyzer
public import Foundation

/// The places analyzer: grounds every location entity, every nationality word and the dateline's
/// place in GeoNames, attaches each to its entity, and names the places where the story happens.
///
/// It consumes the entities and structure sections (the coordinator sends them with the
/// article); run in-process without them it finds nothing. Holds the loaded gazetteer; safe to
/// share across concurrent requests.
public struct PlacesAnalyzer: Analyzer {
    public static let version = "1.0.0"

    public let descriptor = AnalyzerDescriptor(
        name: "places", version: PlacesAnalyzer.version, produces: [.places], consumes: [.entities, .structure],
        summary: "locations, nationality words and the dateline grounded in GeoNames, with coordinates, confidence and focus",
        pureComputation: true)

    public let resolver: PlaceResolver

    /// An analyzer with the gazetteer shipped in this module's resources (loaded once per
    /// process), or the file named by `BYLINE_GAZETTEER` when that is set.
    public init() throws {
        resolver = PlaceResolver(gazetteer: try Self.bundledGazetteer.get())
    }

    public init(gazetteer: PlaceGazetteer) {
        resolver = PlaceResolver(gazetteer: gazetteer)
    }

    /// The shipped gazetteer, read on first use.
    public static let bundledGazetteer: Result<PlaceGazetteer, any Error> = Result { try PlaceGazetteer(contentsOf: try gazetteerURL()) }

    /// Where the gazetteer is: `BYLINE_GAZETTEER`, else this module's resource bundle next to the
    /// executable (`Byline_PlacesAnalyzer.resources/gazetteer.bin`), else the bundle in the build folder.
    public static func gazetteerURL() throws -> URL {
        if let url = ModelFile.located("gazetteer.bin", bundle: "Byline_PlacesAnalyzer", override: "BYLINE_GAZETTEER") {
            return url
        }
        guard let url = Bundle.module.url(forResource: "gazetteer", withExtension: "bin") else {
            throw AnalyzerError("the gazetteer (gazetteer.bin) is missing from the PlacesAnalyzer resources")
        }
        return url
    }

    public func analyze(_ request: AnalysisRequest) async throws -> AnalyzerOutput {
        let inputs = request.inputs ?? AnalyzerOutput()
        return AnalyzerOutput(places: places(text: request.article.text, entities: inputs.entities ?? [], structure: inputs.structure))
    }

    /// Words that make an organisation's or person's name a place name (`Henry County`).
    static let areaWords: Set<String> = ["county", "parish", "township", "borough"]

    /// The toponyms of an article: its location entities, its nationality words that belong to a
    /// place, the dateline's place, the state or country written as a qualifier after a place
    /// (`Alexandria, La.`), and entities the recogniser typed as an organisation or person whose
    /// whole name is an area's (`Kanawha County`) or a country's or first-order area's.
    public func toponyms(text: String, entities: [Entity], structure: ArticleStructure?) -> [Toponym] {
        var toponyms: [Toponym] = []
        var byKey: [String: Int] = [:]
        let gazetteer = resolver.gazetteer
        for entity in entities {
            let spans = entity.mentions.filter { $0.kind != .pronoun && $0.kind != .title }.map(\.span).sorted()
            guard !spans.isEmpty else { continue }
            var type = entity.type
            if (type == .organization || type == .person) && entity.roles.isEmpty {
                let key = NameKey.key(entity.name)
                let words = key.split(separator: " ")
                let places = gazetteer.places(withKey: key).prefix(20).map(gazetteer.place)
                let isArea = words.count >= 2 && Self.areaWords.contains(String(words.last!)) && places.contains { $0.featureCode == "ADM2" }
                let isState = places.contains { $0.kindRank >= 2 && $0.featureCode != "CONT" }
                if isArea || isState { type = .location }
            }
            switch type {
            case .location:
                byKey[NameKey.key(entity.name)] = toponyms.count
                toponyms.append(Toponym(names: [entity.name] + entity.aliases, spans: spans, kind: .location, entityId: entity.id))
            case .nationality:
                guard entity.relatedTo != nil || Demonyms.place(ofAnyCase: entity.name) != nil else { continue }
                toponyms.append(Toponym(names: [entity.relatedTo ?? entity.name], spans: spans, kind: .nationality, entityId: entity.id))
                toponyms[toponyms.count - 1].names.append(entity.name)
            default:
                continue
            }
        }
        // A state or country written as a qualifier after a place is a place too.
        let scalars = Array(text.unicodeScalars)
        var qualifiers: [Span: String] = [:]
        for toponym in toponyms where toponym.kind == .location {
            for span in toponym.spans {
                if let found = Qualifiers.qualifierWithSpan(after: span, in: scalars, gazetteer: gazetteer), qualifiers[found.span] == nil {
                    qualifiers[found.span] = String(String.UnicodeScalarView(scalars[found.span.start..<found.span.end]))
                }
            }
        }
        let taken = Set(toponyms.flatMap(\.spans))
        var qualifierToponyms: [String: Int] = [:]
        for (span, written) in qualifiers.sorted(by: { $0.key < $1.key }) where !taken.contains(span) {
            let key = NameKey.key(written)
            if let index = byKey[key] ?? qualifierToponyms[key] {
                toponyms[index].spans.append(span)
                toponyms[index].spans.sort()
            } else {
                qualifierToponyms[key] = toponyms.count
                toponyms.append(Toponym(names: [written], spans: [span], kind: .location))
            }
        }
        // A dateline's place may carry its qualifier (`ALEXANDRIA, La.`): the name is what comes
        // before the comma, and the resolver reads the qualifier from the text after it.
        if let dateline = structure?.dateline,
            let place = dateline.place.map({ String($0.prefix { $0 != "," }).trimmingCharacters(in: .whitespaces) }), !place.isEmpty,
            let span = Self.span(of: place, in: text, within: dateline.span)
        {
            if let index = byKey[NameKey.key(place)] {
                toponyms[index].kind = .dateline
                if !toponyms[index].spans.contains(span) {
                    toponyms[index].spans.append(span)
                    toponyms[index].spans.sort()
                }
            } else {
                toponyms.append(Toponym(names: [place], spans: [span], kind: .dateline))
            }
        }
        return toponyms
    }

    /// Where `needle` occurs inside `range` of `text`, in scalar offsets.
    static func span(of needle: String, in text: String, within range: Span) -> Span? {
        let scalars = Array(text.unicodeScalars)
        let target = Array(needle.unicodeScalars)
        guard !target.isEmpty, range.isValid(inTextOfLength: scalars.count), range.length >= target.count else { return nil }
        for start in range.start...(range.end - target.count) where scalars[start] == target[0] {
            if Array(scalars[start..<(start + target.count)]) == target { return Span(start, start + target.count) }
        }
        return nil
    }

    /// The places of an article from its entities and structure.
    public func places(text: String, entities: [Entity], structure: ArticleStructure?) -> [Place] {
        let toponyms = self.toponyms(text: text, entities: entities, structure: structure)
        var resolver = self.resolver
        resolver.maxCandidates = max(10, min(resolver.maxCandidates, 200_000 / max(1, toponyms.count)))
        let resolutions = resolver.resolve(toponyms, text: text)
        var found: [(toponym: Toponym, resolution: Resolution)] = []
        for (toponym, resolution) in zip(toponyms, resolutions) {
            if let resolution { found.append((toponym, resolution)) }
        }
        found.sort { ($0.toponym.spans.first ?? Span(0, 0)) < ($1.toponym.spans.first ?? Span(0, 0)) }
        let focus = Self.focus(found.map(\.toponym))
        let gazetteer = resolver.gazetteer
        return found.enumerated().map { offset, item in
            let first = item.toponym.spans[0]
            let written = String(String.UnicodeScalarView(text.unicodeScalars.dropFirst(first.start).prefix(first.length)))
            return Place(
                id: "P\(offset + 1)", entityId: item.toponym.entityId,
                kind: PlaceKind(rawValue: item.toponym.kind.rawValue) ?? .location, text: written,
                mentions: item.toponym.spans, focus: focus.contains(offset),
                reading: Self.candidate(item.resolution.best, gazetteer),
                alternatives: item.resolution.alternatives.map { Self.candidate($0, gazetteer) })
        }
    }

    static func candidate(_ scored: ScoredPlace, _ gazetteer: PlaceGazetteer) -> PlaceCandidate {
        let place = scored.place
        return PlaceCandidate(
            geonameId: place.geonameId, name: gazetteer.name(of: place), featureClass: place.featureClass,
            featureCode: place.featureCode, countryCode: place.countryCode.isEmpty ? nil : place.countryCode,
            admin1: place.admin1.isEmpty ? nil : place.admin1, latitude: place.latitude, longitude: place.longitude,
            population: place.population, confidence: min(1, max(0, (scored.probability * 1000).rounded() / 1000)))
    }

    /// Where the story happens: the dateline's place, and the places (not nationality words) named
    /// most, counting a mention in the first 400 characters twice; at most three.
    static func focus(_ toponyms: [Toponym]) -> Set<Int> {
        var scores: [(index: Int, score: Double)] = []
        for (index, toponym) in toponyms.enumerated() where toponym.kind != .nationality {
            let score = Double(toponym.spans.count) + Double(toponym.spans.filter { $0.start < 400 }.count)
            scores.append((index, toponym.kind == .dateline ? .infinity : score))
        }
        guard let top = scores.map(\.score).filter(\.isFinite).max() ?? scores.first?.score else { return [] }
        let threshold = max(2, top * 0.6)
        let chosen = scores.filter { $0.score >= threshold }.sorted { $0.score != $1.score ? $0.score > $1.score : $0.index < $1.index }
        return Set(chosen.prefix(3).map(\.index))
    }
}
