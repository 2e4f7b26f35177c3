import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Simulated hosts: network namespaces joined to a "coordinator host" by veth pairs.
enum NetworkNamespaces {
    static let ip = "/usr/sbin/ip"

    /// Whether this process may create network namespaces (root with iproute2).
    static let available: Bool = {
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: ip) else { return false }
        let probe = "byl-probe-\(getpid())"
        guard (try? run(ip, ["netns", "add", probe], seconds: 10).status) == 0 else { return false }
        _ = try? run(ip, ["netns", "del", probe], seconds: 10)
        return true
    }()

    @discardableResult
    static func ip(_ arguments: [String]) throws -> Int32 {
        let result = try run(ip, arguments, seconds: 10)
        if result.status != 0 { Issue.record("ip \(arguments.joined(separator: " ")): \(result.err)") }
        return result.status
    }
}

extension EndToEnd {
    @Suite struct NetworkTests {
        /// Workers on two simulated hosts; one host is cut off mid-batch (`ip link set … down`):
        /// its work is sent to the other, and every article comes back exactly once.
        @Test(.enabled(if: NetworkNamespaces.available, "needs root and `ip netns`: network namespaces are not permitted here"))
        func aHostCutOffMidBatchLosesNoArticle() throws {
            let tag = "\(getpid() % 10000)"
            let hub = "byl-c\(tag)"
            let hosts = ["byl-a\(tag)", "byl-b\(tag)"]
            defer {
                for namespace in [hub] + hosts { _ = try? run(NetworkNamespaces.ip, ["netns", "del", namespace], seconds: 10) }
            }
            try NetworkNamespaces.ip(["netns", "add", hub])
            try NetworkNamespaces.ip(["netns", "exec", hub, "ip", "link", "set", "lo", "up"])
            for (index, host) in hosts.enumerated() {
                let subnet = "10.77.\(index + 1)"
                let hubSide = "bc\(index)\(tag)"
                let hostSide = "bh\(index)\(tag)"
                try NetworkNamespaces.ip(["netns", "add", host])
                try NetworkNamespaces.ip(["link", "add", hubSide, "type", "veth", "peer", "name", hostSide])
                try NetworkNamespaces.ip(["link", "set", hubSide, "netns", hub])
                try NetworkNamespaces.ip(["link", "set", hostSide, "netns", host])
                try NetworkNamespaces.ip(["netns", "exec", hub, "ip", "addr", "add", "\(subnet).1/24", "dev", hubSide])
                try NetworkNamespaces.ip(["netns", "exec", host, "ip", "addr", "add", "\(subnet).2/24", "dev", hostSide])
                try NetworkNamespaces.ip(["netns", "exec", hub, "ip", "link", "set", hubSide, "up"])
                try NetworkNamespaces.ip(["netns", "exec", host, "ip", "link", "set", hostSide, "up"])
                try NetworkNamespaces.ip(["netns", "exec", host, "ip", "link", "set", "lo", "up"])
            }
            let port = 5700
            let coordinator = try Child(NetworkNamespaces.ip, [
                "netns", "exec", hub, Paths.byline, "coordinator", "--bind", "tcp://0.0.0.0:\(port)", "--require", "chaos", "--log-level", "warning",
            ])
            defer { coordinator.signal(SIGKILL) }
            let workers = try hosts.enumerated().map { index, host in
                try Child(NetworkNamespaces.ip, [
                    "netns", "exec", host, Paths.products + "/byline-chaos-plugin", "--connect", "tcp://10.77.\(index + 1).1:\(port)",
                    "--heartbeat-ms", "300", "--capacity", "2",
                ])
            }
            defer { workers.forEach { $0.signal(SIGKILL) } }
            let local = "tcp://127.0.0.1:\(port)"
            func registered() -> Int {
                let out = (try? run(NetworkNamespaces.ip, ["netns", "exec", hub, Paths.byline, "plugins", "--coordinator", local, "--json"]))?.out ?? ""
                return out.components(separatedBy: "\"pid\"").count - 1
            }
            #expect(eventually(seconds: 15) { registered() == 2 }, "workers on both hosts should register")

            let directory = Paths.temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let input = directory + "/articles.jsonl"
            try writeMarkedArticles(input, count: 120, marked: Set(0..<120), marker: "#slow")
            let out = directory + "/results.jsonl"
            let batch = try Child(NetworkNamespaces.ip, [
                "netns", "exec", hub, Paths.byline, "batch", input, "--out", out, "--coordinator", local, "--window", "8",
                "--deadline-ms", "20000", "--quiet",
            ])
            #expect(eventually(seconds: 60) { ((try? String(contentsOfFile: out, encoding: .utf8)) ?? "").split(separator: "\n").count >= 20 })
            try NetworkNamespaces.ip(["netns", "exec", hosts[0], "ip", "link", "set", "bh0\(tag)", "down"])
            #expect(batch.wait(seconds: 120) == 0, "\(batch.standardError)")
            let written = try records(out)
            #expect(written.map { $0["id"] as! String } == (0..<120).map { "m\($0)" })
            #expect(written.allSatisfy { $0["status"] as? String == "complete" })
            #expect(registered() == 1, "the cut-off worker should have been expired by missed heartbeats")
        }
    }
}
