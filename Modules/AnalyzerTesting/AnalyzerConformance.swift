public import AnalyzerKit
public import ArticleModel
import AnalyzerRuntime
import Foundation
import WireProtocol

/// The checks every analyzer must pass, in the spirit of swift-nio's `ByteToMessageDecoderVerifier`:
/// one verifier for every plugin.
///
/// For each sample article it runs the analyzer through the real wire path (REQUEST frames into an
/// ``EmbeddedWorker``, REPLY frames out, decoded as the coordinator decodes them) twice, and checks:
/// the reply is a REPLY, not a FAIL; the output passes the coordinator's validation (declared
/// sections only, spans inside the text, unique ids, scores in range); every `text` field next to a
/// span is the text at that span; and both runs give the same bytes.
public enum AnalyzerConformance {
    /// Articles that shake out offset bugs, crashes and nondeterminism.
    public static var samples: [Article] {
        let news = """
            WASHINGTON (Reuters) - U.S. Secretary of State Antony Blinken said on Tuesday that talks with \
            Iran’s foreign minister, Abbas Araqchi, would resume “as early as next week,” according to two officials.
            "We are not there yet," he told reporters. The E3—Britain, France and Germany—declined to comment.
            """
        let mixed = "Président Macron 🇫🇷 a dit «non» — 北京 said 😀 nothing; Tehran (طهران) replied e\u{301}. Zoë’s 3.5% rise."
        let paragraph = "Iran said on Sunday it would not halt enrichment, officials told Reuters. "
        return [
            Article(id: "empty", text: ""),
            Article(id: "whitespace", text: " \n\t \r\n "),
            Article(id: "news", text: news, title: "Talks to resume", publishedAt: "2025-06-19"),
            Article(id: "mixed-scripts", text: mixed),
            Article(id: "all-caps", text: news.uppercased()),
            Article(id: "no-punctuation", text: String(repeating: "the minister met the envoy in geneva and ", count: 200)),
            Article(id: "unbalanced-quotes", text: "He said “this never closes. And \"this neither. ‘Nor this."),
            Article(id: "crlf", text: news.replacingOccurrences(of: "\n", with: "\r\n")),
            Article(id: "huge", text: String(repeating: paragraph, count: 4_000)),
        ]
    }

    /// Every problem found; empty when the analyzer conforms.
    ///
    /// An analyzer that consumes sections gets them from `inputs` (for example another analyzer
    /// run on the same article), sent through the codec as the coordinator sends them.
    public static func check<A: Analyzer>(
        _ analyzer: A, samples: [Article] = samples, inputs: (@Sendable (Article) async throws -> AnalyzerOutput)? = nil
    ) async -> [String] {
        var problems = WorkerDescriptor(
            service: analyzer.descriptor.name, version: analyzer.descriptor.version,
            produces: analyzer.descriptor.produces.sorted(),
            consumes: analyzer.descriptor.consumes.isEmpty ? nil : analyzer.descriptor.consumes.sorted()
        ).validationProblems().map { "descriptor: \($0)" }
        var worker = EmbeddedWorker(analyzer: analyzer)
        _ = worker.connect()
        for (index, article) in samples.enumerated() {
            let place = "article '\(article.id)'"
            var consumed: [UInt8]?
            if let inputs {
                do {
                    consumed = WireJSON.encode(try await inputs(article).restricted(to: analyzer.descriptor.consumes))
                } catch {
                    problems.append("\(place): could not make the inputs: \(error)")
                    continue
                }
            }
            var replies: [[UInt8]] = []
            for run in 0..<2 {
                let request = WorkerMessage.request([WorkRequest(
                    id: [UInt8(index), UInt8(run)], control: RequestControl(deadlineMs: 60_000, attempt: 1),
                    metadata: WireJSON.encode(article.metadata), text: Array(article.text.utf8), inputs: consumed)]
                ).encoded()
                let sent = await worker.receive(request)
                guard sent.count == 1, let message = try? WorkerMessage.decode(sent[0]) else {
                    problems.append("\(place): expected one reply, got \(sent.count) message(s)")
                    continue
                }
                switch message {
                case .reply(let answers) where answers.count == 1:
                    replies.append(answers[0].output)
                case .fail(_, let failure):
                    problems.append("\(place): analyzer failed: \(failure.code): \(failure.message)")
                default:
                    problems.append("\(place): unexpected \(message.command)")
                }
            }
            guard let first = replies.first else { continue }
            if replies.count == 2, replies[0] != replies[1] {
                problems.append("\(place): two runs gave different output")
            }
            let output: AnalyzerOutput
            do {
                output = try WireJSON.decode(first, "output")
            } catch {
                problems.append("\(place): output does not decode: \(error)")
                continue
            }
            let scalars = Array(article.text.unicodeScalars)
            problems += output.validationProblems(textLength: scalars.count, declared: analyzer.descriptor.produces)
                .map { "\(place): \($0)" }
            problems += textMismatches(output, scalars).map { "\(place): \($0)" }
        }
        return problems
    }

    /// Items whose `text` is not the text at their `span`.
    static func textMismatches(_ output: AnalyzerOutput, _ scalars: [Unicode.Scalar]) -> [String] {
        var problems: [String] = []
        func check(_ span: Span, _ text: String, _ place: String) {
            guard span.isValid(inTextOfLength: scalars.count) else { return }  // reported by validation
            var actual = String.UnicodeScalarView()
            actual.append(contentsOf: scalars[span.start..<span.end])
            if String(actual) != text, problems.count < 20 {
                problems.append("\(place): text '\(text.prefix(40))' is not the text at \(span), '\(String(actual).prefix(40))'")
            }
        }
        for entity in output.entities ?? [] {
            for mention in entity.mentions { check(mention.span, mention.text, "entities[\(entity.id)].mentions") }
        }
        for quote in output.quotes ?? [] {
            if let cue = quote.cue { check(cue.span, cue.text, "quotes[\(quote.id)].cue") }
        }
        for stance in output.stances ?? [] {
            if let cue = stance.cue { check(cue.span, cue.text, "stances[\(stance.id)].cue") }
        }
        for target in output.sentiment ?? [] { check(target.span, target.text, "sentiment") }
        for timex in output.timexes ?? [] { check(timex.span, timex.text, "timexes[\(timex.id)]") }
        for event in output.timeline ?? [] { check(event.trigger.span, event.trigger.text, "timeline[\(event.id)].trigger") }
        for place in output.places ?? [] {
            if let first = place.mentions.first { check(first, place.text, "places[\(place.id)]") }
        }
        return problems
    }
}
