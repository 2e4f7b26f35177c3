import ArticleModel
import CoordinatorService
import Foundation
import Testing
import WireProtocol
import ZeroMQ

#if canImport(Glibc)
import Glibc
#endif

/// JSONL articles where the ones at `marked` carry `marker` in their text.
func writeMarkedArticles(_ path: String, count: Int, marked: Set<Int>, marker: String) throws {
    let lines = try (0..<count).map { index -> String in
        let text = "Article \(index). Iran said on Sunday it would talk." + (marked.contains(index) ? " \(marker)" : "")
        return String(decoding: try JSONSerialization.data(withJSONObject: ["id": "m\(index)", "text": text], options: [.sortedKeys]), as: UTF8.self)
    }
    try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
}

func chaosConfig(_ directory: String, extra: [String] = []) throws -> String {
    let path = directory + "/byline.toml"
    let command = ([Paths.products + "/byline-chaos-plugin"] + extra).map { "\"\($0)\"" }.joined(separator: ", ")
    try """
        [coordinator]
        max_attempts = 2
        [plugins.chaos]
        command = [\(command)]
        """.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

extension EndToEnd {
    @Suite struct FaultTests {
        /// A plugin that hangs on some articles: those are answered at their deadline with the section
        /// marked timeout, the stuck worker exits and is replaced, the batch goes on.
        @Test func hangingArticlesTimeOutAndTheWorkerIsReplaced() throws {
            let directory = Paths.temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let input = directory + "/articles.jsonl"
            try writeMarkedArticles(input, count: 30, marked: [5, 17], marker: "#hang")
            let config = try chaosConfig(directory, extra: ["--hang-grace-ms", "300"])
            let out = directory + "/results.jsonl"
            let result = try run(Paths.byline, ["batch", input, "--out", out, "--config", config, "--deadline-ms", "2000", "--window", "2", "--quiet"], seconds: 120)
            #expect(result.status == 0, "\(result.err)")
            let written = try records(out)
            #expect(written.map { $0["id"] as! String } == (0..<30).map { "m\($0)" })
            for (index, record) in written.enumerated() {
                let problems = (record["problems"] as? [[String: Any]]) ?? []
                if [5, 17].contains(index) {
                    #expect(record["status"] as? String == "partial")
                    #expect(problems.map { "\($0["analyzer"]!):\($0["status"]!)" } == ["chaos:timeout"], "\(record)")
                } else {
                    #expect(record["status"] as? String == "complete", "\(record["id"]!): \(problems)")
                }
            }
            #expect(result.err.contains("worker is stuck; exiting"), "the hung worker should have replaced itself")
            #expect(!result.err.contains("on the socket thread"), "an analyzer not declared pure computation never runs there")
        }

        /// An analyzer that claims to be pure computation and hangs anyway: it hangs on the socket
        /// thread, where only the watchdog can end it; the article times out, the worker is replaced,
        /// the batch goes on.
        @Test func aHangOnTheSocketThreadIsEndedByTheWatchdog() throws {
            let directory = Paths.temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let input = directory + "/articles.jsonl"
            try writeMarkedArticles(input, count: 12, marked: [6], marker: "#hang")
            let config = try chaosConfig(directory, extra: ["--pure-computation", "--hang-grace-ms", "300"])
            let out = directory + "/results.jsonl"
            // One article at a time: each finds the worker idle, and short articles run inline.
            let result = try run(Paths.byline, ["batch", input, "--out", out, "--config", config, "--deadline-ms", "2000", "--window", "1", "--quiet"], seconds: 120)
            #expect(result.status == 0, "\(result.err)")
            let written = try records(out)
            #expect(written.map { $0["id"] as! String } == (0..<12).map { "m\($0)" })
            let problems = (written[6]["problems"] as? [[String: Any]]) ?? []
            #expect(problems.map { "\($0["analyzer"]!):\($0["status"]!)" } == ["chaos:timeout"], "\(written[6])")
            #expect(written.enumerated().filter { $0.offset != 6 }.allSatisfy { $0.element["status"] as? String == "complete" })
            #expect(result.err.contains("an analysis on the socket thread ran past its deadline"), "\(result.err)")
        }

        /// A poison article that kills every instance it reaches: after a bounded number of attempts
        /// its section fails and the batch goes on; articles that shared an instance with it succeed.
        @Test func aPoisonArticleFailsItsSectionAndTheBatchGoesOn() throws {
            let directory = Paths.temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let input = directory + "/articles.jsonl"
            try writeMarkedArticles(input, count: 40, marked: [7], marker: "#crash")
            let config = try chaosConfig(directory)
            let out = directory + "/results.jsonl"
            let result = try run(Paths.byline, ["batch", input, "--out", out, "--config", config, "--deadline-ms", "20000", "--quiet"], seconds: 120)
            #expect(result.status == 0, "\(result.err)")
            let written = try records(out)
            #expect(written.count == 40)
            let poison = written[7]
            let problems = (poison["problems"] as? [[String: Any]]) ?? []
            #expect(poison["status"] as? String == "partial")
            #expect((problems.first?["error"] as? String)?.contains("instances were lost while analysing this article alone") == true, "\(poison)")
            #expect(written.enumerated().filter { $0.offset != 7 }.allSatisfy { $0.element["status"] as? String == "complete" },
                    "\(written.filter { $0["status"] as? String != "complete" }.map { $0["id"]! })")
        }

        /// The coordinator killed mid-batch: the batch stops with a clear message; once a coordinator
        /// is back, the same command finishes the job with no article lost or duplicated.
        @Test func coordinatorKilledMidBatchThenRerun() throws {
            let directory = Paths.temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let endpoint = "ipc://\(directory)/c.sock"
            let config = directory + "/byline.toml"
            try "[coordinator]\nbind = [\"\(endpoint)\"]\n[plugins.chaos]\ncommand = [\"\(Paths.products)/byline-chaos-plugin\"]\n"
                .write(toFile: config, atomically: true, encoding: .utf8)
            let input = directory + "/articles.jsonl"
            try writeMarkedArticles(input, count: 200, marked: Set(stride(from: 0, to: 200, by: 2)), marker: "#slow")
            let out = directory + "/results.jsonl"
            let arguments = ["batch", input, "--out", out, "--coordinator", endpoint, "--window", "8", "--quiet"]

            var cluster = try Child(Paths.byline, ["up", "--config", config, "--log-level", "error"])
            #expect(eventually(seconds: 15) { (try? run(Paths.byline, ["plugins", "--coordinator", endpoint]).out.contains("chaos")) == true })
            let batch = try Child(Paths.byline, arguments)
            #expect(eventually(seconds: 60) { ((try? String(contentsOfFile: out, encoding: .utf8)) ?? "").split(separator: "\n").count >= 30 })
            cluster.signal(SIGKILL)
            #expect(batch.wait(seconds: 40) == 1)
            #expect(batch.standardError.contains("stopped early") && batch.standardError.contains("Rerun the same command"), "\(batch.standardError)")
            let before = try records(out).count
            #expect(before < 200)

            cluster = try Child(Paths.byline, ["up", "--config", config, "--log-level", "error"])
            defer { cluster.signal(SIGTERM); cluster.wait(seconds: 20) }
            #expect(eventually(seconds: 15) { (try? run(Paths.byline, ["plugins", "--coordinator", endpoint]).out.contains("chaos")) == true })
            let rerun = try run(Paths.byline, arguments, seconds: 180)
            #expect(rerun.status == 0, "\(rerun.err)")
            #expect(try records(out).map { $0["id"] as! String } == (0..<200).map { "m\($0)" })
        }

        /// Workers reconnect and register again after the coordinator restarts.
        @Test func workersComeBackAfterACoordinatorRestart() throws {
            let directory = Paths.temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let endpoint = "ipc://\(directory)/c.sock"
            var coordinator = try Child(Paths.byline, ["coordinator", "--bind", endpoint])
            let worker = try Child(Paths.byline, ["worker", "readability", "--connect", endpoint, "--heartbeat-ms", "250"])
            defer { worker.signal(SIGKILL) }
            #expect(eventually(seconds: 10) { (try? run(Paths.byline, ["plugins", "--coordinator", endpoint, "--json"]).out.contains("\"pid\"")) == true })
            coordinator.signal(SIGKILL)
            coordinator.wait()
            coordinator = try Child(Paths.byline, ["coordinator", "--bind", endpoint])
            defer { coordinator.signal(SIGKILL) }
            #expect(eventually(seconds: 15) { (try? run(Paths.byline, ["plugins", "--coordinator", endpoint, "--json"]).out.contains("\"pid\"")) == true },
                    "the worker did not register with the new coordinator: \(worker.standardError)")
            let analysed = try run(Paths.byline, ["analyze", "--coordinator", endpoint, Paths.seed, "--format", "jsonl"])
            #expect(analysed.status == 0 && analysed.out.contains("\"readability\""), "\(analysed.err)")
        }

        /// Random and mutated frames thrown at a coordinator and at a worker for a bounded time: neither
        /// crashes nor hangs, and both still do their job afterwards.
        @Test func fuzzedFramesNeitherCrashNorHang() async throws {
            let directory = Paths.temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let endpoint = "ipc://\(directory)/c.sock"
            let coordinator = try Child(Paths.byline, ["coordinator", "--bind", endpoint, "--log-level", "error"])
            defer { coordinator.signal(SIGKILL) }
            let worker = try Child(Paths.byline, ["worker", "readability", "--connect", endpoint, "--log-level", "error"])
            defer { worker.signal(SIGKILL) }
            #expect(eventually(seconds: 10) { (try? run(Paths.byline, ["plugins", "--coordinator", endpoint, "--json"]).out.contains("\"pid\"")) == true })

            // A fake coordinator for a second worker: it gets garbage instead of requests.
            let fakeEndpoint = "ipc://\(directory)/fake.sock"
            let victim = try Child(Paths.byline, ["worker", "readability", "--connect", fakeEndpoint, "--log-level", "error"])
            defer { victim.signal(SIGKILL) }

            let sent = try await ClientThread.run { () -> Int in
                let context = try Context()
                let router = try Socket(context, .router)
                try router.bind(fakeEndpoint)
                let first = try Socket(context, .dealer)
                try first.connect(endpoint)
                let second = try Socket(context, .dealer)
                try second.connect(endpoint)
                var generator = SystemRandomNumberGenerator()
                let templates: [[[UInt8]]] = [
                    WorkerMessage.ready(WorkerDescriptor(service: "readability", version: "9", produces: [.extension])).encoded(),
                    WorkerMessage.reply(id: [0, 0, 0, 0, 0, 0, 0, 1], output: Array("{\"extension\":1}".utf8)).encoded(),
                    ClientMessage.submit(tag: [1], options: SubmitOptions(), metadata: Array("{\"id\":\"x\"}".utf8), text: [0x41]).encoded(),
                    WorkerMessage.request(id: [1], control: RequestControl(deadlineMs: 100, attempt: 1), metadata: Array("{\"id\":\"x\"}".utf8), text: [0x41]).encoded(),
                    [Array("BYLW01".utf8), [0x04]],
                ]
                var workerPeer: [UInt8]?
                var count = 0
                let end = Date().addingTimeInterval(2)
                while Date() < end {
                    var frames = templates[Int.random(in: 0..<templates.count, using: &generator)]
                    switch Int.random(in: 0..<4, using: &generator) {
                    case 0: frames = (0..<Int.random(in: 1...6, using: &generator)).map { _ in (0..<Int.random(in: 0...40, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) } }
                    case 1:
                        let index = Int.random(in: 0..<frames.count, using: &generator)
                        if !frames[index].isEmpty { frames[index][Int.random(in: 0..<frames[index].count, using: &generator)] ^= 0xFF }
                    case 2: frames.removeLast(Int.random(in: 0..<frames.count, using: &generator))
                    default: frames.append(Array(repeating: 0x7B, count: Int.random(in: 0...3000, using: &generator)))
                    }
                    if frames.isEmpty { frames = [[]] }
                    if count % 2 == 0 { _ = try? first.send(frames) } else { _ = try? second.send(frames) }
                    if let message = try router.receive() { workerPeer = message.frames.first }
                    if let peer = workerPeer { _ = try? router.send([peer] + frames) }
                    count += 1
                }
                return count
            }
            #expect(sent > 1000)
            // Both processes are alive and the coordinator still serves articles.
            #expect(kill(coordinator.pid, 0) == 0)
            #expect(kill(victim.pid, 0) == 0)
            let analysed = try run(Paths.byline, ["analyze", "--coordinator", endpoint, Paths.seed, "--format", "jsonl"], seconds: 30)
            #expect(analysed.status == 0, "\(analysed.err)")
            let analysis = try JSONDecoder().decode(ArticleAnalysis.self, from: Data(analysed.out.utf8))
            #expect(analysis.provenance.contains { $0.analyzer == "readability" && $0.status == .ok })
        }
    }
}
