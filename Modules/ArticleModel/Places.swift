/// What kind of name a place was read from.
public enum PlaceKind: String, Codable, Hashable, Sendable {
    /// A location entity.
    case location
    /// A nationality word (NORP `Iranian`), linked to its country.
    case nationality
    /// The dateline's place (`ALEXANDRIA, La. -`).
    case dateline
}

/// A gazetteer reading of a place name: a GeoNames feature with where it is.
public struct PlaceCandidate: Codable, Hashable, Sendable {
    /// GeoNames id (`4314550`).
    public var geonameId: Int
    /// GeoNames name (`Alexandria`).
    public var name: String
    /// GeoNames feature class: `A` country or area, `P` populated place, `L` continent or region.
    public var featureClass: String
    /// GeoNames feature code: `PCLI`, `ADM1`, `ADM2`, `PPL`, `PPLC`, `CONT`, ….
    public var featureCode: String
    /// ISO 3166-1 alpha-2 country code; absent for continents.
    public var countryCode: String?
    /// GeoNames admin1 code within the country (`LA`, `08`); absent for countries and continents.
    public var admin1: String?
    /// WGS 84 degrees: latitude in [-90, 90], longitude in [-180, 180].
    public var latitude: Double
    public var longitude: Double
    /// Inhabitants (for an area without a GeoNames figure, the sum of its places' populations).
    public var population: Int
    /// Probability of this reading in [0, 1]; the readings of one name sum to at most 1.
    public var confidence: Double

    public init(
        geonameId: Int, name: String, featureClass: String, featureCode: String, countryCode: String? = nil,
        admin1: String? = nil, latitude: Double, longitude: Double, population: Int, confidence: Double
    ) {
        self.geonameId = geonameId
        self.name = name
        self.featureClass = featureClass
        self.featureCode = featureCode
        self.countryCode = countryCode
        self.admin1 = admin1
        self.latitude = latitude
        self.longitude = longitude
        self.population = population
        self.confidence = confidence
    }
}

/// A place the article names, grounded in GeoNames: the best reading's fields, the next two
/// readings, and the entity it belongs to.
public struct Place: Codable, Hashable, Sendable {
    /// Identifier unique within the article (`P1`).
    public var id: String
    /// The entity this place is (a LOCATION entity) or belongs to (a NORP entity), when there is one.
    public var entityId: String?
    public var kind: PlaceKind
    /// The name as the article writes it.
    public var text: String
    /// Where the article names it, ordered by position.
    public var mentions: [Span]
    /// One of the places where the story happens (the dateline, the most mentioned places).
    public var focus: Bool
    public var geonameId: Int
    public var name: String
    public var featureClass: String
    public var featureCode: String
    public var countryCode: String?
    public var admin1: String?
    public var latitude: Double
    public var longitude: Double
    public var population: Int
    /// Probability that the best reading is right, in [0, 1]: close readings give a low value.
    public var confidence: Double
    /// The next best readings (at most two), most likely first.
    public var alternatives: [PlaceCandidate]

    public init(
        id: String, entityId: String? = nil, kind: PlaceKind, text: String, mentions: [Span], focus: Bool = false,
        reading: PlaceCandidate, alternatives: [PlaceCandidate] = []
    ) {
        self.id = id
        self.entityId = entityId
        self.kind = kind
        self.text = text
        self.mentions = mentions
        self.focus = focus
        geonameId = reading.geonameId
        name = reading.name
        featureClass = reading.featureClass
        featureCode = reading.featureCode
        countryCode = reading.countryCode
        admin1 = reading.admin1
        latitude = reading.latitude
        longitude = reading.longitude
        population = reading.population
        confidence = reading.confidence
        self.alternatives = alternatives
    }

    /// The best reading as a candidate.
    public var reading: PlaceCandidate {
        PlaceCandidate(
            geonameId: geonameId, name: name, featureClass: featureClass, featureCode: featureCode, countryCode: countryCode,
            admin1: admin1, latitude: latitude, longitude: longitude, population: population, confidence: confidence)
    }
}
