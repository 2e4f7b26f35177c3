public import JSONCoding

// The places section's JSON, written and read by hand like the rest of the model
// (ArticleModel+JSON.swift says why): keys sorted by their UTF-8 bytes, nil optionals omitted.

extension PlaceKind: JSONStringEnum {}

extension PlaceCandidate: JSONCodable {
    public func encodeJSON(to output: inout JSONOutput) throws(EncodingError) {
        output.beginObject()
        try output.optionalField("admin1", admin1)
        try output.field("confidence", confidence)
        try output.optionalField("countryCode", countryCode)
        try output.field("featureClass", featureClass)
        try output.field("featureCode", featureCode)
        try output.field("geonameId", geonameId)
        try output.field("latitude", latitude)
        try output.field("longitude", longitude)
        try output.field("name", name)
        try output.field("population", population)
        output.endObject()
    }

    public init(json input: inout JSONInput) throws {
        var fields = PlaceFields()
        try input.readObject { input, key in try fields.read(key, &input) }
        self = try fields.candidate(&input)
    }
}

/// The fields a place and a candidate share, read in one place.
struct PlaceFields {
    var admin1: String??, confidence: Double?, countryCode: String??, featureClass: String?, featureCode: String?
    var geonameId: Int?, latitude: Double?, longitude: Double?, name: String?, population: Int?

    mutating func read(_ key: String, _ input: inout JSONInput) throws {
        switch key {
        case "admin1": try input.decode(&admin1)
        case "confidence": try input.decode(&confidence)
        case "countryCode": try input.decode(&countryCode)
        case "featureClass": try input.decode(&featureClass)
        case "featureCode": try input.decode(&featureCode)
        case "geonameId": try input.decode(&geonameId)
        case "latitude": try input.decode(&latitude)
        case "longitude": try input.decode(&longitude)
        case "name": try input.decode(&name)
        case "population": try input.decode(&population)
        default: try input.skipValue()
        }
    }

    func candidate(_ input: inout JSONInput) throws -> PlaceCandidate {
        PlaceCandidate(
            geonameId: try input.required(geonameId, "geonameId"), name: try input.required(name, "name"),
            featureClass: try input.required(featureClass, "featureClass"), featureCode: try input.required(featureCode, "featureCode"),
            countryCode: countryCode ?? nil, admin1: admin1 ?? nil, latitude: try input.required(latitude, "latitude"),
            longitude: try input.required(longitude, "longitude"), population: try input.required(population, "population"),
            confidence: try input.required(confidence, "confidence"))
    }
}

extension Place: JSONCodable {
    public func encodeJSON(to output: inout JSONOutput) throws(EncodingError) {
        output.beginObject()
        try output.optionalField("admin1", admin1)
        try output.field("alternatives", alternatives)
        try output.field("confidence", confidence)
        try output.optionalField("countryCode", countryCode)
        try output.optionalField("entityId", entityId)
        try output.field("featureClass", featureClass)
        try output.field("featureCode", featureCode)
        try output.field("focus", focus)
        try output.field("geonameId", geonameId)
        try output.field("id", id)
        try output.field("kind", kind)
        try output.field("latitude", latitude)
        try output.field("longitude", longitude)
        try output.field("mentions", mentions)
        try output.field("name", name)
        try output.field("population", population)
        try output.field("text", text)
        output.endObject()
    }

    public init(json input: inout JSONInput) throws {
        var fields = PlaceFields()
        var alternatives: [PlaceCandidate]?, entityId: String??, focus: Bool?, id: String?, kind: PlaceKind?
        var mentions: [Span]?, text: String?
        try input.readObject { input, key in
            switch key {
            case "alternatives": try input.decode(&alternatives)
            case "entityId": try input.decode(&entityId)
            case "focus": try input.decode(&focus)
            case "id": try input.decode(&id)
            case "kind": try input.decode(&kind)
            case "mentions": try input.decode(&mentions)
            case "text": try input.decode(&text)
            default: try fields.read(key, &input)
            }
        }
        self.init(
            id: try input.required(id, "id"), entityId: entityId ?? nil, kind: try input.required(kind, "kind"),
            text: try input.required(text, "text"), mentions: try input.required(mentions, "mentions"),
            focus: try input.required(focus, "focus"), reading: try fields.candidate(&input),
            alternatives: try input.required(alternatives, "alternatives"))
    }
}
