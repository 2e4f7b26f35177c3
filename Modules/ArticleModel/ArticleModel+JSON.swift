public import JSONCoding

// The article model's own JSON, for the hot paths of the wire: workers encode their outputs, the
// coordinator decodes them and encodes the merged article. Each type writes its keys sorted by their
// UTF-8 bytes and omits nil optionals, so the bytes equal Foundation's `JSONEncoder` output with
// `[.sortedKeys, .withoutEscapingSlashes]`; reading accepts what the synthesized `Decodable`
// conformances accept (unknown keys ignored, null for an optional is nil, the first of duplicate keys
// wins). ArticleModelTests hold both directions to Foundation on values with every field set.

extension Span: JSONCodable {
    public func encodeJSON(to output: inout JSONOutput) throws(EncodingError) {
        output.beginArray()
        output.int(start)
        output.int(end)
        output.endArray()
    }

    public init(json input: inout JSONInput) throws {
        // Spans are most of what the coordinator decodes: no array per span.
        var start = 0, end = 0, count = 0
        try input.readArray { input in
            switch count {
            case 0: start = try input.readInt()
            case 1: end = try input.readInt()
            default: throw input.error("a span is [start, end]")
            }
            count += 1
        }
        guard count == 2 else { throw input.error("a span is [start, end]") }
        guard start >= 0, start <= end else {
            throw input.error("span [\(start), \(end)] must satisfy 0 <= start <= end")
        }
        self.init(start, end)
    }
}

// Enums are their raw strings.
extension EntityType: JSONStringEnum {}
extension MentionKind: JSONStringEnum {}
extension QuoteKind: JSONStringEnum {}
extension SentimentPolarity: JSONStringEnum {}
extension StancePolarity: JSONStringEnum {}
extension TimexType: JSONStringEnum {}
extension TemporalRelation: JSONStringEnum {}
extension AnalyzerStatus: JSONStringEnum {}

extension Mention: JSONCodable {
    public func encodeJSON(to output: inout JSONOutput) throws(EncodingError) {
        output.beginObject()
        try output.field("kind", kind)
        try output.field("span", span)
        try output.field("text", text)
        output.endObject()
    }

    public init(json input: inout JSONInput) throws {
        var kind: MentionKind?, span: Span?, text: String?
        try input.readObject { input, key in
            switch key {
            case "kind": try input.decode(&kind)
            case "span": try input.decode(&span)
            case "text": try input.decode(&text)
            default: try input.skipValue()
            }
        }
        self.init(span: try input.required(span, "span"), text: try input.required(text, "text"), kind: try input.required(kind, "kind"))
    }
}

extension Role: JSONCodable {
    public func encodeJSON(to output: inout JSONOutput) throws(EncodingError) {
        output.beginObject()
        try output.optionalField("span", span)
        try output.field("text", text)
        output.endObject()
    }

    public init(json input: inout JSONInput) throws {
        var span: Span??, text: String?
        try input.readObject { input, key in
            switch key {
            case "span": try input.decode(&span)
            case "text": try input.decode(&text)
            default: try input.skipValue()
            }
        }
        self.init(text: try input.required(text, "text"), span: span ?? nil)
    }
}

extension Entity: JSONCodable {
    public func encodeJSON(to output: inout JSONOutput) throws(EncodingError) {
        output.beginObject()
        try output.field("aliases", aliases)
        try output.field("id", id)
        try output.field("mentions", mentions)
        try output.field("name", name)
        try output.optionalField("relatedEntityId", relatedEntityId)
        try output.optionalField("relatedTo", relatedTo)
        try output.field("roles", roles)
        try output.field("salience", salience)
        try output.field("type", type)
        output.endObject()
    }

    public init(json input: inout JSONInput) throws {
        var aliases: [String]?, id: String?, mentions: [Mention]?, name: String?, relatedEntityId: String??, relatedTo: String??
        var roles: [Role]?, salience: Double?, type: EntityType?
        try input.readObject { input, key in
            switch key {
            case "aliases": try input.decode(&aliases)
            case "id": try input.decode(&id)
            case "mentions": try input.decode(&mentions)
            case "name": try input.decode(&name)
            case "relatedEntityId": try input.decode(&relatedEntityId)
            case "relatedTo": try input.decode(&relatedTo)
            case "roles": try input.decode(&roles)
            case "salience": try input.decode(&salience)
            case "type": try input.decode(&type)
            default: try input.skipValue()
            }
        }
        self.init(
            id: try input.required(id, "id"), type: try input.required(type, "type"), name: try input.required(name, "name"),
            aliases: try input.required(aliases, "aliases"), roles: try input.required(roles, "roles"),
            mentions: try input.required(mentions, "mentions"), salience: try input.required(salience, "salience"),
            relatedTo: relatedTo ?? nil, relatedEntityId: relatedEntityId ?? nil)
    }
}

extension ActorRef: JSONCodable {
    public func encodeJSON(to output: inout JSONOutput) throws(EncodingError) {
        output.beginObject()
        try output.optionalField("entityId", entityId)
        try output.optionalField("span", span)
        try output.optionalField("text", text)
        output.endObject()
    }

    public init(json input: inout JSONInput) throws {
        var entityId: String??, span: Span??, text: String??
        try input.readObject { input, key in
            switch key {
            case "entityId": try input.decode(&entityId)
            case "span": try input.decode(&span)
            case "text": try input.decode(&text)
            default: try input.skipValue()
            }
        }
        self.init(span: span ?? nil, text: text ?? nil, entityId: entityId ?? nil)
    }
}

extension Cue: JSONCodable {
    public func encodeJSON(to output: inout JSONOutput) throws(EncodingError) {
        output.beginObject()
        try output.field("lemma", lemma)
        try output.field("span", span)
        try output.field("text", text)
        output.endObject()
    }

    public init(json input: inout JSONInput) throws {
        var lemma: String?, span: Span?, text: String?
        try input.readObject { input, key in
            switch key {
            case "lemma": try input.decode(&lemma)
            case "span": try input.decode(&span)
            case "text": try input.decode(&text)
            default: try input.skipValue()
            }
        }
        self.init(span: try input.required(span, "span"), text: try input.required(text, "text"), lemma: try input.required(lemma, "lemma"))
    }
}

extension Quote: JSONCodable {
    public func encodeJSON(to output: inout JSONOutput) throws(EncodingError) {
        output.beginObject()
        try output.optionalField("cue", cue)
        try output.field("id", id)
        try output.field("kind", kind)
        try output.field("span", span)
        try output.optionalField("speaker", speaker)
        try output.field("text", text)
        output.endObject()
    }

    public init(json input: inout JSONInput) throws {
        var cue: Cue??, id: String?, kind: QuoteKind?, span: Span?, speaker: ActorRef??, text: String?
        try input.readObject { input, key in
            switch key {
            case "cue": try input.decode(&cue)
            case "id": try input.decode(&id)
            case "kind": try input.decode(&kind)
            case "span": try input.decode(&span)
            case "speaker": try input.decode(&speaker)
            case "text": try input.decode(&text)
            default: try input.skipValue()
            }
        }
        self.init(
            id: try input.required(id, "id"), span: try input.required(span, "span"), text: try input.required(text, "text"),
            kind: try input.required(kind, "kind"), cue: cue ?? nil, speaker: speaker ?? nil)
    }
}

extension TargetSentiment: JSONCodable {
    public func encodeJSON(to output: inout JSONOutput) throws(EncodingError) {
        output.beginObject()
        try output.field("polarity", polarity)
        try output.field("score", score)
        try output.field("span", span)
        try output.field("text", text)
        output.endObject()
    }

    public init(json input: inout JSONInput) throws {
        var polarity: SentimentPolarity?, score: Double?, span: Span?, text: String?
        try input.readObject { input, key in
            switch key {
            case "polarity": try input.decode(&polarity)
            case "score": try input.decode(&score)
            case "span": try input.decode(&span)
            case "text": try input.decode(&text)
            default: try input.skipValue()
            }
        }
        self.init(
            span: try input.required(span, "span"), text: try input.required(text, "text"),
            polarity: try input.required(polarity, "polarity"), score: try input.required(score, "score"))
    }
}

extension MentionSentiment: JSONCodable {
    public func encodeJSON(to output: inout JSONOutput) throws(EncodingError) {
        output.beginObject()
        try output.field("polarity", polarity)
        try output.field("score", score)
        try output.field("span", span)
        output.endObject()
    }

    public init(json input: inout JSONInput) throws {
        var polarity: SentimentPolarity?, score: Double?, span: Span?
        try input.readObject { input, key in
            switch key {
            case "polarity": try input.decode(&polarity)
            case "score": try input.decode(&score)
            case "span": try input.decode(&span)
            default: try input.skipValue()
            }
        }
        self.init(span: try input.required(span, "span"), polarity: try input.required(polarity, "polarity"), score: try input.required(score, "score"))
    }
}

extension EntitySentiment: JSONCodable {
    public func encodeJSON(to output: inout JSONOutput) throws(EncodingError) {
        output.beginObject()
        try output.optionalField("entityId", entityId)
        try output.field("mentions", mentions)
        try output.field("name", name)
        try output.field("polarity", polarity)
        try output.field("score", score)
        output.endObject()
    }

    public init(json input: inout JSONInput) throws {
        var entityId: String??, mentions: [MentionSentiment]?, name: String?, polarity: SentimentPolarity?, score: Double?
        try input.readObject { input, key in
            switch key {
            case "entityId": try input.decode(&entityId)
            case "mentions": try input.decode(&mentions)
            case "name": try input.decode(&name)
            case "polarity": try input.decode(&polarity)
            case "score": try input.decode(&score)
            default: try input.skipValue()
            }
        }
        self.init(
            entityId: entityId ?? nil, name: try input.required(name, "name"), polarity: try input.required(polarity, "polarity"),
            score: try input.required(score, "score"), mentions: try input.required(mentions, "mentions"))
    }
}

extension Stance: JSONCodable {
    public func encodeJSON(to output: inout JSONOutput) throws(EncodingError) {
        output.beginObject()
        try output.optionalField("condition", condition)
        try output.field("conditional", conditional)
        try output.optionalField("cue", cue)
        try output.field("evidence", evidence)
        try output.field("hedged", hedged)
        try output.field("holder", holder)
        try output.field("id", id)
        try output.field("negated", negated)
        try output.field("polarity", polarity)
        try output.field("strength", strength)
        try output.field("target", target)
        output.endObject()
    }

    public init(json input: inout JSONInput) throws {
        var condition: Span??, conditional: Bool?, cue: Cue??, evidence: Span?, hedged: Bool?, holder: ActorRef?, id: String?
        var negated: Bool?, polarity: StancePolarity?, strength: Double?, target: ActorRef?
        try input.readObject { input, key in
            switch key {
            case "condition": try input.decode(&condition)
            case "conditional": try input.decode(&conditional)
            case "cue": try input.decode(&cue)
            case "evidence": try input.decode(&evidence)
            case "hedged": try input.decode(&hedged)
            case "holder": try input.decode(&holder)
            case "id": try input.decode(&id)
            case "negated": try input.decode(&negated)
            case "polarity": try input.decode(&polarity)
            case "strength": try input.decode(&strength)
            case "target": try input.decode(&target)
            default: try input.skipValue()
            }
        }
        self.init(
            id: try input.required(id, "id"), holder: try input.required(holder, "holder"), target: try input.required(target, "target"),
            polarity: try input.required(polarity, "polarity"), strength: try input.required(strength, "strength"),
            conditional: try input.required(conditional, "conditional"), negated: try input.required(negated, "negated"),
            hedged: try input.required(hedged, "hedged"), cue: cue ?? nil, evidence: try input.required(evidence, "evidence"),
            condition: condition ?? nil)
    }
}

extension Dateline: JSONCodable {
    public func encodeJSON(to output: inout JSONOutput) throws(EncodingError) {
        output.beginObject()
        try output.optionalField("date", date)
        try output.optionalField("place", place)
        try output.optionalField("source", source)
        try output.field("span", span)
        output.endObject()
    }

    public init(json input: inout JSONInput) throws {
        var date: String??, place: String??, source: String??, span: Span?
        try input.readObject { input, key in
            switch key {
            case "date": try input.decode(&date)
            case "place": try input.decode(&place)
            case "source": try input.decode(&source)
            case "span": try input.decode(&span)
            default: try input.skipValue()
            }
        }
        self.init(span: try input.required(span, "span"), place: place ?? nil, source: source ?? nil, date: date ?? nil)
    }
}

extension ArticleStructure: JSONCodable {
    public func encodeJSON(to output: inout JSONOutput) throws(EncodingError) {
        output.beginObject()
        try output.optionalField("dateline", dateline)
        try output.field("headings", headings)
        try output.field("paragraphs", paragraphs)
        try output.field("sentences", sentences)
        try output.optionalField("title", title)
        try output.field("tokenCount", tokenCount)
        output.endObject()
    }

    public init(json input: inout JSONInput) throws {
        var dateline: Dateline??, headings: [Span]?, paragraphs: [Span]?, sentences: [Span]?, title: Span??, tokenCount: Int?
        try input.readObject { input, key in
            switch key {
            case "dateline": try input.decode(&dateline)
            case "headings": try input.decode(&headings)
            case "paragraphs": try input.decode(&paragraphs)
            case "sentences": try input.decode(&sentences)
            case "title": try input.decode(&title)
            case "tokenCount": try input.decode(&tokenCount)
            default: try input.skipValue()
            }
        }
        self.init(
            title: title ?? nil, dateline: dateline ?? nil, headings: try input.required(headings, "headings"),
            paragraphs: try input.required(paragraphs, "paragraphs"), sentences: try input.required(sentences, "sentences"),
            tokenCount: try input.required(tokenCount, "tokenCount"))
    }
}

extension Timex: JSONCodable {
    public func encodeJSON(to output: inout JSONOutput) throws(EncodingError) {
        output.beginObject()
        try output.optionalField("anchor", anchor)
        try output.optionalField("freq", freq)
        try output.field("id", id)
        try output.optionalField("mod", mod)
        try output.optionalField("quant", quant)
        try output.field("span", span)
        try output.field("text", text)
        try output.field("type", type)
        try output.field("value", value)
        output.endObject()
    }

    public init(json input: inout JSONInput) throws {
        var anchor: String??, freq: String??, id: String?, mod: String??, quant: String??, span: Span?, text: String?
        var type: TimexType?, value: String?
        try input.readObject { input, key in
            switch key {
            case "anchor": try input.decode(&anchor)
            case "freq": try input.decode(&freq)
            case "id": try input.decode(&id)
            case "mod": try input.decode(&mod)
            case "quant": try input.decode(&quant)
            case "span": try input.decode(&span)
            case "text": try input.decode(&text)
            case "type": try input.decode(&type)
            case "value": try input.decode(&value)
            default: try input.skipValue()
            }
        }
        self.init(
            id: try input.required(id, "id"), span: try input.required(span, "span"), text: try input.required(text, "text"),
            type: try input.required(type, "type"), value: try input.required(value, "value"), mod: mod ?? nil,
            anchor: anchor ?? nil, quant: quant ?? nil, freq: freq ?? nil)
    }
}

extension EventTime: JSONCodable {
    public func encodeJSON(to output: inout JSONOutput) throws(EncodingError) {
        output.beginObject()
        try output.field("relation", relation)
        try output.optionalField("timexId", timexId)
        try output.field("value", value)
        output.endObject()
    }

    public init(json input: inout JSONInput) throws {
        var relation: TemporalRelation?, timexId: String??, value: String?
        try input.readObject { input, key in
            switch key {
            case "relation": try input.decode(&relation)
            case "timexId": try input.decode(&timexId)
            case "value": try input.decode(&value)
            default: try input.skipValue()
            }
        }
        self.init(timexId: timexId ?? nil, value: try input.required(value, "value"), relation: try input.required(relation, "relation"))
    }
}

extension EventTrigger: JSONCodable {
    public func encodeJSON(to output: inout JSONOutput) throws(EncodingError) {
        output.beginObject()
        try output.field("span", span)
        try output.field("text", text)
        output.endObject()
    }

    public init(json input: inout JSONInput) throws {
        var span: Span?, text: String?
        try input.readObject { input, key in
            switch key {
            case "span": try input.decode(&span)
            case "text": try input.decode(&text)
            default: try input.skipValue()
            }
        }
        self.init(span: try input.required(span, "span"), text: try input.required(text, "text"))
    }
}

extension TimelineEvent: JSONCodable {
    public func encodeJSON(to output: inout JSONOutput) throws(EncodingError) {
        output.beginObject()
        try output.optionalField("description", description)
        try output.field("id", id)
        try output.field("ordered", ordered)
        try output.field("participants", participants)
        try output.optionalField("time", time)
        try output.field("trigger", trigger)
        output.endObject()
    }

    public init(json input: inout JSONInput) throws {
        var description: String??, id: String?, ordered: Bool?, participants: [ActorRef]?, time: EventTime??, trigger: EventTrigger?
        try input.readObject { input, key in
            switch key {
            case "description": try input.decode(&description)
            case "id": try input.decode(&id)
            case "ordered": try input.decode(&ordered)
            case "participants": try input.decode(&participants)
            case "time": try input.decode(&time)
            case "trigger": try input.decode(&trigger)
            default: try input.skipValue()
            }
        }
        self.init(
            id: try input.required(id, "id"), trigger: try input.required(trigger, "trigger"), description: description ?? nil,
            time: time ?? nil, participants: try input.required(participants, "participants"), ordered: try input.required(ordered, "ordered"))
    }
}

extension JSONValue: JSONCodable {
    public func encodeJSON(to output: inout JSONOutput) throws(EncodingError) {
        switch self {
        case .null: output.null()
        case .bool(let value): output.bool(value)
        case .number(let value):
            // As `encode(to:)` does: integral values below 9e15 as integers.
            if value.rounded() == value, abs(value) < 9e15 { output.int(Int(value)) } else { try output.double(value) }
        case .string(let value): output.string(value)
        case .array(let values): try output.value(values)
        case .object(let values): try output.value(values)
        }
    }

    public init(json input: inout JSONInput) throws {
        switch try input.peek() {
        case .null: try input.literal("null"); self = .null
        case .bool: self = .bool(try input.readBool())
        case .number: self = .number(try input.readDouble())
        case .string: self = .string(try input.readString())
        case .array: self = .array(try [JSONValue](json: &input))
        case .object: self = .object(try [String: JSONValue](json: &input))
        }
    }
}

extension AnalyzerOutput: JSONCodable {
    public func encodeJSON(to output: inout JSONOutput) throws(EncodingError) {
        output.beginObject()
        try output.optionalField("entities", entities)
        try output.optionalField("extension", `extension`)
        try output.optionalField("places", places)
        try output.optionalField("quotes", quotes)
        try output.optionalField("sentiment", sentiment)
        try output.optionalField("stances", stances)
        try output.optionalField("structure", structure)
        try output.optionalField("timeline", timeline)
        try output.optionalField("timexes", timexes)
        output.endObject()
    }

    public init(json input: inout JSONInput) throws {
        var entities: [Entity]??, ext: JSONValue??, quotes: [Quote]??, sentiment: [TargetSentiment]??, stances: [Stance]??
        var structure: ArticleStructure??, timeline: [TimelineEvent]??, timexes: [Timex]??, places: [Place]??
        try input.readObject { input, key in
            switch key {
            case "entities": try input.decode(&entities)
            case "extension": try input.decode(&ext)
            case "places": try input.decode(&places)
            case "quotes": try input.decode(&quotes)
            case "sentiment": try input.decode(&sentiment)
            case "stances": try input.decode(&stances)
            case "structure": try input.decode(&structure)
            case "timeline": try input.decode(&timeline)
            case "timexes": try input.decode(&timexes)
            default: try input.skipValue()
            }
        }
        self.init(
            structure: structure ?? nil, entities: entities ?? nil, quotes: quotes ?? nil, stances: stances ?? nil,
            sentiment: sentiment ?? nil, timexes: timexes ?? nil, timeline: timeline ?? nil, places: places ?? nil,
            extension: ext ?? nil)
    }
}

extension Provenance: JSONCodable {
    public func encodeJSON(to output: inout JSONOutput) throws(EncodingError) {
        output.beginObject()
        try output.field("analyzer", analyzer)
        try output.field("attempts", attempts)
        try output.optionalField("error", error)
        try output.field("ms", ms)
        try output.field("status", status)
        try output.optionalField("version", version)
        output.endObject()
    }

    public init(json input: inout JSONInput) throws {
        var analyzer: String?, attempts: Int?, error: String??, ms: Double?, status: AnalyzerStatus?, version: String??
        try input.readObject { input, key in
            switch key {
            case "analyzer": try input.decode(&analyzer)
            case "attempts": try input.decode(&attempts)
            case "error": try input.decode(&error)
            case "ms": try input.decode(&ms)
            case "status": try input.decode(&status)
            case "version": try input.decode(&version)
            default: try input.skipValue()
            }
        }
        self.init(
            analyzer: try input.required(analyzer, "analyzer"), version: version ?? nil, status: try input.required(status, "status"),
            ms: try input.required(ms, "ms"), attempts: try input.required(attempts, "attempts"), error: error ?? nil)
    }
}

extension ArticleMetadata: JSONCodable {
    public func encodeJSON(to output: inout JSONOutput) throws(EncodingError) {
        output.beginObject()
        try output.optionalField("authors", authors)
        try output.optionalField("description", description)
        try output.optionalField("extraction", extraction)
        try output.field("id", id)
        try output.optionalField("language", language)
        try output.optionalField("modifiedAt", modifiedAt)
        try output.optionalField("publishedAt", publishedAt)
        try output.optionalField("siteName", siteName)
        try output.optionalField("source", source)
        try output.optionalField("title", title)
        try output.optionalField("url", url)
        output.endObject()
    }

    public init(json input: inout JSONInput) throws {
        var id: String?, fields = PageFields()
        try input.readObject { input, key in
            if key == "id" { return try input.decode(&id) }
            try fields.read(key, &input)
        }
        self.init(id: try input.required(id, "id"))
        fields.apply(to: &self)
    }
}

/// The optional metadata fields every article type shares, read in one place.
struct PageFields {
    var authors: [String]??, description: String??, extraction: [String: String]??, language: String??
    var modifiedAt: String??, publishedAt: String??, siteName: String??, source: String??, title: String??, url: String??

    /// Reads `key` if it is one of the fields; skips any other key.
    mutating func read(_ key: String, _ input: inout JSONInput) throws {
        switch key {
        case "authors": try input.decode(&authors)
        case "description": try input.decode(&description)
        case "extraction": try input.decode(&extraction)
        case "language": try input.decode(&language)
        case "modifiedAt": try input.decode(&modifiedAt)
        case "publishedAt": try input.decode(&publishedAt)
        case "siteName": try input.decode(&siteName)
        case "source": try input.decode(&source)
        case "title": try input.decode(&title)
        case "url": try input.decode(&url)
        default: try input.skipValue()
        }
    }

    func apply(to metadata: inout ArticleMetadata) {
        metadata.authors = authors ?? nil
        metadata.description = description ?? nil
        metadata.extraction = extraction ?? nil
        metadata.language = language ?? nil
        metadata.modifiedAt = modifiedAt ?? nil
        metadata.publishedAt = publishedAt ?? nil
        metadata.siteName = siteName ?? nil
        metadata.source = source ?? nil
        metadata.title = title ?? nil
        metadata.url = url ?? nil
    }
}

extension ArticleInfo: JSONCodable {
    public func encodeJSON(to output: inout JSONOutput) throws(EncodingError) {
        output.beginObject()
        try output.optionalField("authors", authors)
        try output.optionalField("dateline", dateline)
        try output.optionalField("description", description)
        try output.optionalField("extraction", extraction)
        try output.optionalField("headings", headings)
        try output.field("id", id)
        try output.optionalField("language", language)
        try output.field("length", length)
        try output.optionalField("modifiedAt", modifiedAt)
        try output.optionalField("paragraphs", paragraphs)
        try output.optionalField("publishedAt", publishedAt)
        try output.optionalField("sentences", sentences)
        try output.optionalField("siteName", siteName)
        try output.optionalField("source", source)
        try output.optionalField("title", title)
        try output.optionalField("titleSpan", titleSpan)
        try output.optionalField("tokenCount", tokenCount)
        try output.optionalField("url", url)
        output.endObject()
    }

    public init(json input: inout JSONInput) throws {
        var dateline: Dateline??, headings: [Span]??, id: String?, length: Int?, paragraphs: [Span]??
        var sentences: [Span]??, titleSpan: Span??, tokenCount: Int??
        var fields = PageFields()
        try input.readObject { input, key in
            switch key {
            case "dateline": try input.decode(&dateline)
            case "headings": try input.decode(&headings)
            case "id": try input.decode(&id)
            case "length": try input.decode(&length)
            case "paragraphs": try input.decode(&paragraphs)
            case "sentences": try input.decode(&sentences)
            case "titleSpan": try input.decode(&titleSpan)
            case "tokenCount": try input.decode(&tokenCount)
            default: try fields.read(key, &input)
            }
        }
        var metadata = ArticleMetadata(id: try input.required(id, "id"))
        fields.apply(to: &metadata)
        self.init(metadata: metadata, length: try input.required(length, "length"))
        self.titleSpan = titleSpan ?? nil
        self.dateline = dateline ?? nil
        self.headings = headings ?? nil
        self.paragraphs = paragraphs ?? nil
        self.sentences = sentences ?? nil
        self.tokenCount = tokenCount ?? nil
    }
}

extension ArticleAnalysis: JSONCodable {
    public func encodeJSON(to output: inout JSONOutput) throws(EncodingError) {
        output.beginObject()
        try output.field("article", article)
        try output.optionalField("entities", entities)
        try output.optionalField("extensions", extensions)
        try output.optionalField("places", places)
        try output.field("provenance", provenance)
        try output.optionalField("quotes", quotes)
        try output.field("schema", schema)
        try output.optionalField("sentiment", sentiment)
        try output.optionalField("stances", stances)
        try output.optionalField("text", text)
        try output.optionalField("timeline", timeline)
        try output.optionalField("timexes", timexes)
        output.endObject()
    }

    public init(json input: inout JSONInput) throws {
        var article: ArticleInfo?, entities: [Entity]??, extensions: [String: JSONValue]??, provenance: [Provenance]?
        var quotes: [Quote]??, schema: String?, sentiment: [EntitySentiment]??, stances: [Stance]??, text: String??
        var timeline: [TimelineEvent]??, timexes: [Timex]??, places: [Place]??
        try input.readObject { input, key in
            switch key {
            case "article": try input.decode(&article)
            case "entities": try input.decode(&entities)
            case "extensions": try input.decode(&extensions)
            case "places": try input.decode(&places)
            case "provenance": try input.decode(&provenance)
            case "quotes": try input.decode(&quotes)
            case "schema": try input.decode(&schema)
            case "sentiment": try input.decode(&sentiment)
            case "stances": try input.decode(&stances)
            case "text": try input.decode(&text)
            case "timeline": try input.decode(&timeline)
            case "timexes": try input.decode(&timexes)
            default: try input.skipValue()
            }
        }
        self.init(
            article: try input.required(article, "article"), entities: entities ?? nil, quotes: quotes ?? nil,
            stances: stances ?? nil, sentiment: sentiment ?? nil, timexes: timexes ?? nil, timeline: timeline ?? nil,
            places: places ?? nil, extensions: extensions ?? nil, provenance: try input.required(provenance, "provenance"), text: text ?? nil)
        self.schema = try input.required(schema, "schema")
    }
}

extension Article: JSONCodable {
    public func encodeJSON(to output: inout JSONOutput) throws(EncodingError) {
        output.beginObject()
        try output.optionalField("authors", authors)
        try output.optionalField("description", description)
        try output.optionalField("extraction", extraction)
        try output.field("id", id)
        try output.optionalField("language", language)
        try output.optionalField("modifiedAt", modifiedAt)
        try output.optionalField("publishedAt", publishedAt)
        try output.optionalField("siteName", siteName)
        try output.optionalField("source", source)
        try output.field("text", text)
        try output.optionalField("title", title)
        try output.optionalField("url", url)
        output.endObject()
    }

    public init(json input: inout JSONInput) throws {
        var id: String?, text: String?, fields = PageFields()
        try input.readObject { input, key in
            switch key {
            case "id": try input.decode(&id)
            case "text": try input.decode(&text)
            default: try fields.read(key, &input)
            }
        }
        var metadata = ArticleMetadata(id: try input.required(id, "id"))
        fields.apply(to: &metadata)
        self.init(metadata: metadata, text: try input.required(text, "text"))
    }
}
