public import ArticleModel
public import JSONCoding

/// How an article came out of a batch.
public enum RecordStatus: String, Codable, Sendable, CaseIterable {
    /// Every analyzer answered.
    case complete
    /// Some analyzers failed or timed out; `problems` says which and why.
    case partial
    /// No analysis: the input could not be read, or the coordinator refused or lost the article.
    case error
}

/// One line of a batch's JSONL output.
///
/// `{"id", "source", "status", "problems"?, "error"?, "analysis"?}`; the analysis is the merged
/// article model exactly as the coordinator sent it (spliced in, never re-encoded).
public struct ResultRecord: Sendable {
    public var id: String?
    public var source: String
    public var status: RecordStatus
    public var problems: [Provenance]
    public var error: String?
    /// The analysis JSON, when there is one.
    public var analysis: [UInt8]?
    /// Parts of the analysis the results store indexes (decoded once from `analysis`).
    public var index: AnalysisIndex?
    /// The article text, which a results store keeps beside the record (never in the output line).
    public var text: String? = nil

    /// The record as one line of JSON, without the newline.
    public func line() -> [UInt8] {
        var out = JSONOutput(reservingCapacity: (analysis?.count ?? 0) + 256)
        out.beginObject()
        out.key("id")
        if let id { out.string(id) } else { out.null() }
        out.key("source")
        out.string(source)
        out.key("status")
        out.string(status.rawValue)
        if !problems.isEmpty {
            out.key("problems")
            // Provenance from the coordinator's answer has finite numbers only.
            if (try? out.value(problems)) == nil { out.raw("[]".utf8) }
        }
        if let error {
            out.key("error")
            out.string(error)
        }
        if let analysis {
            out.key("analysis")
            out.raw(analysis)
        }
        out.endObject()
        return out.bytes
    }
}

/// What a results store indexes about one analysis. Reading only these fields skips the work of
/// building every other value of the model.
public struct AnalysisIndex: JSONDecodable, Sendable {
    public struct ArticlePart: JSONDecodable, Sendable {
        public var id: String
        public var publishedAt: String?

        public init(json input: inout JSONInput) throws {
            var id: String?, publishedAt: String??
            try input.readObject { input, key in
                switch key {
                case "id": try input.decode(&id)
                case "publishedAt": try input.decode(&publishedAt)
                default: try input.skipValue()
                }
            }
            self.id = try input.required(id, "id")
            self.publishedAt = publishedAt ?? nil
        }
    }

    public struct EntityPart: JSONDecodable, Sendable {
        public var id: String
        public var type: EntityType
        public var name: String
        public var salience: Double

        public init(json input: inout JSONInput) throws {
            var id: String?, type: EntityType?, name: String?, salience: Double?
            try input.readObject { input, key in
                switch key {
                case "id": try input.decode(&id)
                case "type": try input.decode(&type)
                case "name": try input.decode(&name)
                case "salience": try input.decode(&salience)
                default: try input.skipValue()
                }
            }
            self.id = try input.required(id, "id")
            self.type = try input.required(type, "type")
            self.name = try input.required(name, "name")
            self.salience = try input.required(salience, "salience")
        }
    }

    public struct QuotePart: JSONDecodable, Sendable {
        public var text: String
        public var speaker: ActorRef?

        public init(json input: inout JSONInput) throws {
            var text: String?, speaker: ActorRef??
            try input.readObject { input, key in
                switch key {
                case "text": try input.decode(&text)
                case "speaker": try input.decode(&speaker)
                default: try input.skipValue()
                }
            }
            self.text = try input.required(text, "text")
            self.speaker = speaker ?? nil
        }
    }

    public struct TimexPart: JSONDecodable, Sendable {
        public var type: TimexType
        public var value: String

        public init(json input: inout JSONInput) throws {
            var type: TimexType?, value: String?
            try input.readObject { input, key in
                switch key {
                case "type": try input.decode(&type)
                case "value": try input.decode(&value)
                default: try input.skipValue()
                }
            }
            self.type = try input.required(type, "type")
            self.value = try input.required(value, "value")
        }
    }

    public var article: ArticlePart
    public var entities: [EntityPart]?
    public var quotes: [QuotePart]?
    public var timexes: [TimexPart]?
    public var provenance: [Provenance]

    public init(json input: inout JSONInput) throws {
        var article: ArticlePart?, entities: [EntityPart]??, quotes: [QuotePart]??, timexes: [TimexPart]??, provenance: [Provenance]?
        try input.readObject { input, key in
            switch key {
            case "article": try input.decode(&article)
            case "entities": try input.decode(&entities)
            case "quotes": try input.decode(&quotes)
            case "timexes": try input.decode(&timexes)
            case "provenance": try input.decode(&provenance)
            default: try input.skipValue()
            }
        }
        self.article = try input.required(article, "article")
        self.entities = entities ?? nil
        self.quotes = quotes ?? nil
        self.timexes = timexes ?? nil
        self.provenance = try input.required(provenance, "provenance")
    }
}
