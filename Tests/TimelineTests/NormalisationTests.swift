import AnalyzerKit
import ArticleModel
import Testing
import TimelineAnalyzer

/// TIMEX3 values for the expressions issue 5 names, against publishedAt 2025-06-19 (a Thursday).
@Suite struct NormalisationTests {
    @Test(arguments: [
        // weekdays: tense and cue words decide the direction
        ("Sunday", "On Sunday, the three held a call.", "DATE 2025-06-15"),
        ("Sunday", "The ministers will meet on Sunday.", "DATE 2025-06-22"),
        ("Thursday", "The minister said on Thursday that talks continue.", "DATE 2025-06-19"),
        ("this Friday", "Further talks are expected this Friday in Geneva.", "DATE 2025-06-20"),
        ("last Friday", "They met last Friday.", "DATE 2025-06-13"),
        ("next Tuesday", "They meet next Tuesday.", "DATE 2025-06-24"),
        ("Tuesday's", "Tuesday's vote was close.", "not a timex"),
        ("Tuesday", "Tuesday's vote was close.", "DATE 2025-06-17"),
        ("Tuesday morning", "Troops crossed the border Tuesday morning.", "DATE 2025-06-17"),
        ("3 p.m. Tuesday", "The deadline passed at 3 p.m. Tuesday.", "TIME 2025-06-17T15:00"),
        // months and dates
        ("June 13", "Operations began on June 13.", "DATE 2025-06-13"),
        ("April", "Negotiations restarted in April.", "DATE 2025-04"),
        ("May", "A proposal from May called for a consortium.", "DATE 2025-05"),
        ("December", "The plant will open in December.", "DATE 2025-12"),
        ("Jan. 14", "The court must rule by Jan. 14.", "DATE 2026-01-14"),
        ("March 3, 2010", "It was founded on March 3, 2010.", "DATE 2010-03-03"),
        ("last April", "Prices fell last April.", "DATE 2025-04"),
        // relative to the publication date
        ("yesterday", "He resigned yesterday.", "DATE 2025-06-18"),
        ("tomorrow", "The vote is tomorrow.", "DATE 2025-06-20"),
        ("last week", "Talks stalled last week.", "DATE 2025-W24"),
        ("this week", "Talks resume this week.", "DATE 2025-W25"),
        ("next month", "The law takes effect next month.", "DATE 2025-07"),
        ("last year", "Sales rose last year.", "DATE 2024"),
        ("earlier this month", "The plan was unveiled earlier this month.", "DATE 2025-06 START"),
        ("two years ago", "The company was sold two years ago.", "DATE 2023"),
        ("Three days later", "On March 3, 2010, it opened. Three days later it closed.", "DATE 2010-03-06"),
        ("this morning", "The minister spoke this morning.", "TIME 2025-06-19TMO"),
        ("last night", "Fighting resumed last night.", "TIME 2025-06-18TNI"),
        // years, decades, quarters, seasons
        ("2015", "They revived the 2015 nuclear agreement.", "DATE 2015"),
        ("the 1990s", "Growth was strong in the 1990s.", "DATE 199"),
        ("the '80s", "Music from the '80s returned.", "DATE 198"),
        ("the nineties", "He lived there in the nineties.", "DATE 199"),
        ("the 20th century", "Wars of the 20th century shaped it.", "DATE 19"),
        // a quarter reported on has begun: in June, the third quarter reported is last year's
        ("the third quarter", "Profit rose in the third quarter.", "DATE 2024-Q3"),
        ("third-quarter", "It reported a third-quarter loss.", "DATE 2024-Q3"),
        ("the first quarter", "Profit rose in the first quarter.", "DATE 2025-Q1"),
        ("the fourth quarter of 2024", "Sales fell in the fourth quarter of 2024.", "DATE 2024-Q4"),
        ("last year's fourth quarter", "That beat last year's fourth quarter.", "DATE 2024-Q4"),
        ("the first half of 2024", "Output grew in the first half of 2024.", "DATE 2024-H1"),
        ("the summer", "Talks may resume in the summer.", "DATE 2025-SU"),
        ("the summer of 1998", "It happened in the summer of 1998.", "DATE 1998-SU"),
        ("last fall", "Prices peaked last fall.", "DATE 2024-FA"),
        // durations
        ("three days", "The strike lasted three days.", "DURATION P3D"),
        ("the past decade", "Growth slowed over the past decade.", "DURATION P10Y"),
        ("two-year", "They signed a two-year contract.", "DURATION P2Y"),
        ("two and a half years", "He served two and a half years.", "DURATION P2Y6M"),
        ("a minute and a half", "It took a minute and a half.", "DURATION PT1M30S"),
        ("twenty-four hours", "Curfew lasts twenty-four hours.", "DURATION PT24H"),
        ("a dozen years", "He waited a dozen years.", "DURATION P12Y"),
        ("several months", "It took several months.", "DURATION PXM"),
        ("the next three years", "Costs rise over the next three years.", "DURATION P3Y"),
        // sets
        ("every week", "The committee meets every week.", "SET P1W"),
        ("daily", "Flights leave daily.", "SET P1D"),
        ("twice a week", "They meet twice a week.", "SET P1W"),
        ("every Monday", "It opens every Monday.", "SET XXXX-WXX-1"),
        // references
        ("now", "Talks are now over.", "DATE PRESENT_REF"),
        ("recently", "He recently hinted at talks.", "DATE PAST_REF"),
        ("the future", "Nobody knows the future.", "DATE FUTURE_REF"),
        // mods
        ("early 2015", "It started in early 2015.", "DATE 2015 START"),
        ("the end of 1990", "It ended by the end of 1990.", "DATE 1990 END"),
        ("the mid-1990s", "It peaked in the mid-1990s.", "DATE 199 MID"),
        ("more than three years", "It took more than three years.", "DURATION P3Y MORE_THAN"),
        ("at least 30 days", "It takes at least 30 days.", "DURATION P30D EQUAL_OR_MORE"),
        // "about" stays out of the extent (as mostly in TempEval-3's data) but sets the mod
        ("two weeks", "It lasted about two weeks.", "DURATION P2W APPROX"),
        ("less than an hour", "It took less than an hour.", "DURATION PT1H LESS_THAN"),
        // number words
        ("nineteen ninety-six", "It happened in nineteen ninety-six.", "DATE 1996"),
        ("the last twenty four hours", "In the last twenty four hours, stocks fell.", "DURATION PT24H"),
    ])
    func value(phrase: String, text: String, expected: String) {
        if expected == "not a timex" {
            #expect(timex(phrase, in: text) == nil, "'\(phrase)' should not be a time expression")
        } else {
            #expect(normalised(phrase, in: text) == expected, "\(phrase) in: \(text)")
        }
    }

    @Test func setsCarryQuantAndFrequency() {
        let every = timex("every week", in: "The committee meets every week.")
        #expect(every?.quant == "EVERY")
        let twice = timex("twice a week", in: "They meet twice a week.")
        #expect(twice?.freq == "2X")
    }

    @Test func anchorsNameWhatTheValueWasCountedFrom() {
        #expect(timex("Sunday", in: "On Sunday, they met.")?.anchor == "publishedAt")
        #expect(timex("2015", in: "In 2015, they met.")?.anchor == nil)
        let found = timexes("On March 3, 2010, it opened. The next day it closed.")
        #expect(found.map(\.value) == ["2010-03-03", "2010-03-04"])
        #expect(found.last?.anchor == found.first?.id)
    }

    @Test func withoutAReferenceRelativeValuesStayUnderspecified() {
        let text = "Operations began on June 13. On Sunday they met, and yesterday they talked again in 2015 style; last year too."
        let values = Dictionary(uniqueKeysWithValues: timexes(text, published: nil).map { ($0.text, $0.value) })
        #expect(values["June 13"] == "XXXX-06-13")
        #expect(values["Sunday"] == "XXXX-WXX-7")
        #expect(values["yesterday"] == "XXXX-XX-XX")
        #expect(values["last year"] == "XXXX")
        for found in timexes(text, published: nil) where found.value.hasPrefix("XXXX") {
            #expect(found.anchor == nil)
        }
    }

    @Test func aDatelineDateIsTheReferenceWhenThereIsNoPublicationDate() {
        let text = "LONDON, June 19, 2025 (Reuters) - The ministers met on Sunday in Geneva and talked for hours."
        let sunday = timex("Sunday", in: text, published: nil)
        #expect(sunday?.value == "2025-06-15")
        #expect(sunday?.anchor == "dateline")
    }

    @Test func theReferenceFollowsTheNarrative() {
        let text = """
            On March 3, 2010, the company was founded. Two days later it hired its first staff. \
            The next day it opened an office. The following year it moved to Boston.
            """
        let values = timexes(text).map(\.value)
        #expect(values == ["2010-03-03", "2010-03-05", "2010-03-06", "2011"])
        // deictic expressions still count from the publication date
        #expect(timex("Yesterday", in: text + " Yesterday it closed.")?.value == "2025-06-18")
    }

    @Test func numbersThatOnlyLookLikeYearsAreNotYears() {
        #expect(timexes("Police said 2015 people were evacuated.").isEmpty)
        #expect(timexes("The index rose 1999 points.").isEmpty)
        #expect(timexes("It costs $2015 a month.").allSatisfy { $0.text != "2015" })
        #expect(timex("2015", in: "In 2015 people voted.")?.value == "2015")
    }

    @Test func impossibleDatesAndTimesProduceNothing() {
        let text = "The deal closes on February 30, 2024, at 25:00 or at 13 p.m., and not in the year 3500."
        let found = timexes(text)
        #expect(!found.contains { $0.value.contains("02-30") })
        #expect(!found.contains { $0.type == .time })
        #expect(!found.contains { $0.value.contains("3500") })
        #expect(timexes("It ended on April 31.").isEmpty)
        #expect(timex("February 29, 2024", in: "It ended on February 29, 2024.")?.value == "2024-02-29")
        #expect(timexes("It ended on February 29, 2023.").allSatisfy { !$0.value.contains("02-29") })
    }

    @Test func referenceTimesAtTheEdgesOfTheCalendarInventNothing() {
        let late = PublicationTime(iso8601: "9999-12-31")!
        let found = timexes("Next year, tomorrow and in two centuries the deal ends.", published: late)
        #expect(found.first { $0.text == "Next year" }?.value == "XXXX")
        #expect(found.first { $0.text == "tomorrow" }?.value == "XXXX-XX-XX")
        let early = PublicationTime(iso8601: "0001-01-01")!
        #expect(timexes("Last year and yesterday it rained.", published: early).map(\.value) == ["XXXX", "XXXX-XX-XX"])
        let zero = PublicationTime(iso8601: "0000-03-01")!
        #expect(timexes("Yesterday it rained.", published: zero).map(\.value) == ["XXXX-XX-XX"])
    }
}

/// The reference date's origin shows in the anchor: a date the submitter gave, or one ingestion
/// found on the page.
@Suite struct AnchorTests {
    @Test func anExtractedPublicationDateIsNamedAsTheAnchor() async throws {
        let text = "The minister said on Sunday that talks would resume this Friday."
        var article = Article(id: "a", text: text, publishedAt: "2025-06-19")
        let given = try await TimelineAnalyzer().analyze(AnalysisRequest(article: article))
        #expect(given.timexes?.map(\.anchor) == ["publishedAt", "publishedAt"])
        article.extraction = ["publishedAt": "json-ld"]
        let extracted = try await TimelineAnalyzer().analyze(AnalysisRequest(article: article))
        #expect(extracted.timexes?.map(\.value) == ["2025-06-15", "2025-06-20"])
        #expect(extracted.timexes?.map(\.anchor) == ["extractedPublishedAt", "extractedPublishedAt"])
    }
}
