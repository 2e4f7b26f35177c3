import AnalyzerKit
import AnalyzerRuntime
import AnalyzerTesting
import ArticleModel
import ReadabilityAnalyzer
import Testing
import WireProtocol

/// An analyzer that breaks its contract in every way the verifier must catch.
private struct BrokenAnalyzer: Analyzer {
    let descriptor = AnalyzerDescriptor(name: "broken", version: "1", produces: [.timexes])

    func analyze(_ request: AnalysisRequest) async throws -> AnalyzerOutput {
        let length = request.article.text.unicodeScalars.count
        if request.article.id == "empty" { throw AnalyzerError("cannot handle empty text") }
        return AnalyzerOutput(
            timexes: [Timex(id: "T1", span: Span(0, length + 1), text: "x", type: .date, value: "2025")],
            timeline: [])
    }
}

private struct NondeterministicAnalyzer: Analyzer {
    let descriptor = AnalyzerDescriptor(name: "random", version: "1", produces: [.extension])

    func analyze(_ request: AnalysisRequest) async throws -> AnalyzerOutput {
        AnalyzerOutput(extension: .number(Double.random(in: 0..<1)))
    }
}

@Suite struct ConformanceTests {
    @Test func readabilityConforms() async {
        let problems = await AnalyzerConformance.check(ReadabilityAnalyzer())
        #expect(problems.isEmpty, "\(problems)")
    }

    @Test func theVerifierCatchesBrokenAnalyzers() async {
        let problems = await AnalyzerConformance.check(BrokenAnalyzer())
        #expect(problems.contains { $0.contains("article 'empty': analyzer failed: analyzer-error: cannot handle empty text") })
        #expect(problems.contains { $0.contains("invalid-output") })  // the runtime refuses to send undeclared sections
        let random = await AnalyzerConformance.check(NondeterministicAnalyzer(), samples: [Article(id: "a", text: "x")])
        #expect(random == ["article 'a': two runs gave different output"])
    }

    @Test func readabilityFigures() {
        let stats = ReadabilityAnalyzer.measure("The cat sat on the mat. The U.S. envoy met officials in Geneva!")
        #expect(stats.words == 13)
        #expect(stats.sentences == 2)
        #expect(ReadabilityAnalyzer.measure("").fleschReadingEase == nil)
        #expect(ReadabilityAnalyzer.measure("table little Geneva") .syllables == 2 + 2 + 3)
    }

    @Test func embeddedWorkerRejectsInvalidTextAndMetadata() async {
        var worker = EmbeddedWorker(analyzer: ReadabilityAnalyzer())
        _ = worker.connect()
        let badText = WorkerMessage.request(
            id: [1], control: RequestControl(deadlineMs: 1000, attempt: 1), metadata: Array(#"{"id":"a"}"#.utf8), text: [0xFF]
        ).encoded()
        let badMetadata = WorkerMessage.request(
            id: [2], control: RequestControl(deadlineMs: 1000, attempt: 1), metadata: Array("{}".utf8), text: []
        ).encoded()
        for frames in [badText, badMetadata] {
            let out = await worker.receive(frames)
            let message = out.first.flatMap { try? WorkerMessage.decode($0) }
            guard case .fail(_, let failure) = message else {
                Issue.record("expected FAIL, got \(String(describing: message))")
                continue
            }
            #expect(failure.code == "invalid-request")
        }
    }
}
