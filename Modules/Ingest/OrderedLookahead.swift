import Foundation
import JobThreads

/// An item on its way: ready, or work (such as extracting a page) still to run.
public enum Pending<Item: Sendable> {
    case ready(Item)
    /// Work to run off the reading thread; `bytes` is what it holds in memory until it has run.
    case job(bytes: Int, work: @Sendable () -> Item)
}

/// Runs the work of a sequence of pending items on every core this process may use, a bounded
/// number ahead of the consumer, and hands out the items in the order they came in, whatever
/// order the work finishes in.
///
/// Reading stays on the caller's thread (files and archives are read in order); only the jobs run
/// concurrently, on threads of their own, one per core. They are not Dispatch's: the caller often
/// waits here from a thread of the shared pool (a Swift concurrency thread), and on a machine or
/// container with one core the pool would not start another thread until its monitor noticed the
/// wait, a second later. At most `limit` items, and about `byteLimit` bytes of job input, are held
/// ahead.
public final class OrderedLookahead<Item: Sendable> {
    private final class Slot: @unchecked Sendable {
        // @unchecked: `item` is written once, by the job before it signals `done`, and read by the
        // consumer only after waiting on `done`.
        var item: Item?
        let done = DispatchSemaphore(value: 0)
        let bytes: Int

        init(item: Item?, bytes: Int) {
            self.item = item
            self.bytes = bytes
        }
    }

    private var slots: [Slot] = []
    private var head = 0
    private var queuedBytes = 0
    private let limit: Int
    private let byteLimit: Int
    private let threads: Int
    private var workers: JobThreads?

    /// `limit`: items held ahead at most (default: four per core); `byteLimit`: bytes of job input
    /// held ahead at most (one job is always allowed, whatever its size); `threads`: how many jobs
    /// run at once (default: one per core).
    public init(limit: Int? = nil, byteLimit: Int = 96 << 20, threads: Int? = nil) {
        self.threads = max(1, threads ?? Cores.available)
        self.limit = max(1, limit ?? 4 * self.threads)
        self.byteLimit = byteLimit
    }

    deinit {
        workers?.stop()
    }

    /// The next item in input order, pulling from `source` to keep the cores busy; nil at the end.
    public func next(_ source: () -> Pending<Item>?) -> Item? {
        while slots.count - head < limit, head == slots.count || queuedBytes < byteLimit {
            guard let pending = source() else { break }
            switch pending {
            case .ready(let item):
                let slot = Slot(item: item, bytes: 0)
                slot.done.signal()
                slots.append(slot)
            case .job(let bytes, let work):
                let slot = Slot(item: nil, bytes: bytes)
                queuedBytes += bytes
                slots.append(slot)
                if workers == nil { workers = JobThreads(count: threads) }
                workers?.submit {
                    slot.item = work()
                    slot.done.signal()
                }
            }
        }
        guard head < slots.count else { return nil }
        let slot = slots[head]
        head += 1
        slot.done.wait()
        queuedBytes -= slot.bytes
        if head > 64, head * 2 > slots.count {
            slots.removeFirst(head)
            head = 0
        }
        return slot.item
    }
}
