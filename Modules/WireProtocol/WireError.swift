/// Why a received message was rejected. Receivers log it and drop the message (or answer with
/// an error where the protocol has one); a malformed message never stops a receiver.
public struct WireError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        case emptyMessage
        case wrongProtocol
        case missingCommand
        case unknownCommand
        case wrongFrameCount
        case frameTooLarge
        case invalidJSON
        case invalidField
        case tooManyFrames
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}

/// Size limits a receiver enforces on each frame.
public struct WireLimits: Sendable, Equatable {
    /// Largest article text in UTF-8 bytes (default 5 MB).
    public var maxTextBytes: Int
    /// Largest JSON control frame: descriptor, options, metadata, error (default 64 KiB).
    public var maxJSONFrameBytes: Int
    /// Largest REPLY payload or merged result (default 64 MiB).
    public var maxPayloadBytes: Int
    /// Largest request id or client tag (255 bytes, fixed by the protocol).
    public var maxTagBytes: Int

    public init(
        maxTextBytes: Int = 5_000_000, maxJSONFrameBytes: Int = 65_536, maxPayloadBytes: Int = 64 << 20,
        maxTagBytes: Int = 255
    ) {
        self.maxTextBytes = maxTextBytes
        self.maxJSONFrameBytes = maxJSONFrameBytes
        self.maxPayloadBytes = maxPayloadBytes
        self.maxTagBytes = maxTagBytes
    }

    public static let `default` = WireLimits()

    /// The most bytes of one message a receiver keeps (``Socket/receive(maxFrames:maxBytes:)``): a
    /// REQUEST's texts or a REPLY's outputs, plus the JSON frames and ids of a full batch.
    public var maxMessageBytes: Int {
        max(maxPayloadBytes, maxTextBytes) + WorkerDescriptor.maxBatch * (2 * maxJSONFrameBytes + maxTagBytes)
    }

    /// The per-frame cap to give ZeroMQ (`ZMQ_MAXMSGSIZE`): the largest frame this receiver accepts,
    /// with room for a text somewhat over the limit so that it can be answered with a clear error.
    public var transportFrameCap: Int64 {
        Int64(max(maxPayloadBytes, 2 * maxTextBytes + maxJSONFrameBytes))
    }
}
