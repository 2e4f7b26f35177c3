/// The HTML pages of a web archive, one record at a time, ready for extraction.
///
/// Reads `response` records (and ARC records), parses their HTTP message, undoes transfer and
/// content encodings, and hands on the body of each HTML response with its URL, crawl date and
/// charset. Records of other types are counted by type and passed over; a response that is not
/// HTML, or that cannot be read, is an error naming the record, and reading goes on.
public final class ArchivePages: IteratorProtocol {
    public enum Item: Sendable {
        /// An HTML response: the body as sent (still in its charset) and what extraction needs to know.
        case page(body: [UInt8], context: PageExtractor.Context, recordBytes: Int)
        /// A record that could not be read, or a response that is not a readable HTML page.
        case failure(source: String, message: String)
        /// A record of another type (`request`, `metadata`, `warcinfo`, `revisit`, `resource`, …).
        case skipped(type: String)
    }

    private let reader: WARCReader
    private let path: String

    public init(path: String) throws(IngestError) {
        reader = try WARCReader(path: path)
        self.path = path
    }

    /// `PATH#OFFSET`, or `PATH#OFFSET+WITHIN` for a record that shares its gzip member with the
    /// ones before it (a file compressed as a whole rather than record by record).
    static func source(_ path: String, _ offset: Int, _ within: Int) -> String {
        within == 0 ? "\(path)#\(offset)" : "\(path)#\(offset)+\(within)"
    }

    public func next() -> Item? {
        guard let result = reader.next() else { return nil }
        switch result {
        case .failure(let error):
            return .failure(source: Self.source(path, error.offset, error.within), message: error.message)
        case .success(let record):
            let source = Self.source(path, record.offset, record.within)
            guard record.type == "response" else { return .skipped(type: record.type) }
            if let type = record.contentType?.lowercased(), !type.contains("application/http"), !type.isEmpty {
                // A response record that is not an HTTP message (ftp, dns): nothing to read as a page.
                return .skipped(type: "response (\(type.split(separator: ";").first ?? ""))")
            }
            let response: HTTPResponse
            do {
                response = try HTTPResponse.parse(record.block, bodyLimit: PageExtractor.maximumPageBytes + 1)
            } catch {
                return .failure(source: source, message: error.description)
            }
            let media = response.headers.mediaType ?? ""
            let isHTML = media.contains("html") || (media.isEmpty && BinarySniffer.looksLikeHTML(response.body))
            guard isHTML else {
                let what = media.isEmpty ? "no Content-Type" : media
                return .failure(source: source, message: "the response is \(what), not HTML (status \(response.status)); not extracted")
            }
            let charset = response.headers["content-type"].flatMap(HTTPHeaders.charset(fromContentType:))
            return .page(
                body: response.body,
                context: PageExtractor.Context(source: source, url: record.targetURI, httpCharset: charset, crawlDate: record.date),
                recordBytes: record.block.count)
        }
    }
}

/// What kind of input a file is, from its name and, failing that, its first bytes.
public enum InputKind: Equatable, Sendable {
    case text
    case json
    case jsonLines
    case html
    /// A WARC or ARC file, plain or gzipped per record.
    case archive

    /// The kind a name says (`.html`, `.htm`, `.xhtml`, `.warc`, `.arc`, each optionally `.gz`;
    /// `.txt`, `.json`, `.jsonl`, `.ndjson`), or nil.
    public static func byName(_ path: String) -> InputKind? {
        var name = path.lowercased()
        if name.hasSuffix(".gz") { name.removeLast(3) }
        for (suffix, kind) in [(".html", InputKind.html), (".htm", .html), (".xhtml", .html), (".shtml", .html), (".warc", .archive), (".arc", .archive)]
        where name.hasSuffix(suffix) {
            return kind
        }
        if path.lowercased().hasSuffix(".gz") { return nil }
        for (suffix, kind) in [(".txt", InputKind.text), (".json", .json), (".jsonl", .jsonLines), (".ndjson", .jsonLines)] where name.hasSuffix(suffix) {
            return kind
        }
        return nil
    }

    /// The kind the first bytes show: an archive (a `WARC/` header or an ARC `filedesc://`, gzipped
    /// or not), HTML markup, or nil.
    public static func byContent(_ head: [UInt8]) -> InputKind? {
        var bytes = head
        if bytes.starts(with: [0x1F, 0x8B]), let inflated = Inflater.inflateAll(bytes[...], format: .gzipOrZlib, limit: 4096)?.bytes {
            bytes = inflated
        }
        if bytes.starts(with: Array("WARC/".utf8)) || bytes.starts(with: Array("filedesc://".utf8)) { return .archive }
        if BinarySniffer.looksLikeHTML(bytes) { return .html }
        return nil
    }
}
