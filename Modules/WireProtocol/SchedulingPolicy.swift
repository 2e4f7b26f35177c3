#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// How the kernel schedules an analyzer worker's threads, or the coordinator's loop thread.
///
/// An analyzer worker is a throughput process: it wants long, uninterrupted runs of CPU, not low
/// wake-up latency. Under Linux's default policy every wake-up (a message for this or any other
/// process) may preempt a running analysis; where there are fewer cores than analyzer processes, as
/// on a laptop or a 2-core box running a whole pipeline, those preemptions evict each analyzer's
/// working set again and again. `SCHED_BATCH` tells the kernel the threads are CPU-bound: they are not
/// preempted on wake-ups of their peers and do not preempt others on their own wake-ups, while time
/// slices stay fair. The coordinator's loop thread takes the same policy by default: it then waits
/// for a worker's time slice to end instead of preempting it on every message, which on the 2-core
/// benchmark cost less than the preemptions (`CoordinatorConfiguration.scheduling`).
/// `tools/bench-batch` measures both.
public enum SchedulingPolicy: String, CaseIterable, Sendable {
    /// `SCHED_BATCH` (Linux); elsewhere nothing changes.
    case batch
    /// The system's default policy, untouched.
    case normal

    /// Applies the policy to every thread of this process; threads created later inherit it from the
    /// thread that creates them. Returns the threads it could not change (none, normally: lowering to
    /// `SCHED_BATCH` needs no privilege).
    @discardableResult
    public func apply() -> [Int32] {
        #if os(Linux)
        guard self == .batch else { return [] }
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
        return tasks.compactMap { Int32($0) }.filter { !Self.setBatch($0) }
        #else
        return []
        #endif
    }

    /// Applies the policy to the calling thread only (Linux); threads it creates later inherit it.
    /// Returns whether the thread has it.
    @discardableResult
    public func applyToCurrentThread() -> Bool {
        #if os(Linux)
        // Thread id 0 is the calling thread.
        return self == .normal || Self.setBatch(0)
        #else
        return true
        #endif
    }

    #if os(Linux)
    /// Puts one thread under `SCHED_BATCH`, which is 3 on Linux (sched.h; Glibc's Swift overlay
    /// does not export it).
    private static func setBatch(_ thread: Int32) -> Bool {
        var parameters = sched_param()
        parameters.sched_priority = 0
        return sched_setscheduler(thread, 3, &parameters) == 0
    }
    #endif

    /// The policy of the calling thread, for checks: "batch", "normal" (SCHED_OTHER) or another name.
    public static func currentThreadPolicyName() -> String {
        #if os(Linux)
        switch sched_getscheduler(0) {
        case 0: return "normal"
        case 3: return "batch"
        case let other: return "policy \(other)"
        }
        #else
        return "normal"
        #endif
    }
}
