public import ArticleModel
import EntitiesAnalyzer
import Foundation

/// A name in an article to ground in the gazetteer: one location entity, one nationality word, the
/// dateline's place, or one gold toponym.
public struct Toponym: Hashable, Sendable {
    /// What the name is, which limits what it can resolve to.
    public enum Kind: String, Hashable, Sendable {
        /// A place name (LOCATION entity, gold toponym).
        case location
        /// A nationality word (NORP `Iranian`): resolves to the country or region it belongs to.
        case nationality
        /// The place a dateline names (`ALEXANDRIA, La. -`).
        case dateline
    }

    /// The names to look up, fullest first: the entity's name and aliases, or the text of the span.
    public var names: [String]
    /// Where the article mentions it, in Unicode scalar offsets.
    public var spans: [Span]
    public var kind: Kind
    /// The entity it belongs to, when it came from the entities section.
    public var entityId: String?

    public init(names: [String], spans: [Span], kind: Kind = .location, entityId: String? = nil) {
        self.names = names
        self.spans = spans
        self.kind = kind
        self.entityId = entityId
    }
}

/// One reading of a toponym with its probability under the resolver's model.
public struct ScoredPlace: Hashable, Sendable {
    public var place: GazetteerPlace
    /// Share of the toponym's probability mass, in [0, 1].
    public var probability: Double
}

/// What the resolver decided for one toponym: the best reading and the next two.
public struct Resolution: Hashable, Sendable {
    public var best: ScoredPlace
    public var alternatives: [ScoredPlace]
}

/// Grounds the toponyms of one article in the gazetteer.
///
/// Each candidate gets a score from what the text says about it, and the scores of one toponym
/// become probabilities by a softmax:
/// - a population prior (log of the population) and the kind of place (a country beats a hamlet of
///   the same name; a national capital beats a town);
/// - a qualifier written next to the name (`Paris, Texas`, `Alexandria, La.`, `Tbilisi, Georgia`,
///   `Georgia's capital Tbilisi`), which must agree with the candidate's state or country;
/// - the article's other places: the probability mass they put on each country and first-order
///   area (a candidate in the same state as the rest of the story is more likely), on bordering
///   countries, on each second-order area, near the candidate (decaying over 200 km), and the
///   dateline's place;
/// - for a nationality word, only countries and regions;
/// - a county named without its noun (`DeKalb`) is a candidate, scored down; a name in a list of
///   counties (`Cooke, Grayson and Love counties`) is only the county.
///
/// The confidence reported leaves a share to "a place the gazetteer does not list"
/// (``Weights/unlisted``), so a lone weak reading is not given as certain.
///
/// The context is recomputed three times from the current probabilities, each toponym's own
/// contribution left out. A pure function of its inputs: the same article always gives the same
/// answer.
public struct PlaceResolver: Sendable {
    public let gazetteer: PlaceGazetteer
    /// Candidates considered per name, most populous first.
    public var maxCandidates = 400

    /// Weights of the score's terms (natural-log units of odds), set by hand on LGL
    /// (`byline eval geo --gold-spans`; README has the figures).
    public struct Weights: Sendable {
        /// Per factor of ten inhabitants.
        public var population = 0.4
        public var country = 2.5
        public var continent = 2.0
        public var admin1 = 1.0
        public var capital = 0.5
        public var admin2 = 0.3
        /// The candidate's own GeoNames name is the name written (not an alternate name).
        public var canonicalName = 0.4
        public var qualifierAdmin1 = 5.0
        public var qualifierCountry = 3.0
        public var qualifierMismatch = -4.0
        /// Times the share of the other toponyms' mass in the candidate's first-order area.
        public var contextAdmin1 = 8.0
        /// Times the share of the other toponyms' mass in the candidate's country.
        public var contextCountry = 4.0
        /// Times the share of the other toponyms' mass in countries bordering the candidate's.
        public var contextNeighbour = 3.0
        /// Times the other toponyms' mass (at most 1) in the candidate's second-order area.
        public var contextArea = 5.0
        public var datelineAdmin1 = 1.0
        public var datelineCountry = 0.5
        /// Times the article's share of foreign countries, for a national capital.
        public var diplomacyCapital = 2.0
        /// A national capital when a first-order area of its country has the same name.
        public var capitalOverState = 2.5
        /// Times the share of the other toponyms' mass near the candidate (decaying over
        /// ``proximityKilometres``); towns and areas only.
        public var contextNear = 3.0
        public var proximityKilometres = 200.0
        /// The score of "a place the gazetteer does not list" (a building, a region, a street,
        /// a hamlet under 500 inhabitants): a place of about 3,000 inhabitants with no other
        /// support. It takes its share of the probability in the confidence reported, so that a
        /// lone weak reading (`Middle East`, whose only candidate is a Maryland village) is not
        /// given as certain; it does not change which reading is best.
        public var unlisted = 1.4
        /// A county read from its name without `County` (`DeKalb` for DeKalb County): what the
        /// rest of the story says about its state has to outweigh this.
        public var bareCountyName = -3.0

        public init() {}
    }

    public var weights = Weights()

    public init(gazetteer: PlaceGazetteer) {
        self.gazetteer = gazetteer
    }

    /// Resolves every toponym of an article whose text is `text`; `nil` where the gazetteer has no
    /// candidate. The result is parallel to `toponyms`.
    public func resolve(_ toponyms: [Toponym], text: String) -> [Resolution?] {
        let scalars = Array(text.unicodeScalars)
        var states: [State] = toponyms.map { toponym in
            let candidates = self.candidates(for: toponym, scalars: scalars)
            let qualifier = toponym.spans.lazy.compactMap { Qualifiers.qualifier(after: $0, in: scalars, gazetteer: gazetteer) }.first
                ?? toponym.spans.lazy.compactMap { Qualifiers.qualifier(before: $0, in: scalars, gazetteer: gazetteer) }.first
            var base = candidates.map { baseScore($0, toponym: toponym, qualifier: qualifier) }
            // A national capital beats a first-order area of the same name in the same country
            // (`Washington` the seat of government, not the state), unless a qualifier decided.
            for (i, capital) in candidates.enumerated() where capital.featureCode == "PPLC" {
                if candidates.contains(where: { $0.featureCode == "ADM1" && $0.countryKey == capital.countryKey }) {
                    base[i] += weights.capitalOverState
                }
            }
            return State(candidates: candidates, base: base, scores: base, probabilities: Self.softmax(base), weight: min(3, Double(max(1, toponym.spans.count))))
        }
        let foreignShare = Self.foreignShare(states)
        for _ in 0..<3 {
            // What each toponym puts on each state, country and second-order area; a toponym's
            // context is everyone's mass less its own.
            var admin1Mass: [Int: Double] = [:], countryMass: [Int: Double] = [:], areaMass: [Int32: Double] = [:]
            var datelineAdmin1: [Int: Double] = [:], datelineCountry: [Int: Double] = [:]
            var own: [Contribution] = []
            own.reserveCapacity(states.count)
            var anchors: [Anchor] = []
            for (index, state) in states.enumerated() {
                var contribution = Contribution()
                for (candidate, p) in zip(state.candidates, state.probabilities) where p > 0.01 {
                    let mass = p * state.weight
                    if candidate.admin1Key != 0 { contribution.admin1[candidate.admin1Key, default: 0] += mass }
                    if candidate.countryKey != 0 { contribution.country[candidate.countryKey, default: 0] += mass }
                    if let area = candidate.featureCode == "ADM2" ? candidate.index : candidate.area {
                        contribution.area[area, default: 0] += mass
                    }
                    if toponyms[index].kind == .dateline {
                        if candidate.admin1Key != 0 { datelineAdmin1[candidate.admin1Key, default: 0] += p }
                        if candidate.countryKey != 0 { datelineCountry[candidate.countryKey, default: 0] += p }
                    }
                }
                for (candidate, p) in zip(state.candidates, state.probabilities) where p > 0.2 && candidate.kindRank < 3
                    && candidate.featureCode != "CONT"
                {
                    anchors.append(Anchor(latitude: candidate.latitude, longitude: candidate.longitude, mass: p * state.weight, toponym: index))
                }
                admin1Mass.merge(contribution.admin1, uniquingKeysWith: +)
                countryMass.merge(contribution.country, uniquingKeysWith: +)
                areaMass.merge(contribution.area, uniquingKeysWith: +)
                own.append(contribution)
            }
            // The heaviest places the other toponyms are probably at, for the proximity term.
            if anchors.count > 100 { anchors = Array(anchors.sorted { $0.mass > $1.mass }.prefix(100)) }
            let total = states.reduce(0) { $0 + $1.weight }
            for index in states.indices {
                let state = states[index]
                let others = total - state.weight
                guard others > 0 else { continue }
                var scores = state.base
                for (position, candidate) in state.candidates.enumerated() {
                    var score = scores[position]
                    if candidate.admin1Key != 0 {
                        let mass = (admin1Mass[candidate.admin1Key] ?? 0) - (own[index].admin1[candidate.admin1Key] ?? 0)
                        score += weights.contextAdmin1 * max(0, mass) / others
                    }
                    if candidate.countryKey != 0 {
                        let mass = (countryMass[candidate.countryKey] ?? 0) - (own[index].country[candidate.countryKey] ?? 0)
                        score += weights.contextCountry * max(0, mass) / others
                        var near = 0.0
                        for (country, mass) in countryMass where gazetteer.areNeighbours(candidate.countryKey, country) {
                            near += max(0, mass - (own[index].country[country] ?? 0))
                        }
                        score += weights.contextNeighbour * near / others
                    }
                    if let area = candidate.featureCode == "ADM2" ? candidate.index : candidate.area {
                        let mass = (areaMass[area] ?? 0) - (own[index].area[area] ?? 0)
                        score += weights.contextArea * min(1, max(0, mass))
                    }
                    if toponyms[index].kind != .dateline {
                        score += weights.datelineAdmin1 * (datelineAdmin1[candidate.admin1Key] ?? 0)
                        score += weights.datelineCountry * (datelineCountry[candidate.countryKey] ?? 0)
                    }
                    if candidate.featureCode == "PPLC" { score += weights.diplomacyCapital * foreignShare }
                    if candidate.kindRank < 3, candidate.featureCode != "CONT", position < 30 || state.probabilities[position] > 0.01 {
                        var near = 0.0
                        for anchor in anchors where anchor.toponym != index {
                            let distance = greatCircleKilometres(candidate.latitude, candidate.longitude, anchor.latitude, anchor.longitude)
                            near += anchor.mass * exp(-distance / weights.proximityKilometres)
                        }
                        score += weights.contextNear * near / others
                    }
                    scores[position] = score
                }
                states[index].scores = scores
                states[index].probabilities = Self.softmax(scores)
            }
        }
        return states.map { state in
            guard !state.candidates.isEmpty else { return nil }
            let order = state.probabilities.indices.sorted {
                state.probabilities[$0] != state.probabilities[$1]
                    ? state.probabilities[$0] > state.probabilities[$1] : state.candidates[$0].index < state.candidates[$1].index
            }
            let share = Self.listedShare(state.scores, unlisted: weights.unlisted)
            let scored = order.prefix(3).map { ScoredPlace(place: state.candidates[$0], probability: state.probabilities[$0] * share) }
            return Resolution(best: scored[0], alternatives: Array(scored.dropFirst()))
        }
    }

    /// A place some toponym of the article probably is, with that probability times its weight.
    struct Anchor {
        var latitude: Double
        var longitude: Double
        var mass: Double
        var toponym: Int
    }

    /// The mass one toponym puts on each first-order area, country and second-order area.
    struct Contribution {
        var admin1: [Int: Double] = [:]
        var country: [Int: Double] = [:]
        var area: [Int32: Double] = [:]
    }

    struct State {
        var candidates: [GazetteerPlace]
        var base: [Double]
        /// The scores the probabilities came from.
        var scores: [Double]
        var probabilities: [Double]
        var weight: Double
    }

    /// How much of the article's probability mass lies outside its most likely country: a
    /// story about other countries (diplomacy, war) reads `Washington` as the capital.
    static func foreignShare(_ states: [State]) -> Double {
        var countries: [Int: Double] = [:]
        var total = 0.0
        for state in states {
            for (candidate, p) in zip(state.candidates, state.probabilities) where candidate.featureCode == "PCLI" || candidate.featureCode == "PCLD" {
                countries[candidate.countryKey, default: 0] += p * state.weight
                total += p * state.weight
            }
        }
        guard countries.count >= 2, total > 0 else { return 0 }
        let top = countries.values.max() ?? 0
        return min(1, (total - top) / max(1, total))
    }

    /// The base score of one candidate: prior, kind, name and qualifier.
    func baseScore(_ place: GazetteerPlace, toponym: Toponym, qualifier: Qualifier?) -> Double {
        var score = weights.population * log10(Double(place.population) + 1)
        switch place.featureCode {
        case "PCLI", "PCLD": score += weights.country
        case "CONT", "RGN": score += weights.continent
        case "ADM1": score += weights.admin1
        case "PPLC": score += weights.capital
        case "ADM2": score += weights.admin2
        default: break
        }
        if let first = toponym.names.first {
            let own = NameKey.key(gazetteer.name(of: place)), written = NameKey.key(first)
            if own == written { score += weights.canonicalName }
            if place.featureCode == "ADM2", own == written + " county" || own == written + " parish" { score += weights.bareCountyName }
        }
        if let qualifier, place.kindRank < 3 {
            var best = weights.qualifierMismatch
            for option in qualifier.options {
                if let admin1 = option.admin1Key {
                    if place.admin1Key == admin1 && place.featureCode != "ADM1" {
                        best = max(best, weights.qualifierAdmin1)
                    } else if place.countryKey == option.countryKey {
                        best = max(best, weights.qualifierCountry * 0.5)
                    }
                } else if place.countryKey == option.countryKey {
                    best = max(best, weights.qualifierCountry)
                }
            }
            score += best
        }
        return score
    }

    /// The gazetteer places a toponym may be: every name and alias looked up, a nationality word
    /// through its country, an abbreviation (`La.`, `W.Va.`, `U.S.`) through its place.
    public func candidates(for toponym: Toponym, scalars: [Unicode.Scalar] = []) -> [GazetteerPlace] {
        var seen: Set<Int32> = []
        var result: [GazetteerPlace] = []
        func add(_ indices: [Int32]) {
            for index in indices.prefix(maxCandidates) where seen.insert(index).inserted {
                let place = gazetteer.place(index)
                if toponym.kind == .nationality && place.kindRank < 2 { continue }
                result.append(place)
            }
        }
        for name in toponym.names {
            if toponym.kind == .nationality {
                if let country = Demonyms.place(ofAnyCase: name) ?? (result.isEmpty ? name : nil) {
                    add(gazetteer.places(withKey: NameKey.key(country)))
                }
                if result.isEmpty {
                    add(Self.demonymStems(NameKey.key(name)).flatMap { gazetteer.places(withKey: $0) })
                }
                continue
            }
            if let abbreviation = Qualifiers.abbreviation(name, gazetteer: gazetteer) {
                add([abbreviation])
                continue
            }
            var key = NameKey.key(name)
            if key.hasPrefix("the ") { key.removeFirst(4) }
            // One of a list of counties (`Cooke, Grayson and Love counties`): the county.
            if let noun = toponym.spans.lazy.compactMap({ Qualifiers.countyListNoun(around: $0, in: scalars) }).first {
                let counties = gazetteer.places(withKey: key + " " + noun).filter { gazetteer.place($0).featureCode == "ADM2" }
                if !counties.isEmpty {
                    add(counties)
                    continue
                }
            }
            add(gazetteer.places(withKey: key))
            // A county named without its noun (`DeKalb`, `Greenbrier`), as local news does: a
            // candidate too, scored down by ``Weights/bareCountyName``.
            if toponym.kind == .location, !key.hasSuffix(" county"), !key.hasSuffix(" parish") {
                for noun in ["county", "parish"] {
                    add(gazetteer.places(withKey: key + " " + noun).filter { gazetteer.place($0).featureCode == "ADM2" })
                }
            }
            if result.isEmpty, key.hasSuffix(" s") {
                add(gazetteer.places(withKey: String(key.dropLast(2))))
            }
            if result.isEmpty, let country = Demonyms.place(ofAnyCase: name) {
                add(gazetteer.places(withKey: NameKey.key(country)).filter { gazetteer.place($0).kindRank >= 2 })
            }
            if result.isEmpty {
                add(Self.demonymStems(key).flatMap { stem in
                    gazetteer.places(withKey: stem).filter { gazetteer.place($0).kindRank >= 2 && gazetteer.place($0).featureCode != "CONT" }
                })
            }
        }
        if toponym.kind == .nationality, result.contains(where: { $0.kindRank == 3 || $0.featureCode == "CONT" }) {
            result.removeAll { $0.kindRank < 3 && $0.featureCode != "CONT" }
        }
        return result
    }

    /// The names a demonym the demonym list does not have may come from, for a country or a
    /// first-order area: `Ohioans` → `ohio`, `Ontarians` → `ontario`, `Texan` → `texas`,
    /// `Californians` → `california`, `Floridian` → `florida`. Only keys of one word.
    static func demonymStems(_ key: String) -> [String] {
        guard !key.contains(" ") else { return [] }
        var word = Substring(key)
        if word.hasSuffix("s") { word = word.dropLast() }
        guard word.hasSuffix("an"), word.count >= 6 else { return [] }
        let stem = word.dropLast(2)
        var stems = [String(stem), stem + "a", stem + "o", stem + "s"]
        if stem.hasSuffix("i") { stems.append(stem.dropLast() + "a") }
        return stems
    }

    /// The share of the probability that the listed readings keep against one more reading, "a
    /// place the gazetteer does not list", scored `unlisted`.
    static func listedShare(_ scores: [Double], unlisted: Double) -> Double {
        guard let top = scores.max() else { return 0 }
        let listed = scores.reduce(0) { $0 + exp($1 - top) }
        return listed / (listed + exp(unlisted - top))
    }

    static func softmax(_ scores: [Double]) -> [Double] {
        guard let top = scores.max() else { return [] }
        let exps = scores.map { exp($0 - top) }
        let sum = exps.reduce(0, +)
        return exps.map { $0 / sum }
    }
}

/// Great-circle distance in kilometres (haversine, mean Earth radius).
public func greatCircleKilometres(_ lat1: Double, _ lon1: Double, _ lat2: Double, _ lon2: Double) -> Double {
    let radians = Double.pi / 180
    let dLat = (lat2 - lat1) * radians, dLon = (lon2 - lon1) * radians
    let h = sin(dLat / 2) * sin(dLat / 2) + cos(lat1 * radians) * cos(lat2 * radians) * sin(dLon / 2) * sin(dLon / 2)
    return 2 * 6371.0088 * asin(min(1, h.squareRoot()))
}
