public import ArticleModel
import JSONCoding

/// One analysis read from a file, or why a part of the file gave none.
public struct AnalysisItem: Sendable {
    /// `path`, or `path:line` for JSONL.
    public var source: String
    public var analysis: ArticleAnalysis?
    /// Why there is no analysis.
    public var error: String?
    /// Why the analysis has no text, when it has none.
    public var missingText: MissingText?

    public init(source: String, analysis: ArticleAnalysis?, error: String?, missingText: MissingText?) {
        self.source = source
        self.analysis = analysis
        self.error = error
        self.missingText = missingText
    }
}

/// Reads analyses as `byline analyze` writes them (one JSON object, a JSON array, JSONL, with or
/// without `--with-text`) and batch records as `byline batch` writes them (`{"id", "source",
/// "status", "analysis"?, …}` per line), and tells such files from article files.
public enum AnalysisFiles {
    static let analyzeHint = "It was written without --with-text; write it with `byline analyze --with-text`, or give `byline report` the articles themselves."
    static let batchHint = "Batch output files keep no text; report from the results store (`byline report --db results.sqlite`), which keeps it, or give `byline report` the articles themselves."

    /// The keys of a JSON object, nothing else.
    struct KeyProbe: JSONDecodable {
        var keys: Set<String> = []

        init(json input: inout JSONInput) throws {
            var keys: Set<String> = []
            try input.readObject { input, key in
                keys.insert(key)
                try input.skipValue()
            }
            self.keys = keys
        }
    }

    /// A batch record's analysis, or its error.
    struct Record: JSONDecodable {
        var status: String?
        var error: String?
        var analysis: ArticleAnalysis?

        init(json input: inout JSONInput) throws {
            var status: String??, error: String??, analysis: ArticleAnalysis??
            try input.readObject { input, key in
                switch key {
                case "status": try input.decode(&status)
                case "error": try input.decode(&error)
                case "analysis": try input.decode(&analysis)
                default: try input.skipValue()
                }
            }
            self.status = status ?? nil
            self.error = error ?? nil
            self.analysis = analysis ?? nil
        }
    }

    enum ValueKind {
        case analysis, record, other
    }

    static func kind(of keys: Set<String>) -> ValueKind {
        if keys.contains("schema") && keys.contains("article") { return .analysis }
        if keys.contains("status") && keys.contains("source") { return .record }
        return .other
    }

    /// Whether `bytes` hold analyses or batch records (judged by the first JSON value) rather than articles.
    public static func holdsAnalyses(_ bytes: [UInt8]) -> Bool {
        guard let first = bytes.firstIndex(where: { !Self.isSpace($0) }) else { return false }
        if bytes[first] == UInt8(ascii: "[") {
            // An array of analyses (`byline analyze --format json` of several articles).
            guard let next = bytes[(first + 1)...].firstIndex(where: { !Self.isSpace($0) }) else { return false }
            return bytes[next] == UInt8(ascii: "{") || bytes[next] == UInt8(ascii: "]")
        }
        guard bytes[first] == UInt8(ascii: "{") else { return false }
        if let probe = try? JSONInput.decode(KeyProbe.self, from: bytes) { return kind(of: probe.keys) != .other }
        let line = bytes[first...].prefix { $0 != 0x0A }
        guard let probe = try? JSONInput.decode(KeyProbe.self, from: Array(line)) else { return false }
        return kind(of: probe.keys) != .other
    }

    /// Every analysis in `bytes`, read from the file `name`, in order; a part that does not read
    /// gives an item with an error and the rest are still read.
    public static func read(_ bytes: [UInt8], name: String, _ body: (AnalysisItem) throws -> Void) rethrows {
        guard let first = bytes.firstIndex(where: { !Self.isSpace($0) }) else {
            try body(AnalysisItem(source: name, error: "the file is empty"))
            return
        }
        if bytes[first] == UInt8(ascii: "[") {
            let analyses: [ArticleAnalysis]
            do {
                analyses = try JSONInput.decode([ArticleAnalysis].self, from: bytes)
            } catch {
                try body(AnalysisItem(source: name, error: "not a JSON array of analyses: \(error)"))
                return
            }
            for (index, analysis) in analyses.enumerated() {
                try body(item(analysis, source: "\(name)[\(index)]", hint: analyzeHint))
            }
            return
        }
        // One object (pretty-printed or not), else JSON lines.
        if let whole = try? JSONInput.decode(KeyProbe.self, from: bytes) {
            try body(value(bytes, keys: whole.keys, source: name))
            return
        }
        var number = 0
        var start = 0
        while start <= bytes.count {
            let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
            number += 1
            var line = Array(bytes[start..<end])
            if line.last == 0x0D { line.removeLast() }
            start = end + 1
            guard line.contains(where: { !Self.isSpace($0) }) else { continue }
            try body(read(line: line, source: "\(name):\(number)"))
        }
    }

    /// The analysis in one JSON value (a line of JSONL, a row of a results store).
    public static func read(line: [UInt8], source: String) -> AnalysisItem {
        do {
            let probe = try JSONInput.decode(KeyProbe.self, from: line)
            return value(line, keys: probe.keys, source: source)
        } catch {
            return AnalysisItem(source: source, error: "not JSON: \(error)")
        }
    }

    /// One JSON object with the given keys: an analysis or a batch record.
    static func value(_ bytes: [UInt8], keys: Set<String>, source: String) -> AnalysisItem {
        do {
            switch kind(of: keys) {
            case .analysis:
                return item(try JSONInput.decode(ArticleAnalysis.self, from: bytes), source: source, hint: analyzeHint)
            case .record:
                let record = try JSONInput.decode(Record.self, from: bytes)
                guard let analysis = record.analysis else {
                    return AnalysisItem(source: source, error: "the batch recorded no analysis (\(record.status ?? "no status")): \(record.error ?? "no reason given")")
                }
                return item(analysis, source: source, hint: batchHint)
            case .other:
                return AnalysisItem(source: source, error: "neither an analysis (no \"schema\" and \"article\") nor a batch record (no \"status\" and \"source\")")
            }
        } catch {
            return AnalysisItem(source: source, error: "not a valid analysis: \(error)")
        }
    }

    static func item(_ analysis: ArticleAnalysis, source: String, hint: String) -> AnalysisItem {
        AnalysisItem(source: source, analysis: analysis, error: nil, missingText: analysis.text == nil ? .notStored(hint: hint) : nil)
    }

    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }
}

extension AnalysisItem {
    init(source: String, error: String) {
        self.init(source: source, analysis: nil, error: error, missingText: nil)
    }

    init(source: String, analysis: ArticleAnalysis, missingText: MissingText?) {
        self.init(source: source, analysis: analysis, error: nil, missingText: missingText)
    }
}
