import ArticleModel
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

extension EndToEnd {
    @Suite struct CLITests {
        /// The README's command: a private cluster, the seed article, merged JSON out, nothing left behind.
        @Test func analyzeTheSeedArticle() throws {
            let before = Set(try FileManager.default.contentsOfDirectory(atPath: "/tmp").filter { $0.hasPrefix("byline-") })
            let result = try run(Paths.byline, ["analyze", Paths.seed, "--published", "2025-06-19"])
            #expect(result.status == 0, "\(result.err)")
            let analysis = try JSONDecoder().decode(ArticleAnalysis.self, from: Data(result.out.utf8))
            #expect(analysis.schema == "byline.article/1")
            #expect(analysis.article.id == "000_fcf9f9938e4dd5df")
            #expect(analysis.article.publishedAt == "2025-06-19")
            #expect(analysis.article.length == (try String(contentsOfFile: Paths.seed, encoding: .utf8)).unicodeScalars.count)
            #expect(!analysis.provenance.isEmpty)
            #expect(analysis.provenance.allSatisfy { $0.status == .ok }, "\(analysis.provenance)")
            #expect(analysis.extensions?["readability"] != nil)
            // No worker process and no private directory survive the command.
            #expect(processes(matching: "byline worker").isEmpty)
            let after = Set(try FileManager.default.contentsOfDirectory(atPath: "/tmp").filter { $0.hasPrefix("byline-") && !$0.hasPrefix("byline-test-") })
            #expect(after.subtracting(before).isEmpty)
        }

        /// `byline analyze … | head`: the reader leaves early; byline still stops its workers and
        /// removes its private socket directory.
        @Test func aReaderThatLeavesEarlyLeavesNothingBehind() throws {
            let scratch = "/tmp/byline-test-pipe-\(getpid())"
            try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: scratch) }
            let command = "TMPDIR=\(scratch) '\(Paths.byline)' analyze '\(Paths.seed)' '\(Paths.seed)' '\(Paths.seed)' --format jsonl | head -c 1"
            let result = try run("/bin/sh", ["-c", command])
            #expect(result.status == 0, "\(result.err)")
            #expect(result.out.count == 1)
            #expect(eventually(seconds: 5) { processes(matching: "byline worker").isEmpty })
            #expect(try FileManager.default.contentsOfDirectory(atPath: scratch).isEmpty)
        }

        @Test func badInputsAreNamedAndTheRestIsStillAnalysed() throws {
            let directory = Paths.temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let invalid = directory + "/latin1.txt"
            let binary = directory + "/image.png"
            let empty = directory + "/empty.txt"
            let jsonl = directory + "/batch.jsonl"
            let files: [(String, Data)] = [
                (invalid, Data([0x63, 0x61, 0x66, 0xE9, 0x20, 0x6F, 0x6B])),
                (binary, Data([0x89, 0x50, 0x4E, 0x47, 0x00, 0x00])),
                (empty, Data()),
                (jsonl, Data("""
                    {"id": "j1", "text": "Iran spoke.", "publishedAt": "2025-06-19"}
                    not json
                    {"id": "j3", "text": "Bad date.", "publishedAt": "2025-02-30"}
                    {"id": "j4", "text": "Fine."}
                    """.utf8)),
            ]
            for (path, contents) in files { #expect(FileManager.default.createFile(atPath: path, contents: contents)) }
            let result = try run(Paths.byline, ["analyze", invalid, Paths.seed, binary, empty, jsonl, directory + "/missing.txt", "--format", "jsonl"])
            #expect(result.status == 1)
            #expect(result.err.contains("latin1.txt: not valid UTF-8 text (first bad byte at offset 3)"))
            #expect(result.err.contains("image.png: looks like a binary file"))
            #expect(result.err.contains("batch.jsonl:2: not a JSON article"))
            #expect(result.err.contains("batch.jsonl:3 (j3): rejected: invalid-metadata: publishedAt '2025-02-30' is not an ISO 8601 date"))
            #expect(result.err.contains("missing.txt: no such file"))
            let ids = result.out.split(separator: "\n").map { line in
                (try? JSONDecoder().decode(ArticleAnalysis.self, from: Data(line.utf8)))?.article.id ?? "?"
            }
            #expect(ids == ["000_fcf9f9938e4dd5df", "empty", "j1", "j4"])  // input order
        }

        @Test func stdinAndJSONArticles() throws {
            let json = #"{"id": "s1", "title": "T", "text": "Araqchi said on Sunday that talks would resume."}"#
            let result = try run(Paths.byline, ["analyze", "-", "--with-text"], stdin: Data(json.utf8))
            #expect(result.status == 0, "\(result.err)")
            let analysis = try JSONDecoder().decode(ArticleAnalysis.self, from: Data(result.out.utf8))
            #expect(analysis.article.id == "s1")
            #expect(analysis.article.title == "T")
            #expect(analysis.text == "Araqchi said on Sunday that talks would resume.")
        }

        @Test func textOverTheLimitIsRejectedNamingTheLimit() throws {
            let result = try run(Paths.byline, ["analyze", Paths.seed, "--max-text-bytes", "1000"])
            #expect(result.status == 1)
            #expect(result.err.contains("over the limit of 1000 bytes"), "\(result.err)")
        }

        @Test func unreachableCoordinatorFailsWithinSeconds() throws {
            let started = Date()
            let result = try run(Paths.byline, ["analyze", Paths.seed, "--coordinator", "tcp://127.0.0.1:\(freeTCPPort())"], seconds: 15)
            #expect(result.status != 0)
            #expect(result.err.contains("no coordinator answered"), "\(result.err)")
            #expect(Date().timeIntervalSince(started) < 10)
        }

        @Test func unknownPluginAndEndpointInUse() throws {
            let unknown = try run(Paths.byline, ["worker", "nonesuch", "--connect", "tcp://127.0.0.1:9"])
            #expect(unknown.status != 0)
            #expect(unknown.err.contains("unknown plugin 'nonesuch'"))

            let port = freeTCPPort()
            let first = try Child(Paths.byline, ["coordinator", "--bind", "tcp://127.0.0.1:\(port)"])
            defer { first.signal(SIGKILL) }
            usleep(300_000)
            let second = try run(Paths.byline, ["coordinator", "--bind", "tcp://127.0.0.1:\(port)"], seconds: 10)
            #expect(second.status != 0)
            #expect(second.err.contains("already in use"), "\(second.err)")

            let directory = Paths.temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let ipc = try Child(Paths.byline, ["coordinator", "--bind", "ipc://\(directory)/c.sock"])
            defer { ipc.signal(SIGKILL) }
            #expect(eventually { FileManager.default.fileExists(atPath: directory + "/c.sock") })
            let stolen = try run(Paths.byline, ["coordinator", "--bind", "ipc://\(directory)/c.sock"], seconds: 10)
            #expect(stolen.status != 0)
            #expect(stolen.err.contains("another process is listening there"), "\(stolen.err)")
        }

        @Test func configurationErrorsNameTheKey() throws {
            let directory = Paths.temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let path = directory + "/byline.toml"
            try "[plugins.keywords]\ninstances = 2\ncomand = [\"python3\"]\n".write(toFile: path, atomically: true, encoding: .utf8)
            let typo = try run(Paths.byline, ["analyze", Paths.seed, "--config", path])
            #expect(typo.status != 0)
            #expect(typo.err.contains("[plugins.keywords]: unknown key 'comand'"), "\(typo.err)")
            try "[plugins.nonesuch]\n".write(toFile: path, atomically: true, encoding: .utf8)
            let unknown = try run(Paths.byline, ["analyze", Paths.seed, "--config", path])
            #expect(unknown.err.contains("plugin 'nonesuch' is not built into byline and has no command"))
            try "[coordinator]\nbatch_hold_ms = -1\n".write(toFile: path, atomically: true, encoding: .utf8)
            let negative = try run(Paths.byline, ["analyze", Paths.seed, "--config", path])
            #expect(negative.status != 0)
            #expect(negative.err.contains("batch_hold_ms = -1 is not in 0...10000"), "\(negative.err)")
            try "[coordinator]\nscheduling = \"fast\"\n".write(toFile: path, atomically: true, encoding: .utf8)
            let policy = try run(Paths.byline, ["analyze", Paths.seed, "--config", path])
            #expect(policy.status != 0)
            #expect(policy.err.contains(#"scheduling must be "batch" or "normal""#), "\(policy.err)")
            try "[coordinator]\nbatch_hold_ms = 0\nscheduling = \"normal\"\n".write(toFile: path, atomically: true, encoding: .utf8)
            #expect(try run(Paths.byline, ["analyze", Paths.seed, "--config", path, "--format", "jsonl"], seconds: 60).status == 0)
        }

        /// `byline up`: N instances per plugin, a crashed worker is restarted, SIGTERM stops everything.
        @Test func upRestartsCrashedWorkersAndStopsThemAll() throws {
            let directory = Paths.temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let endpoint = "ipc://\(directory)/c.sock"
            let config = directory + "/byline.toml"
            try """
                [coordinator]
                bind = ["\(endpoint)"]
                [plugins.readability]
                instances = 2
                [plugins.keywords]
                command = ["python3", "\(Paths.pythonPlugin)"]
                """.write(toFile: config, atomically: true, encoding: .utf8)
            let up = try Child(Paths.byline, ["up", "--config", config, "--log-level", "warning"])
            defer { up.signal(SIGKILL) }

            func status() throws -> [String: [Int]] {
                let result = try run(Paths.byline, ["plugins", "--coordinator", endpoint, "--json"], seconds: 10)
                guard result.status == 0,
                    let object = try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any],
                    let services = object["services"] as? [[String: Any]]
                else { return [:] }
                var pids: [String: [Int]] = [:]
                for service in services {
                    let instances = service["instances"] as? [[String: Any]] ?? []
                    pids[service["name"] as! String] = instances.compactMap { $0["pid"] as? Int }.sorted()
                }
                return pids
            }
            var before: [String: [Int]] = [:]
            #expect(try eventually(seconds: 15) {
                before = try status()
                return before["readability"]?.count == 2 && before["keywords"]?.count == 1
            }, "up did not start its workers: \(up.standardError)")

            let victim = try #require(before["readability"]?.first)
            kill(Int32(victim), SIGKILL)
            #expect(try eventually(seconds: 15) {
                let now = try status()["readability"] ?? []
                return now.count == 2 && !now.contains(victim)
            }, "the killed worker was not replaced")

            let children = processes(matching: "worker readability") + processes(matching: Paths.pythonPlugin)
            #expect(children.count == 3)
            up.signal(SIGTERM)
            #expect(up.wait(seconds: 20) == 0, "\(up.standardError)")
            #expect(eventually(seconds: 5) { children.allSatisfy { kill($0, 0) != 0 } }, "workers outlived byline up")
        }

        /// The Python plugin, written from docs/PROTOCOL.md alone, runs under `byline analyze`.
        @Test func pythonPluginFromTheSpec() throws {
            let directory = Paths.temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let config = directory + "/byline.toml"
            try "[plugins.keywords]\ncommand = [\"python3\", \"\(Paths.pythonPlugin)\"]\n".write(toFile: config, atomically: true, encoding: .utf8)
            let result = try run(Paths.byline, ["analyze", Paths.seed, "--config", config, "--with-text"])
            #expect(result.status == 0, "\(result.err)")
            let analysis = try JSONDecoder().decode(ArticleAnalysis.self, from: Data(result.out.utf8))
            #expect(Set(analysis.provenance.map(\.analyzer)).isSuperset(of: ["keywords", "readability"]))
            #expect(analysis.provenance.allSatisfy { $0.status == .ok }, "\(analysis.provenance)")
            guard case .object(let keywords) = analysis.extensions?["keywords"], case .array(let items) = keywords["keywords"] else {
                Issue.record("no keywords in \(String(describing: analysis.extensions))")
                return
            }
            #expect(!items.isEmpty)
            let scalars = Array(analysis.text!.unicodeScalars)
            for item in items {
                guard case .array(let spans) = item["spans"], case .string(let text) = item["text"] else { continue }
                for case .array(let pair) in spans {
                    guard case .number(let start) = pair[0], case .number(let end) = pair[1] else { continue }
                    var slice = String.UnicodeScalarView()
                    slice.append(contentsOf: scalars[Int(start)..<Int(end)])
                    #expect(String(slice).lowercased() == text.lowercased())
                }
            }
            #expect(processes(matching: Paths.pythonPlugin).isEmpty)
        }
    }
}
