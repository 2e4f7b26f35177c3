import Foundation
import JSONCoding

/// The JSON conventions of the wire: UTF-8, keys sorted by their UTF-8 bytes (so equal values encode
/// to equal bytes), no escaping of `/`. The article model codes itself (``JSONEncodable``,
/// ``JSONDecodable``); other types go through ``JSONWriter`` and ``JSONReader``. Both follow
/// Foundation's conventions at a fraction of its cost.
public enum WireJSON {
    /// Encodes a value the protocol defines; these types cannot fail to encode.
    public static func encode(_ value: some Encodable) -> [UInt8] {
        do {
            return try JSONWriter.encode(value)
        } catch {
            preconditionFailure("wire type failed to encode: \(error)")
        }
    }

    /// Encodes any value, for payloads whose encoding can fail (non-finite numbers).
    public static func encodeThrowing(_ value: some Encodable) throws -> [UInt8] {
        try JSONWriter.encode(value)
    }

    /// Decodes `bytes` as `T`, reporting failures as ``WireError/Code/invalidJSON`` naming `what`.
    /// `what` is only built when there is an error to report (the decoders are on every message's path).
    public static func decode<T: Decodable>(_ bytes: [UInt8], _ what: @autoclosure () -> String) throws(WireError) -> T {
        if let direct = T.self as? any JSONDecodable.Type {
            func read<D: JSONDecodable>(_ type: D.Type) throws(JSONDecodingError) -> D { try JSONInput.decode(type, from: bytes) }
            do {
                return try read(direct) as! T
            } catch {
                throw WireError(.invalidJSON, "\(what()): \(error)")
            }
        }
        do {
            return try JSONReader.decode(T.self, from: bytes)
        } catch let error as DecodingError {
            throw WireError(.invalidJSON, "\(what()): \(describe(error))")
        } catch {
            throw WireError(.invalidJSON, "\(what()): \(error)")
        }
    }

    /// A one-line account of a decoding failure: where and what.
    public static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return keys.isEmpty ? "at top level" : "at \(keys.hasPrefix(".") ? String(keys.dropFirst()) : keys)"
        }
        switch error {
        case .typeMismatch(let type, let context):
            return "\(path(context)): expected \(type): \(context.debugDescription)"
        case .valueNotFound(let type, let context):
            return "\(path(context)): missing \(type) value"
        case .keyNotFound(let key, let context):
            return "\(path(context)): missing key '\(key.stringValue)'"
        case .dataCorrupted(let context):
            return "\(path(context)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}
