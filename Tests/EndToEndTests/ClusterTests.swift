import AnalyzerRuntime
import ArticleModel
import CoordinatorService
import Foundation
import ReadabilityAnalyzer
import ServiceLifecycle
import Testing
import WireProtocol
import ZeroMQ

#if canImport(Glibc)
import Glibc
#endif

/// Articles of about 4 KB with distinct ids and texts.
func sampleArticles(_ count: Int) -> [Article] {
    let seed = (try? String(contentsOfFile: Paths.seed, encoding: .utf8)) ?? "Iran said on Sunday it would talk."
    return (0..<count).map { index in
        Article(id: "article-\(index)", text: "Story \(index). " + seed.prefix(1000 + index % 97), publishedAt: "2025-06-19")
    }
}

/// Submits `articles` with at most `window` in flight and counts every RESULT per tag, so that an
/// article answered twice is caught; calls `progress` after each answer.
func submitCounting(
    _ client: CoordinatorClient, _ articles: [Article], window: Int, deadlineMs: Int, progress: (Int) -> Void
) throws -> (answers: [Int: Int], analyses: [Int: ArticleAnalysis], unexpected: [String]) {
    var unexpected: [String] = []
    var answers: [Int: Int] = [:]
    var analyses: [Int: ArticleAnalysis] = [:]
    var next = 0
    var outstanding = 0
    let giveUp = Date().addingTimeInterval(Double(deadlineMs) / 1000 + 60)
    while (next < articles.count || outstanding > 0) && Date() < giveUp {
        while next < articles.count && outstanding < window {
            try client.submit(articles[next], tag: Array(String(next).utf8), options: SubmitOptions(deadlineMs: deadlineMs))
            next += 1
            outstanding += 1
        }
        guard let message = try client.receive(timeoutMs: 1000) else { continue }
        guard case .result(let tag, let bytes) = message, let index = Int(String(decoding: tag, as: UTF8.self)) else {
            unexpected.append("\(message)")
            continue
        }
        answers[index, default: 0] += 1
        if answers[index] == 1 {
            outstanding -= 1
            analyses[index] = try JSONDecoder().decode(ArticleAnalysis.self, from: Data(bytes))
            progress(analyses.count)
        }
    }
    // Anything answered twice would arrive soon after: listen a little longer.
    while let message = try client.receive(timeoutMs: 300) {
        if case .result(let tag, _) = message, let index = Int(String(decoding: tag, as: UTF8.self)) {
            answers[index, default: 0] += 1
        }
    }
    return (answers, analyses, unexpected)
}

/// Polls STATUS until `service` has `count` live instances; returns the count seen last.
func waitForInstances(_ client: CoordinatorClient, _ service: String, _ count: Int, timeoutMs: Int = 10_000) throws -> Int {
    let deadline = Date().addingTimeInterval(Double(timeoutMs) / 1000)
    var seen = 0
    while Date() < deadline {
        seen = try client.status(timeoutMs: 1000)?.services.first { $0.name == service }?.instances.count ?? 0
        if seen >= count { return seen }
        usleep(20_000)
    }
    return seen
}

extension EndToEnd {
    @Suite struct InProcessTests {
        /// The whole runtime in one process over inproc://: coordinator, two workers, a client.
        @Test func coordinatorAndWorkersOverInproc() async throws {
            let context = try Context()
            let endpoint = "inproc://cluster-test"
            let server = try CoordinatorServer(configuration: CoordinatorConfiguration(endpoints: [endpoint], context: context))
            try await server.start()
            let workers = (0..<2).map { index in
                WorkerRuntime(
                    analyzer: ReadabilityAnalyzer(),
                    configuration: WorkerConfiguration(endpoint: endpoint, heartbeatMs: 500, instance: "inproc-\(index)", context: context))
            }
            try await withThrowingTaskGroup(of: Void.self) { group in
                let serviceGroup = ServiceGroup(services: workers, logger: .init(label: "test"))
                group.addTask { try await serviceGroup.run() }
                let articles = sampleArticles(50)
                let (instances, (answers, analyses, unexpected)) = try await ClientThread.run {
                    let client = try CoordinatorClient(context: context, endpoint: endpoint)
                    let instances = try waitForInstances(client, "readability", 2)
                    return (instances, try submitCounting(client, articles, window: 8, deadlineMs: 10_000) { _ in })
                }
                #expect(instances == 2)
                #expect(unexpected.isEmpty)
                #expect(answers.count == 50)
                #expect(answers.values.allSatisfy { $0 == 1 })
                #expect(analyses.values.allSatisfy { $0.provenance.map(\.status) == [.ok] && $0.extensions?["readability"] != nil })
                let status = await server.status()
                let completed = status.services.first?.instances.map(\.completed) ?? []
                #expect(completed.reduce(0, +) == 50)
                #expect(completed.allSatisfy { $0 > 0 })  // both instances took a share
                await serviceGroup.triggerGracefulShutdown()
                try await group.next()
            }
            server.shutdown()
            await server.waitUntilFinished()
        }
    }
}

enum Transport: String, CaseIterable, CustomTestStringConvertible {
    case ipc, tcp
    var testDescription: String { rawValue }
}

extension EndToEnd {
    @Suite struct ProcessClusterTests {
        /// Workers are CPU-bound throughput processes: every thread runs under SCHED_BATCH unless
        /// `--scheduling normal` says otherwise, including threads started after the policy was set.
        @Test func workersRunUnderTheBatchPolicy() throws {
            let directory = Paths.temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            // No coordinator: the workers keep reconnecting, with their socket and I/O threads running.
            let endpoint = "ipc://\(directory)/nobody.sock"
            let batch = try Child(Paths.byline, ["worker", "readability", "--connect", endpoint])
            defer { batch.signal(SIGKILL) }
            let normal = try Child(Paths.byline, ["worker", "readability", "--connect", endpoint, "--scheduling", "normal"])
            defer { normal.signal(SIGKILL) }
            // main, the cooperative pool, libzmq's I/O thread and the socket thread.
            let batched = eventually(seconds: 10) {
                let policies = threadPolicies(batch.pid)
                return policies.count >= 4 && policies.allSatisfy { $0 == 3 }
            }
            #expect(batched, "\(threadPolicies(batch.pid))")
            #expect(eventually(seconds: 10) { threadPolicies(normal.pid).count >= 4 })
            let normalPolicies = threadPolicies(normal.pid)
            #expect(normalPolicies.allSatisfy { $0 == 0 }, "\(normalPolicies)")
        }

        /// The coordinator's loop thread (and libzmq's threads, which its first socket starts) runs
        /// under SCHED_BATCH unless `--scheduling normal` says otherwise: on a machine its workers
        /// keep busy, its wake-ups then wait for their time slices instead of preempting them. The
        /// process's other threads keep the default.
        @Test func theCoordinatorLoopRunsUnderTheBatchPolicy() async throws {
            let directory = Paths.temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let batchEndpoint = "ipc://\(directory)/batch.sock", normalEndpoint = "ipc://\(directory)/normal.sock"
            let batch = try Child(Paths.byline, ["coordinator", "--bind", batchEndpoint, "--log-level", "error"])
            defer { batch.signal(SIGKILL) }
            let normal = try Child(Paths.byline, ["coordinator", "--bind", normalEndpoint, "--log-level", "error", "--scheduling", "normal"])
            defer { normal.signal(SIGKILL) }
            // Both loops are running once they answer STATUS.
            let context = try Context()
            let up = try await ClientThread.run {
                try [batchEndpoint, normalEndpoint].allSatisfy { try CoordinatorClient(context: context, endpoint: $0).status(timeoutMs: 5000) != nil }
            }
            #expect(up, "\(batch.standardError) \(normal.standardError)")
            let batchPolicies = threadPolicies(batch.pid)
            #expect(batchPolicies.contains(3) && batchPolicies.contains(0), "\(batchPolicies)")
            let normalPolicies = threadPolicies(normal.pid)
            #expect(normalPolicies.count >= 3 && normalPolicies.allSatisfy { $0 == 0 }, "\(normalPolicies)")
        }

        /// Coordinator, two instances of one analyzer and the Python plugin as real processes; one
        /// instance is killed with SIGKILL during a stream of 200 articles: all 200 are answered, none twice.
        @Test(arguments: Transport.allCases)
        func killingAWorkerLosesNoArticle(_ transport: Transport) async throws {
            let directory = Paths.temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let bind = transport == .ipc ? "ipc://\(directory)/c.sock" : "tcp://127.0.0.1:\(freeTCPPort())"
            let coordinator = try Child(Paths.byline, ["coordinator", "--bind", bind, "--log-level", "warning"])
            defer { coordinator.signal(SIGKILL) }
            let context = try Context()
            // The coordinator is up when it answers STATUS.
            let up = try await ClientThread.run {
                try CoordinatorClient(context: context, endpoint: bind).status(timeoutMs: 5000) != nil
            }
            #expect(up, "coordinator did not come up: \(coordinator.standardError)")

            let workers = try (0..<2).map { index in
                try Child(Paths.byline, ["worker", "readability", "--connect", bind, "--heartbeat-ms", "500"],
                          environment: ["BYLINE_INSTANCE": "readability-\(index)"])
            }
            defer { workers.forEach { $0.signal(SIGKILL) } }
            let python = try Child("/usr/bin/env", ["python3", Paths.pythonPlugin, "--connect", bind])
            defer { python.signal(SIGKILL) }

            let victim = workers[0].pid
            let articles = sampleArticles(200)
            let (instances, keywords, (answers, analyses, unexpected)) = try await ClientThread.run {
                let client = try CoordinatorClient(context: context, endpoint: bind)
                let instances = try waitForInstances(client, "readability", 2)
                let keywords = try waitForInstances(client, "keywords", 1)
                return (instances, keywords, try submitCounting(client, articles, window: 8, deadlineMs: 20_000) { done in
                    if done == 40 { kill(victim, SIGKILL) }
                })
            }
            #expect(instances == 2)
            #expect(keywords == 1, "python stderr: \(python.standardError)")
            #expect(unexpected.isEmpty)
            #expect(answers.count == 200)
            #expect(answers.values.allSatisfy { $0 == 1 }, "answered more than once: \(answers.filter { $0.value > 1 }.keys.sorted())")
            for (index, analysis) in analyses {
                #expect(analysis.article.id == "article-\(index)")
                let readability = analysis.provenance.first { $0.analyzer == "readability" }
                #expect(readability?.status == .ok, "article \(index): \(String(describing: readability))")
                #expect(analysis.provenance.first { $0.analyzer == "keywords" }?.status == .ok)
                #expect(analysis.extensions?["keywords"] != nil)
            }
            // The killed instance's articles were sent elsewhere.
            #expect(analyses.values.contains { $0.provenance.contains { $0.analyzer == "readability" && $0.attempts == 2 } })
        }
    }
}

/// The kernel scheduling policy of every thread of `pid` (field 41 of /proc/PID/task/TID/stat:
/// 0 SCHED_OTHER, 3 SCHED_BATCH).
func threadPolicies(_ pid: Int32) -> [Int] {
    let threads = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
    return threads.compactMap { thread in
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/task/\(thread)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        return fields.count > 38 ? Int(fields[38]) : nil
    }
}

/// A TCP port nobody listens on now (the kernel picks it; racy only in theory).
func freeTCPPort() -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
    return Int(UInt16(bigEndian: address.sin_port))
}
