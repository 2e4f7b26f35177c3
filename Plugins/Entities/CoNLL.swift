/// CoNLL-2003 files: one token per line with its columns (token first, the gold tag last when
/// present), blank lines between sentences and `-DOCSTART-` lines between documents.
public struct CoNLLFile: Sendable {
    /// Every line of the input, without its line break, in order.
    public var lines: [String]
    public var documents: [Document]
    /// Whether token lines end in IOB tags (a gold column).
    public var hasGold: Bool

    /// One document: its sentences, each the indices of its token lines.
    public struct Document: Sendable, Hashable {
        public var sentences: [[Int]]
    }

    /// Parses CoNLL text. Lines whose first column is `-DOCSTART-` start a new document (and are
    /// not tokens); blank lines end sentences. Never fails: any line with text is a token.
    public init(_ text: String) {
        var lines: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lines.append(line.hasSuffix("\r") ? String(line.dropLast()) : String(line))
        }
        if lines.last == "" { lines.removeLast() }
        self.lines = lines
        var documents: [Document] = []
        var sentences: [[Int]] = []
        var sentence: [Int] = []
        var tagged = 0
        var tokens = 0
        func endSentence() {
            if !sentence.isEmpty { sentences.append(sentence) }
            sentence = []
        }
        func endDocument() {
            endSentence()
            if !sentences.isEmpty { documents.append(Document(sentences: sentences)) }
            sentences = []
        }
        for (index, line) in lines.enumerated() {
            let columns = Self.columns(line)
            guard let first = columns.first else {
                endSentence()
                continue
            }
            if first == "-DOCSTART-" {
                endDocument()
                continue
            }
            sentence.append(index)
            tokens += 1
            if columns.count >= 2, IOB.isTag(String(columns.last!)) { tagged += 1 }
        }
        endDocument()
        self.documents = documents
        hasGold = tokens > 0 && tagged == tokens
    }

    static func columns(_ line: String) -> [Substring] {
        line.split(whereSeparator: { $0 == " " || $0 == "\t" })
    }

    /// The token (first column) of a token line.
    public func token(_ line: Int) -> String {
        Self.columns(lines[line]).first.map(String.init) ?? ""
    }

    /// The gold tag (last column) of a token line, when the file has gold tags.
    public func goldTag(_ line: Int) -> String? {
        guard hasGold else { return nil }
        return Self.columns(lines[line]).last.map(String.init)
    }

    /// A document's tokens, sentence by sentence.
    public func tokens(of document: Document) -> [[String]] {
        document.sentences.map { $0.map(token) }
    }

    /// The input with `tags[line]` appended as a last column to every non-blank line (`O` for lines
    /// without a prediction, such as `-DOCSTART-`), separated as the line's own columns are.
    public func written(tags: [Int: String]) -> String {
        var out = ""
        out.reserveCapacity(lines.reduce(0) { $0 + $1.utf8.count + 8 })
        for (index, line) in lines.enumerated() {
            if Self.columns(line).isEmpty {
                out += line
            } else {
                let separator = line.contains("\t") ? "\t" : " "
                var trimmed = Substring(line)
                while let last = trimmed.last, last == " " || last == "\t" { trimmed = trimmed.dropLast() }
                out += trimmed
                out += separator
                out += tags[index] ?? "O"
            }
            out += "\n"
        }
        return out
    }
}

/// Span-exact precision, recall and F1 as conlleval computes them: a predicted name counts only
/// when its tokens and class match a gold name exactly.
public struct SpanScore: Sendable, Hashable {
    public var correct = 0
    public var predicted = 0
    public var gold = 0

    public init(correct: Int = 0, predicted: Int = 0, gold: Int = 0) {
        self.correct = correct
        self.predicted = predicted
        self.gold = gold
    }

    public var precision: Double { predicted == 0 ? 0 : Double(correct) / Double(predicted) }
    public var recall: Double { gold == 0 ? 0 : Double(correct) / Double(gold) }
    public var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }
}

/// Scores per class and overall (micro-averaged over all names).
public struct NERScore: Sendable, Hashable {
    public var byClass: [NERClass: SpanScore] = [:]
    public var overall = SpanScore()

    public init() {}

    /// Adds one sentence's gold and predicted names.
    public mutating func add(gold: [TokenSpan], predicted: [TokenSpan]) {
        let goldSet = Set(gold)
        for span in predicted {
            byClass[span.type, default: SpanScore()].predicted += 1
            overall.predicted += 1
            if goldSet.contains(span) {
                byClass[span.type, default: SpanScore()].correct += 1
                overall.correct += 1
            }
        }
        for span in gold {
            byClass[span.type, default: SpanScore()].gold += 1
            overall.gold += 1
        }
    }

    /// A fixed-width table: one row per class, then the overall row; percentages with two decimals.
    public var table: String {
        func percent(_ value: Double) -> String {
            let hundredths = Int((value * 10000).rounded())
            let text = "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)"
            return String(repeating: " ", count: max(0, 8 - text.count)) + text
        }
        func count(_ value: Int) -> String {
            let text = String(value)
            return String(repeating: " ", count: max(0, 8 - text.count)) + text
        }
        func row(_ name: String, _ score: SpanScore) -> String {
            name + String(repeating: " ", count: max(0, 8 - name.count))
                + percent(score.precision) + percent(score.recall) + percent(score.f1)
                + count(score.gold) + count(score.predicted) + count(score.correct)
        }
        var lines = ["type    " + ["P", "R", "F1", "gold", "pred", "correct"].map { String(repeating: " ", count: 8 - $0.count) + $0 }.joined()]
        for type in NERClass.allCases { lines.append(row(type.conllName, byClass[type] ?? SpanScore())) }
        lines.append(row("overall", overall))
        return lines.joined(separator: "\n") + "\n"
    }
}
