/// Reads JSON (RFC 8259, UTF-8) one value at a time, for types that decode themselves without
/// Codable's containers. The rules are those of the wire's Codable decoder and of Foundation:
/// invalid UTF-8, leading zeros, control characters in strings and trailing content are errors; a
/// number with a fraction or exponent reads as an integer when it is one exactly; nesting deeper
/// than ``maximumDepth`` is refused. Of duplicate keys the first wins (``JSONInput/decode(_:)``).
///
/// A `JSONInput` reads from memory that lives only as long as ``decode(_:from:)`` runs; it is
/// handed to `init(json:)` as `inout` and must not be kept.
public struct JSONInput {
    public static let maximumDepth = 512

    @usableFromInline let bytes: UnsafeBufferPointer<UInt8>
    @usableFromInline var position = 0
    @usableFromInline var depth = 0

    @usableFromInline
    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Runs `body` with an input reading `buffer`, which must stay valid until it returns (for
    /// readers that build something other than a ``JSONDecodable`` value, such as a tree).
    public static func reading<R>(_ buffer: UnsafeBufferPointer<UInt8>, _ body: (inout JSONInput) throws -> R) rethrows -> R {
        var input = JSONInput(buffer)
        return try body(&input)
    }

    /// Decodes one `T` from all of `bytes`.
    public static func decode<T: JSONDecodable>(_ type: T.Type, from bytes: [UInt8]) throws(JSONDecodingError) -> T {
        do {
            return try bytes.withUnsafeBufferPointer { buffer in
                var input = JSONInput(buffer)
                return try input.document { (input: inout JSONInput) in try T(json: &input) }
            }
        } catch let error as JSONDecodingError {
            throw error
        } catch {
            throw JSONDecodingError(message: "\(error)", path: [])
        }
    }

    /// Runs `read` over the whole document, then checks that nothing but whitespace follows.
    public mutating func document<T>(_ read: (inout JSONInput) throws -> T) throws -> T {
        skipWhitespace()
        let value = try read(&self)
        skipWhitespace()
        guard position == bytes.count else { throw error("unexpected content after the JSON value at byte \(position)") }
        return value
    }

    // MARK: Looking ahead

    /// What the next value is, without reading it.
    public enum Kind { case object, array, string, number, bool, null }

    public mutating func peek() throws(JSONDecodingError) -> Kind {
        skipWhitespace()
        guard position < bytes.count else { throw error("unexpected end of input") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return .object
        case UInt8(ascii: "["): return .array
        case UInt8(ascii: "\""): return .string
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool
        case UInt8(ascii: "n"): return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number
        default: throw error("unexpected character at byte \(position)")
        }
    }

    /// Reads a `null` if one comes next.
    public mutating func readNullIfPresent() throws(JSONDecodingError) -> Bool {
        guard try peek() == .null else { return false }
        try literal("null")
        return true
    }

    // MARK: Containers

    /// Reads an object, calling `member` with each key; `member` must read or skip that key's value.
    /// Errors thrown inside carry the key in their path.
    @inlinable
    public mutating func readObject(_ member: (inout JSONInput, String) throws -> Void) throws {
        try open(UInt8(ascii: "{"), "an object")
        defer { depth -= 1 }
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
            position += 1
            return
        }
        while true {
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw error("expected a key at byte \(position)") }
            let key = try readString()
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { throw error("expected ':' at byte \(position)") }
            position += 1
            do {
                try member(&self, key)
            } catch var failure as JSONDecodingError {
                failure.path.insert(.key(key), at: 0)
                throw failure
            }
            skipWhitespace()
            guard position < bytes.count else { throw error("unexpected end of input in an object") }
            if bytes[position] == UInt8(ascii: ",") {
                position += 1
                continue
            }
            guard bytes[position] == UInt8(ascii: "}") else { throw error("expected ',' or '}' at byte \(position)") }
            position += 1
            return
        }
    }

    /// Reads an array, calling `element` for each element, which it must read or skip.
    @inlinable
    public mutating func readArray(_ element: (inout JSONInput) throws -> Void) throws {
        try open(UInt8(ascii: "["), "an array")
        defer { depth -= 1 }
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
            position += 1
            return
        }
        var index = 0
        while true {
            do {
                try element(&self)
            } catch var failure as JSONDecodingError {
                failure.path.insert(.index(index), at: 0)
                throw failure
            }
            index += 1
            skipWhitespace()
            guard position < bytes.count else { throw error("unexpected end of input in an array") }
            if bytes[position] == UInt8(ascii: ",") {
                position += 1
                continue
            }
            guard bytes[position] == UInt8(ascii: "]") else { throw error("expected ',' or ']' at byte \(position)") }
            position += 1
            return
        }
    }

    @usableFromInline
    mutating func open(_ bracket: UInt8, _ kind: String) throws(JSONDecodingError) {
        skipWhitespace()
        guard position < bytes.count, bytes[position] == bracket else { throw mismatch(kind) }
        depth += 1
        guard depth <= Self.maximumDepth else { throw error("nested deeper than \(Self.maximumDepth) levels") }
        position += 1
    }

    /// Reads a required value into `slot` unless an earlier duplicate key already filled it.
    @inlinable
    public mutating func decode<T: JSONDecodable>(_ slot: inout T?) throws {
        if slot == nil { slot = try T(json: &self) } else { try skipValue() }
    }

    /// Reads an optional value (`null` is `nil`) into `slot` unless an earlier duplicate key already
    /// filled it; the outer optional records whether the key was seen.
    @inlinable
    public mutating func decode<T: JSONDecodable>(_ slot: inout T??) throws {
        guard slot == nil else { return try skipValue() }
        slot = .some(try readNullIfPresent() ? nil : T(json: &self))
    }

    /// The value of a required key, or an error naming it.
    @inlinable
    public func required<T>(_ value: T?, _ key: String) throws(JSONDecodingError) -> T {
        guard let value else { throw JSONDecodingError(message: "missing key '\(key)'", path: []) }
        return value
    }

    /// Skips one value of any kind, checking that it is well-formed.
    public mutating func skipValue() throws {
        switch try peek() {
        case .object: try readObject { input, _ in try input.skipValue() }
        case .array: try readArray { input in try input.skipValue() }
        case .string: try skipString()
        case .number: _ = try scanNumber()
        case .bool: _ = try readBool()
        case .null: try literal("null")
        }
    }

    // MARK: Scalars

    public mutating func readBool() throws(JSONDecodingError) -> Bool {
        skipWhitespace()
        guard position < bytes.count else { throw error("unexpected end of input") }
        if bytes[position] == UInt8(ascii: "t") {
            try literal("true")
            return true
        }
        guard bytes[position] == UInt8(ascii: "f") else { throw mismatch("a boolean") }
        try literal("false")
        return false
    }

    public mutating func readString() throws(JSONDecodingError) -> String {
        let string = try scanString()
        let content = UnsafeBufferPointer(rebasing: bytes[string.start..<string.end])
        if string.escaped { return try unescape(string.start, string.end) }
        // ASCII cannot be invalid UTF-8, and its fast path costs a fraction of validation's.
        if string.ascii { return String(decoding: content, as: UTF8.self) }
        guard let value = String(validating: content, as: UTF8.self) else {
            throw error("invalid UTF-8 in a string at byte \(string.start)")
        }
        return value
    }

    /// Checks a string as ``readString()`` does without building it (skipped values are most of what
    /// a reader of a few fields sees).
    mutating func skipString() throws(JSONDecodingError) {
        let string = try scanString()
        if string.escaped {
            _ = try unescape(string.start, string.end)
        } else if !string.ascii {
            var iterator = UnsafeBufferPointer(rebasing: bytes[string.start..<string.end]).makeIterator()
            var parser = Unicode.UTF8.ForwardParser()
            while true {
                switch parser.parseScalar(from: &iterator) {
                case .valid: continue
                case .emptyInput: return
                case .error: throw error("invalid UTF-8 in a string at byte \(string.start)")
                }
            }
        }
    }

    /// Moves past the string that comes next: where its content is, whether it holds escapes, whether
    /// it is all ASCII. Control characters and a missing closing quote are errors.
    private mutating func scanString() throws(JSONDecodingError) -> (start: Int, end: Int, escaped: Bool, ascii: Bool) {
        skipWhitespace()
        guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw mismatch("a string") }
        position += 1
        let start = position
        var escaped = false
        var high: UInt8 = 0
        while position < bytes.count {
            let byte = bytes[position]
            high |= byte
            if byte == UInt8(ascii: "\"") { break }
            if byte < 0x20 { throw error("unescaped control character in a string at byte \(position)") }
            if byte == UInt8(ascii: "\\") {
                escaped = true
                position += 2
            } else {
                position += 1
            }
        }
        guard position < bytes.count else { throw error("unterminated string starting at byte \(start - 1)") }
        position += 1
        return (start, position - 1, escaped, high < 0x80)
    }

    /// An integer; a number with a fraction or exponent only when it is exactly one.
    public mutating func readInt() throws(JSONDecodingError) -> Int {
        let (start, end) = try scanNumber()
        var index = start
        let negative = bytes[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        var value = 0
        while index < end {
            let byte = bytes[index]
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else {
                // A fraction or exponent: through Double, if it is an integer exactly.
                guard let exact = Int(exactly: try double(start, end)) else {
                    throw error("number \(text(start, end)) is not representable as Int")
                }
                return exact
            }
            let digit = Int(byte - UInt8(ascii: "0"))
            let (times, overflowA) = value.multipliedReportingOverflow(by: 10)
            let (next, overflowB) = negative ? times.subtractingReportingOverflow(digit) : times.addingReportingOverflow(digit)
            guard !overflowA, !overflowB else { throw error("number \(text(start, end)) does not fit in Int") }
            value = next
            index += 1
        }
        return value
    }

    public mutating func readDouble() throws(JSONDecodingError) -> Double {
        let (start, end) = try scanNumber()
        return try double(start, end)
    }

    /// The bytes of the number that comes next, checked against JSON's grammar.
    public mutating func scanNumber() throws(JSONDecodingError) -> (start: Int, end: Int) {
        skipWhitespace()
        let start = position
        guard position < bytes.count else { throw error("unexpected end of input") }
        if bytes[position] == UInt8(ascii: "-") { position += 1 }
        let integerStart = position
        let integerDigits = digits()
        guard integerDigits > 0 else {
            if start == position { throw mismatch("a number") }
            throw error("invalid number at byte \(start)")
        }
        guard integerDigits == 1 || bytes[integerStart] != UInt8(ascii: "0") else { throw error("leading zero in a number at byte \(start)") }
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            guard digits() > 0 else { throw error("invalid number at byte \(start)") }
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") { position += 1 }
            guard digits() > 0 else { throw error("invalid number at byte \(start)") }
        }
        return (start, position)
    }

    private mutating func digits() -> Int {
        let from = position
        while position < bytes.count, bytes[position] >= UInt8(ascii: "0"), bytes[position] <= UInt8(ascii: "9") { position += 1 }
        return position - from
    }

    /// The number in `bytes[start..<end]` (already checked by ``scanNumber()``) as a finite Double.
    public func double(_ start: Int, _ end: Int) throws(JSONDecodingError) -> Double {
        guard let value = Double(text(start, end)), value.isFinite else { throw error("number \(text(start, end)) does not fit in Double") }
        return value
    }

    public func text(_ start: Int, _ end: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }

    @usableFromInline
    mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    public mutating func literal(_ word: StaticString) throws(JSONDecodingError) {
        skipWhitespace()
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count else { throw error("unexpected end of input") }
        let matches = word.withUTF8Buffer { expected in
            (0..<count).allSatisfy { bytes[position + $0] == expected[$0] }
        }
        guard matches else { throw error("invalid literal at byte \(position)") }
        position += count
    }

    // MARK: Errors

    /// An error at the current place.
    public func error(_ message: String) -> JSONDecodingError {
        JSONDecodingError(message: message, path: [])
    }

    /// "expected a string, found a number", naming null as a missing value.
    public func mismatch(_ expected: String) -> JSONDecodingError {
        var probe = self
        let found: String
        switch try? probe.peek() {
        case .object: found = "an object"
        case .array: found = "an array"
        case .string: found = "a string"
        case .number: found = "a number"
        case .bool: found = "a boolean"
        case .null: found = "null"
        case nil: found = position < bytes.count ? "invalid JSON at byte \(position)" : "the end of input"
        }
        return error("expected \(expected), found \(found)")
    }

    private func unescape(_ start: Int, _ end: Int) throws(JSONDecodingError) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(end - start)
        var index = start
        func hex4(_ at: Int) throws(JSONDecodingError) -> UInt32 {
            guard at + 4 <= end else { throw error("truncated \\u escape at byte \(at)") }
            var value: UInt32 = 0
            for byte in bytes[at..<(at + 4)] {
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
                default: throw error("invalid \\u escape at byte \(at)")
                }
                value = value << 4 | UInt32(digit)
            }
            return value
        }
        while index < end {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "\\") else {
                out.append(byte)
                index += 1
                continue
            }
            guard index + 1 < end else { throw error("truncated escape at byte \(index)") }
            let code = bytes[index + 1]
            index += 2
            switch code {
            case UInt8(ascii: "\""): out.append(UInt8(ascii: "\""))
            case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\"))
            case UInt8(ascii: "/"): out.append(UInt8(ascii: "/"))
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4(index)
                index += 4
                if (0xD800..<0xDC00).contains(scalar) {
                    guard index + 6 <= end, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                        throw error("unpaired surrogate in a \\u escape at byte \(index)")
                    }
                    let low = try hex4(index + 2)
                    guard (0xDC00..<0xE000).contains(low) else { throw error("unpaired surrogate in a \\u escape at byte \(index)") }
                    index += 6
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let unicode = Unicode.Scalar(scalar) else { throw error("invalid \\u escape at byte \(index)") }
                out.append(contentsOf: UTF8.encode(unicode)!)
            default:
                throw error("invalid escape at byte \(index - 2)")
            }
        }
        guard let string = String(validating: out, as: UTF8.self) else { throw error("invalid UTF-8 in a string at byte \(start)") }
        return string
    }
}

/// Why a document could not be read, and where: `entities[3].span`.
public struct JSONDecodingError: Error, CustomStringConvertible, Sendable {
    public enum Step: Sendable, Equatable {
        case key(String)
        case index(Int)
    }

    public var message: String
    public var path: [Step]

    public init(message: String, path: [Step]) {
        self.message = message
        self.path = path
    }

    /// `entities[3].span`, or empty at top level.
    public var location: String {
        var text = ""
        for step in path {
            switch step {
            case .key(let key): text += text.isEmpty ? key : "." + key
            case .index(let index): text += "[\(index)]"
            }
        }
        return text
    }

    public var description: String {
        path.isEmpty ? "at top level: \(message)" : "at \(location): \(message)"
    }
}
