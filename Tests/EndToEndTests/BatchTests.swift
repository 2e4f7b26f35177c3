import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Writes `count` JSONL articles with ids `prefix0…` and publication dates spread over 2025.
func writeArticles(_ path: String, count: Int, prefix: String = "a") throws {
    let seed = try String(contentsOfFile: Paths.seed, encoding: .utf8)
    var lines: [String] = []
    for index in 0..<count {
        let text = "Report \(index). " + seed.prefix(600 + index % 200)
        let object: [String: Any] = ["id": "\(prefix)\(index)", "text": text, "publishedAt": "2025-\(index % 12 + 1 < 10 ? "0" : "")\(index % 12 + 1)-15"]
        lines.append(String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self))
    }
    try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
}

/// The records of a batch output, in file order.
func records(_ path: String) throws -> [[String: Any]] {
    try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map { line in
        try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
    }
}

extension EndToEnd {
    @Suite struct BatchTests {
        @Test func everyInputGetsOneRecordInInputOrder() throws {
            let directory = Paths.temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let corpus = directory + "/corpus"
            try FileManager.default.createDirectory(atPath: corpus + "/b/c", withIntermediateDirectories: true)
            try "Iran said on Sunday that talks would resume.".write(toFile: corpus + "/a.txt", atomically: true, encoding: .utf8)
            try #"{"id": "json-1", "text": "Trump denied the claim.", "publishedAt": "2025-06-19"}"#.write(toFile: corpus + "/b/one.json", atomically: true, encoding: .utf8)
            #expect(FileManager.default.createFile(atPath: corpus + "/b/c/broken.txt", contents: Data([0x61, 0xFF, 0x62])))
            try "ignored".write(toFile: corpus + "/b/notes.md", atomically: true, encoding: .utf8)
            try writeArticles(corpus + "/b/c/many.jsonl", count: 20)
            let out = directory + "/results.jsonl"
            let db = directory + "/results.sqlite"

            let first = try run(Paths.byline, ["batch", corpus, "--out", out, "--db", db, "--window", "4"], seconds: 120)
            #expect(first.status == 1, "one input is unreadable: exit 1 (\(first.err))")
            #expect(first.err.contains("23 written (22 complete, 0 partial, 1 error), 0 already done"), "\(first.err)")
            let written = try records(out)
            // Files in sorted path order: a.txt, b/c/broken.txt, b/c/many.jsonl (line by line), b/one.json.
            let sources = written.map { URL(fileURLWithPath: $0["source"] as! String).lastPathComponent }
            #expect(sources.prefix(3) == ["a.txt", "broken.txt", "many.jsonl:1"])
            #expect(sources.last == "one.json")
            #expect(written.compactMap { $0["id"] as? String } == ["a"] + (0..<20).map { "a\($0)" } + ["json-1"])
            #expect((written[1]["error"] as? String)?.contains("not valid UTF-8") == true)
            #expect(written.filter { $0["status"] as? String == "complete" }.allSatisfy { $0["analysis"] != nil })

            // The same command again: nothing new, nothing duplicated.
            let second = try run(Paths.byline, ["batch", corpus, "--out", out, "--db", db], seconds: 60)
            #expect(second.err.contains("0 written (0 complete, 0 partial, 0 error), 23 already done"), "\(second.err)")
            #expect(try records(out).count == 23)

            // The results store answers queries and exports everything.
            let march = try run(Paths.byline, ["query", "--db", db, "--from", "2025-03-01", "--to", "2025-03-31", "--ids"])
            #expect(march.out.split(separator: "\n") == ["a2", "a14"])
            let errors = try run(Paths.byline, ["query", "--db", db, "--status", "error"])
            #expect(errors.out.split(separator: "\n").count == 1)
            let export = try run(Paths.byline, ["export", "--db", db])
            #expect(export.out == (try String(contentsOfFile: out, encoding: .utf8)))
        }

        /// The batch process killed mid-run, then the command rerun: no article lost, none duplicated.
        @Test func aKilledBatchResumesExactlyOnce() throws {
            let directory = Paths.temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let input = directory + "/articles.jsonl"
            try writeArticles(input, count: 600)
            let out = directory + "/results.jsonl"
            let arguments = ["batch", input, "--out", out, "--window", "16", "--quiet"]

            let victim = try Child(Paths.byline, arguments)
            #expect(eventually(seconds: 60) { ((try? String(contentsOfFile: out, encoding: .utf8)) ?? "").split(separator: "\n").count >= 100 })
            victim.signal(SIGKILL)
            victim.wait()
            let partial = (try? String(contentsOfFile: out, encoding: .utf8))?.split(separator: "\n").count ?? 0
            #expect(partial < 600, "the batch finished before it could be killed")
            // Its workers notice their parent is gone and leave; its private socket directory stays.
            #expect(eventually(seconds: 10) { processes(matching: "byline worker").isEmpty })
            #expect(privateDirectories(ownedBy: victim.pid).count == 1)

            let rerun = try run(Paths.byline, arguments, seconds: 180)
            #expect(rerun.status == 0, "\(rerun.err)")
            #expect(privateDirectories(ownedBy: victim.pid).isEmpty, "the rerun removes the killed run's directory")
            let ids = try records(out).map { $0["id"] as! String }
            #expect(ids == (0..<600).map { "a\($0)" })
        }

        /// Workers killed at random during a batch: every article answered exactly once, complete.
        @Test func killingWorkersDuringABatchLosesNothing() throws {
            let directory = Paths.temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let input = directory + "/articles.jsonl"
            try writeArticles(input, count: 2000)
            let out = directory + "/results.jsonl"
            let batch = try Child(Paths.byline, ["batch", input, "--out", out, "--instances", "2", "--window", "16", "--quiet"])
            var kills = 0
            let deadline = Date().addingTimeInterval(120)
            while batch.process.isRunning && Date() < deadline {
                usleep(200_000)
                let workers = processes(matching: "byline worker readability")
                if kills < 5, let target = workers.randomElement() {
                    kill(target, SIGKILL)
                    kills += 1
                }
            }
            #expect(batch.wait(seconds: 120) == 0, "\(batch.standardError)")
            #expect(kills >= 3, "the batch finished before enough workers could be killed")
            let written = try records(out)
            #expect(written.map { $0["id"] as! String } == (0..<2000).map { "a\($0)" })
            // An article caught by three kills in a row fails its section by design (bounded attempts); any
            // other article must come back complete.
            let incomplete = written.filter { $0["status"] as? String != "complete" }
            #expect(incomplete.count <= 5, "\(incomplete.prefix(3))")
            for record in incomplete {
                let problems = record["problems"] as? [[String: Any]] ?? []
                #expect(problems.allSatisfy { ($0["error"] as? String)?.contains("instances were lost") == true }, "\(record)")
            }
        }
    }
}

/// The private cluster directories (`$TMPDIR/byline-XXXXXX`) whose owner file names `pid`.
func privateDirectories(ownedBy pid: Int32) -> [String] {
    var base = ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp"
    if base.utf8.count > 60 { base = "/tmp" }
    let names = (try? FileManager.default.contentsOfDirectory(atPath: base)) ?? []
    return names.filter { name in
        name.hasPrefix("byline-") && (try? String(contentsOfFile: "\(base)/\(name)/owner", encoding: .utf8))?.split(separator: " ").first == "\(pid)"
    }
}
