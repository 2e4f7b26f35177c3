/// One news article as a user submits it.
///
/// `text` is the body the analyzers read; every span in the results indexes it. The fields after
/// `language` are what ingestion found on a web page (``ArticleMetadata`` documents them); a plain
/// text or JSON article usually has none of them.
public struct Article: Codable, Hashable, Sendable {
    /// Caller's identifier, echoed in the results. Unique within a batch.
    public var id: String
    public var text: String
    public var title: String?
    public var url: String?
    public var source: String?
    /// Publication time, ISO 8601 (`2025-06-19` or `2025-06-19T08:30:00Z`); relative dates resolve against it.
    public var publishedAt: String?
    /// BCP 47 language tag; byline's analyzers are built for `en`.
    public var language: String?
    /// The page's authors, as people's names.
    public var authors: [String]?
    /// When the page says it was last changed, ISO 8601.
    public var modifiedAt: String?
    /// The site or outlet's name as the page gives it.
    public var siteName: String?
    /// The page's own summary (`og:description`, JSON-LD `description`).
    public var description: String?
    /// Where each extracted field came from: field name → `json-ld`, `meta`, `time-element`, `url`, `text`, ….
    public var extraction: [String: String]?

    public init(
        id: String, text: String, title: String? = nil, url: String? = nil, source: String? = nil,
        publishedAt: String? = nil, language: String? = nil, authors: [String]? = nil, modifiedAt: String? = nil,
        siteName: String? = nil, description: String? = nil, extraction: [String: String]? = nil
    ) {
        self.id = id
        self.text = text
        self.title = title
        self.url = url
        self.source = source
        self.publishedAt = publishedAt
        self.language = language
        self.authors = authors
        self.modifiedAt = modifiedAt
        self.siteName = siteName
        self.description = description
        self.extraction = extraction
    }

    /// An article of `metadata` and `text`.
    public init(metadata: ArticleMetadata, text: String) {
        self.init(
            id: metadata.id, text: text, title: metadata.title, url: metadata.url, source: metadata.source,
            publishedAt: metadata.publishedAt, language: metadata.language, authors: metadata.authors,
            modifiedAt: metadata.modifiedAt, siteName: metadata.siteName, description: metadata.description,
            extraction: metadata.extraction)
    }

    /// Everything but the text: what travels in the metadata frame of the wire protocol.
    public var metadata: ArticleMetadata {
        ArticleMetadata(
            id: id, title: title, url: url, source: source, publishedAt: publishedAt, language: language, authors: authors,
            modifiedAt: modifiedAt, siteName: siteName, description: description, extraction: extraction)
    }
}

/// An article's metadata without its text.
public struct ArticleMetadata: Codable, Hashable, Sendable {
    public var id: String
    public var title: String?
    public var url: String?
    public var source: String?
    public var publishedAt: String?
    public var language: String?
    /// The page's authors, as people's names (ingestion of HTML; never "Staff" or an outlet).
    public var authors: [String]?
    /// When the page says it was last changed, ISO 8601.
    public var modifiedAt: String?
    /// The site or outlet's name as the page gives it (`og:site_name`, JSON-LD publisher).
    public var siteName: String?
    /// The page's own summary.
    public var description: String?
    /// Where each extracted field came from: field name (`title`, `publishedAt`, …) → `json-ld`,
    /// `meta`, `time-element`, `url`, `text`, …. `publishedAt` is listed only when the date came from
    /// the page rather than from the submitter, and relative dates then say so in their anchor.
    public var extraction: [String: String]?

    public init(
        id: String, title: String? = nil, url: String? = nil, source: String? = nil,
        publishedAt: String? = nil, language: String? = nil, authors: [String]? = nil, modifiedAt: String? = nil,
        siteName: String? = nil, description: String? = nil, extraction: [String: String]? = nil
    ) {
        self.id = id
        self.title = title
        self.url = url
        self.source = source
        self.publishedAt = publishedAt
        self.language = language
        self.authors = authors
        self.modifiedAt = modifiedAt
        self.siteName = siteName
        self.description = description
        self.extraction = extraction
    }

    /// Whether `publishedAt` came from the page (ingestion) rather than from whoever submitted it.
    public var publishedAtIsExtracted: Bool { publishedAt != nil && extraction?["publishedAt"] != nil }

    /// Problems a receiver must reject: an empty id, a `publishedAt` that is not ISO 8601.
    public func validationProblems() -> [String] {
        var problems: [String] = []
        if id.isEmpty { problems.append("article id is empty") }
        if id.utf8.count > 1024 { problems.append("article id is longer than 1024 bytes") }
        if let publishedAt, PublicationTime(iso8601: publishedAt) == nil {
            problems.append("publishedAt '\(publishedAt.prefix(64))' is not an ISO 8601 date (YYYY-MM-DD or YYYY-MM-DDThh:mm[:ss][Z|±hh:mm])")
        }
        if let modifiedAt, PublicationTime(iso8601: modifiedAt) == nil {
            problems.append("modifiedAt '\(modifiedAt.prefix(64))' is not an ISO 8601 date")
        }
        return problems
    }
}

/// A publication time parsed from ISO 8601: a calendar date, optionally with a time of day.
public struct PublicationTime: Hashable, Sendable {
    public var year: Int
    public var month: Int
    public var day: Int
    public var hour: Int?
    public var minute: Int?
    public var second: Int?

    /// Parses `YYYY-MM-DD`, optionally followed by `Thh:mm`, `:ss`, fractional seconds and a zone
    /// (`Z` or `±hh:mm`). Rejects impossible dates such as February 30.
    public init?(iso8601 text: String) {
        let bytes = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[range] {
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        guard bytes.count >= 10, bytes[4] == 0x2D, bytes[7] == 0x2D,
            let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            (1...12).contains(month), day >= 1, day <= PublicationTime.daysIn(month: month, year: year)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
        if bytes.count == 10 { return }
        guard bytes[10] == 0x54 || bytes[10] == 0x20, bytes.count >= 16, bytes[13] == 0x3A,
            let hour = number(11..<13), let minute = number(14..<16), hour < 24, minute < 60
        else { return nil }
        self.hour = hour
        self.minute = minute
        var index = 16
        if index < bytes.count, bytes[index] == 0x3A {
            guard let second = number(17..<19), second < 61 else { return nil }
            self.second = second
            index = 19
            if index < bytes.count, bytes[index] == 0x2E {
                index += 1
                let digitsStart = index
                while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
                guard index > digitsStart else { return nil }
            }
        }
        if index == bytes.count { return }
        if bytes[index] == 0x5A, index + 1 == bytes.count { return }
        guard bytes[index] == 0x2B || bytes[index] == 0x2D else { return nil }
        guard let zoneHour = number((index + 1)..<(index + 3)), zoneHour < 24 else { return nil }
        var end = index + 3
        if end < bytes.count, bytes[end] == 0x3A { end += 1 }
        guard let zoneMinute = number(end..<(end + 2)), zoneMinute < 60, end + 2 == bytes.count else { return nil }
    }

    /// The date as `YYYY-MM-DD`.
    public var dateString: String {
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    /// Days in a month of the proleptic Gregorian calendar.
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 1, 3, 5, 7, 8, 10, 12: return 31
        case 4, 6, 9, 11: return 30
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        default: return 0
        }
    }
}
