import Foundation
import Ingest
import JobThreads
import Synchronization
import Testing

/// Pages are extracted on threads of their own, ahead of the reader, and come out in input order.
@Suite struct LookaheadTests {
    @Test func itemsComeOutInInputOrderWhateverOrderTheirJobsFinish() {
        let lookahead = OrderedLookahead<Int>(limit: 16, threads: 4)
        var next = 0
        var seen: [Int] = []
        while let item = lookahead.next({
            guard next < 60 else { return nil }
            defer { next += 1 }
            let index = next
            // Every seventh item is ready at once; the jobs of early items take longest.
            if index % 7 == 0 { return .ready(index) }
            return .job(bytes: 100) {
                usleep(UInt32((60 - index) % 6) * 300)
                return index
            }
        }) {
            seen.append(item)
        }
        #expect(seen == Array(0..<60))
    }

    @Test func noMoreJobsRunAtOnceThanThereAreThreads() {
        let running = Mutex((now: 0, most: 0))
        let lookahead = OrderedLookahead<Int>(limit: 32, threads: 3)
        var next = 0
        var count = 0
        while lookahead.next({
            guard next < 48 else { return nil }
            next += 1
            return .job(bytes: 1) {
                running.withLock { $0.now += 1; $0.most = max($0.most, $0.now) }
                usleep(500)
                running.withLock { $0.now -= 1 }
                return 1
            }
        }) != nil {
            count += 1
        }
        #expect(count == 48)
        #expect(running.withLock { $0.most } <= 3)
        #expect(running.withLock { $0.now } == 0)
    }

    @Test func theCoresAreTheAffinityMaskCappedByTheCgroupQuota() {
        #expect(Cores.allowedCPUs(status: "Name:\tbyline\nCpus_allowed:\t3\nCpus_allowed_list:\t0-1\n") == 2)
        #expect(Cores.allowedCPUs(status: "Cpus_allowed:\t1\n") == 1)
        #expect(Cores.allowedCPUs(status: "Cpus_allowed:\tff,00000001\n") == 9)
        #expect(Cores.allowedCPUs(status: "Name:\tbyline\n") == nil)
        #expect(Cores.cgroup("12:cpu:/\n0::/system.slice/job.scope\n") == "/system.slice/job.scope")
        #expect(Cores.cgroup("0::/\n") == "/")
        #expect(Cores.cgroup("4:memory:/x\n") == nil)
        #expect(Cores.quota(cpuMax: "max 100000\n") == nil)
        #expect(Cores.quota(cpuMax: "100000 100000\n") == 1)
        #expect(Cores.quota(cpuMax: "150000 100000\n") == 2)
        #expect(Cores.quota(cpuMax: "50000 100000\n") == 1)
        #expect(Cores.available >= 1 && Cores.available <= ProcessInfo.processInfo.activeProcessorCount)
    }
}
