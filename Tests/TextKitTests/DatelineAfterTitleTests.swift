import ArticleModel
import Testing
import TextKit

@Suite struct DatelineAfterTitleTests {
    @Test func datelineOpensTheFirstParagraphAfterATitle() throws {
        let text = "Blinken Meets Lavrov in Geneva\n\nGENEVA, Jan. 21 (Reuters) — U.S. Secretary of State Antony Blinken met Sergei Lavrov.\n\nThey spoke for an hour."
        let document = Document(text)
        #expect(document.title.map { document.buffer[$0] } == "Blinken Meets Lavrov in Geneva")
        let dateline = try #require(document.dateline)
        #expect(document.buffer[dateline.span] == "GENEVA, Jan. 21 (Reuters) —")
        #expect(dateline.place == "GENEVA")
        #expect(dateline.source == "Reuters")
        #expect(document.sentences.first.map { document.buffer[$0.span] }?.hasPrefix("U.S. Secretary") == true)
        for sentence in document.sentences { #expect(!sentence.span.overlaps(dateline.span)) }
    }

    @Test func datelineAfterAHeadlineEndingInAStop() throws {
        let text = "Virginian could make history. Again.\n\nNEWPORT NEWS, Va. - In a tradition that goes back 40 years, Rep. Scott threw open his yard.\n\nHe spoke."
        let document = Document(text)
        let dateline = try #require(document.dateline)
        #expect(dateline.place == "NEWPORT NEWS, Va.")
        #expect(document.sentences.contains { document.buffer[$0.span].hasPrefix("In a tradition") })
        // A long first paragraph is running text: the next one holds no dateline.
        let long = "The first paragraph of this story runs on for a while, well past what any headline would hold, and ends here.\n\nPARIS (AFP) - This is not a dateline position."
        #expect(Document(long).dateline == nil)
    }

    @Test func onlyTheFirstBodyParagraphCanHaveADateline() {
        let text = "Title Of The Story\n\nThe first paragraph has no dateline at all.\n\nPARIS (AFP) - This is not a dateline position."
        #expect(Document(text).dateline == nil)
    }
}

@Suite struct DatelineFormTests {
    @Test func regionsAndOrdinaryCasePlaces() {
        let cases = [
            ("KABUL, Afghanistan (AP) — A blast hit the city.", "KABUL, Afghanistan (AP) —", "KABUL, Afghanistan", "AP", nil as String?),
            ("FRESNO, Calif. — Fires spread.", "FRESNO, Calif. —", "FRESNO, Calif.", nil, nil),
            ("Islamabad, June 19 (PEN): Talks resumed.", "Islamabad, June 19 (PEN):", "Islamabad", "PEN", nil),
            ("Tehran (IRNA) - Officials said so.", "Tehran (IRNA) -", "Tehran", "IRNA", nil),
            ("LONDON, June 19, 2025 (AP) — Prices rose.", "LONDON, June 19, 2025 (AP) —", "LONDON", "AP", "2025-06-19"),
        ]
        for (text, span, place, source, date) in cases {
            let document = Document(text)
            #expect(document.dateline.map { document.buffer[$0.span] } == span, "\(text)")
            #expect(document.dateline?.place == place, "\(text)")
            #expect(document.dateline?.source == source, "\(text)")
            #expect(document.dateline?.date == date, "\(text)")
        }
        // Ordinary-case words and a dash are not a dateline without a source or date.
        #expect(Document("Iran — and its allies — rejected the plan.").dateline == nil)
        #expect(Document("President Trump - the former leader - spoke.").dateline == nil)
        #expect(Document("The UN: a history.").dateline == nil)
    }
}
