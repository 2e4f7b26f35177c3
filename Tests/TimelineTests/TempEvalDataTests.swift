import ArticleModel
import Foundation
import Testing
import TimelineAnalyzer

/// Checks on the TempEval-3 training data, when ../shared/data is there (CI has no copy; these
/// skip). Scores are not asserted here: `byline eval timeml` and tools/tempeval3-score report them.
@Suite(.enabled(if: hasTempEval, "../shared/data/tempeval3 is not present"))
struct TempEvalDataTests {
    /// Every TimeBank file reads, annotates, and keeps its TEXT exactly; a sample is enough to stay fast.
    @Test func timeBankFilesRoundTrip() throws {
        let directory = tempEvalDirectory.appendingPathComponent("TimeBank")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".tml") }.sorted()
        #expect(names.count > 100)
        for name in names.enumerated().filter({ $0.offset % 10 == 0 }).map(\.element) {
            let xml = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
            let document = try TimeMLDocument(xml: xml)
            let published = document.creationTime.flatMap { PublicationTime(iso8601: $0) ?? PublicationTime(iso8601: String($0.prefix(10))) }
            #expect(published != nil, "\(name): DCT \(document.creationTime ?? "none")")
            let timexes = TimelineAnalyzer.timexes(in: document.text, publishedAt: published)
            let reread = try TimeMLDocument(xml: document.annotated(with: timexes))
            #expect(reread.text == document.text, "\(name)")
            #expect(reread.annotations.count == timexes.count, "\(name)")
        }
    }

    /// Every output file of `byline eval timeml` on the training data is valid TimeML: the official
    /// toolkit validates each file before scoring and stops at the first it refuses.
    @Test func everyOutputFileDefinesWhatItRefersTo() throws {
        for corpus in ["TimeBank", "AQUAINT"] {
            let directory = tempEvalDirectory.appendingPathComponent(corpus)
            let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".tml") }.sorted()
            for name in names {
                let document = try TimeMLDocument(xml: try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8))
                let published = try document.publicationTime()
                let output = document.annotated(with: TimelineAnalyzer.timexes(in: document.text, publishedAt: published))
                let problems = TimeMLValidity.problems(output)
                #expect(problems.isEmpty, "\(corpus)/\(name): \(problems.count) problems, first \(problems.prefix(2))")
            }
        }
    }
}
