public import ArticleModel
public import JSONCoding
import Foundation

/// What ingestion makes of one web page: its main text and what the page says about itself.
///
/// Encoded as `byline extract` prints it (a fixed contract that tests and measurements use):
/// `{"source", "url"?, "title"?, "authors": [..], "publishedAt"?, "modifiedAt"?, "language"?,
/// "siteName"?, "description"?, "text", "extraction": {field: where it came from}}`.
public struct ExtractedPage: Sendable, Hashable {
    /// The path as given; for a record of an archive, `PATH#OFFSET`.
    public var source: String
    public var url: String?
    public var title: String?
    public var authors: [String]
    /// ISO 8601, with the time and zone when the page gives them.
    public var publishedAt: String?
    public var modifiedAt: String?
    public var language: String?
    public var siteName: String?
    public var description: String?
    /// The article body: paragraphs separated by blank lines, headings on lines of their own.
    public var text: String
    /// Field → where it came from (`json-ld`, `meta`, `microdata`, `time-element`, `url`, `text`,
    /// `canonical`, `warc`, `h1`, `title-element`, `byline`, …).
    public var extraction: [String: String]

    /// The article to analyse: the title (when there is one) as the first paragraph, then the body,
    /// so that the analyzers see the headline as TextKit's title line; the metadata carried along.
    /// `id` is the article id; `published` (the user's `--published`) wins over the page's date.
    public func article(id: String, published: String?) -> Article {
        var text = self.text
        if let title, !title.isEmpty { text = title + "\n\n" + text }
        var extraction = self.extraction
        var publishedAt = self.publishedAt
        if let published {
            publishedAt = published
            extraction["publishedAt"] = nil
        }
        return Article(
            id: id, text: text, title: title, url: url, source: nil, publishedAt: publishedAt, language: language,
            authors: authors.isEmpty ? nil : authors, modifiedAt: modifiedAt, siteName: siteName, description: description,
            extraction: extraction.isEmpty ? nil : extraction)
    }
}

extension ExtractedPage: JSONEncodable {
    public func encodeJSON(to output: inout JSONOutput) throws(EncodingError) {
        try encodeJSON(to: &output, error: nil)
    }

    /// The page as `byline extract` prints one whose text could not be found: its metadata, empty
    /// text, and `"error"` saying why.
    public func jsonBytes(error: String) throws(EncodingError) -> [UInt8] {
        var output = JSONOutput()
        try encodeJSON(to: &output, error: error)
        return output.bytes
    }

    private func encodeJSON(to output: inout JSONOutput, error: String?) throws(EncodingError) {
        output.beginObject()
        try output.field("authors", authors)
        try output.optionalField("description", description)
        try output.optionalField("error", error)
        try output.field("extraction", extraction)
        try output.optionalField("language", language)
        try output.optionalField("modifiedAt", modifiedAt)
        try output.optionalField("publishedAt", publishedAt)
        try output.optionalField("siteName", siteName)
        try output.field("source", source)
        try output.field("text", text)
        try output.optionalField("title", title)
        try output.optionalField("url", url)
        output.endObject()
    }
}

/// Turns the bytes of one HTML page into an ``ExtractedPage``.
///
/// The passes, each its own type: decode the charset (``PageDecoder``), parse (``HTMLParser``),
/// measure every element and drop what is never text (``PageAnalysis``), choose the body and what
/// of it to leave out (``MainContent``), write the text (``TextWriter``), and read the metadata
/// (``PageMetadata``).
public enum PageExtractor {
    /// Pages larger than this are refused (50 MB pages are read; memory stays a few times the size).
    public static let maximumPageBytes = 64 << 20

    /// Where a page came from, beyond its bytes.
    public struct Context: Sendable {
        /// How the user named it: a path, or `PATH#OFFSET` for a record of an archive.
        public var source: String
        /// The URL it was fetched from (`WARC-Target-URI`), when known.
        public var url: String?
        /// The charset the HTTP `Content-Type` declared.
        public var httpCharset: String?
        /// When it was fetched (`WARC-Date`): no date on the page can be later.
        public var crawlDate: String?

        public init(source: String, url: String? = nil, httpCharset: String? = nil, crawlDate: String? = nil) {
            self.source = source
            self.url = url
            self.httpCharset = httpCharset
            self.crawlDate = crawlDate
        }
    }

    /// Extracts `bytes` (the page as sent, in any charset). Throws when the bytes are not a page
    /// (binary data, no text at all) or too large.
    public static func extract(_ bytes: [UInt8], context: Context) throws(IngestError) -> ExtractedPage {
        if bytes.count > maximumPageBytes {
            throw IngestError("the page is \(bytes.count) bytes, over the \(maximumPageBytes >> 20) MB limit")
        }
        if let kind = BinarySniffer.kind(bytes) { throw IngestError("this is \(kind), not an HTML page") }
        // The decoded copy is needed only by the parser: let it go as soon as the tree is built.
        let (tree, charset) = { () -> (HTMLTree, String) in
            let decoded = PageDecoder.decode(bytes, httpCharset: context.httpCharset)
            return (HTMLParser.parse(decoded), decoded.charset.lowercased() + " (" + decoded.source + ")")
        }()
        // The analysis (a few numbers for every node) is let go before the text is written: what is
        // left out is decided first, into one flag a node.
        let latest = context.crawlDate.flatMap(DateParsing.parse) ?? Self.tomorrow()
        let (metadata, roots, leftOut, bodyHasText) = { () -> (PageMetadata, [Int32], [Bool], Bool) in
            let page = PageAnalysis(tree: tree)
            let metadata = PageMetadata(tree: tree, page: page, url: context.url, latest: latest)
            let content = MainContent(page: page)
            let roots = content.roots()
            let body = tree.first(.body)
            return (metadata, roots, content.leftOut(below: roots, title: metadata.title), body != nil && page.text[Int(body!)] > 0)
        }()
        let text = TrailingBoilerplate.trim(TextWriter.text(of: roots, in: tree) { leftOut[Int($0)] })
        let page = Self.page(text: text, metadata: metadata, charset: charset, context: context)
        guard !text.isEmpty else {
            let saysSomething = page.title != nil || page.url != nil || page.publishedAt != nil || page.modifiedAt != nil
                || !page.authors.isEmpty || page.description != nil || page.siteName != nil
            throw IngestError(bodyHasText ? "no article text found in the page" : "the page has no body text", metadata: saysSomething ? page : nil)
        }
        return page
    }

    private static func page(text: String, metadata: PageMetadata, charset: String, context: Context) -> ExtractedPage {
        var extraction = metadata.sources
        extraction["charset"] = charset
        var url = context.url
        if url != nil {
            extraction["url"] = "warc"
        } else if let canonical = metadata.canonicalURL {
            url = canonical
        } else {
            extraction["url"] = nil
        }
        return ExtractedPage(
            source: context.source, url: url, title: metadata.title, authors: metadata.authors, publishedAt: metadata.publishedAt?.iso8601,
            modifiedAt: metadata.modifiedAt?.iso8601, language: metadata.language, siteName: metadata.siteName,
            description: metadata.description, text: text, extraction: extraction)
    }

    /// For benchmarks: the seconds each pass of ``extract(_:context:)`` takes over `pages`, one core,
    /// in pass order (`decode`, `parse`, `measure`, `metadata`, `body and text`).
    public static func passSeconds(_ pages: [[UInt8]]) -> [(pass: String, seconds: Double)] {
        var totals = [Duration](repeating: .zero, count: 5)
        let clock = ContinuousClock()
        for bytes in pages {
            var start = clock.now
            func lap(_ index: Int) {
                let now = clock.now
                totals[index] += now - start
                start = now
            }
            let decoded = PageDecoder.decode(bytes)
            lap(0)
            let tree = HTMLParser.parse(decoded)
            lap(1)
            let page = PageAnalysis(tree: tree)
            lap(2)
            let metadata = PageMetadata(tree: tree, page: page, url: nil, latest: tomorrow())
            lap(3)
            let content = MainContent(page: page)
            let roots = content.roots()
            let leftOut = content.leftOut(below: roots, title: metadata.title)
            _ = TextWriter.text(of: roots, in: tree) { leftOut[Int($0)] }
            lap(4)
        }
        let names = ["decode", "parse", "measure", "metadata", "body and text"]
        return zip(names, totals).map { ($0, Double($1.components.seconds) + Double($1.components.attoseconds) / 1e18) }
    }

    /// For development: the elements chosen as the body, as `tag.class#id` paths from the root.
    public static func explain(_ bytes: [UInt8]) -> [String] {
        let tree = HTMLParser.parse(PageDecoder.decode(bytes))
        let page = PageAnalysis(tree: tree)
        return MainContent(page: page).roots().map { root in
            var path: [String] = []
            var at = root
            while at > 0 {
                let node = tree[at]
                var label = "\(node.tag)"
                if let c = tree.attribute(.class, of: at) { label += "." + c.replacingOccurrences(of: " ", with: ".") }
                if let i = tree.attribute(.id, of: at) { label += "#" + i }
                path.append(label + " [text \(page.text[Int(at)]), good \(page.goodText[Int(at)])]")
                at = node.parent
            }
            return path.reversed().joined(separator: " > ")
        }
    }

    /// For development: the tree down to `depth`, one element a line, with its text, running text,
    /// hints and whether it is dropped.
    public static func outline(_ bytes: [UInt8], depth: Int) -> [String] {
        let tree = HTMLParser.parse(PageDecoder.decode(bytes))
        let page = PageAnalysis(tree: tree)
        var lines: [String] = []
        for index in tree.descendants(of: HTMLTree.root) {
            let node = tree[index]
            guard !node.isText, node.depth <= depth else { continue }
            var label = String(repeating: "  ", count: Int(node.depth)) + "\(node.tag)"
            if let c = tree.attribute(.class, of: index) { label += "." + c.prefix(60).replacingOccurrences(of: " ", with: ".") }
            if let i = tree.attribute(.id, of: index) { label += "#" + i }
            label += " text \(page.text[Int(index)]) good \(page.goodText[Int(index)]) hints \(page.hints[Int(index)].rawValue)"
            if page.dropped[Int(index)] { label += " DROPPED" }
            lines.append(label)
        }
        return lines
    }

    /// Tomorrow in UTC: the latest believable date of a page with no crawl date (time zones ahead of UTC).
    static func tomorrow() -> PageDate {
        let seconds = Int(Date().timeIntervalSince1970) + 86_400
        let (year, month, day) = DateParsing.civil(fromDays: seconds / 86_400)
        return PageDate(year: year, month: month, day: day)
    }
}

/// Recognises binary files by their first bytes.
public enum BinarySniffer {
    /// What the bytes are when they are clearly not text (`a PDF document`, `binary data`), or nil.
    public static func kind(_ bytes: [UInt8]) -> String? {
        let signatures: [([UInt8], String)] = [
            (Array("%PDF-".utf8), "a PDF document"), ([0x89, 0x50, 0x4E, 0x47], "a PNG image"), ([0xFF, 0xD8, 0xFF], "a JPEG image"),
            (Array("GIF8".utf8), "a GIF image"), ([0x50, 0x4B, 0x03, 0x04], "a ZIP archive (or an Office document)"),
            ([0x1F, 0x8B], "gzip-compressed data"), ([0x7F, 0x45, 0x4C, 0x46], "an executable"), (Array("RIFF".utf8), "a media file"),
            ([0x00, 0x00, 0x00], "binary data"), (Array("OggS".utf8), "a media file"), (Array("ID3".utf8), "an audio file"),
            ([0x25, 0x21, 0x50, 0x53], "a PostScript file"), ([0xD0, 0xCF, 0x11, 0xE0], "an Office document"),
        ]
        for (signature, kind) in signatures where bytes.starts(with: signature) { return kind }
        if bytes.count >= 12, bytes[4...7].elementsEqual(Array("ftyp".utf8)) { return "a media file" }
        if bytes.count >= 4, bytes[0...3].elementsEqual([0x00, 0x00, 0x01, 0x00]) { return "an icon" }
        // UTF-16 text has NUL bytes; everything else with many control bytes is binary.
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) { return nil }
        let sample = bytes.prefix(4096)
        guard !sample.isEmpty else { return nil }
        let control = sample.filter { $0 < 0x09 || ($0 > 0x0D && $0 < 0x20 && $0 != 0x1B) }.count
        return control * 10 > sample.count ? "binary data" : nil
    }

    /// Whether the bytes look like HTML: markup near the start (after any BOM and white space).
    public static func looksLikeHTML(_ bytes: [UInt8]) -> Bool {
        var start = bytes.startIndex
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start += 3 }
        while start < bytes.endIndex, [0x20, 0x09, 0x0A, 0x0D, 0x0C].contains(bytes[start]) { start += 1 }
        let head = String(decoding: bytes[start..<min(bytes.endIndex, start + 1024)], as: UTF8.self).lowercased()
        guard head.hasPrefix("<") else { return false }
        return ["<!doctype html", "<html", "<head", "<body", "<meta", "<title", "<!--", "<?xml", "<div", "<p>", "<p ", "<article", "<script", "<link", "<style"]
            .contains { head.hasPrefix($0) || head.contains("<html") || head.contains("<body") }
    }
}
