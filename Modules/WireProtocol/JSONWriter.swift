import JSONCoding

/// A Codable encoder that writes the wire's JSON directly: UTF-8, object keys sorted by their UTF-8
/// bytes, `/` unescaped, numbers as Swift prints them with a trailing `.0` dropped. Its output is the
/// same bytes Foundation's `JSONEncoder` writes with `[.sortedKeys, .withoutEscapingSlashes]`, at a
/// fraction of the cost (no intermediate tree of boxed values, no bridging); the coordinator encodes
/// every merged article with it.
struct JSONWriter {
    /// Encodes `value`; throws `EncodingError.invalidValue` for non-finite numbers. A value that
    /// writes its own JSON (``JSONEncodable``, the article model) does so.
    static func encode(_ value: some Encodable) throws -> [UInt8] {
        if let direct = value as? any JSONEncodable { return try direct.jsonBytes() }
        let encoder = WritingEncoder(path: .root)
        try encoder.encodeValue(value)
        var out: [UInt8] = []
        out.reserveCapacity(1024)
        encoder.slot.write(to: &out)
        return out
    }
}

/// An encoded value waiting to be written: scalars are already bytes; containers are written at the
/// end, when every key is known and can be sorted.
enum PendingValue {
    case string(String)
    case int(Int64)
    case unsigned(UInt64)
    /// A finite number's text, as ``JSONScalars`` writes it.
    case number([UInt8])
    case bool(Bool)
    case null
    case object(PendingObject)
    case array(PendingArray)
    case none

    func write(to out: inout [UInt8]) {
        switch self {
        case .string(let string): JSONScalars.writeString(string, to: &out)
        case .int(let value): JSONScalars.writeInteger(value, to: &out)
        case .unsigned(let value): out.append(contentsOf: String(value).utf8)
        case .number(let text): out.append(contentsOf: text)
        case .bool(let value): out.append(contentsOf: value ? JSONScalars.true : JSONScalars.false)
        case .null: out.append(contentsOf: JSONScalars.null)
        case .object(let object): object.write(to: &out)
        case .array(let array): array.write(to: &out)
        case .none: out.append(contentsOf: "{}".utf8)
        }
    }
}

final class PendingObject {
    var entries: [(key: String, value: PendingValue)] = []

    /// Records `value` at `key`; a key encoded twice keeps its last value, as with Foundation.
    func set(_ key: String, _ value: PendingValue) {
        entries.append((key, value))
    }

    func write(to out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        // Sorted by key bytes, then by when each was set, so that of equal keys the last one is kept.
        let order = entries.indices.sorted { left, right in
            let a = entries[left].key, b = entries[right].key
            return a == b ? left < right : a.utf8.lexicographicallyPrecedes(b.utf8)
        }
        var first = true
        for (position, index) in order.enumerated() {
            if position + 1 < order.count, entries[order[position + 1]].key == entries[index].key { continue }
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            JSONScalars.writeString(entries[index].key, to: &out)
            out.append(UInt8(ascii: ":"))
            entries[index].value.write(to: &out)
        }
        out.append(UInt8(ascii: "}"))
    }
}

final class PendingArray {
    var elements: [PendingValue] = []

    func write(to out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        for (index, element) in elements.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            element.write(to: &out)
        }
        out.append(UInt8(ascii: "]"))
    }
}

/// Numbers for the Codable encoder, written the way ``JSONScalars`` writes them.
enum PendingNumbers {
    static func number(_ value: Double, _ codingPath: @autoclosure () -> [any CodingKey]) throws -> PendingValue {
        guard value.isFinite else { throw JSONScalars.nonFinite(value, codingPath: codingPath()) }
        if value.rounded() == value, abs(value) < 1e15, value != 0 || value.sign == .plus {
            return .int(Int64(value))
        }
        return .number(try JSONScalars.numberText(value))
    }

    static func number(_ value: Float, _ codingPath: @autoclosure () -> [any CodingKey]) throws -> PendingValue {
        guard value.isFinite else { throw JSONScalars.nonFinite(value, codingPath: codingPath()) }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        return .number(Array(text.utf8))
    }
}

/// A key for positions in arrays, in coding paths.
struct IndexKey: CodingKey {
    var intValue: Int?
    var stringValue: String { "\(intValue ?? 0)" }
    init(_ index: Int) { intValue = index }
    init?(intValue: Int) { self.intValue = intValue }
    init?(stringValue: String) { nil }
}

/// Where a value is, kept as a chain built only when a coding path is asked for (errors, or a type
/// that reads `codingPath`).
indirect enum PathNode {
    case root
    case key(any CodingKey, PathNode)
    case index(Int, PathNode)

    var codingPath: [any CodingKey] {
        var keys: [any CodingKey] = []
        var node = self
        while true {
            switch node {
            case .root: return keys.reversed()
            case .key(let key, let parent): keys.append(key); node = parent
            case .index(let index, let parent): keys.append(IndexKey(index)); node = parent
            }
        }
    }
}

final class WritingEncoder: Encoder {
    let path: PathNode
    var codingPath: [any CodingKey] { path.codingPath }
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    var slot: PendingValue = .none

    init(path: PathNode) {
        self.path = path
    }

    /// The encoding of `value`, scalars without a detour through containers.
    func encodeValue<T: Encodable>(_ value: T) throws {
        if let scalar = try Self.scalar(value, path) {
            slot = scalar
        } else {
            try value.encode(to: self)
        }
    }

    /// Scalars by type identity, which costs far less than a dynamic cast.
    @inline(__always)
    static func scalar<T: Encodable>(_ value: T, _ path: @autoclosure () -> PathNode) throws -> PendingValue? {
        if T.self == String.self { return .string(unsafeBitCast(value, to: String.self)) }
        if T.self == Int.self { return .int(Int64(unsafeBitCast(value, to: Int.self))) }
        if T.self == Double.self { return try PendingNumbers.number(unsafeBitCast(value, to: Double.self), path().codingPath) }
        if T.self == Bool.self { return .bool(unsafeBitCast(value, to: Bool.self)) }
        if T.self == Int64.self { return .int(unsafeBitCast(value, to: Int64.self)) }
        return nil
    }

    /// The encoding of a nested value at `path`.
    static func pending<T: Encodable>(_ value: T, at path: @autoclosure () -> PathNode) throws -> PendingValue {
        if let scalar = try scalar(value, path()) { return scalar }
        let encoder = WritingEncoder(path: path())
        try value.encode(to: encoder)
        return encoder.slot
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let object: PendingObject
        if case .object(let existing) = slot {
            object = existing
        } else {
            object = PendingObject()
            slot = .object(object)
        }
        return KeyedEncodingContainer(WritingKeyedContainer<Key>(object: object, path: path))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let array: PendingArray
        if case .array(let existing) = slot {
            array = existing
        } else {
            array = PendingArray()
            slot = .array(array)
        }
        return WritingUnkeyedContainer(array: array, path: path)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        WritingSingleValueContainer(encoder: self)
    }
}

struct WritingKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let object: PendingObject
    let path: PathNode
    var codingPath: [any CodingKey] { path.codingPath }

    mutating func encodeNil(forKey key: Key) throws { object.set(key.stringValue, .null) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { object.set(key.stringValue, .bool(value)) }
    mutating func encode(_ value: String, forKey key: Key) throws { object.set(key.stringValue, .string(value)) }
    mutating func encode(_ value: Double, forKey key: Key) throws {
        object.set(key.stringValue, try PendingNumbers.number(value, PathNode.key(key, path).codingPath))
    }
    mutating func encode(_ value: Float, forKey key: Key) throws {
        object.set(key.stringValue, try PendingNumbers.number(value, PathNode.key(key, path).codingPath))
    }
    mutating func encode(_ value: Int, forKey key: Key) throws { object.set(key.stringValue, .int(Int64(value))) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { object.set(key.stringValue, .int(Int64(value))) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { object.set(key.stringValue, .int(Int64(value))) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { object.set(key.stringValue, .int(Int64(value))) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { object.set(key.stringValue, .int(value)) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { object.set(key.stringValue, .unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { object.set(key.stringValue, .unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { object.set(key.stringValue, .unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { object.set(key.stringValue, .unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { object.set(key.stringValue, .unsigned(value)) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        object.set(key.stringValue, try WritingEncoder.pending(value, at: .key(key, path)))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey>
    {
        let nested = PendingObject()
        object.set(key.stringValue, .object(nested))
        return KeyedEncodingContainer(WritingKeyedContainer<NestedKey>(object: nested, path: .key(key, path)))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = PendingArray()
        object.set(key.stringValue, .array(nested))
        return WritingUnkeyedContainer(array: nested, path: .key(key, path))
    }

    mutating func superEncoder() -> any Encoder { superEncoder(named: "super") }
    mutating func superEncoder(forKey key: Key) -> any Encoder { superEncoder(named: key.stringValue) }

    private func superEncoder(named name: String) -> any Encoder {
        // The sub-encoder's value is read when this object is written, so hand out a placeholder
        // object it fills in.
        let nested = PendingObject()
        object.set(name, .object(nested))
        let encoder = WritingEncoder(path: path)
        encoder.slot = .object(nested)
        return encoder
    }
}

struct WritingUnkeyedContainer: UnkeyedEncodingContainer {
    let array: PendingArray
    let path: PathNode
    var codingPath: [any CodingKey] { path.codingPath }
    var count: Int { array.elements.count }

    private var next: PathNode { .index(array.elements.count, path) }

    mutating func encodeNil() throws { array.elements.append(.null) }
    mutating func encode(_ value: Bool) throws { array.elements.append(.bool(value)) }
    mutating func encode(_ value: String) throws { array.elements.append(.string(value)) }
    mutating func encode(_ value: Double) throws { array.elements.append(try PendingNumbers.number(value, next.codingPath)) }
    mutating func encode(_ value: Float) throws { array.elements.append(try PendingNumbers.number(value, next.codingPath)) }
    mutating func encode(_ value: Int) throws { array.elements.append(.int(Int64(value))) }
    mutating func encode(_ value: Int8) throws { array.elements.append(.int(Int64(value))) }
    mutating func encode(_ value: Int16) throws { array.elements.append(.int(Int64(value))) }
    mutating func encode(_ value: Int32) throws { array.elements.append(.int(Int64(value))) }
    mutating func encode(_ value: Int64) throws { array.elements.append(.int(value)) }
    mutating func encode(_ value: UInt) throws { array.elements.append(.unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt8) throws { array.elements.append(.unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt16) throws { array.elements.append(.unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt32) throws { array.elements.append(.unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt64) throws { array.elements.append(.unsigned(value)) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        array.elements.append(try WritingEncoder.pending(value, at: next))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let nested = PendingObject()
        let path = next
        array.elements.append(.object(nested))
        return KeyedEncodingContainer(WritingKeyedContainer<NestedKey>(object: nested, path: path))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = PendingArray()
        let path = next
        array.elements.append(.array(nested))
        return WritingUnkeyedContainer(array: nested, path: path)
    }

    mutating func superEncoder() -> any Encoder {
        let nested = PendingObject()
        let encoder = WritingEncoder(path: next)
        array.elements.append(.object(nested))
        encoder.slot = .object(nested)
        return encoder
    }
}

struct WritingSingleValueContainer: SingleValueEncodingContainer {
    let encoder: WritingEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    mutating func encodeNil() throws { encoder.slot = .null }
    mutating func encode(_ value: Bool) throws { encoder.slot = .bool(value) }
    mutating func encode(_ value: String) throws { encoder.slot = .string(value) }
    mutating func encode(_ value: Double) throws { encoder.slot = try PendingNumbers.number(value, codingPath) }
    mutating func encode(_ value: Float) throws { encoder.slot = try PendingNumbers.number(value, codingPath) }
    mutating func encode(_ value: Int) throws { encoder.slot = .int(Int64(value)) }
    mutating func encode(_ value: Int8) throws { encoder.slot = .int(Int64(value)) }
    mutating func encode(_ value: Int16) throws { encoder.slot = .int(Int64(value)) }
    mutating func encode(_ value: Int32) throws { encoder.slot = .int(Int64(value)) }
    mutating func encode(_ value: Int64) throws { encoder.slot = .int(value) }
    mutating func encode(_ value: UInt) throws { encoder.slot = .unsigned(UInt64(value)) }
    mutating func encode(_ value: UInt8) throws { encoder.slot = .unsigned(UInt64(value)) }
    mutating func encode(_ value: UInt16) throws { encoder.slot = .unsigned(UInt64(value)) }
    mutating func encode(_ value: UInt32) throws { encoder.slot = .unsigned(UInt64(value)) }
    mutating func encode(_ value: UInt64) throws { encoder.slot = .unsigned(value) }
    mutating func encode<T: Encodable>(_ value: T) throws { try encoder.encodeValue(value) }
}
