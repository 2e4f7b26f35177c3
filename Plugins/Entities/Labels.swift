/// The four CoNLL-2003 classes the recogniser predicts.
public enum NERClass: Int, CaseIterable, Sendable, Hashable, Comparable {
    case person = 0, organization, location, misc

    /// The CoNLL tag suffix: `PER`, `ORG`, `LOC`, `MISC`.
    public var conllName: String {
        switch self {
        case .person: "PER"
        case .organization: "ORG"
        case .location: "LOC"
        case .misc: "MISC"
        }
    }

    public init?(conllName: String) {
        switch conllName {
        case "PER", "PERSON": self = .person
        case "ORG", "ORGANIZATION": self = .organization
        case "LOC", "LOCATION": self = .location
        case "MISC": self = .misc
        default: return nil
        }
    }

    public static func < (lhs: NERClass, rhs: NERClass) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A run of tokens of one class: `tokens` indexes a sentence's tokens.
public struct TokenSpan: Hashable, Sendable, Comparable {
    public var tokens: Range<Int>
    public var type: NERClass

    public init(tokens: Range<Int>, type: NERClass) {
        self.tokens = tokens
        self.type = type
    }

    public static func < (lhs: TokenSpan, rhs: TokenSpan) -> Bool {
        (lhs.tokens.lowerBound, lhs.tokens.upperBound, lhs.type.rawValue)
            < (rhs.tokens.lowerBound, rhs.tokens.upperBound, rhs.type.rawValue)
    }
}

/// BILOU labels (Begin, Inside, Last, Unit-length, Outside) packed in a byte: 0 is `O`, and
/// `1 + 4 * class + position` the others, position 0 B, 1 I, 2 L, 3 U.
///
/// Ratinov and Roth (2009) found BILOU better than BIO for this task: the model learns where names
/// end, not only where they start.
public enum BILOU {
    public static let count = 17
    public static let outside: UInt8 = 0

    public enum Position: Int, Sendable { case begin = 0, inside, last, unit }

    @inlinable public static func label(_ type: NERClass, _ position: Position) -> UInt8 {
        UInt8(1 + 4 * type.rawValue + position.rawValue)
    }

    @inlinable public static func type(of label: UInt8) -> NERClass? {
        label == 0 ? nil : NERClass(rawValue: (Int(label) - 1) / 4)
    }

    @inlinable public static func position(of label: UInt8) -> Position? {
        label == 0 ? nil : Position(rawValue: (Int(label) - 1) % 4)
    }

    /// Whether `next` may follow `previous` (`nil` for the sentence start).
    public static func allowed(_ previous: UInt8?, _ next: UInt8) -> Bool {
        let open = previous.flatMap { position(of: $0) }.map { $0 == .begin || $0 == .inside } ?? false
        if open {
            // Inside a name: continue or close it, same class.
            guard let position = position(of: next), position == .inside || position == .last else { return false }
            return type(of: next) == type(of: previous!)
        }
        guard let position = position(of: next) else { return true }
        return position == .begin || position == .unit
    }

    /// Whether a sentence may end after `label`.
    public static func mayEnd(_ label: UInt8) -> Bool {
        guard let position = position(of: label) else { return true }
        return position == .last || position == .unit
    }

    /// The labels of a sentence of `count` tokens with the given (non-overlapping) spans.
    public static func labels(count: Int, spans: [TokenSpan]) -> [UInt8] {
        var labels = [UInt8](repeating: 0, count: count)
        for span in spans where !span.tokens.isEmpty && span.tokens.upperBound <= count {
            if span.tokens.count == 1 {
                labels[span.tokens.lowerBound] = label(span.type, .unit)
                continue
            }
            for index in span.tokens { labels[index] = label(span.type, .inside) }
            labels[span.tokens.lowerBound] = label(span.type, .begin)
            labels[span.tokens.upperBound - 1] = label(span.type, .last)
        }
        return labels
    }

    /// The spans a label sequence encodes. Ill-formed sequences are read leniently: a name runs
    /// from any B, I or L of a class until the class changes, an L or U closes it, or an O follows.
    public static func spans(_ labels: [UInt8]) -> [TokenSpan] {
        var spans: [TokenSpan] = []
        var start: Int?
        var current: NERClass?
        func close(_ end: Int) {
            if let start, let current { spans.append(TokenSpan(tokens: start..<end, type: current)) }
            start = nil
            current = nil
        }
        for (index, label) in labels.enumerated() {
            guard let type = type(of: label), let position = position(of: label) else {
                close(index)
                continue
            }
            if position == .begin || position == .unit || type != current { close(index) }
            if start == nil {
                start = index
                current = type
            }
            if position == .last || position == .unit { close(index + 1) }
        }
        close(labels.count)
        return spans
    }
}

/// IOB tags as CoNLL files write them (`B-PER`, `I-ORG`, `O`).
public enum IOB {
    /// The spans of a tag sequence with conlleval's chunk rules, which accept both IOB1 (a name
    /// starts with `I-` unless it follows one of the same class) and IOB2. Unknown classes are skipped.
    public static func spans(_ tags: [String]) -> [TokenSpan] {
        var spans: [TokenSpan] = []
        var start: Int?
        var current: String?
        func close(_ end: Int) {
            if let start, let current, let type = NERClass(conllName: current) {
                spans.append(TokenSpan(tokens: start..<end, type: type))
            }
            start = nil
            current = nil
        }
        for (index, tag) in tags.enumerated() {
            let (prefix, type) = split(tag)
            switch prefix {
            case "B", "S", "U":
                close(index)
                start = index
                current = type
            case "I", "E", "L":
                if current != type {
                    close(index)
                    start = index
                    current = type
                }
            default:
                close(index)
            }
            if prefix == "E" || prefix == "L" || prefix == "S" || prefix == "U" { close(index + 1) }
        }
        close(tags.count)
        return spans
    }

    /// IOB2 tags for spans over `count` tokens.
    public static func tags(count: Int, spans: [TokenSpan]) -> [String] {
        var tags = [String](repeating: "O", count: count)
        for span in spans where span.tokens.upperBound <= count {
            for index in span.tokens {
                tags[index] = (index == span.tokens.lowerBound ? "B-" : "I-") + span.type.conllName
            }
        }
        return tags
    }

    /// Whether `tag` looks like an IOB tag (`O`, `B-X`, `I-X`, and the E/S/L/U variants).
    public static func isTag(_ tag: String) -> Bool {
        if tag == "O" { return true }
        let (prefix, type) = split(tag)
        return ["B", "I", "E", "S", "L", "U"].contains(prefix) && !type.isEmpty
    }

    static func split(_ tag: String) -> (String, String) {
        guard let dash = tag.firstIndex(of: "-") else { return (tag, "") }
        return (String(tag[..<dash]), String(tag[tag.index(after: dash)...]))
    }
}
