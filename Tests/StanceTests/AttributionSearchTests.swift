import FeatureHashing
import Foundation
@testable import StanceAnalyzer
import Testing
import TextKit

@Suite struct AttributionSearchTests {
    /// Scores where the locally best first label leads nowhere: after `B-CUE` every label is poor,
    /// after `O` a content start is strong.
    static func trap(_ position: Int, _ previous: AttributionLabel, _ scores: inout [Float]) {
        for label in scores.indices { scores[label] = -1 }
        if position == 0 {
            scores[Int(AttributionLabel.beginCue.rawValue)] = 1.0
            scores[Int(AttributionLabel.outside.rawValue)] = 0.9
        } else if previous == .outside {
            scores[Int(AttributionLabel.beginContent.rawValue)] = 3
        } else {
            for label in scores.indices { scores[label] = -5 }
        }
    }

    static func search(width: Int) -> [AttributionLabel] {
        var beam = AttributionBeam(width: width)
        for position in 0..<2 {
            beam.advance { previous, _, scores in trap(position, previous, &scores) }
        }
        return beam.path(endingAt: 0)
    }

    @Test func theBeamKeepsThePathThatGreedyTaggingLoses() {
        #expect(Self.search(width: 1) == [.beginCue, .outside])  // ties go to the first label
        #expect(Self.search(width: 2) == [.outside, .beginContent])
        #expect(Self.search(width: 4) == [.outside, .beginContent])
    }

    @Test func anInsideLabelOnlyContinuesItsOwnRole() {
        // Inside-content scores best everywhere; the first token can only start it.
        var beam = AttributionBeam(width: 4)
        for _ in 0..<3 {
            beam.advance { _, _, scores in
                for label in scores.indices { scores[label] = 0 }
                scores[Int(AttributionLabel.insideContent.rawValue)] = 2
            }
        }
        #expect(beam.path(endingAt: 0) == [.beginContent, .insideContent, .insideContent])
    }

    @Test func theShippedTaggerSearchesWithTheWidthItWasTrainedFor() throws {
        let tagger = try #require(try StanceModels.bundled.get().attribution)
        #expect(tagger.beamWidth == 4)
        #expect(AttributionTagger(model: tagger.model, beamWidth: 1).beamWidth == 1)
    }

    /// The tagger adds the small-domain history features from dense tables: they must equal the
    /// model's own weights for the features the trainer extracted.
    @Test func historyTablesHoldTheModelsWeights() throws {
        let tagger = try #require(try StanceModels.bundled.get().attribution)
        let text = ArticleText("“We will not back down,” the spokesman said on Monday. Officials, according to Reuters, disagreed.")
        let features = AttributionFeatures(text: text, cuePrior: tagger.model.lexicon)
        let tables = HistoryTables(tagger.model)
        for sentence in text.document.sentences {
            for index in sentence.tokens {
                for previous in AttributionLabel.allCases {
                    for previous2 in AttributionLabel.allCases {
                        var buffer: [UInt64] = []
                        features.historyFeatures(index, sentence: sentence, previous: previous, previous2: previous2, into: &buffer)
                        var expected = [Float](repeating: 0, count: AttributionLabel.allCases.count)
                        let word = FeatureHash.feature(42, UInt64(previous.rawValue), text.wordHash[index])
                        for feature in buffer where feature != word { tagger.model.accumulate(feature, into: &expected) }
                        var actual = [Float](repeating: 0, count: expected.count)
                        tables.add(previous: previous, previous2: previous2, start: index == sentence.tokens.lowerBound ? 1 : 0,
                                   quote: Int(features.quoteState[index]), prior: Int(features.priorBucket[index]), into: &actual)
                        for label in expected.indices {
                            #expect(abs(expected[label] - actual[label]) < 1e-4, "token \(index) \(previous.name) \(previous2.name)")
                        }
                    }
                }
            }
        }
    }
}

@Suite struct CueCompletionTests {
    static func tokens(_ text: ArticleText, _ words: String) -> Range<Int> {
        let parts = words.split(separator: " ").map(String.init)
        let start = text.lower.indices.first { i in
            i + parts.count <= text.lower.count && Array(text.lower[i..<(i + parts.count)]) == parts
        }!
        return start..<(start + parts.count)
    }

    /// An attribution of the given source and cue words whose content runs from the cue to the final stop.
    static func attribution(_ text: ArticleText, source: String, cue: String) -> Attribution {
        let cue = tokens(text, cue)
        return Attribution(source: tokens(text, source), cue: cue, content: [cue.upperBound..<(text.tokens.count - 1)])
    }

    @Test func aCueOfAuxiliariesAndAdverbsTakesTheVerbAfterIt() {
        let text = ArticleText("Khamenei has consistently upheld Iran’s right to enrich uranium on its own soil.")
        let attribution = Self.attribution(text, source: "khamenei", cue: "has consistently")
        let cue = attribution.cue
        let completed = AttributionAssembler.completeCue(text, attribution)
        #expect(completed.cue == Self.tokens(text, "has consistently upheld"))
        #expect(completed.content == [(cue.upperBound + 1)..<(text.tokens.count - 1)])
        #expect(QuoteBuilder.lemma(text, completed.cue) == "uphold")
    }

    @Test func aPassiveCueTakesTheReportingVerbAndWhatIsSaidFollowsThat() {
        let text = ArticleText("Araqchi is said to have told Witkoff that Iran could show flexibility on the nuclear issue.")
        let attribution = Self.attribution(text, source: "araqchi", cue: "is said")
        let completed = AttributionAssembler.completeCue(text, attribution)
        #expect(completed.cue == Self.tokens(text, "is said to have told"))
        #expect(completed.content.first?.lowerBound == Self.tokens(text, "iran").lowerBound)
        #expect(QuoteBuilder.lemma(text, completed.cue) == "tell")
    }

    @Test func aCueWithAVerbIsLeftAlone() {
        let text = ArticleText("The minister said the talks would resume on Friday.")
        let attribution = Self.attribution(text, source: "the minister", cue: "said")
        #expect(AttributionAssembler.completeCue(text, attribution) == attribution)
    }
}

@Suite struct LayoutAttributionTests {
    static let rules = AttributionExtractor(tagger: nil)

    static func described(_ text: ArticleText, _ attribution: Attribution) -> (source: String?, cue: String, content: String) {
        func words(_ range: Range<Int>) -> String { text[text.span(range)] }
        return (attribution.source.map(words), words(attribution.cue), attribution.content.map(words).joined(separator: " … "))
    }

    @Test func aHeadlineSpeakerBeforeAColonOrBeforeSays() throws {
        let colon = ArticleText("Pence: Gennifer Flowers Won’t Be at Debate.\n\nThe running mate spoke on Sunday.")
        let first = try #require(Self.rules.extract(colon).first)
        #expect(Self.described(colon, first).source == "Pence")
        #expect(Self.described(colon, first).cue == ":")
        #expect(Self.described(colon, first).content == "Gennifer Flowers Won’t Be at Debate")

        let says = ArticleText("Clinton Hid Past Health Problems, Former White House Doctor Says.\n\nThe doctor spoke on Monday.")
        let second = try #require(Self.rules.extract(says).first)
        #expect(Self.described(says, second).source == "Former White House Doctor")
        #expect(Self.described(says, second).content == "Clinton Hid Past Health Problems")

        let tells = ArticleText("Trump tells rally in Reno the NFL has gone soft.\n\nHe spoke for an hour.")
        let third = try #require(Self.rules.extract(tells).first)
        #expect(Self.described(tells, third).source == "Trump")
        #expect(Self.described(tells, third).cue == "tells")
    }

    @Test func aRubricBeforeAColonSpeaksForNobody() {
        for headline in ["The Latest: Storm reaches the coast.", "Delegate Update: The latest count in the race.",
                         "Wow: The Senate Passed The Bill.", "Bill is back: Campaign trail resumes."] {
            let text = ArticleText(headline + "\n\nMore follows in the body of the article.")
            #expect(Self.rules.extract(text).allSatisfy { !text.headlineTokens.contains($0.cue.lowerBound) }, "\(headline)")
        }
    }

    @Test func transcriptTurnsBelongToTheirSpeakers() throws {
        let text = ArticleText("""
            The governor was interviewed on Sunday.

            WALLACE: Will Gennifer Flowers be at the debate tomorrow night?

            PENCE: She will not be attending the debate, and that is the end of it.

            WALLACE: Then let us turn to taxes and the economy.

            PENCE: Taxes are too high for working families in this country.
            """)
        let turns = Self.rules.extract(text).filter { Self.described(text, $0).cue == ":" }
        #expect(turns.map { Self.described(text, $0).source } == ["WALLACE", "PENCE", "WALLACE", "PENCE"])
        #expect(Self.described(text, turns[1]).content == "She will not be attending the debate, and that is the end of it")
        // A label that opens one paragraph only is a rubric, not a speaker.
        let once = ArticleText("Results came in overnight.\n\nIowa: Turnout was higher than four years ago in most counties.")
        #expect(Self.rules.extract(once).isEmpty)
    }

    @Test func aQuotationSignedWithADash() throws {
        let text = ArticleText("Readers wrote in.\n\n“He makes simple blanket statements about people he knows nothing about.”― Pamela Padilla\n\nMore letters follow.")
        let signed = try #require(Self.rules.extract(text).first)
        #expect(Self.described(text, signed).source == "Pamela Padilla")
        #expect(Self.described(text, signed).cue == "\u{2015}")
        // Signed letters one per line, the first with its closing mark set as an opening one.
        let lines = ArticleText("""
            Readers wrote in.

            ”Mr. Trump embodies the lasting legacy of racism.”― Sonya Herridge\u{00A0}
            “He is ignorant of our culture and lives.”― Pamela Padilla
            “The most unqualified candidate ever.”― Francisco Herrero

            More letters follow.
            """)
        let sources = Self.rules.extract(lines).map { Self.described(lines, $0).source }
        #expect(sources == ["Sonya Herridge", "Pamela Padilla", "Francisco Herrero"])
    }
}

@Suite struct SpeakerNameTests {
    @Test func aNameWithItsGivenNameIsNotWidenedToAnotherOfTheSameSurname() throws {
        let analyzer = try StanceAnalyzer()
        let text = """
            The shooting occurred as Keith Lamont Scott was sitting in his parked vehicle. \
            Rakeyia Scott can be heard yelling to the officers that her husband was unarmed.

            "Don't shoot him," she says. "He has no weapon."
            """
        let quotes = analyzer.analyze(text: text).quotes ?? []
        let quote = try #require(quotes.first { $0.text.contains("Don't shoot him") })
        #expect(quote.speaker?.text == "Rakeyia Scott")
    }
}

@Suite struct AccordingToTests {
    @Test func accordingToIsFoundByRuleEitherWay() throws {
        let bare = StanceAnalyzer(models: StanceModels(attribution: nil, sentiment: nil))
        let opening = "According to the ministry, the talks will resume in Geneva next week."
        let first = try #require(bare.analyze(text: opening).quotes?.first)
        #expect(first.cue?.lemma == "according to")
        #expect(first.speaker?.text == "the ministry")
        #expect(first.text == "the talks will resume in Geneva next week")
        let closing = "The talks will resume in Geneva next week, according to two diplomats."
        let second = try #require(bare.analyze(text: closing).quotes?.first)
        #expect(second.speaker?.text == "two diplomats")
        #expect(second.text == "The talks will resume in Geneva next week")
    }

    @Test func theSourceIsTheWholePhraseAfterAccordingTo() throws {
        let analyzer = try StanceAnalyzer()
        let text = "More than 100,000 people took part in walk-ins at more than 2,000 schools in 238 cities, according to the event organizer Alliance to Reclaim Our Schools (AROS)."
        let quotes = analyzer.analyze(text: text).quotes ?? []
        let quote = try #require(quotes.first)
        #expect(quotes.count == 1)
        #expect(quote.cue?.lemma == "according to")
        let span = try #require(quote.speaker?.span)
        let scalars = Array(text.unicodeScalars)
        #expect(String(String.UnicodeScalarView(scalars[span.start..<span.end])) == "the event organizer Alliance to Reclaim Our Schools (AROS)")
        #expect(quote.text == "More than 100,000 people took part in walk-ins at more than 2,000 schools in 238 cities")
    }
}

@Suite struct LemmaTests {
    @Test(arguments: [
        ("arguing", "argue"), ("announcing", "announce"), ("believing", "believe"), ("criticizing", "criticize"),
        ("continuing", "continue"), ("noting", "note"), ("citing", "cite"), ("telling", "tell"), ("warning", "warn"),
        ("calling", "call"), ("singing", "sing"), ("argued", "argue"), ("says", "say"),
    ])
    func reportingVerbsInTheirDictionaryForm(_ word: String, _ lemma: String) {
        #expect(Lexicon.lemma(word) == lemma)
    }
}

@Suite struct PronounGenderTests {
    @Test func sheIsNotTheManTheTextCallsMister() throws {
        let analyzer = try StanceAnalyzer()
        let text = """
            Mrs. Clinton spent the morning in Ohio. Mr. Trump met donors in New York on Monday. \
            "We will win this state," she said.
            """
        let quote = try #require(analyzer.analyze(text: text).quotes?.first)
        #expect(quote.speaker?.text == "Mrs. Clinton")
    }

    @Test func markersBeforeANameGiveItsGender() {
        let text = ArticleText("Mr. Obama and the first lady, Michelle Obama, met spokeswoman Hope Hicks and Sir Elton John.")
        #expect(text.genderOfName["obama"] == nil)  // marked both ways: left out
        #expect(text.genderOfName["hicks"] == .female)
        #expect(text.genderOfName["john"] == .male)
    }
}
