import ArticleModel
import Testing
import TimelineAnalyzer

/// Conventions of the TimeML guidelines as TempEval-3's data applies them, beyond the basic
/// values in ``NormalisationTests``: financial reporting, anaphora, direction of bare names.
@Suite struct ReportingConventionTests {
    @Test(arguments: [
        // a year-long period closed by a date is a duration
        ("the year", "Revenue was $76 million for the year ended March 31.", "DURATION P1Y"),
        ("the fiscal year", "In the fiscal year ending June 30, sales rose.", "DURATION P1Y"),
        ("the year", "Sales rose in the year.", "DATE 2025"),
        ("the full year", "Sales for the full year were $6.6 billion.", "DATE 2025"),
        // an approximate count still counts back
        ("a year or so ago", "The plant closed a year or so ago.", "DATE 2024 APPROX"),
        // "that same day" is "that day"
        ("that same day", "On March 3, 2010, it opened; that same day it closed.", "DATE 2010-03-03"),
        // a part of day after "mid"
        ("mid afternoon", "By mid afternoon, officials said the fire was out.", "TIME 2025-06-19TAF MID"),
        ("mid-afternoon yesterday", "In London at mid-afternoon yesterday, shares fell.", "TIME 2025-06-18TAF MID"),
        // a month with its year after it is one expression
        ("February this year", "The process began in February this year.", "DATE 2025-02"),
        ("June last year", "It was signed in June last year.", "DATE 2024-06"),
        // "recent years" is a stretch of unspecified length, as TimeBank mostly reads it
        ("recent years", "Prices rose in recent years.", "DURATION PXY"),
        // a quarter named without a year is one that has begun, unless the clause looks ahead
        ("the fiscal first quarter", "Net income rose in the fiscal first quarter.", "DATE 2025-Q1"),
        ("the fourth quarter", "Sales rose in the fourth quarter.", "DATE 2024-Q4"),
        ("the third quarter", "Sales will rise in the third quarter.", "DATE 2025-Q3"),
    ])
    func value(phrase: String, text: String, expected: String) {
        #expect(normalised(phrase, in: text) == expected, "\(phrase) in: \(text)")
    }

    @Test func aClauseThatLooksAheadNamesTheComingMonth() {
        let march4 = PublicationTime(iso8601: "1998-03-04")!
        #expect(normalised("December", in: "She will command a mission in December.", published: march4) == "DATE 1998-12")
        #expect(normalised("December", in: "Prices fell in December.", published: march4) == "DATE 1997-12")
        // a quarter reported on stays the latest one begun
        let october26 = PublicationTime(iso8601: "1989-10-26")!
        #expect(normalised("third-quarter", in: "It expects third-quarter results to improve.", published: october26) == "DATE 1989-Q3")
        #expect(normalised("the first quarter", in: "Sales will rise in the first quarter.", published: october26) == "DATE 1990-Q1")
    }

    @Test func namesAndThePresentAgeAreNotDays() {
        #expect(timexes("Baker said on ABC's \"This Week\" that talks would go on.").allSatisfy { $0.text != "This Week" })
        #expect(timexes("This is VOA Today.").isEmpty)
        #expect(timexes("For Poland, high noon has come.").isEmpty)
        #expect(timexes("The case is a lesson for today's youth.").isEmpty)
        #expect(normalised("today", in: "Investors await today's vote.") == "DATE 2025-06-19")
        #expect(normalised("This week", in: "This week the talks resume.") == "DATE 2025-W25")
    }

    @Test func ratesAndAgesAreNotTimeExpressions() {
        #expect(timexes("It will save $500 million a year in costs.").isEmpty)
        #expect(timexes("Jobs grew by 358,000 a month.").isEmpty)
        #expect(timexes("It now runs four flights a week to Bombay.").allSatisfy { $0.text != "a week" })
        #expect(timexes("Mr. Reupke, 52 years old, resigned.").isEmpty)
        #expect(timexes("Sales should rise 8.5% annually.").isEmpty)
        #expect(normalised("annually", in: "The report is published annually.") == "SET P1Y")
        #expect(normalised("per day", in: "It pumps 500 barrels per day.") == "SET P1D")
        #expect(normalised("a year", in: "It took a year to build.") == "DURATION P1Y")
    }

    @Test func aYearAgoInAQuarterlyReportIsThatQuarterAYearBack() {
        let text = """
            The company reported a first-quarter profit of $94 million. Costs were lower and the unit \
            had a good run in Europe, where demand from carmakers and builders held up through the summer \
            while prices of steel and copper eased, the company said in a statement released in New York. \
            Revenue fell to $3 billion from $3.2 billion a year ago.
            """
        #expect(normalised("a year ago", in: text) == "DATE 2024-Q1")
        // a year-ago quarter compared with is not the quarter reported on
        let compared = "First-quarter profit rose from the year-ago quarter. Revenue fell from a year ago."
        #expect(normalised("the year-ago quarter", in: compared) == "DATE 2024-Q1")
        #expect(normalised("a year ago", in: compared) == "DATE 2024-Q1")
        // with no quarter in the text, a year back from the publication date
        #expect(normalised("a year ago", in: "Revenue fell from $3.2 billion a year ago.") == "DATE 2024")
    }
}
