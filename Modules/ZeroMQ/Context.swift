import CZeroMQ

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A libzmq context: the owner of I/O threads and of every socket made from it.
///
/// libzmq documents contexts as thread safe, so one context may be shared by any number of threads;
/// sockets made from it may not (see ``Socket``). The context is terminated when the last reference
/// goes away, which waits until every socket made from it has been closed: sockets keep a reference.
public final class Context: @unchecked Sendable {
    // @unchecked: the only state is libzmq's context handle, which libzmq makes thread safe.
    let handle: UnsafeMutableRawPointer

    /// Creates a context with `ioThreads` background I/O threads.
    public init(ioThreads: Int = 1) throws(ZMQError) {
        guard let handle = zmq_ctx_new() else { throw ZMQError.last("zmq_ctx_new") }
        self.handle = handle
        if zmq_ctx_set(handle, ZMQ_IO_THREADS, Int32(ioThreads)) != 0 {
            let error = ZMQError.last("zmq_ctx_set(ZMQ_IO_THREADS)")
            zmq_ctx_term(handle)
            throw error
        }
    }

    /// Makes every blocking call on this context's sockets return `ETERM`; safe from any thread.
    public func shutdown() {
        zmq_ctx_shutdown(handle)
    }

    deinit {
        while zmq_ctx_term(handle) != 0 && zmq_errno() == EINTR {}
    }
}

/// Facts about the linked libzmq.
public enum ZeroMQLibrary {
    /// The libzmq version as `major.minor.patch`.
    public static var version: String {
        var major: Int32 = 0, minor: Int32 = 0, patch: Int32 = 0
        zmq_version(&major, &minor, &patch)
        return "\(major).\(minor).\(patch)"
    }

    /// Whether libzmq was built with CURVE security (libsodium or tweetnacl).
    public static var hasCurve: Bool { zmq_has("curve") != 0 }
}
