import CZeroMQ

#if canImport(Glibc)
import Glibc
#endif

/// Wakes a thread waiting in ``poll(_:timeoutMilliseconds:)`` from any other thread.
///
/// Backed by a Linux eventfd that the polling thread includes in its poll set. Used to tell a
/// socket-owning thread that work was queued for it, without sharing any socket between threads.
public final class Waker: @unchecked Sendable {
    // @unchecked: the only state is an eventfd; write(2) and read(2) on it are atomic and thread safe.
    public let descriptor: Int32

    public init() throws(ZMQError) {
        let fd = eventfd(0, Int32(EFD_NONBLOCK) | Int32(EFD_CLOEXEC))
        guard fd >= 0 else { throw ZMQError(code: errno, operation: "eventfd") }
        descriptor = fd
    }

    /// Makes the descriptor readable until the next ``drain()``. Safe from any thread, never blocks.
    public func wake() {
        var one: UInt64 = 1
        _ = withUnsafeBytes(of: &one) { write(descriptor, $0.baseAddress, 8) }
    }

    /// Clears pending wake-ups; call on the polling thread after the descriptor was readable.
    public func drain() {
        var value: UInt64 = 0
        _ = withUnsafeMutableBytes(of: &value) { read(descriptor, $0.baseAddress, 8) }
    }

    /// A poll item for this waker.
    public var pollItem: PollItem { PollItem(readableDescriptor: descriptor) }

    deinit {
        close(descriptor)
    }
}
