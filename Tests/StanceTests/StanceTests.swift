import AnalyzerKit
import AnalyzerTesting
import ArticleModel
import Foundation
import StanceAnalyzer
import Testing
import TextKit

/// The repository root (two levels above this file's directory).
private let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
private let sharedData = root.deletingLastPathComponent().appendingPathComponent("shared/data")
private let hasPolNeAR = FileManager.default.fileExists(atPath: sharedData.appendingPathComponent("polnear/dev/text").path)
private let hasNewsMTSC = FileManager.default.fileExists(atPath: sharedData.appendingPathComponent("newsmtsc/dev_mt.jsonl").path)

private let analyzer = try! StanceAnalyzer()

private func seed() throws -> String {
    try String(contentsOf: root.appendingPathComponent("seeds/000_fcf9f9938e4dd5df.txt"), encoding: .utf8)
}

private func text(_ scalars: [Unicode.Scalar], _ span: Span) -> String {
    String(String.UnicodeScalarView(scalars[span.start..<span.end]))
}

@Suite struct SeedArticleTests {
    let output: AnalyzerOutput
    let quotes: [Quote]
    let stances: [Stance]

    init() throws {
        output = analyzer.analyze(text: try seed())
        quotes = output.quotes ?? []
        stances = output.stances ?? []
    }

    @Test func modelsAreBundled() {
        #expect(analyzer.models.attribution != nil)
        #expect(analyzer.models.sentiment != nil)
    }

    @Test(arguments: [
        ("could show flexibility on the nuclear issue", "Araqchi"),
        ("an immediate cessation of Israeli strikes", "A regional diplomat close to Tehran"),
        ("non-negotiable", "Khamenei"),
        ("For now, the Iranians view a quiet channel through Europe", "A senior EU diplomat"),
        ("Public diplomacy with the U.S. would be too costly politically", "A senior EU diplomat"),
    ])
    func quotedPassageHasItsSpeaker(passage: String, speaker: String) throws {
        let quote = try #require(quotes.first { $0.text.contains(passage) }, "no quote with “\(passage)”")
        #expect(quote.kind != .indirect)
        #expect(quote.speaker?.text?.contains(speaker) == true, "speaker \(String(describing: quote.speaker)) for “\(passage)”")
        #expect(quote.cue != nil)
    }

    @Test func theOfficialIsTheSeniorDiplomatAndBothPassagesAreSeparate() throws {
        let direct = quotes.filter { $0.kind == .direct }
        #expect(direct.count >= 2)
        let last = try #require(quotes.last)
        #expect(last.text.hasPrefix("“Public diplomacy"))
        #expect(last.cue?.lemma == "say")
        // The speaker span is where the article refers to the speaker for this quote ("the official").
        let scalars = Array(try seed().unicodeScalars)
        #expect(text(scalars, try #require(last.speaker?.span)) == "the official")
    }

    @Test func reportedSpeechHasCueLemmas() {
        let lemmas = Set(quotes.compactMap { $0.cue?.lemma })
        for lemma in ["tell", "confirm", "caution", "say"] { #expect(lemmas.contains(lemma), "\(lemmas)") }
        #expect(quotes.contains { $0.kind == .indirect && $0.speaker?.text == "Three diplomats familiar with the matter" })
    }

    @Test func aFewUnquotedWordsBeforeTheSpeakerAreNotWhatWasSaid() {
        // "amid escalating regional tensions, … with diplomatic sources confirming …" and
        // "While not ruling out military action, Trump recently hinted that …"
        for fragment in ["escalating regional tensions", "action"] {
            #expect(!quotes.contains { $0.text == fragment }, "“\(fragment)” reported as speech")
        }
        #expect(quotes.contains { $0.speaker?.text?.contains("Trump") == true && $0.text.hasPrefix("Iranian officials had shown interest") })
    }

    @Test func cueLemmaOfAStanceVerbSkipsAuxiliariesAndAdverbs() throws {
        let khamenei = try #require(quotes.first { $0.text.contains("non-negotiable") })
        #expect(khamenei.cue?.lemma == "uphold")
    }

    @Test func tehranRejectsTheConsortiumProposal() throws {
        let stance = try #require(stances.first { $0.cue?.lemma == "reject" })
        #expect(stance.holder.text == "Tehran")
        #expect(stance.polarity == .oppose)
        #expect(stance.target.text?.contains("regional uranium enrichment consortium") == true, "\(String(describing: stance.target.text))")
        #expect(!stance.negated)
    }

    @Test func trumpDeniesMacronsClaim() throws {
        let stance = try #require(stances.first { $0.cue?.lemma == "deny" })
        #expect(stance.holder.text?.contains("Trump") == true)
        #expect(stance.polarity == .oppose)
        #expect(stance.target.text?.contains("ceasefire proposal") == true)
        // The claim is Macron's: the quote it resolves to has him as speaker.
        let claim = try #require(quotes.first { $0.text.contains("offered a ceasefire proposal") })
        #expect(claim.speaker?.text?.contains("Macron") == true)
    }

    @Test func khameneiUpholdsTheRightToEnrich() throws {
        let stance = try #require(stances.first { $0.cue?.lemma == "uphold" })
        #expect(stance.holder.text?.contains("Khamenei") == true)
        #expect(stance.polarity == .support)
        #expect(stance.target.text?.contains("right to enrich uranium") == true)
        #expect(stance.strength >= 0.8)
    }

    @Test func araqchisFlexibilityIsConditionalAndHedged() throws {
        let stance = try #require(stances.first { $0.cue?.text.contains("flexibility") == true })
        #expect(stance.holder.text?.contains("Araqchi") == true)
        #expect(stance.polarity == .support)
        #expect(stance.conditional)
        #expect(stance.hedged)
        let scalars = Array(try seed().unicodeScalars)
        let condition = try #require(stance.condition)
        #expect(text(scalars, condition).contains("the United States were to use its influence"))
    }

    @Test func otherStances() throws {
        let conditioned = try #require(stances.first { $0.cue?.lemma == "condition" })
        #expect(conditioned.holder.text == "Tehran")
        #expect(conditioned.conditional)
        let openness = stances.filter { $0.cue?.text == "expressed openness to" }
        #expect(openness.compactMap(\.holder.text).contains { $0.contains("Witkoff") })
        let ruling = try #require(stances.first { $0.cue?.lemma == "rule out" })
        #expect(ruling.negated)
        #expect(ruling.holder.text?.contains("Trump") == true)
    }

    @Test func sentimentCoversNamesWithScoresInRange() {
        let targets = output.sentiment ?? []
        #expect(targets.contains { $0.text.contains("Araqchi") })
        #expect(targets.allSatisfy { (-1...1).contains($0.score) })
        #expect(!targets.contains { $0.text == "Tensions" })
    }
}

@Suite struct RobustnessTests {
    static let awkward = [
        "He said “this never closes. And \"this neither. ‘Nor this.",
        "“Unbalanced,” he said.” Then ” and “ and \" again.",
        "“She told me ‘we will “never” agree’,” the minister said. “And that is final.”",
        "The committee met on Tuesday. Members discussed the budget and adjourned.",
        // Headlines, transcript turns and signed quotations at the edges of the text.
        "Says: Says Says.\n\nSays:",
        "A: B:\n\nA: x\n\nA:\n\nB: “",
        "“”―\n\n― —\n\n“Quoted”― ",
        "Pence: \n\nPENCE:\n\nPENCE: ,",
        "Trump Says.\n\n, according to",
        "according to",
        "\"\"\"\"",
        "“",
        "said said said according to according to: “”",
        "",
        "Président Macron 🇫🇷 a dit «non» — 北京 said 😀 “nothing”; Zoë’s aide, the official said.",
        String(repeating: "“Quote without end and more words ", count: 200),
    ]

    @Test(arguments: awkward)
    func noCrashNoSpanOutsideDeterministic(_ input: String) {
        let first = analyzer.analyze(text: input)
        let second = analyzer.analyze(text: input)
        #expect(first == second)
        let problems = first.validationProblems(textLength: input.unicodeScalars.count, declared: analyzer.descriptor.produces)
        #expect(problems.isEmpty, "\(problems)")
    }

    @Test func noQuotesInAPlainArticle() {
        let output = analyzer.analyze(text: "The committee met on Tuesday. Members discussed the budget and adjourned.")
        #expect(output.quotes?.isEmpty == true)
    }

    @Test func nestedQuotesStayOneQuote() throws {
        let input = "“She told me ‘we will never agree’ and left,” the minister said."
        let quotes = analyzer.analyze(text: input).quotes ?? []
        let quote = try #require(quotes.first)
        #expect(quotes.count == 1)
        #expect(quote.kind == .direct)
        #expect(quote.text.hasPrefix("“She told me"))
        #expect(quote.speaker?.text == "the minister")
    }

    @Test func conformance() async {
        let problems = await AnalyzerConformance.check(analyzer)
        #expect(problems.isEmpty, "\(problems)")
    }

    @Test func reportedSpeechOpeningASentenceWithoutAModel() throws {
        let bare = StanceAnalyzer(models: StanceModels(attribution: nil, sentiment: nil))
        let quotes = bare.analyze(text: "A senior EU diplomat told Reuters that both sides had expressed openness to talks.").quotes ?? []
        let quote = try #require(quotes.first)
        #expect(quote.speaker?.text == "A senior EU diplomat")
        #expect(quote.cue?.lemma == "tell")
        #expect(quote.text == "both sides had expressed openness to talks")
        #expect(quote.kind == .indirect)
        // In the passive the subject is the one told, not the speaker.
        #expect(bare.analyze(text: "Local officials were told that the plant would close next year.").quotes?.isEmpty == true)
    }

    @Test func accordingToTakesTheWholeClauseBeforeIt() throws {
        let input = "The ministers met on Sunday, and further talks are expected this Friday in Geneva, according to EU officials."
        let quote = try #require(analyzer.analyze(text: input).quotes?.first { $0.cue?.lemma == "according to" })
        #expect(quote.text == "further talks are expected this Friday in Geneva")
        #expect(quote.speaker?.text == "EU officials")
    }

    @Test func rulesAloneFindQuotesWithoutModels() {
        let bare = StanceAnalyzer(models: StanceModels(attribution: nil, sentiment: nil))
        let quotes = bare.analyze(text: "“We will not back down,” the spokesman said on Monday.").quotes ?? []
        #expect(quotes.count == 1)
        #expect(quotes.first?.speaker?.text == "the spokesman")
    }
}

@Suite struct SentimentTests {
    @Test func twoPeopleInOneSentenceGetDifferentLabels() throws {
        let sentence = "Senator Smith was arrested and charged with fraud and corruption on Monday, officials said, while Governor Jones won an award for her excellent work."
        let output = analyzer.analyze(text: sentence)
        let targets = output.sentiment ?? []
        let smith = try #require(targets.first { $0.text.contains("Smith") })
        let jones = try #require(targets.first { $0.text.contains("Jones") })
        #expect(smith.polarity == .negative)
        #expect(jones.polarity == .positive)
        #expect(smith.score < jones.score)
    }

    @Test func newsMTSCOffsetsAreCodePoints() throws {
        let line = #"{"sentence_normalized":"Zoë’s 😀 rival Smith was praised.","targets":[{"from":15,"to":20,"mention":"Smith","polarity":6.0}]}"#
        let parsed = try NewsMTSC.parse(Data(line.utf8))
        let sentence = SentimentSentence(parsed[0].sentence)
        let range = try #require(sentence.tokenRange(from: parsed[0].targets[0].from, to: parsed[0].targets[0].to))
        #expect(sentence.tokens[range].map(\.text) == ["Smith"])
        #expect(parsed[0].targets[0].label == 2)
    }

    @Test func contrastSeparatesTwoTargetsAndPlainReportsStayNeutral() throws {
        let classifier = try #require(analyzer.models.sentiment)
        let contrast = SentimentSentence("Critics slammed Smith over the scandal, but Jones was widely praised for her leadership.")
        let smith = try #require(contrast.tokenRange(from: 16, to: 21))
        let jones = try #require(contrast.tokenRange(from: 44, to: 49))
        #expect(classifier.classify(contrast, target: smith).polarity == .negative)
        #expect(classifier.classify(contrast, target: jones).polarity == .positive)
        let plain = SentimentSentence("Smith met with Jones in Washington on Tuesday to discuss the budget.")
        #expect(classifier.classify(plain, target: try #require(plain.tokenRange(from: 0, to: 5))).polarity == .neutral)
        #expect(classifier.classify(plain, target: try #require(plain.tokenRange(from: 15, to: 20))).polarity == .neutral)
    }

    @Test func lexiconScoresNeutralityAndTheTargetsNeighbours() throws {
        let rows: [(String, Int, Int)] = [  // sentence, target token, label
            ("Critics attacked Green over the scandal.", 2, 0), ("Voters attacked Brown over the deal.", 2, 0),
            ("Rivals attacked White over the vote.", 2, 0), ("Smith met officials on Monday.", 0, 1),
            ("Jones met reporters on Tuesday.", 0, 1), ("Lee met lawmakers on Friday.", 0, 1),
            ("Fans praised Black for the win.", 2, 2), ("Allies praised Gray for the deal.", 2, 2),
        ]
        let examples = rows.map { SentimentExample(sentence: SentimentSentence($0.0), target: $0.1..<($0.1 + 1), label: $0.2) }
        let lexicon = SentimentTrainer.lexicon(examples)
        // Stems (seven letters) left of the target, right of it, and bigrams have their own entries.
        #expect(try #require(lexicon["l attacke"]) < 0)
        #expect(try #require(lexicon["r over"]) < 0)
        #expect(try #require(lexicon["b over the"]) < 0)
        #expect(lexicon["l praised"] == nil)  // seen twice: too rare for a target-relative key
        #expect(try #require(lexicon["praised"]) > 0)
        // Neutral-vs-polar scores: high for words of neutral sentences, low for evaluative ones.
        #expect(try #require(lexicon["neutral met"]) > 0)
        #expect(try #require(lexicon["neutral attacke"]) < 0)
    }

    @Test(.enabled(if: hasNewsMTSC)) func devMacroF1() throws {
        let classifier = try #require(analyzer.models.sentiment)
        for name in ["dev_mt.jsonl", "dev_rw.jsonl"] {
            let data = try Data(contentsOf: sharedData.appendingPathComponent("newsmtsc/\(name)"))
            let examples = NewsMTSC.examples(try NewsMTSC.parse(data))
            let predicted = examples.map { example -> Int in
                let p = classifier.probabilities(example.sentence, target: example.target)
                return p.indices.max { p[$0] < p[$1] }!
            }
            let (_, macro) = NewsMTSC.f1(gold: examples.map(\.label), predicted: predicted)
            #expect(macro > 0.6, "\(name): macro-F1 \(macro)")
        }
    }
}

@Suite struct ModelTests {
    @Test func linearModelRoundTripsByteForByte() throws {
        let model = LinearModel(
            labels: ["a", "b"], biases: [0.5, -0.5], weights: [42: [1, -2], 7: [0.25, 0], 9: [0, 0]],
            lexicon: ["good": 1.5, "bad": -1.5], parameters: ["scale": 2])
        #expect(model.featureCount == 2)  // all-zero rows are dropped
        let bytes = model.encoded()
        let reloaded = try LinearModel(data: bytes)
        #expect(reloaded.encoded() == bytes)
        #expect(reloaded.scores(binary: [42, 7]) == model.scores(binary: [42, 7]))
        #expect(reloaded.lexicon["bad"] == -1.5)
        #expect(throws: LinearModel.FormatError.self) { try LinearModel(data: Array(bytes.prefix(20))) }
        #expect(throws: LinearModel.FormatError.self) { try LinearModel(data: Array("nope".utf8)) }
    }

    @Test func sentimentTrainingIsDeterministic() {
        let sentences = [
            ("Smith was praised for his brilliant work.", 0, 1, 2), ("Jones was blamed for the awful failure.", 0, 1, 0),
            ("Brown met officials on Monday.", 0, 1, 1), ("Critics attacked Green over the scandal.", 2, 3, 0),
        ]
        func train() -> [UInt8] {
            let examples = sentences.map { SentimentExample(sentence: SentimentSentence($0.0), target: $0.1..<$0.2, label: $0.3) }
            var options = SentimentTrainer.Options()
            options.iterations = 20
            options.folds = 2
            return SentimentTrainer.train(examples, options: options).encoded()
        }
        #expect(train() == train())
    }

    @Test func attributionTrainingIsDeterministic() {
        let text = "“We will win,” the senator said. Officials told reporters that talks would resume."
        let article = ArticleText(text)
        let gold = [
            BratAttribution(source: [Span(15, 26)], cue: [Span(27, 31)], content: [Span(0, 14)]),
            BratAttribution(source: [Span(33, 42)], cue: [Span(43, 47)], content: [Span(58, 81)]),
        ]
        func train() -> [UInt8] {
            AttributionTrainer.train([(article, AttributionTrainer.goldLabels(article, gold))], epochs: 3).encoded()
        }
        #expect(train() == train())
        let labels = AttributionTrainer.goldLabels(article, gold)
        #expect(labels.first == .beginContent)
        #expect(labels.contains(.beginSource) && labels.contains(.beginCue))
    }
}

@Suite struct BratTests {
    @Test func writeThenReadAndScore() throws {
        let text = "Zoë 😀 said “yes, we will” today.\nOfficials declined."
        let scalars = Array(text.unicodeScalars)
        let attribution = BratAttribution(source: [Span(0, 3)], cue: [Span(6, 10)], content: [Span(11, 25)])
        let noSource = BratAttribution(source: [], cue: [Span(43, 51)], content: [Span(33, 42)])
        let ann = Brat.write([attribution, noSource], scalars: scalars)
        #expect(ann.contains("T1\tSource 0 3\tZoë"))
        #expect(ann.contains("T2\tCue 6 10\tsaid"))
        #expect(ann.contains("T3\tContent 11 25\t“yes, we will”"))
        #expect(ann.contains("E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1"))
        #expect(ann.contains("E2\tAttribution-no-source:T7 Content:T6 Cue:T5"))
        let read = Brat.read(ann)
        #expect(read == [attribution, noSource])
        let score = Brat.score(predicted: read, gold: [attribution])
        #expect(score.attribution.correctPredicted == 1)
        #expect(score.attribution.predicted == 2)
        #expect(score.attribution.recall == 1)
        #expect(score.source.f1 == 1)
    }

    @Test func readsPolNeARLines() {
        let ann = """
            T1\tSource 110 112\twe
            T2\tCue 113 119\tmocked
            T3\tContent 120 130;135 140\tthe pres ident
            T4\tAttribution 113 119\tmocked
            E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1
            T5\tContent 200 210\tx
            T6\tCue 190 199\ty
            T7\tAttribution-no-source 190 199\ty
            E2\tAttribution-no-source:T7 Cue:T6 Content:T5
            E3\tAttribution:T9 Cue:T8 Source:T1 Content:T3 Content2:T5
            T8\tCue 1 2\tz
            garbage line
            T9\tAttribution 1 x\tbad
            """
        let read = Brat.read(ann)
        #expect(read.count == 3)
        #expect(read[0].content == [Span(120, 130), Span(135, 140)])
        #expect(read[1].source.isEmpty)
        #expect(read[2].content.count == 3)
    }

    @Test(.enabled(if: hasPolNeAR)) func polnearDevSample() throws {
        let textDirectory = sharedData.appendingPathComponent("polnear/dev/text").path
        let goldDirectory = sharedData.appendingPathComponent("polnear/dev/attributions").path
        var total = Brat.Score()
        for base in try Brat.textBases(in: textDirectory).prefix(10) {
            let article = ArticleText(try Brat.readText("\(textDirectory)/\(base).txt"))
            let gold = Brat.read(try String(contentsOfFile: try #require(Brat.goldFile(forBase: base, in: goldDirectory)), encoding: .utf8))
            let predicted = AttributionExtractor(tagger: analyzer.models.attribution).extract(article).map { article.brat($0) }
            for attribution in predicted {
                for span in attribution.cue + attribution.content + attribution.source {
                    #expect(span.isValid(inTextOfLength: article.document.buffer.count))
                }
            }
            total += Brat.score(predicted: predicted, gold: gold)
        }
        #expect(total.attribution.f1 > 0.55, "attribution F1 \(total.attribution.f1)")
    }
}
