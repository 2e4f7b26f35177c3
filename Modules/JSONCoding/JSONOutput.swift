/// Writes the wire's JSON straight into bytes: UTF-8, `/` unescaped, numbers as Foundation's
/// `JSONEncoder` writes them. Keys are written in the order the caller gives them, so a type that
/// encodes itself must give them sorted by their UTF-8 bytes; the bytes are then the same as
/// `JSONEncoder` with `[.sortedKeys, .withoutEscapingSlashes]` writes, at a fraction of the cost
/// (no containers, no boxes, no intermediate tree).
///
/// Commas are placed automatically: every value and key is preceded by one unless it opens its
/// object or array.
public struct JSONOutput {
    /// What has been written so far.
    public var bytes: [UInt8] { storage }
    @usableFromInline var storage: [UInt8]
    @usableFromInline var needsComma = false

    public init(reservingCapacity capacity: Int = 1024) {
        storage = []
        storage.reserveCapacity(capacity)
    }

    @inlinable @inline(__always)
    mutating func separate() {
        if needsComma { storage.append(UInt8(ascii: ",")) }
    }

    @inlinable
    public mutating func beginObject() {
        separate()
        storage.append(UInt8(ascii: "{"))
        needsComma = false
    }

    @inlinable
    public mutating func endObject() {
        storage.append(UInt8(ascii: "}"))
        needsComma = true
    }

    @inlinable
    public mutating func beginArray() {
        separate()
        storage.append(UInt8(ascii: "["))
        needsComma = false
    }

    @inlinable
    public mutating func endArray() {
        storage.append(UInt8(ascii: "]"))
        needsComma = true
    }

    /// A key known when the program is written: plain ASCII that needs no escaping.
    @inlinable
    public mutating func key(_ name: StaticString) {
        separate()
        storage.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { storage.append(contentsOf: $0) }
        storage.append(UInt8(ascii: "\""))
        storage.append(UInt8(ascii: ":"))
        needsComma = false
    }

    /// A key from data (a dictionary's), escaped like any string.
    public mutating func key(_ name: String) {
        separate()
        JSONScalars.writeString(name, to: &storage)
        storage.append(UInt8(ascii: ":"))
        needsComma = false
    }

    public mutating func string(_ value: String) {
        separate()
        JSONScalars.writeString(value, to: &storage)
        needsComma = true
    }

    @inlinable
    public mutating func int(_ value: Int) {
        separate()
        JSONScalars.writeInteger(Int64(value), to: &storage)
        needsComma = true
    }

    /// A finite number; non-finite numbers have no JSON form and are refused.
    public mutating func double(_ value: Double) throws(EncodingError) {
        separate()
        try JSONScalars.writeNumber(value, to: &storage)
        needsComma = true
    }

    @inlinable
    public mutating func bool(_ value: Bool) {
        separate()
        storage.append(contentsOf: value ? JSONScalars.true : JSONScalars.false)
        needsComma = true
    }

    @inlinable
    public mutating func null() {
        separate()
        storage.append(contentsOf: JSONScalars.null)
        needsComma = true
    }

    /// Bytes that already are one complete JSON value.
    public mutating func raw(_ value: some Collection<UInt8>) {
        separate()
        storage.append(contentsOf: value)
        needsComma = true
    }

    // MARK: Fields and values of types that encode themselves

    @inlinable
    public mutating func value<T: JSONEncodable>(_ value: T) throws(EncodingError) {
        try value.encodeJSON(to: &self)
    }

    /// `"key": value`.
    @inlinable
    public mutating func field<T: JSONEncodable>(_ key: StaticString, _ value: T) throws(EncodingError) {
        self.key(key)
        try value.encodeJSON(to: &self)
    }

    /// `"key": value` when there is a value; nothing at all for `nil`, as `encodeIfPresent` does.
    @inlinable
    public mutating func optionalField<T: JSONEncodable>(_ key: StaticString, _ value: T?) throws(EncodingError) {
        guard let value else { return }
        self.key(key)
        try value.encodeJSON(to: &self)
    }
}

/// How scalars are written, shared by ``JSONOutput`` and the wire's Codable encoder.
public enum JSONScalars {
    public static func writeString(_ string: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        let utf8 = string.utf8
        let plain = utf8.withContiguousStorageIfAvailable { buffer in
            !buffer.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") })
        } ?? !utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") })
        if plain {
            out.append(contentsOf: utf8)
            out.append(UInt8(ascii: "\""))
            return
        }
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x08: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x0C: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
                out.append(hexDigit(byte >> 4))
                out.append(hexDigit(byte & 0x0F))
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
    }

    /// Decimal digits without a detour through `String`.
    @inlinable
    public static func writeInteger(_ value: Int64, to out: inout [UInt8]) {
        if value >= 0, value < 10 {
            out.append(UInt8(ascii: "0") + UInt8(value))
            return
        }
        writeLongInteger(value, to: &out)
    }

    @usableFromInline
    static func writeLongInteger(_ value: Int64, to out: inout [UInt8]) {
        if value == .min {
            out.append(contentsOf: String(value).utf8)
            return
        }
        if value < 0 { out.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: room for 20 digits
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[23 - count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            out.append(contentsOf: buffer[(24 - count)...])
        }
    }

    /// A finite `Double` as Foundation writes it: integral values below 10^15 as integers, others as
    /// Swift prints them without a trailing `.0`.
    public static func writeNumber(_ value: Double, to out: inout [UInt8]) throws(EncodingError) {
        guard value.isFinite else { throw nonFinite(value) }
        if value.rounded() == value, abs(value) < 1e15, value != 0 || value.sign == .plus {
            writeInteger(Int64(value), to: &out)
            return
        }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        out.append(contentsOf: text.utf8)
    }

    /// The text `writeNumber` writes, for encoders that keep scalars before writing them.
    public static func numberText(_ value: Double) throws(EncodingError) -> [UInt8] {
        var out: [UInt8] = []
        try writeNumber(value, to: &out)
        return out
    }

    public static func nonFinite(_ value: Any, codingPath: [any CodingKey] = []) -> EncodingError {
        EncodingError.invalidValue(value, EncodingError.Context(codingPath: codingPath, debugDescription: "\(value) is not a valid JSON number"))
    }

    public static let null: [UInt8] = Array("null".utf8)
    public static let `true`: [UInt8] = Array("true".utf8)
    public static let `false`: [UInt8] = Array("false".utf8)
}
