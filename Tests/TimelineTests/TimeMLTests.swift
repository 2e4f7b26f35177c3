import ArticleModel
import Foundation
import Testing
import TimelineAnalyzer

/// Reading and writing TimeML for `byline eval timeml`.
@Suite struct TimeMLTests {
    static let sample = """
        <?xml version="1.0" ?>
        <TimeML>
        <DOCID>TEST0001</DOCID>
        <DCT><TIMEX3 tid="t0" type="DATE" value="1998-02-13" temporalFunction="false" functionInDocument="CREATION_TIME">19980213</TIMEX3></DCT>
        <TEXT>
        AT&amp;T <EVENT eid="e1" class="REPORTING">said</EVENT> on <TIMEX3 tid="t1" type="DATE" value="1998-02-13">Friday</TIMEX3> that &quot;profits&quot; rose &lt;5%&gt; in caf&#233; sales &#x2014; \
        <SIGNAL sid="s1">since</SIGNAL> <TIMEX3 tid="t2" type="DATE" value="1997">1997</TIMEX3>; a &amp;Cx1f; stays &apos;as is&apos;.
        </TEXT>
        <TLINK lid="l1" relType="BEFORE" eventInstanceID="ei1" relatedToTime="t0"/>
        </TimeML>

        """

    @Test func theTextIsReadWithTagsRemovedAndReferencesDecoded() throws {
        let document = try TimeMLDocument(xml: Self.sample)
        #expect(document.docID == "TEST0001")
        #expect(document.creationTime == "1998-02-13")
        #expect(document.text == "\nAT&T said on Friday that \"profits\" rose <5%> in café sales — since 1997; a &Cx1f; stays 'as is'.\n")
        #expect(document.annotations.map(\.value) == ["1998-02-13", "1997"])
        let friday = try #require(document.annotations.first)
        let scalars = Array(document.text.unicodeScalars)
        #expect(String(String.UnicodeScalarView(scalars[friday.span.start..<friday.span.end])) == "Friday")
    }

    @Test func writingKeepsTheHeaderAndTheTextExactly() throws {
        let document = try TimeMLDocument(xml: Self.sample)
        let timexes = TimelineAnalyzer.timexes(in: document.text, publishedAt: PublicationTime(iso8601: "1998-02-13"))
        #expect(timexes.map(\.text) == ["Friday", "1997"])
        let output = document.annotated(with: timexes)
        // header unchanged; the trailer without the input's links, which refer to its events
        let headerEnd = try #require(Self.sample.range(of: "<TEXT>")).upperBound
        #expect(output.hasPrefix(String(Self.sample[..<headerEnd])))
        #expect(output.hasSuffix("</TEXT>\n</TimeML>\n"))
        // TEXT with tags removed is the input's TEXT with tags removed, byte for byte
        #expect(Self.stripTags(Self.textElement(output)) == Self.stripTags(Self.textElement(Self.sample)))
        // only our TIMEX3 tags, with tid, type, value
        #expect(!Self.textElement(output).contains("<EVENT"))
        #expect(Self.textElement(output).contains(#"<TIMEX3 tid="t1" type="DATE" value="1998-02-13">Friday</TIMEX3>"#))
        // and it reads back to the same text and our annotations
        let reread = try TimeMLDocument(xml: output)
        #expect(reread.text == document.text)
        #expect(reread.annotations.map(\.span) == timexes.map(\.span))
    }

    /// The output is valid TimeML: every id it refers to is defined in it. The input's events are
    /// gone from TEXT and its timexes renumbered, so its MAKEINSTANCE and link elements must go too
    /// (they referred to `ei1`, `e1` and the input's `t2`), or the TempEval-3 toolkit refuses the file.
    @Test func theOutputDefinesEveryIdItRefersTo() throws {
        let linked = Self.sample.replacingOccurrences(of: "</TEXT>\n", with: """
            </TEXT>
            <MAKEINSTANCE eventID="e1" eiid="ei1" tense="PAST" aspect="NONE" polarity="POS" pos="VERB"/>
            <TLINK lid="l2" relType="IS_INCLUDED" eventInstanceID="ei1" relatedToTime="t1"/>
            <TLINK lid="l3" relType="AFTER" timeID="t0" relatedToTime="t2"/>
            <SLINK lid="l4" relType="EVIDENTIAL" eventInstanceID="ei1" subordinatedEventInstance="ei1"/>

            """)
        #expect(TimeMLValidity.problems(linked).isEmpty, "the input itself is valid")
        let document = try TimeMLDocument(xml: linked)
        // only the first of the input's two timexes is found: the input's t2 is not in the output
        let first = try #require(TimelineAnalyzer.timexes(in: document.text, publishedAt: PublicationTime(iso8601: "1998-02-13")).first)
        let output = document.annotated(with: [first])
        #expect(TimeMLValidity.problems(output) == [])
        #expect(output.contains("<DCT><TIMEX3 tid=\"t0\""))
        #expect(!output.contains("<MAKEINSTANCE") && !output.contains("LINK "))
        #expect(output.hasSuffix("</TEXT>\n</TimeML>\n"))
    }

    @Test func attributeValuesAreEscaped() throws {
        let document = try TimeMLDocument(xml: "<DCT><TIMEX3 tid=\"t0\" value=\"2000-01-01\"/></DCT><TEXT>a b</TEXT>")
        let odd = Timex(id: "T1", span: Span(0, 1), text: "a", type: .date, value: "a\"<&>'", mod: "X&Y")
        let output = document.annotated(with: [odd])
        #expect(output.contains(#"value="a&quot;&lt;&amp;&gt;&apos;" mod="X&amp;Y">a</TIMEX3>"#))
        #expect(try TimeMLDocument(xml: output).annotations.first?.value == "a\"<&>'")
    }

    @Test func brokenFilesAreErrorsNotCrashes() {
        #expect(throws: TimeMLError.self) { try TimeMLDocument(xml: "<TimeML><DOCID>x</DOCID></TimeML>") }
        #expect(throws: TimeMLError.self) { try TimeMLDocument(xml: "<TEXT>an <unclosed tag</TEXT>") }
        #expect(throws: TimeMLError.self) { try TimeMLDocument(xml: "<TEXTUAL>x</TEXTUAL>") }
        #expect((try? TimeMLDocument(xml: "<TEXT></TEXT>"))?.text == "")
    }

    static func textElement(_ xml: String) -> String {
        guard let open = xml.range(of: "<TEXT>"), let close = xml.range(of: "</TEXT>", options: .backwards) else { return "" }
        return String(xml[open.upperBound..<close.lowerBound])
    }

    static func stripTags(_ text: String) -> String {
        text.replacingOccurrences(of: "<[^>]*>", with: "", options: .regularExpression)
    }
}
