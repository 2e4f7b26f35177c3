/// Protocol identifiers: the first frame of every message (after the ROUTER's routing id).
public enum ProtocolHeader {
    /// Worker ↔ coordinator, version 1.
    public static let worker: [UInt8] = Array("BYLW01".utf8)
    /// Client ↔ coordinator, version 1.
    public static let client: [UInt8] = Array("BYLC01".utf8)
}

/// Which protocol a message speaks, read from its first frame.
public enum ProtocolKind: Sendable, Equatable {
    case worker, client

    /// Identifies the protocol of `frames` (no routing id). Throws for anything else, naming what was
    /// received, so that an old or new peer gets a clear log line.
    public static func of(_ frames: some Collection<[UInt8]>) throws(WireError) -> ProtocolKind {
        guard let header = frames.first else { throw WireError(.emptyMessage, "message has no frames") }
        if header == ProtocolHeader.worker { return .worker }
        if header == ProtocolHeader.client { return .client }
        if header.count >= 4, header.starts(with: Array("BYL".utf8)) {
            throw WireError(.wrongProtocol, "unsupported protocol version '\(printable(header))' (this side speaks BYLW01 and BYLC01)")
        }
        throw WireError(.wrongProtocol, "first frame '\(printable(header))' is not a byline protocol header")
    }
}

/// Printable rendering of at most 16 bytes of a frame, for error messages.
func printable(_ bytes: [UInt8]) -> String {
    let shown = bytes.prefix(16).map { byte -> String in
        (0x20..<0x7F).contains(byte) ? String(UnicodeScalar(byte)) : "\\x" + String(byte, radix: 16)
    }.joined()
    return bytes.count > 16 ? shown + "…" : shown
}

/// Shared checks for decoders.
enum FrameCheck {
    static func count(_ frames: ArraySlice<[UInt8]>, _ expected: Int, _ command: String) throws(WireError) {
        if frames.count != expected {
            throw WireError(.wrongFrameCount, "\(command) has \(frames.count) frames after the command, expected \(expected)")
        }
    }

    static func count(_ frames: ArraySlice<[UInt8]>, _ expected: ClosedRange<Int>, _ command: String) throws(WireError) {
        if !expected.contains(frames.count) {
            throw WireError(
                .wrongFrameCount,
                "\(command) has \(frames.count) frames after the command, expected \(expected.lowerBound) to \(expected.upperBound)")
        }
    }

    /// `frames` is 1 to ``WorkerDescriptor/maxBatch`` groups of `size` frames.
    static func groups(_ frames: ArraySlice<[UInt8]>, of size: Int, _ command: String, _ item: String) throws(WireError) {
        if frames.isEmpty || frames.count % size != 0 || frames.count / size > WorkerDescriptor.maxBatch {
            throw WireError(
                .wrongFrameCount,
                "\(command) has \(frames.count) frames after the command, expected \(size) per \(item) for 1 to \(WorkerDescriptor.maxBatch) \(item)s")
        }
    }

    static func size(_ frame: [UInt8], _ limit: Int, _ what: @autoclosure () -> String) throws(WireError) {
        if frame.count > limit {
            throw WireError(.frameTooLarge, "\(what()) is \(frame.count) bytes, over the limit of \(limit)")
        }
    }

    static func tag(_ frame: [UInt8], _ limits: WireLimits, _ what: @autoclosure () -> String) throws(WireError) {
        if frame.isEmpty { throw WireError(.invalidField, "\(what()) is empty") }
        try size(frame, limits.maxTagBytes, what())
    }
}
