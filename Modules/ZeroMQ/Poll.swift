import CZeroMQ

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One entry of a `zmq_poll` set: a socket or a plain file descriptor, and what to wait for.
///
/// An item made from a socket refers to it without owning it: build the items, poll, and read
/// the results while the sockets are alive, all on the sockets' own thread.
public struct PollItem {
    var raw: zmq_pollitem_t

    /// Waits for `socket` to have a message to read.
    public init(readable socket: borrowing Socket) {
        raw = zmq_pollitem_t(socket: socket.handle, fd: 0, events: Int16(ZMQ_POLLIN), revents: 0)
    }

    /// Waits for a file descriptor (an eventfd, a pipe) to become readable.
    public init(readableDescriptor fd: Int32) {
        raw = zmq_pollitem_t(socket: nil, fd: fd, events: Int16(ZMQ_POLLIN), revents: 0)
    }

    /// After ``poll(_:timeoutMilliseconds:)``: something is ready to read.
    public var isReadable: Bool { raw.revents & Int16(ZMQ_POLLIN) != 0 }
}

/// Waits until an item is ready or `timeoutMilliseconds` pass (-1: no limit); returns how many are ready.
/// An interrupted wait returns 0 rather than throwing.
@discardableResult
public func poll(_ items: inout [PollItem], timeoutMilliseconds: Int) throws(ZMQError) -> Int {
    let ready = items.withUnsafeMutableBufferPointer { buffer in
        buffer.withMemoryRebound(to: zmq_pollitem_t.self) {
            zmq_poll($0.baseAddress, Int32($0.count), timeoutMilliseconds)
        }
    }
    if ready < 0 {
        let error = ZMQError.last("zmq_poll")
        if error.isInterrupted { return 0 }
        throw error
    }
    return Int(ready)
}
