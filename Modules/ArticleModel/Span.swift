/// A half-open range `[start, end)` of Unicode scalar offsets into an article's text.
///
/// Offsets count Unicode scalars (what Python's `str` indexes), not bytes, UTF-16 units or
/// grapheme clusters. In JSON a span is the two-element array `[start, end]`.
public struct Span: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var start: Int
    public var end: Int

    public init(_ start: Int, _ end: Int) {
        self.start = start
        self.end = end
    }

    public init(start: Int, end: Int) {
        self.init(start, end)
    }

    /// Number of scalars covered.
    public var length: Int { end - start }
    public var isEmpty: Bool { end <= start }

    /// Whether the span is well formed and lies inside a text of `textLength` scalars.
    public func isValid(inTextOfLength textLength: Int) -> Bool {
        start >= 0 && start <= end && end <= textLength
    }

    /// Whether the two spans share at least one scalar (empty spans overlap nothing).
    public func overlaps(_ other: Span) -> Bool {
        start < other.end && other.start < end && !isEmpty && !other.isEmpty
    }

    /// Whether `other` lies entirely inside this span.
    public func contains(_ other: Span) -> Bool {
        start <= other.start && other.end <= end
    }

    /// Scalars shared with `other`.
    public func overlapLength(with other: Span) -> Int {
        max(0, min(end, other.end) - max(start, other.start))
    }

    public static func < (lhs: Span, rhs: Span) -> Bool {
        (lhs.start, lhs.end) < (rhs.start, rhs.end)
    }

    public var description: String { "[\(start), \(end))" }
}

extension Span: Codable {
    public init(from decoder: any Decoder) throws {
        var container = try decoder.unkeyedContainer()
        let start = try container.decode(Int.self)
        let end = try container.decode(Int.self)
        guard container.isAtEnd else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "a span is [start, end]")
        }
        guard start >= 0, start <= end else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "span [\(start), \(end)] must satisfy 0 <= start <= end")
        }
        self.init(start, end)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.unkeyedContainer()
        try container.encode(start)
        try container.encode(end)
    }
}
