/// A type that writes its own JSON, for the hot paths of the wire (analyzer outputs, merged
/// articles). Its bytes must equal those Foundation's `JSONEncoder` writes for the same value with
/// `[.sortedKeys, .withoutEscapingSlashes]`, so the type's `Encodable` conformance stays the
/// reference and tests hold the two to each other.
public protocol JSONEncodable {
    func encodeJSON(to output: inout JSONOutput) throws(EncodingError)
}

/// A type that reads itself from JSON without Codable's containers, accepting what its `Decodable`
/// conformance accepts and refusing what it refuses.
public protocol JSONDecodable {
    init(json input: inout JSONInput) throws
}

public typealias JSONCodable = JSONEncodable & JSONDecodable

extension JSONEncodable {
    /// This value's JSON.
    public func jsonBytes() throws(EncodingError) -> [UInt8] {
        var output = JSONOutput()
        try encodeJSON(to: &output)
        return output.bytes
    }
}

extension String: JSONCodable {
    public func encodeJSON(to output: inout JSONOutput) { output.string(self) }
    public init(json input: inout JSONInput) throws { self = try input.readString() }
}

extension Int: JSONCodable {
    public func encodeJSON(to output: inout JSONOutput) { output.int(self) }
    public init(json input: inout JSONInput) throws { self = try input.readInt() }
}

extension Double: JSONCodable {
    public func encodeJSON(to output: inout JSONOutput) throws(EncodingError) { try output.double(self) }
    public init(json input: inout JSONInput) throws { self = try input.readDouble() }
}

extension Bool: JSONCodable {
    public func encodeJSON(to output: inout JSONOutput) { output.bool(self) }
    public init(json input: inout JSONInput) throws { self = try input.readBool() }
}

extension Array: JSONEncodable where Element: JSONEncodable {
    @inlinable
    public func encodeJSON(to output: inout JSONOutput) throws(EncodingError) {
        output.beginArray()
        for element in self { try element.encodeJSON(to: &output) }
        output.endArray()
    }
}

extension Array: JSONDecodable where Element: JSONDecodable {
    @inlinable
    public init(json input: inout JSONInput) throws {
        var elements: [Element] = []
        try input.readArray { input in elements.append(try Element(json: &input)) }
        self = elements
    }
}

extension Dictionary: JSONEncodable where Key == String, Value: JSONEncodable {
    /// Keys sorted by their UTF-8 bytes.
    public func encodeJSON(to output: inout JSONOutput) throws(EncodingError) {
        output.beginObject()
        for key in keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            output.key(key)
            try self[key]!.encodeJSON(to: &output)
        }
        output.endObject()
    }
}

extension Dictionary: JSONDecodable where Key == String, Value: JSONDecodable {
    /// Of duplicate keys the first wins.
    public init(json input: inout JSONInput) throws {
        var members: [String: Value] = [:]
        try input.readObject { input, key in
            if members[key] == nil { members[key] = try Value(json: &input) } else { try input.skipValue() }
        }
        self = members
    }
}

/// An enum that is its raw string on the wire: conforming is all it takes.
public protocol JSONStringEnum: JSONCodable, RawRepresentable where RawValue == String {}

extension JSONStringEnum {
    public func encodeJSON(to output: inout JSONOutput) { output.string(rawValue) }

    /// Refuses strings that are not a case, as the synthesized `Decodable` does. Inlinable, so that
    /// each enum gets its own specialization rather than a generic lookup per value.
    @inlinable
    public init(json input: inout JSONInput) throws {
        let raw = try input.readString()
        guard let value = Self(rawValue: raw) else {
            throw input.error("cannot initialize \(Self.self) from invalid String value \(raw)")
        }
        self = value
    }
}
