import ArticleModel
import Foundation
import Testing
import TextKit

private func texts(_ text: String) -> [String] { Tokenizer.tokenize(text).map(\.text) }

@Suite struct TokenizerTests {
    @Test func newsConventions() {
        #expect(texts("U.S. special envoy Steve Witkoff met Iran’s minister.") ==
                ["U.S.", "special", "envoy", "Steve", "Witkoff", "met", "Iran", "’s", "minister", "."])
        #expect(texts("Mr. Smith didn't go, Gen. Lee said.") == ["Mr.", "Smith", "did", "n't", "go", ",", "Gen.", "Lee", "said", "."])
        #expect(texts("a U.S.-led proposal and Iranian-backed groups") == ["a", "U.S.-led", "proposal", "and", "Iranian-backed", "groups"])
        #expect(texts("It rose 3.5% to $1,200.50 at 10:30 in the 1990s.") ==
                ["It", "rose", "3.5", "%", "to", "$", "1,200.50", "at", "10:30", "in", "the", "1990s", "."])
        #expect(texts("Europe—Britain, France (the E3)—called “halt” now…") ==
                ["Europe", "—", "Britain", ",", "France", "(", "the", "E3", ")", "—", "called", "“", "halt", "”", "now", "…"])
        #expect(texts("see https://example.com/a?b=1. or mail press@example.org") ==
                ["see", "https://example.com/a?b=1", ".", "or", "mail", "press@example.org"])
        #expect(texts("O'Brien's AT&T deal...") == ["O'Brien", "'s", "AT&T", "deal", "..."])
    }

    @Test func offsetsAreScalarOffsets() {
        let text = "😀 Zoë’s café e\u{301} 北京"
        let buffer = TextBuffer(text)
        for token in Tokenizer.tokenize(buffer) {
            #expect(buffer[token.span] == token.text)
        }
        #expect(Tokenizer.tokenize(buffer).map(\.text) == ["😀", "Zoë", "’s", "café", "e\u{301}", "北京"])
    }

    @Test func hugeAndEmptyInput() {
        #expect(Tokenizer.tokenize("").isEmpty)
        #expect(Tokenizer.tokenize(" \n\t ").isEmpty)
        let long = String(repeating: "word ", count: 20_000)
        #expect(Tokenizer.tokenize(long).count == 20_000)
    }
}

@Suite struct DocumentTests {
    static let seed = try! String(contentsOfFile: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("seeds/000_fcf9f9938e4dd5df.txt").path, encoding: .utf8)

    @Test func seedDatelineHeadingsAndSentences() throws {
        let document = Document(Self.seed)
        let dateline = try #require(document.dateline)
        #expect(document.buffer[dateline.span] == "ISLAMABAD (PEN) :")
        #expect(dateline.place == "ISLAMABAD")
        #expect(dateline.source == "PEN")
        #expect(document.title == nil)
        #expect(document.headings.map { document.buffer[$0] } == [
            "Diplomatic Outreach Amid Crisis", "Enrichment Consortium Proposal Revisited",
            "Trump’s Role and Diplomatic Openings", "Europe Steps Up Mediation Efforts",
        ])
        let sentences = document.sentences.map { document.buffer[$0.span] }
        #expect(sentences.first?.hasPrefix("In a notable shift") == true)
        #expect(sentences.contains("Trump, however, swiftly denied the claim."))
        #expect(sentences.contains("“For now, the Iranians view a quiet channel through Europe as the most viable route,” the official said."))
        #expect(sentences.contains { $0.hasPrefix("Araqchi is said to have told Witkoff") && $0.hasSuffix("offensive.") })
        // No sentence includes a heading or the dateline.
        for sentence in document.sentences {
            #expect(!document.headings.contains { $0.overlaps(sentence.span) })
            #expect(!sentence.span.overlaps(dateline.span))
        }
        #expect(sentences.count == 22, "\(sentences.joined(separator: "\n"))")
    }

    @Test func datelineForms() {
        let cases = [
            ("WASHINGTON (Reuters) - The talks resumed.", "WASHINGTON (Reuters) -", "WASHINGTON", "Reuters", nil as String?),
            ("LONDON, June 19, 2025 (AP) — Prices rose.", "LONDON, June 19, 2025 (AP) —", "LONDON", "AP", "2025-06-19"),
            ("ST. LOUIS — A storm hit.", "ST. LOUIS —", "ST. LOUIS", nil, nil),
        ]
        for (text, span, place, source, date) in cases {
            let document = Document(text)
            #expect(document.dateline.map { document.buffer[$0.span] } == span, "\(text)")
            #expect(document.dateline?.place == place)
            #expect(document.dateline?.source == source)
            #expect(document.dateline?.date == date)
        }
        #expect(Document("NATO said on Monday it would act.").dateline == nil)
        #expect(Document("The UN: a history.").dateline == nil)
    }

    @Test func titlesAndSoftWrappedParagraphs() {
        let text = "Iran Rejects Consortium Plan\n\nTehran said the plan was\nunacceptable. Officials met on Sunday.\n\nMore talks are due."
        let document = Document(text)
        #expect(document.title.map { document.buffer[$0] } == "Iran Rejects Consortium Plan")
        #expect(document.paragraphs.count == 3)
        #expect(document.sentences.map { document.buffer[$0.span] } == [
            "Tehran said the plan was\nunacceptable.", "Officials met on Sunday.", "More talks are due.",
        ])
        #expect(document.structure.sentences.count == 3)
    }

    @Test func sentenceEdgeCases() {
        func split(_ text: String) -> [String] {
            let document = Document(text)
            return document.sentences.map { document.buffer[$0.span] }
        }
        #expect(split("\"Why?\" he asked. Nobody knew.") == ["\"Why?\" he asked.", "Nobody knew."])
        #expect(split("Talks with the U.S. The envoy left.") == ["Talks with the U.S.", "The envoy left."])
        #expect(split("The U.S. envoy left. He said “No.” Then he went.") == ["The U.S. envoy left.", "He said “No.”", "Then he went."])
        #expect(split("no punctuation at all here") == ["no punctuation at all here"])
        #expect(split("") == [])
        #expect(split("ALL CAPS TEXT. MORE OF IT.") == ["ALL CAPS TEXT.", "MORE OF IT."])
    }
}
