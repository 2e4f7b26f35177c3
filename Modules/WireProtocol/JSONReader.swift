/// A Codable decoder for the wire's JSON (RFC 8259, UTF-8). It parses the bytes once into a compact
/// tree and decodes from it, with the conventions of Foundation's `JSONDecoder`: invalid UTF-8,
/// leading zeros, control characters in strings and trailing garbage are errors; a number with a
/// zero fraction or an exponent decodes as an integer when it is one exactly; of duplicate keys the
/// first wins. Nesting deeper than ``maximumDepth`` is refused, so hostile input cannot exhaust the
/// stack. Errors are `DecodingError`s with the coding path of the offending value.
struct JSONReader {
    static let maximumDepth = 512

    static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        var parser = JSONParser(bytes: bytes)
        let root = try parser.parseDocument()
        let decoder = ReadingDecoder(node: root, bytes: bytes, parent: .root, step: nil)
        return try decoder.decodeValue(T.self)
    }
}

/// A parsed JSON value. Numbers keep their place in the input and are converted when decoded.
enum JSONNode {
    case null
    case bool(Bool)
    case number(start: Int, end: Int)
    case string(String)
    case array([JSONNode])
    case object(JSONObject)

    var kind: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

/// An object's members in input order, with a key index built on first lookup when there are many.
final class JSONObject {
    let members: [(key: String, value: JSONNode)]
    private var index: [String: Int]?

    init(_ members: [(key: String, value: JSONNode)]) {
        self.members = members
    }

    func value(for key: String) -> JSONNode? {
        if members.count <= 12 {
            for member in members where member.key == key { return member.value }
            return nil
        }
        if index == nil {
            var built: [String: Int] = [:]
            built.reserveCapacity(members.count)
            for (position, member) in members.enumerated() where built[member.key] == nil { built[member.key] = position }
            index = built
        }
        return index![key].map { members[$0].value }
    }
}

struct JSONParser {
    let bytes: [UInt8]
    var position = 0
    var depth = 0

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    mutating func parseDocument() throws -> JSONNode {
        skipWhitespace()
        let value = try parseValue()
        skipWhitespace()
        guard position == bytes.count else { throw corrupted("unexpected content after the JSON value at byte \(position)") }
        return value
    }

    private func corrupted(_ message: String) -> DecodingError {
        DecodingError.dataCorrupted(DecodingError.Context(codingPath: [], debugDescription: "The given data was not valid JSON: \(message)"))
    }

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    private mutating func parseValue() throws -> JSONNode {
        guard position < bytes.count else { throw corrupted("unexpected end of input") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw corrupted("unexpected character at byte \(position)")
        }
    }

    private mutating func literal(_ word: StaticString) throws {
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count else { throw corrupted("unexpected end of input") }
        let matches = word.withUTF8Buffer { expected in
            (0..<count).allSatisfy { bytes[position + $0] == expected[$0] }
        }
        guard matches else { throw corrupted("invalid literal at byte \(position)") }
        position += count
    }

    private mutating func enter() throws {
        depth += 1
        guard depth <= JSONReader.maximumDepth else { throw corrupted("nested deeper than \(JSONReader.maximumDepth) levels") }
    }

    private mutating func parseObject() throws -> JSONNode {
        try enter()
        defer { depth -= 1 }
        position += 1
        var members: [(key: String, value: JSONNode)] = []
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
            position += 1
            return .object(JSONObject(members))
        }
        while true {
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw corrupted("expected a key at byte \(position)") }
            let key = try parseString()
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { throw corrupted("expected ':' at byte \(position)") }
            position += 1
            skipWhitespace()
            let value = try parseValue()
            members.append((key, value))
            skipWhitespace()
            guard position < bytes.count else { throw corrupted("unexpected end of input in an object") }
            if bytes[position] == UInt8(ascii: ",") {
                position += 1
                continue
            }
            guard bytes[position] == UInt8(ascii: "}") else { throw corrupted("expected ',' or '}' at byte \(position)") }
            position += 1
            return .object(JSONObject(members))
        }
    }

    private mutating func parseArray() throws -> JSONNode {
        try enter()
        defer { depth -= 1 }
        position += 1
        var elements: [JSONNode] = []
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
            position += 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue())
            skipWhitespace()
            guard position < bytes.count else { throw corrupted("unexpected end of input in an array") }
            if bytes[position] == UInt8(ascii: ",") {
                position += 1
                continue
            }
            guard bytes[position] == UInt8(ascii: "]") else { throw corrupted("expected ',' or ']' at byte \(position)") }
            position += 1
            return .array(elements)
        }
    }

    private mutating func parseNumber() throws -> JSONNode {
        let start = position
        if bytes[position] == UInt8(ascii: "-") { position += 1 }
        func digits() -> Int {
            let from = position
            while position < bytes.count, bytes[position] >= UInt8(ascii: "0"), bytes[position] <= UInt8(ascii: "9") { position += 1 }
            return position - from
        }
        let integerStart = position
        let integerDigits = digits()
        guard integerDigits > 0 else { throw corrupted("invalid number at byte \(start)") }
        guard integerDigits == 1 || bytes[integerStart] != UInt8(ascii: "0") else { throw corrupted("leading zero in a number at byte \(start)") }
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            guard digits() > 0 else { throw corrupted("invalid number at byte \(start)") }
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") { position += 1 }
            guard digits() > 0 else { throw corrupted("invalid number at byte \(start)") }
        }
        return .number(start: start, end: position)
    }

    private mutating func parseString() throws -> String {
        position += 1
        let start = position
        var escaped = false
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") { break }
            if byte < 0x20 { throw corrupted("unescaped control character in a string at byte \(position)") }
            if byte == UInt8(ascii: "\\") {
                escaped = true
                position += 2
            } else {
                position += 1
            }
        }
        guard position < bytes.count else { throw corrupted("unterminated string starting at byte \(start - 1)") }
        let end = position
        position += 1
        if !escaped {
            guard let string = bytes.withUnsafeBufferPointer({ String(validating: $0[start..<end], as: UTF8.self) }) else {
                throw corrupted("invalid UTF-8 in a string at byte \(start)")
            }
            return string
        }
        return try unescape(start, end)
    }

    private func unescape(_ start: Int, _ end: Int) throws -> String {
        var out: [UInt8] = []
        out.reserveCapacity(end - start)
        var index = start
        func hex4(_ at: Int) throws -> UInt32 {
            guard at + 4 <= end else { throw corrupted("truncated \\u escape at byte \(at)") }
            var value: UInt32 = 0
            for byte in bytes[at..<(at + 4)] {
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
                default: throw corrupted("invalid \\u escape at byte \(at)")
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
            guard index + 1 < end else { throw corrupted("truncated escape at byte \(index)") }
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
                        throw corrupted("unpaired surrogate in a \\u escape at byte \(index)")
                    }
                    let low = try hex4(index + 2)
                    guard (0xDC00..<0xE000).contains(low) else { throw corrupted("unpaired surrogate in a \\u escape at byte \(index)") }
                    index += 6
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let unicode = Unicode.Scalar(scalar) else { throw corrupted("invalid \\u escape at byte \(index)") }
                out.append(contentsOf: String(Character(unicode)).utf8)
            default:
                throw corrupted("invalid escape at byte \(index - 2)")
            }
        }
        guard let string = String(validating: out, as: UTF8.self) else { throw corrupted("invalid UTF-8 in a string at byte \(start)") }
        return string
    }
}

/// Decodes values from a ``JSONNode``.
/// The last step of a coding path, kept apart from the shared chain so that decoding a scalar
/// allocates nothing for its path.
enum PathStep {
    case key(any CodingKey)
    case index(Int)
}

struct ReadingDecoder: Decoder {
    let node: JSONNode
    let bytes: [UInt8]
    let parent: PathNode
    let step: PathStep?

    var path: PathNode {
        switch step {
        case nil: parent
        case .key(let key): .key(key, parent)
        case .index(let index): .index(index, parent)
        }
    }

    var codingPath: [any CodingKey] { path.codingPath }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func decodeValue<T: Decodable>(_ type: T.Type) throws -> T {
        if let scalar = try decodeScalar(type) { return scalar }
        return try T(from: self)
    }

    /// Strings, numbers and booleans directly, without a container.
    func decodeScalar<T: Decodable>(_ type: T.Type) throws -> T? {
        if T.self == String.self { return unsafeBitCast(try string(), to: T.self) }
        if T.self == Int.self { return unsafeBitCast(try integer(Int.self), to: T.self) }
        if T.self == Double.self { return unsafeBitCast(try double(), to: T.self) }
        if T.self == Bool.self { return unsafeBitCast(try bool(), to: T.self) }
        return nil
    }

    func mismatch(_ type: Any.Type) -> DecodingError {
        if case .null = node {
            return DecodingError.valueNotFound(
                type, DecodingError.Context(codingPath: codingPath, debugDescription: "Expected \(type) value but found null instead."))
        }
        return DecodingError.typeMismatch(
            type, DecodingError.Context(codingPath: codingPath, debugDescription: "Expected to decode \(type) but found \(node.kind) instead."))
    }

    func string() throws -> String {
        guard case .string(let value) = node else { throw mismatch(String.self) }
        return value
    }

    func bool() throws -> Bool {
        guard case .bool(let value) = node else { throw mismatch(Bool.self) }
        return value
    }

    func double() throws -> Double {
        guard case .number(let start, let end) = node else { throw mismatch(Double.self) }
        guard let value = Double(String(decoding: bytes[start..<end], as: UTF8.self)), value.isFinite else {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(codingPath: codingPath, debugDescription: "Number \(text(start, end)) does not fit in Double."))
        }
        return value
    }

    func float() throws -> Float {
        let value = try double()
        guard abs(value) <= Double(Float.greatestFiniteMagnitude) else {
            throw DecodingError.dataCorrupted(DecodingError.Context(codingPath: codingPath, debugDescription: "Number \(value) does not fit in Float."))
        }
        return Float(value)
    }

    private func text(_ start: Int, _ end: Int) -> String { String(decoding: bytes[start..<end], as: UTF8.self) }

    func integer<I: FixedWidthInteger>(_ type: I.Type) throws -> I {
        guard case .number(let start, let end) = node else { throw mismatch(type) }
        // Plain integers digit by digit; anything with a fraction or exponent through Double.
        var index = start
        let negative = bytes[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        var value: I = 0
        var plain = true
        while index < end {
            let byte = bytes[index]
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else {
                plain = false
                break
            }
            let digit = I(byte - UInt8(ascii: "0"))
            let (times, overflowA) = value.multipliedReportingOverflow(by: 10)
            let (next, overflowB) = negative ? times.subtractingReportingOverflow(digit) : times.addingReportingOverflow(digit)
            guard !overflowA, !overflowB else {
                throw DecodingError.dataCorrupted(
                    DecodingError.Context(codingPath: codingPath, debugDescription: "Number \(text(start, end)) does not fit in \(type)."))
            }
            value = next
            index += 1
        }
        if plain { return value }
        let number = try double()
        guard let exact = I(exactly: number) else {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(codingPath: codingPath, debugDescription: "Number \(text(start, end)) is not representable as \(type)."))
        }
        return exact
    }

    /// Children of a container share the container's path, computed once.
    static func child(_ node: JSONNode, _ bytes: [UInt8], _ parent: PathNode, _ step: PathStep) -> ReadingDecoder {
        ReadingDecoder(node: node, bytes: bytes, parent: parent, step: step)
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let object) = node else { throw mismatch([String: Any].self) }
        return KeyedDecodingContainer(ReadingKeyedContainer<Key>(decoder: self, object: object))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = node else { throw mismatch([Any].self) }
        return ReadingUnkeyedContainer(decoder: self, elements: elements)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        ReadingSingleValueContainer(decoder: self)
    }
}

struct ReadingKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let object: JSONObject
    let bytes: [UInt8]
    let path: PathNode
    var codingPath: [any CodingKey] { path.codingPath }

    init(decoder: ReadingDecoder, object: JSONObject) {
        self.object = object
        bytes = decoder.bytes
        path = decoder.path
    }

    var allKeys: [Key] {
        var seen = Set<String>()
        return object.members.compactMap { member in
            guard seen.insert(member.key).inserted else { return nil }
            return Key(stringValue: member.key)
        }
    }

    func contains(_ key: Key) -> Bool { object.value(for: key.stringValue) != nil }

    private func child(_ key: Key) throws -> ReadingDecoder {
        guard let node = object.value(for: key.stringValue) else {
            throw DecodingError.keyNotFound(
                key, DecodingError.Context(codingPath: codingPath, debugDescription: "No value associated with key \(key.stringValue)."))
        }
        return ReadingDecoder.child(node, bytes, path, .key(key))
    }

    /// `nil` when the key is absent or null.
    private func presentChild(_ key: Key) -> ReadingDecoder? {
        guard let node = object.value(for: key.stringValue) else { return nil }
        if case .null = node { return nil }
        return ReadingDecoder.child(node, bytes, path, .key(key))
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        if case .null = try child(key).node { return true }
        return false
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try child(key).bool() }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try child(key).string() }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try child(key).double() }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try child(key).float() }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try child(key).integer(type) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try child(key).integer(type) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try child(key).integer(type) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try child(key).integer(type) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try child(key).integer(type) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try child(key).integer(type) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try child(key).integer(type) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try child(key).integer(type) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try child(key).integer(type) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try child(key).integer(type) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try child(key).decodeValue(type) }

    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try presentChild(key)?.bool() }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try presentChild(key)?.string() }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { try presentChild(key)?.double() }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try presentChild(key)?.integer(type) }
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? { try presentChild(key)?.decodeValue(type) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try child(key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try child(key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        ReadingDecoder.child(object.value(for: "super") ?? .null, bytes, path, .key(IndexKey(0)))
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        ReadingDecoder.child(object.value(for: key.stringValue) ?? .null, bytes, path, .key(key))
    }
}

struct ReadingUnkeyedContainer: UnkeyedDecodingContainer {
    let elements: [JSONNode]
    let bytes: [UInt8]
    let path: PathNode
    var currentIndex = 0
    var codingPath: [any CodingKey] { path.codingPath }
    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    init(decoder: ReadingDecoder, elements: [JSONNode]) {
        self.elements = elements
        bytes = decoder.bytes
        path = decoder.path
    }

    private mutating func next(_ type: Any.Type) throws -> ReadingDecoder {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(
                type,
                DecodingError.Context(codingPath: codingPath + [IndexKey(currentIndex)], debugDescription: "Unkeyed container is at end."))
        }
        let child = ReadingDecoder.child(elements[currentIndex], bytes, path, .index(currentIndex))
        currentIndex += 1
        return child
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd else { throw DecodingError.valueNotFound(Any?.self, DecodingError.Context(codingPath: codingPath, debugDescription: "Unkeyed container is at end.")) }
        if case .null = elements[currentIndex] {
            currentIndex += 1
            return true
        }
        return false
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try next(type).bool() }
    mutating func decode(_ type: String.Type) throws -> String { try next(type).string() }
    mutating func decode(_ type: Double.Type) throws -> Double { try next(type).double() }
    mutating func decode(_ type: Float.Type) throws -> Float { try next(type).float() }
    mutating func decode(_ type: Int.Type) throws -> Int { try next(type).integer(type) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try next(type).integer(type) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try next(type).integer(type) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try next(type).integer(type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try next(type).integer(type) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try next(type).integer(type) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try next(type).integer(type) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try next(type).integer(type) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try next(type).integer(type) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try next(type).integer(type) }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next(type).decodeValue(type) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try next([String: Any].self).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try next([Any].self).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder { try next(Any.self) }
}

struct ReadingSingleValueContainer: SingleValueDecodingContainer {
    let decoder: ReadingDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }

    func decodeNil() -> Bool {
        if case .null = decoder.node { return true }
        return false
    }

    func decode(_ type: Bool.Type) throws -> Bool { try decoder.bool() }
    func decode(_ type: String.Type) throws -> String { try decoder.string() }
    func decode(_ type: Double.Type) throws -> Double { try decoder.double() }
    func decode(_ type: Float.Type) throws -> Float { try decoder.float() }
    func decode(_ type: Int.Type) throws -> Int { try decoder.integer(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try decoder.integer(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try decoder.integer(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try decoder.integer(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try decoder.integer(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try decoder.integer(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try decoder.integer(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try decoder.integer(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try decoder.integer(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try decoder.integer(type) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoder.decodeValue(type) }
}
