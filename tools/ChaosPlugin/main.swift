// byline-chaos-plugin: a misbehaving analyzer for fault-tolerance tests. It serves the service
// named by --service (default "chaos") and, depending on markers in the article text:
//   #hang   spins forever, ignoring cancellation (the runtime must give up on it and exit);
//   #crash  kills its own process at once (a poison article);
//   #slow   sleeps 300 ms;
//   otherwise answers an extension with the text length.

import AnalyzerKit
import AnalyzerRuntime
import ArticleModel
import Foundation

#if canImport(Glibc)
import Glibc
#endif

struct ChaosAnalyzer: Analyzer {
    let descriptor: AnalyzerDescriptor

    func analyze(_ request: AnalysisRequest) async throws -> AnalyzerOutput {
        let text = request.article.text
        if text.contains("#crash") {
            kill(getpid(), SIGKILL)
        }
        if text.contains("#hang") {
            var counter = 0
            while counter >= 0 { counter = (counter &+ 1) & 0xFFFF }  // never yields, never checks cancellation
        }
        if text.contains("#slow") {
            try await Task.sleep(for: .milliseconds(300))
        }
        return AnalyzerOutput(extension: .object(["length": .number(Double(text.unicodeScalars.count))]))
    }
}

var arguments = Array(CommandLine.arguments.dropFirst())
// --pure-computation declares the analyzer pure computation (it is not: #hang spins, #slow sleeps),
// so that tests can see what the runtime does when such a promise is broken.
let pureComputation = arguments.contains("--pure-computation")
arguments.removeAll { $0 == "--pure-computation" }
var service = "chaos"
if let index = arguments.firstIndex(of: "--service"), index + 1 < arguments.count {
    service = arguments[index + 1]
    arguments.removeSubrange(index...(index + 1))
}
await WorkerMain.run(
    ChaosAnalyzer(descriptor: AnalyzerDescriptor(
        name: service, version: "0", produces: [.extension], summary: "misbehaves on request, for tests", pureComputation: pureComputation)),
    arguments: arguments)
