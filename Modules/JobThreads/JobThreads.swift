import Foundation

/// A fixed set of threads that run submitted jobs first in, first out.
public final class JobThreads: @unchecked Sendable {
    // @unchecked: `jobs`, `next` and `stopping` are read and written only with `condition` locked.
    private let condition = NSCondition()
    private var jobs: [@Sendable () -> Void] = []
    private var next = 0
    private var stopping = false

    /// Starts `count` threads, each with an 8 MB stack (what the main thread has on Linux).
    public init(count: Int) {
        for index in 0..<max(1, count) {
            let thread = Thread { [self] in run() }
            thread.name = "byline.job.\(index)"
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    public func submit(_ job: @escaping @Sendable () -> Void) {
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Lets the threads end: jobs not yet started are dropped (nobody waits for them any more),
    /// running ones finish.
    public func stop() {
        condition.lock()
        stopping = true
        jobs.removeAll()
        next = 0
        condition.broadcast()
        condition.unlock()
    }

    private func run() {
        while true {
            condition.lock()
            while next == jobs.count, !stopping { condition.wait() }
            if stopping {
                condition.unlock()
                return
            }
            let job = jobs[next]
            next += 1
            if next > 64, next * 2 > jobs.count {
                jobs.removeFirst(next)
                next = 0
            }
            condition.unlock()
            job()
        }
    }
}

/// The cores this process may run on.
public enum Cores {
    /// The CPUs in the process's affinity mask (`taskset`, a container's cpuset), fewer if a cgroup
    /// CPU quota allows less (`docker --cpus=1`); at least one. Foundation's
    /// `activeProcessorCount` counts every CPU the machine has online.
    public static let available: Int = {
        var count = ProcessInfo.processInfo.activeProcessorCount
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8), let allowed = allowedCPUs(status: status) {
            count = min(count, allowed)
        }
        if let groups = try? String(contentsOfFile: "/proc/self/cgroup", encoding: .utf8), let group = cgroup(groups),
            let limit = try? String(contentsOfFile: "/sys/fs/cgroup" + (group == "/" ? "" : group) + "/cpu.max", encoding: .utf8),
            let quota = quota(cpuMax: limit)
        {
            count = min(count, quota)
        }
        return max(1, count)
    }()

    /// The CPUs in `Cpus_allowed` of a `/proc/PID/status` text (a hexadecimal mask in 32-bit
    /// groups joined by commas); nil without that line or with no CPU in it.
    public static func allowedCPUs(status: String) -> Int? {
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Cpus_allowed:") }) else { return nil }
        var bits = 0
        for character in line.dropFirst("Cpus_allowed:".count) {
            guard let digit = character.hexDigitValue else { continue }
            bits += digit.nonzeroBitCount
        }
        return bits > 0 ? bits : nil
    }

    /// The cgroup v2 group of a `/proc/PID/cgroup` text: the path on its `0::` line.
    public static func cgroup(_ text: String) -> String? {
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("0::") }) else { return nil }
        let path = line.dropFirst(3).trimmingCharacters(in: .whitespaces)
        return path.hasPrefix("/") ? path : nil
    }

    /// The cores a cgroup v2 `cpu.max` ("QUOTA PERIOD" in microseconds) allows, rounded up; nil for
    /// no limit ("max PERIOD") or a text that is not a limit.
    public static func quota(cpuMax: String) -> Int? {
        let fields = cpuMax.split(whereSeparator: { $0 == " " || $0 == "\n" })
        guard fields.count == 2, let quota = Double(fields[0]), let period = Double(fields[1]), quota > 0, period > 0 else { return nil }
        return max(1, Int((quota / period).rounded(.up)))
    }
}
