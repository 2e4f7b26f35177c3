import CZeroMQ

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An error reported by libzmq: the `errno` value of the failed call and which call it was.
public struct ZMQError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The `errno` value libzmq reported (POSIX codes plus libzmq's own, such as `ETERM`).
    public let code: Int32
    /// The libzmq operation that failed, for messages (`"zmq_bind(tcp://*:5555)"`).
    public let operation: String

    public init(code: Int32, operation: String) {
        self.code = code
        self.operation = operation
    }

    /// The error of the last failed libzmq call on this thread.
    static func last(_ operation: String) -> ZMQError {
        ZMQError(code: zmq_errno(), operation: operation)
    }

    /// The operation would block (non-blocking send or receive found nothing to do).
    public var isWouldBlock: Bool { code == EAGAIN }
    /// The context was shut down or terminated.
    public var isContextTerminated: Bool { code == ZMQError.contextTerminatedCode }
    /// A ROUTER socket in mandatory mode was asked to route to a peer it does not know.
    public var isHostUnreachable: Bool { code == EHOSTUNREACH }
    /// A signal interrupted the call; retrying is safe.
    public var isInterrupted: Bool { code == EINTR }
    /// The endpoint is already bound by someone else.
    public var isAddressInUse: Bool { code == EADDRINUSE }

    /// libzmq's `ETERM`, defined relative to its private errno base.
    static let contextTerminatedCode: Int32 = 156_384_712 + 53

    public var description: String {
        "\(operation): \(String(cString: zmq_strerror(code)))"
    }
}
