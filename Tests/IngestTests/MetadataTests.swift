import Foundation
import Ingest
import Testing

/// Title, authors, dates, language, site and URL, each with where it came from.
@Suite struct MetadataTests {
    let body = "<article><p>\(prose(1))</p><p>\(prose(2))</p></article>"

    // MARK: Title

    @Test func theTitleComesFromOpenGraphThenJSONLDThenTheTitleElementThenTheHeading() throws {
        let og = try extract(page(head: "<meta property=\"og:title\" content=\"From Open Graph\"><title>From title | Site</title>", body))
        #expect(og.title == "From Open Graph" && og.extraction["title"] == "meta")
        let jsonLD = try extract(page(head: #"<script type="application/ld+json">{"@type":"NewsArticle","headline":"From JSON-LD"}</script><title>T | S</title>"#, body))
        #expect(jsonLD.title == "From JSON-LD" && jsonLD.extraction["title"] == "json-ld")
        let element = try extract(page(head: "<title>From the Title Element</title>", body))
        #expect(element.title == "From the Title Element" && element.extraction["title"] == "title-element")
        let heading = try extract(page("<h1>From the Heading</h1>" + body))
        #expect(heading.title == "From the Heading" && heading.extraction["title"] == "h1")
    }

    @Test(arguments: [
        ("Talks resume in Geneva | The Example Times", "The Example Times", "Talks resume in Geneva"),
        ("The Example Times - Talks resume in Geneva", "The Example Times", "Talks resume in Geneva"),
        ("Talks resume in Geneva – example.com", nil, "Talks resume in Geneva"),
        ("Talks resume in Geneva | Politics | The Example Times", "The Example Times", "Talks resume in Geneva | Politics"),
        ("Trump - the comeback", nil, "Trump - the comeback"),
    ] as [(String, String?, String)])
    func theSiteNameIsTakenOffTheTitle(title: String, site: String?, expected: String) throws {
        let siteMeta = site.map { "<meta property=\"og:site_name\" content=\"\($0)\">" } ?? ""
        let extracted = try extract(page(head: "<title>\(title)</title>" + siteMeta, body))
        #expect(extracted.title == expected)
    }

    // MARK: Authors

    @Test func authorsComeFromJSONLDPeopleNeverOrganisations() throws {
        let script = #"""
            <script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"X"},
            {"@type":"NewsArticle","headline":"H","author":[{"@type":"Person","name":"Jane Doe"},{"@type":"Person","name":"John Roe"},
            {"@type":"Organization","name":"The Example Times"}],"publisher":{"@type":"Organization","name":"The Example Times"}}]}</script>
            """#
        let extracted = try extract(page(head: script, body))
        #expect(extracted.authors == ["Jane Doe", "John Roe"])
        #expect(extracted.extraction["authors"] == "json-ld")
    }

    @Test(arguments: [
        ("By Jane Doe", ["Jane Doe"]),
        ("BY JANE DOE AND JOHN ROE", ["Jane Doe", "John Roe"]),
        ("Von Max Mustermann und Erika Musterfrau", ["Max Mustermann", "Erika Musterfrau"]),
        ("VON JÜRGEN GROSS UND ZOË WEISS", ["Jürgen Gross", "Zoë Weiss"]),
        ("Jane Doe & John Roe + Max Mustermann", ["Jane Doe", "John Roe", "Max Mustermann"]),
        ("Jane Doe | June 19, 2025", ["Jane Doe"]),
        ("Jane Doe, Staff Writer", ["Jane Doe"]),
        ("jane.doe@example.com", []),
        ("Staff", []),
        ("Reuters", []),
        ("The Example Times", []),
        ("Associated Press", []),
        // dates, labels and titles round the names
        ("Jane Doe on March 3, 2025", ["Jane Doe"]),
        ("VON JANE DOE am 21. April 2025", ["Jane Doe"]),
        ("19.06.2025 von Max Mustermann", ["Max Mustermann"]),
        ("Max Mustermann am Samstag", ["Max Mustermann"]),
        ("vor 5 Stunden", []),
        ("| Jane Doe", ["Jane Doe"]),
        ("~ Jane Doe -", ["Jane Doe"]),
        ("Interview: Jane Doe", ["Jane Doe"]),
        ("Ein Artikel von Max Mustermann", ["Max Mustermann"]),
        ("Jane Doe, PhD, and John Roe MD", ["Jane Doe", "John Roe"]),
        ("By Joe S. and Perry Roe Jr.", ["Joe S.", "Perry Roe Jr."]),
        ("Jane Doe for The Example Post", ["Jane Doe"]),
        ("Jane Doe ist Chemikerin", []),
        ("Übersetzung Anna Musterfrau", []),
        ("Jane Doe Jane Doe", ["Jane Doe"]),
        ("Deutscher Beispielverband e. V.", []),
    ] as [(String, [String])])
    func bylinesGivePeoplesNamesOnly(byline: String, expected: [String]) throws {
        let html = page(head: "<meta property=\"og:site_name\" content=\"The Example Times\">",
                        "<article><p class=\"byline\">\(byline)</p><p>\(prose(1))</p><p>\(prose(2))</p></article>")
        let extracted = try extract(html)
        #expect(extracted.authors == expected)
        #expect(!extracted.text.contains(byline), "the byline is not body text")
    }

    @Test func bylinesAreReadWhereverTemplatesPutThem() throws {
        // A screen reader's label with no space before the name.
        let label = try extract(page(#"<article><div class="byline"><span class="screen-reader-text">Veröffentlicht von</span><a href="/author/jd">Jane Doe</a></div><p>\#(prose(1))</p><p>\#(prose(2))</p></article>"#))
        #expect(label.authors == ["Jane Doe"])
        // In the page's header, outside the article text.
        let header = try extract(page(#"<header><h1>Headline</h1><div class="author">By Jane Doe</div></header><article><p>\#(prose(1))</p><p>\#(prose(2))</p></article>"#))
        #expect(header.authors == ["Jane Doe"])
        // A meta line not named as a byline that opens like one.
        let meta = try extract(page(#"<article><div class="metaInfo">Ein Artikel von <strong>Max Mustermann</strong> | 27.01.2022 - 12:45</div><p>\#(prose(1))</p><p>\#(prose(2))</p></article>"#))
        #expect(meta.authors == ["Max Mustermann"])
        // Comment authors and author lists elsewhere on the page are not the article's authors.
        let comments = try extract(page(#"<article><p>\#(prose(1))</p><p>\#(prose(2))</p></article><aside class="comments"><div class="comment-author vcard">John Roe</div></aside>"#))
        #expect(comments.authors == [])
        let list = try extract(page(#"<article><div class="byline">By Jane Doe</div><p>\#(prose(1))</p><p>\#(prose(2))</p></article><aside><h3>Our writers</h3><ul><li class="author">John Roe</li><li class="author">Max Mustermann</li></ul></aside>"#))
        #expect(list.authors == ["Jane Doe"])
        let two = try extract(page(#"<article><div class="meta"><span class="author">Jane Doe</span> and <span class="author">John Roe</span></div><p>\#(prose(1))</p><p>\#(prose(2))</p></article>"#))
        #expect(two.authors == ["Jane Doe", "John Roe"])
        // An author's link, named as one; an `<address>` that opens like a byline, not a venue's.
        let link = try extract(page(#"<article><h1>H</h1><div class="pb-2"><a class="author-link" href="/authors"><span>Jane Doe</span></a></div><p>\#(prose(1))</p><p>\#(prose(2))</p></article>"#))
        #expect(link.authors == ["Jane Doe"])
        let address = try extract(page(#"<article><address>By <a href="/author/jdoe/">Jane Doe</a></address><p>\#(prose(1))</p><p>\#(prose(2))</p></article><footer><address>Example Arena, Main Street</address></footer>"#))
        #expect(address.authors == ["Jane Doe"])
        let venue = try extract(page(#"<article><p>\#(prose(1))</p><p>\#(prose(2))</p></article><footer><address>Example Arena</address></footer>"#))
        #expect(venue.authors == [])
    }

    @Test func jsonLDAuthorsAreFollowedByTheirIdAndDecoded() throws {
        let yoast = #"""
            <script type="application/ld+json">{"@context":"https://schema.org","@graph":[
            {"@type":"Article","headline":"Caf&eacute; owners&#8217; &amp; bakers&#x2019; day","author":{"@id":"https://example.com/#/schema/person/1"}},
            {"@type":"Person","@id":"https://example.com/#/schema/person/1","name":"Jos&eacute; Garc&iacute;a"}]}</script>
            """#
        let extracted = try extract(page(head: yoast, body))
        #expect(extracted.authors == ["José García"] && extracted.extraction["authors"] == "json-ld")
        #expect(extracted.title == "Café owners’ & bakers’ day")
        // A site that is one person declares itself both.
        let both = try extract(page(head: #"<script type="application/ld+json">{"@type":"BlogPosting","author":{"@type":["Person","Organization"],"name":"Jane Doe"}}</script>"#, body))
        #expect(both.authors == ["Jane Doe"])
    }

    @Test(arguments: [
        ("AT&amp;T &eacute; &#8217; &#x2019;", "AT&T é ’ ’"),
        ("&nosuch; &#0; &#xD800; & ; &amp no semicolon &;", "&nosuch; &#0; &#xD800; & ; &amp no semicolon &;"),
        ("plain", "plain"),
    ])
    func characterReferencesInScriptTextAreDecoded(raw: String, decoded: String) {
        #expect(HTMLParser.decodingReferences(raw) == decoded)
    }

    @Test func authorsComeFromYoastsTwitterLabelsAndNeverNameTheSite() throws {
        let labelled = try extract(page(head: #"<meta name="twitter:label1" content="Verfasst von"><meta name="twitter:data1" content="Max Mustermann"><meta name="twitter:label2" content="Geschätzte Lesezeit"><meta name="twitter:data2" content="3 Minuten">"#, body))
        #expect(labelled.authors == ["Max Mustermann"] && labelled.extraction["authors"] == "meta")
        for outlet in ["Beispielblatt", "OÖ Beispielblatt"] {
            let site = try extract(page(head: #"<meta name="author" content="\#(outlet)">"#, body), url: "https://www.beispielblatt.at/politik/1")
            #expect(site.authors == [], "\(outlet) is the site at beispielblatt.at")
        }
        let person = try extract(page(head: #"<meta name="author" content="Daniel Beispiel">"#, body), url: "https://beispiel.me/2020/post")
        #expect(person.authors == ["Daniel Beispiel"], "a personal site named after its author")
    }

    @Test func authorsComeFromTheAuthorMetaTag() throws {
        let extracted = try extract(page(head: "<meta name=\"author\" content=\"Jane Doe; John Roe\">", body))
        #expect(extracted.authors == ["Jane Doe", "John Roe"])
        #expect(extracted.extraction["authors"] == "meta")
    }

    // MARK: Dates

    @Test func thePublicationDateKeepsItsTimeAndZone() throws {
        let jsonLD = try extract(page(head: #"<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2025-06-19T08:30:00+02:00","dateModified":"2025-06-20T10:00:00Z"}</script>"#, body))
        #expect(jsonLD.publishedAt == "2025-06-19T08:30:00+02:00" && jsonLD.extraction["publishedAt"] == "json-ld")
        #expect(jsonLD.modifiedAt == "2025-06-20T10:00:00Z" && jsonLD.extraction["modifiedAt"] == "json-ld")
        let meta = try extract(page(head: "<meta property=\"article:published_time\" content=\"2025-06-19T06:30:00Z\">", body))
        #expect(meta.publishedAt == "2025-06-19T06:30:00Z" && meta.extraction["publishedAt"] == "meta")
    }

    /// A UTC time is given as the page writes the same instant in its own zone, whose day is the one
    /// printed on the page (and the one "yesterday" is read against).
    @Test func aUTCTimeTakesThePagesOwnZoneWhenThePageWritesTheSameInstant() throws {
        let head = #"<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2025-06-19T02:30:15Z"}</script>"#
        let zoned = try extract(page(head: head, "<article><time datetime=\"2025-06-18T22:30:15-04:00\">June 18</time><p>\(prose(1))</p></article>"))
        #expect(zoned.publishedAt == "2025-06-18T22:30:15-04:00" && zoned.extraction["publishedAt"] == "json-ld")
        let clock = try extract(page(head: head + #"<meta name="date" content="2025-06-18 22:30:15">"#, body))
        #expect(clock.publishedAt == "2025-06-18T22:30:15-04:00")
        let other = try extract(page(head: head, "<article><time datetime=\"2025-06-18T21:00:00-04:00\">June 18</time><p>\(prose(1))</p></article>"))
        #expect(other.publishedAt == "2025-06-19T02:30:15Z", "another instant is another date")
    }

    @Test func aUTCTimeTakesTheZoneOfTheSitesCountryAndItsDay() throws {
        func published(_ value: String) -> String { #"<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"\#(value)"}</script>"# }
        // Local midnight stored as UTC on a German site: the day printed is the 7th.
        let german = try extract(page(head: published("2022-11-06T23:00:00Z"), body), url: "https://www.example.de/politik/story")
        #expect(german.publishedAt == "2022-11-07T00:00:00+01:00")
        // Summer time, and the country-code domain under a generic second level.
        let argentine = try extract(page(head: published("2022-05-04T00:25:56Z"), body), url: "https://www.example.com.ar/nota")
        #expect(argentine.publishedAt == "2022-05-03T21:25:56-03:00")
        let summer = try extract(page(head: published("2022-06-30T22:30:00Z"), body), url: "https://news.example.at/a")
        #expect(summer.publishedAt == "2022-07-01T00:30:00+02:00")
        // On a generic domain the language tag's region names the country.
        let tagged = page(head: published("2022-05-04T00:25:56Z"), body).replacingOccurrences(of: "lang=\"en\"", with: "lang=\"es-AR\"")
        #expect(try extract(tagged, url: "https://www.example.com/nota").publishedAt == "2022-05-03T21:25:56-03:00")
        // Countries of several zones, and no country at all, stay in UTC; so does midnight UTC (a day without a time).
        let american = page(head: published("2022-05-04T00:25:56Z"), body).replacingOccurrences(of: "lang=\"en\"", with: "lang=\"en-US\"")
        #expect(try extract(american, url: "https://www.example.com/story").publishedAt == "2022-05-04T00:25:56Z")
        #expect(try extract(page(head: published("2022-05-04T00:25:56Z"), body), url: "https://example.io/a").publishedAt == "2022-05-04T00:25:56Z")
        #expect(try extract(page(head: published("2022-05-05T00:00:00Z"), body), url: "https://example.com.ar/a").publishedAt == "2022-05-05T00:00:00Z")
        // A site that prints the UTC day keeps UTC.
        let printed = page(head: published("2019-12-26T23:07:45Z"), "<article><time datetime=\"2019-12-26T23:07:45+00:00\">26/12/2019</time><p>\(prose(1))</p></article>")
        #expect(try extract(printed, url: "https://www.example.ch/a").publishedAt == "2019-12-26T23:07:45Z")
        // The modification time as well.
        let modified = try extract(page(head: published("2022-11-06T10:00:00Z") + #"<meta property="article:modified_time" content="2022-11-07T22:15:00Z">"#, body), url: "https://example.fr/a")
        #expect(modified.publishedAt == "2022-11-06T11:00:00+01:00" && modified.modifiedAt == "2022-11-07T23:15:00+01:00")
    }

    @Test func aTimeElementThenTheURLThenTheTextGiveTheDateWhenNothingElseDoes() throws {
        let time = try extract(page("<article><time datetime=\"2025-06-18\" pubdate>Wednesday</time><p>\(prose(1))</p></article>"))
        #expect(time.publishedAt == "2025-06-18" && time.extraction["publishedAt"] == "time-element")
        let url = try extract(page(body), url: "https://example.com/world/2025/06/17/talks-resume/")
        #expect(url.publishedAt == "2025-06-17" && url.extraction["publishedAt"] == "url")
        let text = try extract(page("<article><div class=\"date\">Published 16 June 2025</div><p>\(prose(1))</p><p>\(prose(2))</p></article>"))
        #expect(text.publishedAt == "2025-06-16" && text.extraction["publishedAt"] == "text")
    }

    @Test func noDateAfterTheCrawlDateIsBelievedAndNoDateIsMadeUpFromAPartialOne() throws {
        let future = try extract(page(head: "<meta property=\"article:published_time\" content=\"2031-01-01\">", body), crawlDate: "2025-06-19T12:00:00Z")
        #expect(future.publishedAt == nil)
        let partial = try extract(page(body), url: "https://example.com/2023/12/story")
        #expect(partial.publishedAt == nil)
        let monthOnly = try extract(page("<article><div class=\"date\">December 2023</div><p>\(prose(1))</p><p>\(prose(2))</p></article>"))
        #expect(monthOnly.publishedAt == nil)
    }

    @Test(arguments: [
        ("2025-06-19", "2025-06-19"), ("2025-06-19T08:30", "2025-06-19T08:30:00"), ("2025-06-19 08:30:00+0200", "2025-06-19T08:30:00+02:00"),
        ("Thu, 19 Jun 2025 08:30:00 GMT", "2025-06-19T08:30:00Z"), ("20250619", "2025-06-19"), ("June 19, 2025", "2025-06-19"),
        ("19. Juni 2025", "2025-06-19"), ("19 de junio de 2025", "2025-06-19"), ("19.06.2025", "2025-06-19"), ("06/19/2025", "2025-06-19"),
        ("19 juin 2025", "2025-06-19"), ("1750321800", "2025-06-19T08:30:00Z"),
    ])
    func datesAreReadInTheFormatsPagesUse(raw: String, iso: String) {
        #expect(DateParsing.parse(raw)?.iso8601 == iso)
    }

    @Test(arguments: ["2023/12", "December 2023", "2025-02-30", "31.02.2024", "yesterday", "12345"])
    func incompleteOrImpossibleDatesAreNotDates(raw: String) {
        #expect(DateParsing.parse(raw) == nil)
    }

    // MARK: Language, site, description, URL

    @Test func languageSiteDescriptionAndCanonicalURL() throws {
        let html = """
            <html lang="de_DE"><head><meta charset="utf-8"><meta property="og:site_name" content="Die Zeitung">
            <meta name="description" content="  Eine  Zusammenfassung. "><link rel="canonical" href="/politik/artikel-1"></head>
            <body>\(body)</body></html>
            """
        let extracted = try extract(html, url: nil)
        #expect(extracted.language == "de-DE")
        #expect(extracted.siteName == "Die Zeitung")
        #expect(extracted.description == "Eine Zusammenfassung.")
        #expect(extracted.url == nil, "a relative canonical link with no page URL to resolve it against is no URL")
        let fetched = try PageExtractor.extract(Array(html.utf8), context: .init(source: "x", url: "https://zeitung.example/seite?id=1"))
        #expect(fetched.url == "https://zeitung.example/seite?id=1" && fetched.extraction["url"] == "warc")
        let canonical = try extract(html.replacingOccurrences(of: "\"/politik", with: "\"https://zeitung.example/politik"))
        #expect(canonical.url == "https://zeitung.example/politik/artikel-1" && canonical.extraction["url"] == "canonical")
    }

    @Test func brokenJSONLDIsRepairedOrIgnoredNeverFatal() throws {
        let repaired = try extract(page(head: "<script type=\"application/ld+json\"><!--\n{\"@type\": \"NewsArticle\", \"headline\": \"Line\none\",}\n--></script>", body))
        #expect(repaired.title == "Line one")
        let garbage = try extract(page(head: "<script type=\"application/ld+json\">{{{ not json</script><title>Fallback</title>", body))
        #expect(garbage.title == "Fallback")
    }

    /// The extract contract: exactly these keys, named so.
    @Test func theExtractJSONUsesTheFixedNames() throws {
        let extracted = try extract(page(head: "<title>T</title><meta name=\"author\" content=\"Jane Doe\"><meta name=\"description\" content=\"D\"><meta property=\"og:site_name\" content=\"S\"><meta property=\"article:published_time\" content=\"2025-06-19\"><meta property=\"article:modified_time\" content=\"2025-06-20\">", body), url: "https://example.com/a")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(extracted.jsonBytes())) as? [String: Any])
        #expect(Set(object.keys) == ["source", "url", "title", "authors", "publishedAt", "modifiedAt", "language", "siteName", "description", "text", "extraction"])
        let bare = try JSONSerialization.jsonObject(with: Data(extract("<p>\(prose(1))</p>").jsonBytes())) as? [String: Any]
        #expect(Set((bare ?? [:]).keys) == ["source", "authors", "text", "extraction"])
    }
}

import JSONCoding
