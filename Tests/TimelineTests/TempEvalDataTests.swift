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
}
