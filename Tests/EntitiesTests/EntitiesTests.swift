import AnalyzerKit
import AnalyzerTesting
import ArticleModel
import EntitiesAnalyzer
import Foundation
import Testing
import TextKit

/// The analyzer with the shipped model, loaded once for all tests.
let sharedAnalyzer: EntitiesAnalyzer = try! EntitiesAnalyzer()

let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let seedText = try! String(contentsOf: repositoryRoot.appendingPathComponent("seeds/000_fcf9f9938e4dd5df.txt"), encoding: .utf8)

func analyze(_ text: String, title: String? = nil) async throws -> AnalyzerOutput {
    try await sharedAnalyzer.analyze(AnalysisRequest(article: Article(id: "t", text: text, title: title)))
}

/// Every span inside the text, every mention's text the text at its span.
func expectValid(_ output: AnalyzerOutput, _ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let scalars = Array(text.unicodeScalars)
    #expect(output.validationProblems(textLength: scalars.count, declared: [.entities, .structure]).isEmpty, sourceLocation: sourceLocation)
    for entity in output.entities ?? [] {
        #expect(!entity.mentions.isEmpty, sourceLocation: sourceLocation)
        for mention in entity.mentions {
            guard mention.span.isValid(inTextOfLength: scalars.count) else {
                Issue.record("span \(mention.span) outside the text", sourceLocation: sourceLocation)
                continue
            }
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[mention.span.start..<mention.span.end])
            #expect(String(view) == mention.text, sourceLocation: sourceLocation)
        }
    }
}

@Suite struct SeedArticleTests {
    static func seedEntities() async throws -> [Entity] {
        try #require(try await analyze(seedText).entities)
    }

    @Test func everyPersonIsOneEntityWithFullNameAliasesAndRole() async throws {
        let entities = try await Self.seedEntities()
        let people = entities.filter { $0.type == .person }
        func person(_ surname: String) throws -> Entity {
            let matching = entities.filter { $0.mentions.contains { $0.text.hasSuffix(surname) } }
            #expect(matching.count == 1, "\(surname): \(matching.map(\.name))")
            return try #require(matching.first)
        }
        let expected: [(surname: String, name: String, role: String?)] = [
            ("Witkoff", "Steve Witkoff", "special envoy"),
            ("Araqchi", "Abbas Araqchi", "Foreign Minister"),
            ("Baghaei", "Esmaeil Baghaei", "spokesman"),
            ("Khamenei", "Ali Khamenei", "Supreme Leader"),
            ("Trump", "Donald Trump", "former President"),
            ("Macron", "Emmanuel Macron", "President"),
        ]
        for (surname, name, role) in expected {
            let entity = try person(surname)
            #expect(entity.type == .person, "\(name)")
            #expect(entity.name == name)
            if let role { #expect(entity.roles.map(\.text).contains(role), "\(name): \(entity.roles.map(\.text))") }
        }
        #expect(try person("Araqchi").aliases.contains("Araqchi"))
        #expect(try person("Witkoff").aliases.contains("Witkoff"))
        #expect(try person("Trump").aliases.contains("Trump"))
        #expect(try person("Araqchi").mentions.count >= 5)
        #expect(try person("Khamenei").roles.map(\.text).contains("Ayatollah"))
        // Every person entity has a name of at least two words (no stray surname-only entities).
        for person in people { #expect(person.name.split(separator: " ").count >= 2, "\(person.name)") }
        // A role's span, when given, is the role's text.
        let scalars = Array(seedText.unicodeScalars)
        for entity in people {
            for role in entity.roles {
                guard let span = role.span else { continue }
                var view = String.UnicodeScalarView()
                view.append(contentsOf: scalars[span.start..<span.end])
                #expect(String(view) == role.text)
            }
        }
    }

    @Test func headingsDatelineAndSentenceOpenersAreNotEntities() async throws {
        let output = try await analyze(seedText)
        let structure = try #require(output.structure)
        let entities = try #require(output.entities)
        #expect(structure.headings.count == 4)
        let blocked = structure.headings + [try #require(structure.dateline).span]
        for entity in entities {
            for mention in entity.mentions {
                #expect(!blocked.contains { $0.overlaps(mention.span) }, "\(mention.text) in a heading or the dateline")
            }
        }
        let names = Set(entities.flatMap { [$0.name] + $0.aliases })
        for word in ["Although", "Tensions", "Three", "Diplomatic", "Neither", "While", "Enrichment", "Europe Steps Up Mediation Efforts", "ISLAMABAD", "PEN"] {
            #expect(!names.contains(word), "\(word) became an entity")
        }
    }

    @Test func nationalityWordsAreNORPLinkedToTheirPlace() async throws {
        let entities = try await Self.seedEntities()
        func norp(_ word: String) -> Entity? {
            entities.first { $0.type == .nationality && $0.mentions.contains { $0.text == word } }
        }
        #expect(norp("Iranian")?.relatedTo == "Iran")
        #expect(norp("Israeli")?.relatedTo == "Israel")
        #expect(norp("French")?.relatedTo == "France")
        #expect(norp("European")?.relatedTo == "Europe")
        #expect(norp("American")?.relatedTo == "United States")
        #expect(norp("Iranian")?.mentions.allSatisfy { $0.kind == .demonym } == true)
        // The place entity itself, where the article names it ("U.S." is an alias of United States).
        func id(_ name: String) -> String? { entities.first { $0.name == name }?.id }
        #expect(norp("Iranian")?.relatedEntityId == id("Iran"))
        #expect(norp("Israeli")?.relatedEntityId == id("Israel"))
        #expect(norp("American")?.relatedEntityId == id("United States"))
        #expect(norp("Iranian")?.relatedEntityId != nil)
        // Plural forms join the same entity.
        #expect(norp("Iranians")?.name == "Iranian")
    }

    @Test func placesAndOrganisations() async throws {
        let entities = try await Self.seedEntities()
        let iran = entities.first { $0.name == "Iran" }
        #expect(iran?.type == .location)
        #expect((iran?.mentions.count ?? 0) >= 5)
        // The acronym and its expansion are one entity.
        let unitedStates = entities.first { $0.name == "United States" }
        #expect(unitedStates?.aliases.contains("U.S.") == true, "\(unitedStates.map { "\($0.aliases)" } ?? "missing")")
        #expect(entities.contains { $0.name == "Reuters" && $0.type == .organization })
        #expect(entities.contains { $0.name == "Geneva" && $0.type == .location })
    }

    @Test func salienceRanksTheMainActors() async throws {
        let entities = try await Self.seedEntities()
        for entity in entities { #expect((0...1).contains(entity.salience)) }
        let ranked = entities.sorted { $0.salience > $1.salience }.prefix(4).map(\.name)
        #expect(ranked.contains("Iran"))
        #expect(ranked.contains("Abbas Araqchi"))
        #expect(entities.map(\.id) == (1...entities.count).map { "E\($0)" })
    }
}

@Suite struct ClusteringTests {
    @Test func acronymWithItsExpansionAndAppositionRoles() async throws {
        let text = """
            The International Atomic Energy Agency (IAEA) said on Monday that inspectors had returned. \
            Rafael Grossi, the IAEA director general, told reporters in Vienna that work would resume. \
            Grossi said the agency was ready.
            """
        let entities = try #require(try await analyze(text).entities)
        let agency = try #require(entities.first { $0.name == "International Atomic Energy Agency" })
        #expect(agency.aliases == ["IAEA"])
        #expect(agency.type == .organization)
        let grossi = try #require(entities.first { $0.name == "Rafael Grossi" })
        #expect(grossi.aliases == ["Grossi"])
        #expect(grossi.roles.map(\.text) == ["director general"])
        expectValid(try await analyze(text), text)
    }

    @Test func aFullNameAfterManySurnameMentionsIsSomebodyElse() async throws {
        let text = """
            President Obama spoke in Washington on Saturday. Mr. Obama said the election mattered. \
            Aides said Mr. Obama would travel to Ohio. Mr. Obama also praised the volunteers. \
            The campaign plans to employ Mr. Obama and the first lady, Michelle Obama, in October.
            """
        let entities = try #require(try await analyze(text).entities).filter { $0.type == .person }
        let president = try #require(entities.first { $0.name == "Obama" })
        let firstLady = try #require(entities.first { $0.name == "Michelle Obama" })
        #expect(president.mentions.count == 5)
        #expect(firstLady.mentions.count == 1)
        #expect(firstLady.aliases.isEmpty)
    }

    @Test func aTitleCaseHeadlineKeepsOnlyNamesTheBodyConfirms() async throws {
        let text = """
            Obama Sees 'Personal Insult' if Blacks Don't Rally for Hillary Clinton.

            President Obama is rolling out a new and more personal campaign message for Hillary Clinton. \
            Mr. Obama told voters in Washington that he would consider it an insult if they stayed home.
            """
        let output = try await analyze(text)
        let entities = try #require(output.entities)
        let headlineEnd = text.unicodeScalars.firstIndex(of: "\n").map { text.unicodeScalars.distance(from: text.unicodeScalars.startIndex, to: $0) }!
        let inHeadline = entities.filter { $0.mentions.contains { $0.span.start < headlineEnd } }.map(\.name).sorted()
        #expect(inHeadline == ["Hillary Clinton", "Obama"])
        expectValid(output, text)
        // A headline entity named in the body in part keeps that part.
        let partly = "Hillary Clinton Speaks To Voters After Latest Police Shooting.\n\nHillary Clinton spoke in Charlotte on Sunday."
        let names = try #require(try await analyze(partly).entities).map(\.name)
        #expect(names.contains("Hillary Clinton"))
        #expect(!names.contains { $0.contains("Speaks") })
        // A headline person the body names by surname only keeps the full name.
        let surname = "Hillary Clinton Goes After Donald Trump As The New Mitt Romney.\n\nClinton said on Monday that Trump had failed."
        let people = try #require(try await analyze(surname).entities).filter { $0.type == .person }
        #expect(people.contains { $0.name == "Hillary Clinton" && $0.aliases == ["Clinton"] })
    }

    @Test func aFirstNameAloneIsTheOnePersonOfThatFirstName() async throws {
        let text = """
            Hillary Clinton campaigned in Ohio on Monday with Tim Kaine. Supporters chanted for Hillary \
            as she arrived. Chinese President Xi Jinping met officials in Beijing. Xi said trade would grow.
            """
        let people = try #require(try await analyze(text).entities).filter { $0.type == .person }
        let clinton = try #require(people.first { $0.name == "Hillary Clinton" })
        #expect(clinton.mentions.count == 2)
        let xi = try #require(people.first { $0.name == "Xi Jinping" })
        #expect(xi.mentions.count == 2)
        #expect(!people.contains { $0.name == "Hillary" || $0.name == "Xi" })
    }

    @Test func aWordOpeningATurnOrAQuotationIsNoName() async throws {
        let text = """
            Mike Pence spoke to Chris Wallace on Sunday.

            WALLACE: Will she be at the debate?

            PENCE: Well, no. "Well, we will see," he added. "An answer will come."
            """
        let names = try #require(try await analyze(text).entities).map(\.name)
        #expect(!names.contains("Well"))
        #expect(!names.contains("An"))
        #expect(names.contains("Mike Pence"))
    }

    @Test func aGroupOfPeopleIsOneNORPEntityWhateverItsNumber() async throws {
        let text = "African-Americans turned out in large numbers. Support among African-American voters stayed high."
        let entities = try #require(try await analyze(text).entities)
        let group = try #require(entities.first { $0.name.hasPrefix("African-American") })
        #expect(group.type == .nationality)
        #expect(group.mentions.count == 2)
        #expect(entities.filter { $0.name.hasPrefix("African-American") }.count == 1)
    }

    @Test func titleMentionsCountTowardSalience() async throws {
        let text = "Macron Calls for Talks\n\nFrench President Emmanuel Macron urged talks on Friday. Macron spoke in Paris."
        let output = try await analyze(text)
        let macron = try #require(output.entities?.first { $0.name == "Emmanuel Macron" })
        #expect(macron.mentions.count == 3)
        #expect(macron.roles.first?.text == "President")
        expectValid(output, text)
    }
}

@Suite struct BadInputTests {
    static let cases: [(String, String)] = [
        ("all caps", seedText.uppercased()),
        ("no punctuation", String(repeating: "the minister met the envoy in geneva and said iran would talk ", count: 100)),
        ("20000-word sentence", (0..<20_000).map { ["Iran", "said", "the", "U.S.", "envoy", "Steve", "Witkoff", "met", "officials", "and"][$0 % 10] }.joined(separator: " ")),
        ("non-English", "Der iranische Außenminister Abbas Araghtschi traf am Montag in Genf seinen französischen Amtskollegen. وزير الخارجية الإيراني عباس عراقجي 北京 東京 Москва"),
        ("emoji and mixed scripts", "🇫🇷 Président Macron 😀 a dit «non» — 北京 said; Tehran (طهران) replied e\u{301}. Zoë’s 👩‍👩‍👧 3.5% rise.\u{200B}\u{FEFF}"),
        ("empty", ""),
        ("whitespace", " \n\t \r\n "),
        ("lone punctuation", "— … “ ” ’s ( ) ."),
    ]

    @Test(arguments: 0..<cases.count)
    func noCrashValidSpansDeterministic(_ index: Int) async throws {
        let (_, text) = Self.cases[index]
        let first = try await analyze(text)
        let second = try await analyze(text)
        #expect(first == second)
        expectValid(first, text)
    }

    @Test func conformance() async {
        let problems = await AnalyzerConformance.check(sharedAnalyzer)
        #expect(problems.isEmpty, "\(problems)")
    }
}

@Suite struct CoNLLTests {
    static let sample = """
        -DOCSTART- -X- -X- O

        EU NNP B-NP B-ORG
        rejects VBZ B-VP O
        German JJ B-NP B-MISC
        call NN I-NP O
        . . O O

        Peter NNP B-NP B-PER
        Blackburn NNP I-NP I-PER

        -DOCSTART- -X- -X- O

        BRUSSELS NNP B-NP B-LOC
        1996-08-22 CD I-NP O

        """

    @Test func readerFindsDocumentsSentencesTokensAndGold() {
        let file = CoNLLFile(Self.sample)
        #expect(file.hasGold)
        #expect(file.documents.count == 2)
        #expect(file.documents.map { $0.sentences.count } == [2, 1])
        #expect(file.tokens(of: file.documents[0]) == [["EU", "rejects", "German", "call", "."], ["Peter", "Blackburn"]])
        #expect(file.documents[1].sentences[0].map { file.goldTag($0) } == ["B-LOC", "O"])
        #expect(!CoNLLFile("a\nb\n\nc\n").hasGold)
    }

    @Test func writerKeepsEveryLineInOrderAndAppendsOneColumn() {
        let file = CoNLLFile(Self.sample)
        var tags: [Int: String] = [:]
        for document in file.documents { for sentence in document.sentences { for line in sentence { tags[line] = "B-X" } } }
        let written = file.written(tags: tags)
        let inputLines = Self.sample.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        let outputLines = written.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(inputLines.count == outputLines.count)
        for (input, output) in zip(inputLines, outputLines) {
            if input.isEmpty {
                #expect(output.isEmpty)
            } else if input.hasPrefix("-DOCSTART-") {
                #expect(output == input + " O")
            } else {
                #expect(output == input + " B-X")
            }
        }
        // Reading the output back gives the same documents, now with our column as the gold one.
        let reread = CoNLLFile(written)
        #expect(reread.documents == file.documents)
        #expect(reread.goldTag(2) == "B-X")
    }

    @Test func roundTripThroughTheRecogniser() {
        let file = CoNLLFile(Self.sample)
        var tags: [Int: String] = [:]
        for document in file.documents {
            let predicted = sharedAnalyzer.recognizer.recognize(file.tokens(of: document))
            for (lines, names) in zip(document.sentences, predicted) {
                for (line, tag) in zip(lines, IOB.tags(count: lines.count, spans: names)) { tags[line] = tag }
            }
        }
        let reread = CoNLLFile(file.written(tags: tags))
        #expect(reread.tokens(of: reread.documents[0]) == file.tokens(of: file.documents[0]))
        #expect(reread.documents.flatMap { $0.sentences.flatMap { $0 } }.allSatisfy { IOB.isTag(reread.goldTag($0) ?? "") })
    }

    @Test func scorerIsSpanExactAndMicroAveraged() {
        // Gold: [Peter Blackburn]PER [EU]ORG [German]MISC; predicted: [Peter]PER (wrong boundary),
        // [EU]ORG (right), [German]LOC (wrong type), [Brussels]LOC (spurious).
        var score = NERScore()
        score.add(
            gold: IOB.spans(["B-PER", "I-PER", "O", "B-ORG", "B-MISC", "O"]),
            predicted: IOB.spans(["B-PER", "O", "O", "B-ORG", "B-LOC", "B-LOC"]))
        #expect(score.overall == SpanScore(correct: 1, predicted: 4, gold: 3))
        #expect(abs(score.overall.f1 - 2 * 0.25 * (1.0 / 3) / (0.25 + 1.0 / 3)) < 1e-12)
        #expect(score.byClass[.organization] == SpanScore(correct: 1, predicted: 1, gold: 1))
        #expect(score.byClass[.location] == SpanScore(correct: 0, predicted: 2, gold: 0))
        #expect(score.table.contains("overall"))
    }

    @Test func iobReadsIOB1AndIOB2LikeConlleval() {
        #expect(IOB.spans(["I-PER", "I-PER", "O", "I-LOC", "B-LOC"]) == [
            TokenSpan(tokens: 0..<2, type: .person), TokenSpan(tokens: 3..<4, type: .location), TokenSpan(tokens: 4..<5, type: .location),
        ])
        #expect(IOB.spans(["B-ORG", "I-PER"]) == [TokenSpan(tokens: 0..<1, type: .organization), TokenSpan(tokens: 1..<2, type: .person)])
        let spans = [TokenSpan(tokens: 0..<1, type: .misc), TokenSpan(tokens: 2..<5, type: .person)]
        #expect(IOB.spans(IOB.tags(count: 6, spans: spans)) == spans)
        #expect(BILOU.spans(BILOU.labels(count: 6, spans: spans)) == spans)
    }
}

@Suite struct ModelTests {
    @Test func encodingIsDeterministicAndRoundTrips() throws {
        let model = sharedAnalyzer.recognizer.model
        let bytes = model.encoded()
        let decoded = try NERModel(decoding: bytes)
        #expect(decoded.encoded() == bytes)
        #expect(decoded.featureCounts == model.featureCounts)
        #expect(throws: NERModel.FormatError.self) { try NERModel(decoding: Array(bytes.prefix(100))) }
        #expect(throws: NERModel.FormatError.self) { try NERModel(decoding: Array("not a model".utf8)) }
    }

    @Test func theShippedModelIsSmall() throws {
        let size = try FileManager.default.attributesOfItem(atPath: try EntitiesAnalyzer.modelURL().path)[.size] as? Int ?? 0
        #expect(size > 0 && size < 30_000_000)
    }
}

/// Opt-in: `BYLINE_NER_DEV=1 swift test --filter EntitiesTests` scores CoNLL-2003 dev when
/// ../shared/data is present (never on CI).
@Suite struct DevSetTests {
    static let devPath = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/data/conll2003/eng.testa").path
    static let enabled = ProcessInfo.processInfo.environment["BYLINE_NER_DEV"] == "1" && FileManager.default.fileExists(atPath: devPath)

    @Test(.enabled(if: enabled)) func devF1() throws {
        let file = CoNLLFile(try String(contentsOfFile: Self.devPath, encoding: .utf8))
        var score = NERScore()
        for document in file.documents {
            let predicted = sharedAnalyzer.recognizer.recognize(file.tokens(of: document))
            for (lines, names) in zip(document.sentences, predicted) {
                score.add(gold: IOB.spans(lines.map { file.goldTag($0)! }), predicted: names)
            }
        }
        print(score.table)
        #expect(score.overall.f1 >= 0.92)
    }
}
