import ArticleModel
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

extension EndToEnd {
    @Suite struct SecurityTests {
        /// With CURVE and an allow-list, a worker or client whose key is not allowed can neither
        /// register nor submit; allowed ones work.
        @Test func curveAllowListKeepsStrangersOut() throws {
            let directory = Paths.temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            for name in ["coord", "alice", "mallory"] {
                #expect(try run(Paths.byline, ["keygen", directory + "/" + name]).status == 0)
            }
            let secretMode = try FileManager.default.attributesOfItem(atPath: directory + "/alice.key")[.posixPermissions] as? Int
            #expect(secretMode == 0o600)
            try FileManager.default.createDirectory(atPath: directory + "/allowed", withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: directory + "/alice.pub", toPath: directory + "/allowed/alice.pub")
            let endpoint = "tcp://127.0.0.1:\(freeTCPPort())"
            let coordinator = try Child(Paths.byline, [
                "coordinator", "--bind", endpoint, "--curve-secret", directory + "/coord.key", "--curve-allow", directory + "/allowed",
                "--log-level", "warning",
            ])
            defer { coordinator.signal(SIGKILL) }
            func curve(_ name: String) -> [String] {
                ["--curve-server-key", directory + "/coord.pub", "--curve-secret", directory + "/\(name).key"]
            }
            let alice = try Child(Paths.byline, ["worker", "readability", "--connect", endpoint] + curve("alice"))
            defer { alice.signal(SIGKILL) }
            let mallory = try Child(Paths.byline, ["worker", "readability", "--connect", endpoint] + curve("mallory"))
            defer { mallory.signal(SIGKILL) }

            func instances() -> Int {
                let out = (try? run(Paths.byline, ["plugins", "--coordinator", endpoint, "--json"] + curve("alice")))?.out ?? ""
                return out.components(separatedBy: "\"pid\"").count - 1
            }
            #expect(eventually(seconds: 10) { instances() == 1 })
            usleep(1_500_000)
            #expect(instances() == 1, "only the allowed worker registers")
            #expect(coordinator.standardError.contains("refused a CURVE client whose key is not allowed"))

            let allowed = try run(Paths.byline, ["analyze", "--coordinator", endpoint, Paths.seed, "--format", "jsonl"] + curve("alice"))
            #expect(allowed.status == 0, "\(allowed.err)")
            #expect(try JSONDecoder().decode(ArticleAnalysis.self, from: Data(allowed.out.utf8)).provenance.first?.status == .ok)
            let refused = try run(Paths.byline, ["analyze", "--coordinator", endpoint, Paths.seed] + curve("mallory"), seconds: 20)
            #expect(refused.status != 0)
            #expect(refused.err.contains("is this client's public key on its --curve-allow list"), "\(refused.err)")
            let plain = try run(Paths.byline, ["analyze", "--coordinator", endpoint, Paths.seed], seconds: 20)
            #expect(plain.status != 0)
            #expect(plain.out.isEmpty)
        }

        /// `byline up` with CURVE gives its own workers a key of their own.
        @Test func upWithCurveRunsItsOwnWorkers() throws {
            let directory = Paths.temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            for name in ["coord", "client"] { _ = try run(Paths.byline, ["keygen", directory + "/" + name]) }
            let endpoint = "tcp://127.0.0.1:\(freeTCPPort())"
            let config = directory + "/byline.toml"
            try """
                [coordinator]
                bind = ["\(endpoint)"]
                curve_secret = "coord.key"
                curve_allow = "client.pub"
                [plugins.keywords]
                enabled = false
                """.write(toFile: config, atomically: true, encoding: .utf8)
            let up = try Child(Paths.byline, ["up", "--config", config, "--log-level", "warning"])
            defer { up.signal(SIGKILL) }
            let curve = ["--curve-server-key", directory + "/coord.pub", "--curve-secret", directory + "/client.key"]
            #expect(eventually(seconds: 15) {
                (try? run(Paths.byline, ["plugins", "--coordinator", endpoint, "--json"] + curve).out.contains("\"pid\"")) == true
            }, "\(up.standardError)")
            let analysed = try run(Paths.byline, ["analyze", "--coordinator", endpoint, Paths.seed, "--format", "jsonl"] + curve)
            #expect(analysed.status == 0, "\(analysed.err)")
            up.signal(SIGTERM)
            #expect(up.wait(seconds: 20) == 0)
        }
    }
}
