import JSONCoding

/// A Codable decoder for the wire's JSON (RFC 8259, UTF-8), for the types that do not read themselves
/// (``JSONDecodable``). ``JSONInput`` parses the bytes once into a compact tree, with its rules (those
/// of Foundation's `JSONDecoder`: invalid UTF-8, leading zeros, control characters in strings and
/// trailing garbage are errors; nesting deeper than 512 levels is refused, so hostile input cannot
/// exhaust the stack); values are decoded from the tree: a number with a zero fraction or an exponent
/// decodes as an integer when it is one exactly; of duplicate keys the first wins. Errors are
/// `DecodingError`s with the coding path of the offending value.
struct JSONReader {
    static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        let root: JSONNode
        do {
            root = try bytes.withUnsafeBufferPointer { buffer in
                try JSONInput.reading(buffer) { input in try input.document { input in try JSONNode(&input) } }
            }
        } catch let error as JSONDecodingError {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(codingPath: [], debugDescription: "The given data was not valid JSON: \(error.message)"))
        }
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

extension JSONNode {
    /// The next value of `input`, as a tree.
    init(_ input: inout JSONInput) throws {
        switch try input.peek() {
        case .object:
            var members: [(key: String, value: JSONNode)] = []
            try input.readObject { input, key in members.append((key, try JSONNode(&input))) }
            self = .object(JSONObject(members))
        case .array:
            var elements: [JSONNode] = []
            try input.readArray { input in elements.append(try JSONNode(&input)) }
            self = .array(elements)
        case .string: self = .string(try input.readString())
        case .number:
            let (start, end) = try input.scanNumber()
            self = .number(start: start, end: end)
        case .bool: self = .bool(try input.readBool())
        case .null:
            try input.literal("null")
            self = .null
        }
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
