import CZeroMQ

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One ZeroMQ socket, owned by exactly one thread.
///
/// libzmq sockets are not thread safe, so `Socket` is `~Copyable` and not `Sendable`: the thread
/// that creates it uses it and closes it (when the value goes out of scope). Every call here is
/// non-blocking unless its name says otherwise; threads wait in ``poll(_:timeoutMilliseconds:)``.
public struct Socket: ~Copyable {
    /// The socket types byline uses.
    public enum Kind: Sendable {
        case router, dealer, pair, push, pull, request, reply

        var rawValue: Int32 {
            switch self {
            case .router: ZMQ_ROUTER
            case .dealer: ZMQ_DEALER
            case .pair: ZMQ_PAIR
            case .push: ZMQ_PUSH
            case .pull: ZMQ_PULL
            case .request: ZMQ_REQ
            case .reply: ZMQ_REP
            }
        }
    }

    let handle: UnsafeMutableRawPointer
    /// Keeps the context alive until this socket is closed.
    private let context: Context

    /// Opens a socket of `kind`. Linger defaults to zero: closing never waits for unsent messages.
    public init(_ context: Context, _ kind: Kind) throws(ZMQError) {
        guard let handle = zmq_socket(context.handle, kind.rawValue) else {
            throw ZMQError.last("zmq_socket")
        }
        self.handle = handle
        self.context = context
        var zero: Int32 = 0
        zmq_setsockopt(handle, ZMQ_LINGER, &zero, MemoryLayout<Int32>.size)
    }

    deinit {
        zmq_close(handle)
    }

    // MARK: Endpoints

    /// Binds to `endpoint` (`tcp://host:port`, `ipc:///path`, `inproc://name`).
    public func bind(_ endpoint: String) throws(ZMQError) {
        if zmq_bind(handle, endpoint) != 0 { throw ZMQError.last("zmq_bind(\(endpoint))") }
    }

    /// Connects to `endpoint`; libzmq connects (and reconnects) in the background.
    public func connect(_ endpoint: String) throws(ZMQError) {
        if zmq_connect(handle, endpoint) != 0 { throw ZMQError.last("zmq_connect(\(endpoint))") }
    }

    /// Stops listening on an endpoint this socket bound.
    public func unbind(_ endpoint: String) throws(ZMQError) {
        if zmq_unbind(handle, endpoint) != 0 { throw ZMQError.last("zmq_unbind(\(endpoint))") }
    }

    /// The endpoint of the last bind or connect, with wildcards resolved (`tcp://127.0.0.1:41235`).
    public var lastEndpoint: String {
        var buffer = [CChar](repeating: 0, count: 1024)
        var size = buffer.count
        guard zmq_getsockopt(handle, ZMQ_LAST_ENDPOINT, &buffer, &size) == 0 else { return "" }
        return String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    // MARK: Options

    /// Sets an integer option (`ZMQ_*` constants taking `int`).
    public func setOption(_ option: SocketOption, _ value: Int32) throws(ZMQError) {
        var value = value
        if zmq_setsockopt(handle, option.rawValue, &value, MemoryLayout<Int32>.size) != 0 {
            throw ZMQError.last("zmq_setsockopt(\(option))")
        }
    }

    /// Sets a 64-bit integer option (only `ZMQ_MAXMSGSIZE` among those byline uses).
    public func setOption(_ option: SocketOption, _ value: Int64) throws(ZMQError) {
        var value = value
        if zmq_setsockopt(handle, option.rawValue, &value, MemoryLayout<Int64>.size) != 0 {
            throw ZMQError.last("zmq_setsockopt(\(option))")
        }
    }

    /// Sets a binary option such as the routing id or a CURVE key.
    public func setOption(_ option: SocketOption, bytes: [UInt8]) throws(ZMQError) {
        let result = bytes.withUnsafeBytes { zmq_setsockopt(handle, option.rawValue, $0.baseAddress, $0.count) }
        if result != 0 { throw ZMQError.last("zmq_setsockopt(\(option))") }
    }

    /// Sets a string option (a Z85-encoded CURVE key, a ZAP domain).
    public func setOption(_ option: SocketOption, string: String) throws(ZMQError) {
        try setOption(option, bytes: Array(string.utf8))
    }

    // MARK: Messages

    /// Sends one multipart message. Returns `false` when the socket cannot take it now
    /// (high-water mark reached, or with `ZMQ_ROUTER_MANDATORY` no route yet) and nothing was sent.
    ///
    /// Throws for an unknown ROUTER peer (`isHostUnreachable`), a terminated context and the like.
    /// libzmq queues multipart messages atomically, so a failure on the first frame leaves nothing queued.
    @discardableResult
    public func send(_ frames: [[UInt8]]) throws(ZMQError) -> Bool {
        precondition(!frames.isEmpty, "a ZeroMQ message has at least one frame")
        for (index, frame) in frames.enumerated() {
            let flags = ZMQ_DONTWAIT | (index < frames.count - 1 ? ZMQ_SNDMORE : 0)
            var sent: Int32
            repeat {
                sent = frame.withUnsafeBytes { zmq_send(handle, $0.baseAddress, $0.count, flags) }
            } while sent < 0 && zmq_errno() == EINTR
            if sent < 0 {
                let error = ZMQError.last("zmq_send")
                if index == 0 && error.isWouldBlock { return false }
                throw error
            }
        }
        return true
    }

    /// Receives one whole multipart message if one is waiting, else returns `nil` at once.
    ///
    /// At most `maxFrames` frames are kept, and no frame once `maxBytes` bytes are kept; the rest of
    /// an over-long message is read and discarded (``ReceivedMessage/discardedFrames`` counts them),
    /// so a hostile peer cannot grow memory beyond `maxBytes` plus the socket's `ZMQ_MAXMSGSIZE`.
    public func receive(maxFrames: Int = 16, maxBytes: Int = .max) throws(ZMQError) -> ReceivedMessage? {
        var frames: [[UInt8]] = []
        var discarded = 0
        var kept = 0
        var message = zmq_msg_t()
        zmq_msg_init(&message)
        defer { zmq_msg_close(&message) }
        while true {
            var received: Int32
            let flags = frames.isEmpty && discarded == 0 ? ZMQ_DONTWAIT : 0
            repeat {
                received = zmq_msg_recv(&message, handle, flags)
            } while received < 0 && zmq_errno() == EINTR
            if received < 0 {
                let error = ZMQError.last("zmq_msg_recv")
                if frames.isEmpty && discarded == 0 && error.isWouldBlock { return nil }
                throw error
            }
            let size = zmq_msg_size(&message)
            if frames.count < maxFrames, kept <= maxBytes, discarded == 0 {
                kept += size
                if size == 0 {
                    frames.append([])
                } else {
                    let data = zmq_msg_data(&message)!.assumingMemoryBound(to: UInt8.self)
                    frames.append(Array(UnsafeBufferPointer(start: data, count: size)))
                }
            } else {
                discarded += 1
            }
            if zmq_msg_more(&message) == 0 { break }
        }
        return ReceivedMessage(frames: frames, discardedFrames: discarded)
    }
}

/// A multipart message as received: its frames, and how many over-limit frames were dropped.
public struct ReceivedMessage: Sendable {
    public var frames: [[UInt8]]
    /// Frames beyond the receiver's limit that were read and thrown away; non-zero means malformed.
    public var discardedFrames: Int

    public init(frames: [[UInt8]], discardedFrames: Int = 0) {
        self.frames = frames
        self.discardedFrames = discardedFrames
    }
}

/// The socket options byline sets.
public struct SocketOption: Sendable, CustomStringConvertible {
    let rawValue: Int32
    let name: String

    public static let linger = SocketOption(rawValue: ZMQ_LINGER, name: "ZMQ_LINGER")
    public static let sendHighWaterMark = SocketOption(rawValue: ZMQ_SNDHWM, name: "ZMQ_SNDHWM")
    public static let receiveHighWaterMark = SocketOption(rawValue: ZMQ_RCVHWM, name: "ZMQ_RCVHWM")
    /// Largest inbound frame in bytes (Int64); a peer that sends a larger one is disconnected.
    public static let maxMessageSize = SocketOption(rawValue: ZMQ_MAXMSGSIZE, name: "ZMQ_MAXMSGSIZE")
    /// ROUTER: report unroutable messages as `EHOSTUNREACH` instead of dropping them.
    public static let routerMandatory = SocketOption(rawValue: ZMQ_ROUTER_MANDATORY, name: "ZMQ_ROUTER_MANDATORY")
    /// ROUTER: a new peer with a routing id already in use takes it over.
    public static let routerHandover = SocketOption(rawValue: ZMQ_ROUTER_HANDOVER, name: "ZMQ_ROUTER_HANDOVER")
    public static let routingID = SocketOption(rawValue: ZMQ_ROUTING_ID, name: "ZMQ_ROUTING_ID")
    /// Queue messages only to completed connections.
    public static let immediate = SocketOption(rawValue: ZMQ_IMMEDIATE, name: "ZMQ_IMMEDIATE")
    public static let reconnectInterval = SocketOption(rawValue: ZMQ_RECONNECT_IVL, name: "ZMQ_RECONNECT_IVL")
    public static let reconnectIntervalMax = SocketOption(rawValue: ZMQ_RECONNECT_IVL_MAX, name: "ZMQ_RECONNECT_IVL_MAX")
    public static let ipv6 = SocketOption(rawValue: ZMQ_IPV6, name: "ZMQ_IPV6")
    public static let curveServer = SocketOption(rawValue: ZMQ_CURVE_SERVER, name: "ZMQ_CURVE_SERVER")
    public static let curvePublicKey = SocketOption(rawValue: ZMQ_CURVE_PUBLICKEY, name: "ZMQ_CURVE_PUBLICKEY")
    public static let curveSecretKey = SocketOption(rawValue: ZMQ_CURVE_SECRETKEY, name: "ZMQ_CURVE_SECRETKEY")
    public static let curveServerKey = SocketOption(rawValue: ZMQ_CURVE_SERVERKEY, name: "ZMQ_CURVE_SERVERKEY")
    public static let zapDomain = SocketOption(rawValue: ZMQ_ZAP_DOMAIN, name: "ZMQ_ZAP_DOMAIN")

    public var description: String { name }
}
