import ArticleModel
import Foundation
import Testing
import TimelineAnalyzer

/// tools/tempeval3-score and its Swift twin TimexScore on a tiny hand-made pair.
@Suite struct ScorerTests {
    /// Gold: "Friday" (DATE), "last year" (DATE), "two weeks" (DURATION).
    static let gold = file("""
        On <TIMEX3 tid="t1" type="DATE" value="1998-02-13">Friday</TIMEX3> and <TIMEX3 tid="t2" type="DATE" value="1997">last year</TIMEX3> it ran for <TIMEX3 tid="t3" type="DURATION" value="P2W">two weeks</TIMEX3> &amp; more.
        """)
    /// System: "Friday" exact and right; "year" overlaps "last year" with the right value but the
    /// wrong type; "two weeks" missed; "more" spurious.
    static let system = file("""
        On <TIMEX3 tid="t1" type="DATE" value="1998-02-13">Friday</TIMEX3> and last <TIMEX3 tid="t2" type="DURATION" value="1997">year</TIMEX3> it ran for two weeks &amp; <TIMEX3 tid="t3" type="DATE" value="FUTURE_REF">more</TIMEX3>.
        """)

    static func file(_ text: String) -> String {
        """
        <?xml version="1.0" ?>
        <TimeML>
        <DOCID>PAIR</DOCID>
        <DCT><TIMEX3 tid="t0" type="DATE" value="1998-02-13" functionInDocument="CREATION_TIME">19980213</TIMEX3></DCT>
        <TEXT>\(text)</TEXT>
        </TimeML>

        """
    }

    // strict: 1 of 3 each way; relaxed: 2 of 3 each way; value right on both found; type on one.
    static let expected = (strictF1: 1.0 / 3, relaxedF1: 2.0 / 3, valueF1: 2.0 / 3, typeF1: 1.0 / 3)

    @Test func theSwiftScoreCountsStrictRelaxedValueAndType() throws {
        let gold = try TimeMLDocument(xml: Self.gold)
        let system = try TimeMLDocument(xml: Self.system)
        #expect(gold.text == system.text)
        let timexes = system.annotations.enumerated().map { index, a in
            Timex(id: "T\(index)", span: a.span, text: "", type: TimexType(rawValue: a.type)!, value: a.value)
        }
        var score = TimexScore()
        score.add(gold: gold.annotations, system: timexes)
        #expect(abs(score.strictF1 - Self.expected.strictF1) < 1e-9)
        #expect(abs(score.relaxedF1 - Self.expected.relaxedF1) < 1e-9)
        #expect(abs(score.valueF1 - Self.expected.valueF1) < 1e-9)
        #expect(abs(score.typeF1 - Self.expected.typeF1) < 1e-9)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/python3")))
    func theToolScoresTheSamePair() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("timeline-scorer-\(getpid())")
        let goldDir = base.appendingPathComponent("gold")
        let systemDir = base.appendingPathComponent("system")
        try FileManager.default.createDirectory(at: goldDir, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: systemDir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: base) }
        try Self.gold.write(to: goldDir.appendingPathComponent("pair.tml"), atomically: true, encoding: .utf8)
        try Self.system.write(to: systemDir.appendingPathComponent("pair.tml"), atomically: true, encoding: .utf8)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [repositoryRoot.appendingPathComponent("tools/tempeval3-score").path, goldDir.path, systemDir.path, "--json"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        func f1(_ key: String) -> Double { ((json[key] as? [String: Any])?["F1"] as? Double) ?? -1 }
        #expect(json["gold"] as? Int == 3)
        #expect(json["system"] as? Int == 3)
        #expect(abs(f1("strict") - Self.expected.strictF1) < 1e-9)
        #expect(abs(f1("relaxed") - Self.expected.relaxedF1) < 1e-9)
        #expect(abs(f1("value") - Self.expected.valueF1) < 1e-9)
        #expect(abs(f1("type") - Self.expected.typeF1) < 1e-9)
    }
}
