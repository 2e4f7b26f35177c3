public import ArticleModel
import Foundation
public import Ingest
import WireProtocol

/// One input article, or why it could not be read, with where it came from.
public struct InputItem: Sendable {
    /// `path`, `path:line` for JSONL, or `stdin` / `stdin:line`.
    public var source: String
    public var article: Result<Article, InputError>
    /// FNV-1a 64 of the bytes the item was read from: a rerun recognises an article it has already
    /// finished by source, id and this hash, whatever the options.
    public var contentHash: String

    public init(source: String, article: Result<Article, InputError>, contentHash: String) {
        self.source = source
        self.article = article
        self.contentHash = contentHash
    }

    /// The journal key: where the item came from, its id and its content hash. The same command
    /// over the same inputs makes the same keys; an edited article makes a new one.
    public var key: String {
        switch article {
        case .success(let article): "\(source)\u{1F}\(article.id)\u{1F}\(contentHash)"
        case .failure: "\(source)\u{1F}\u{1F}\(contentHash)"
        }
    }
}

public struct InputError: Error, Sendable, CustomStringConvertible, Equatable {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}

/// Reads articles from files: plain text, JSON articles, JSONL of articles, HTML pages and web
/// archives (WARC, ARC); `-` is stdin.
///
/// A JSON article is `{"id", "text", "title"?, "url"?, "source"?, "publishedAt"?, "language"?}`, or
/// the same with `html` (a page) instead of `text`: the page is extracted and the fields given
/// override what the page says. `id` defaults to the file name without its extension (plain text,
/// JSON and HTML), `name:line` (JSONL) or `name#offset` (an archive record). HTML files are `.html`,
/// `.htm`, `.xhtml`, `.shtml` (each optionally `.gz`) or files whose content is markup; archives are
/// `.warc`, `.arc` (optionally `.gz`) or files that start like one.
public enum ArticleFiles {
    /// Extensions a directory walk picks up (with `.gz` after the page and archive ones).
    public static let articleExtensions: Set<String> = ["txt", "json", "jsonl", "ndjson", "html", "htm", "xhtml", "shtml", "warc", "arc"]

    /// Whether a directory walk picks up the file at `path`.
    static func isArticleFile(_ path: String) -> Bool {
        var name = path.lowercased()
        if name.hasSuffix(".gz") {
            name.removeLast(3)
            return InputKind.byName(name) == .html || InputKind.byName(name) == .archive
        }
        return articleExtensions.contains(URL(fileURLWithPath: name).pathExtension)
    }

    private struct ArticleJSON: Decodable {
        var id: String?
        var text: String?
        var html: String?
        var title: String?
        var url: String?
        var source: String?
        var publishedAt: String?
        var language: String?
    }

    /// Reads one whole input (stdin is read to its end and its format detected). Pages are
    /// extracted on every core; items keep the input's order. Archive records of types other than
    /// `response` are counted in `skipped`.
    public static func read(_ path: String, published: String?, skipped: SkippedRecords = SkippedRecords()) -> [InputItem] {
        let lookahead = PageLookahead()
        let source = pending(path, published: published, skipped: skipped, stdinAsLines: false)
        var items: [InputItem] = []
        while let item = lookahead.next({ source.next() }) { items.append(item) }
        return items
    }

    /// The items of one input, in order, with pages left to extract. `stdinAsLines`: read `-` as
    /// JSONL as it streams in (batches) rather than to its end with its format detected.
    static func pending(_ path: String, published: String?, skipped: SkippedRecords, stdinAsLines: Bool) -> AnyIterator<PendingItem> {
        func one(_ item: PendingItem) -> AnyIterator<PendingItem> { AnyIterator([item].makeIterator()) }
        if path == "-" {
            if stdinAsLines { return lines(LineReader(handle: .standardInput), name: "stdin", base: "stdin", published: published) }
            return whole(Array(FileHandle.standardInput.readDataToEndOfFile()), path: path, name: "stdin", base: "stdin", published: published, skipped: skipped)
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return one(.ready(failure(path, "no such file")))
        }
        if isDirectory.boolValue {
            return one(.ready(failure(path, "is a directory (give files, or use byline batch)")))
        }
        var kind = InputKind.byName(path)
        if kind == nil, let handle = FileHandle(forReadingAtPath: path) {
            let head = [UInt8]((try? handle.read(upToCount: 65_536)) ?? Data())
            try? handle.close()
            kind = InputKind.byContent(head)
        }
        switch kind {
        case .archive:
            return PageItems.archive(path, published: published, skipped: skipped)
        case .jsonLines:
            guard let reader = LineReader(path: path) else { return one(.ready(failure(path, "cannot be read (permissions?)"))) }
            return lines(reader, name: path, base: URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent, published: published)
        default:
            guard let contents = FileManager.default.contents(atPath: path) else {
                return one(.ready(failure(path, "cannot be read (permissions?)")))
            }
            if kind == .html { return one(PageItems.htmlFile(path, data: [UInt8](contents), source: path, published: published)) }
            return whole([UInt8](contents), path: path, name: path, base: URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent,
                         published: published, skipped: skipped)
        }
    }

    /// A whole input in memory: HTML or an archive when its content says so, a JSON article, JSONL,
    /// or plain text.
    private static func whole(
        _ data: [UInt8], path: String, name: String, base: String, published: String?, skipped: SkippedRecords
    ) -> AnyIterator<PendingItem> {
        func one(_ item: PendingItem) -> AnyIterator<PendingItem> { AnyIterator([item].makeIterator()) }
        let lowered = path.lowercased()
        let sniffed = InputKind.byContent(Array(data.prefix(65_536)))
        if sniffed == .archive {
            // An archive on stdin: the reader streams from a file, so it goes through one.
            let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("byline-stdin-\(getpid()).warc").path
            guard FileManager.default.createFile(atPath: temporary, contents: Data(data)) else {
                return one(.ready(failure(name, "cannot buffer the archive read from stdin")))
            }
            let records = PageItems.archive(temporary, published: published, skipped: skipped)
            return AnyIterator {
                guard let next = records.next() else {
                    try? FileManager.default.removeItem(atPath: temporary)
                    return nil
                }
                return next
            }
        }
        if sniffed == .html, !lowered.hasSuffix(".txt"), !lowered.hasSuffix(".json") {
            return one(PageItems.htmlFile(base + ".html", data: data, source: name, published: published))
        }
        var bytes = data
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        let hash = ContentHash.of(bytes, nil)
        if let problem = textProblem(bytes) {
            return one(.ready(InputItem(source: name, article: .failure(InputError(problem)), contentHash: hash)))
        }
        let text = String(decoding: bytes, as: UTF8.self)
        let startsWithBrace = text.first { !$0.isWhitespace } == "{"
        if lowered.hasSuffix(".json") || (startsWithBrace && !lowered.hasSuffix(".txt")) {
            if let item = jsonItem(bytes, source: name, defaultID: base, published: published, hash: hash) {
                return one(item)
            }
            if lowered.hasSuffix(".json") {
                return one(.ready(InputItem(
                    source: name, article: .failure(InputError("not a JSON article: \(describeDecodeFailure(bytes))")), contentHash: hash)))
            }
            // Several JSON objects, one per line, on stdin.
            var number = 0
            let all = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
            var iterator = all.makeIterator()
            return AnyIterator {
                while let line = iterator.next() {
                    number += 1
                    if let item = lineItem(line, name: name, base: base, number: number, published: published) { return item }
                }
                return nil
            }
        }
        return one(.ready(InputItem(source: name, article: .success(Article(id: base, text: text, publishedAt: published)), contentHash: hash)))
    }

    /// The items of a JSONL stream, one per non-blank line.
    private static func lines(_ reader: LineReader, name: String, base: String, published: String?) -> AnyIterator<PendingItem> {
        var number = 0
        return AnyIterator {
            while let line = reader.next() {
                number += 1
                if let item = lineItem(line, name: name, base: base, number: number, published: published) { return item }
            }
            return nil
        }
    }

    /// One JSONL line as an item; `nil` for a blank line.
    static func lineItem(_ line: [UInt8], name: String, base: String, number: Int, published: String?) -> PendingItem? {
        var line = line
        if line.last == 0x0D { line.removeLast() }
        guard line.contains(where: { $0 != 0x20 && $0 != 0x09 }) else { return nil }
        let source = "\(name):\(number)"
        let hash = ContentHash.of(line, nil)
        if let problem = textProblem(line) {
            return .ready(InputItem(source: source, article: .failure(InputError(problem)), contentHash: hash))
        }
        return jsonItem(line, source: source, defaultID: "\(base):\(number)", published: published, hash: hash)
            ?? .ready(InputItem(source: source, article: .failure(InputError("not a JSON article: \(describeDecodeFailure(line))")), contentHash: hash))
    }

    /// A JSON article as an item (extracting its `html` when it has no `text`); nil when it does not decode.
    private static func jsonItem(_ bytes: [UInt8], source: String, defaultID: String, published: String?, hash: String) -> PendingItem? {
        guard let json = try? decode(Data(bytes)) else { return nil }
        let id = json.id ?? defaultID
        if let text = json.text {
            return .ready(InputItem(source: source, article: .success(Article(
                id: id, text: text, title: json.title, url: json.url, source: json.source,
                publishedAt: json.publishedAt ?? published, language: json.language)), contentHash: hash))
        }
        guard let html = json.html else {
            return .ready(InputItem(source: source, article: .failure(InputError("not a JSON article: it has neither \"text\" nor \"html\"")), contentHash: hash))
        }
        // The page was already text in the JSON: its charset declarations no longer apply.
        let context = PageExtractor.Context(source: source, url: json.url, httpCharset: "utf-8")
        return PageItems.article(PageInputs.htmlFile(Array(html.utf8), source: source, context: context), id: { _ in id },
                                 published: json.publishedAt ?? published) { article in
            if let title = json.title { article.title = title }
            if let source = json.source { article.source = source }
            if let language = json.language { article.language = language }
            if json.publishedAt != nil { article.extraction?["publishedAt"] = nil }
        }
    }

    /// One JSON article as `analyze` reads it (`{id?, text or html, …}`), from a request body or a
    /// stream line: the article, or why it is not one. A page in `html` is extracted here, on the
    /// caller's thread.
    public static func item(json bytes: [UInt8], source: String, defaultID: String, published: String?) -> InputItem {
        let hash = ContentHash.of(bytes, nil)
        if let problem = textProblem(bytes) {
            return InputItem(source: source, article: .failure(InputError(problem)), contentHash: hash)
        }
        let pending = jsonItem(bytes, source: source, defaultID: defaultID, published: published, hash: hash)
            ?? .ready(InputItem(source: source, article: .failure(InputError("not a JSON article: \(describeDecodeFailure(bytes))")), contentHash: hash))
        return pending.resolved()
    }

    /// One HTML page (any charset; `httpCharset` is what its `Content-Type` declared) as an article
    /// with id `id`, or why it could not be extracted.
    public static func item(html bytes: [UInt8], source: String, id: String, published: String?, httpCharset: String?) -> InputItem {
        let context = PageExtractor.Context(source: source, httpCharset: httpCharset)
        return PageItems.article(PageInputs.htmlFile(bytes, source: source, context: context), id: { _ in id }, published: published).resolved()
    }

    static func failure(_ source: String, _ message: String) -> InputItem {
        InputItem(source: source, article: .failure(InputError(message)), contentHash: ContentHash.of(Array(message.utf8), nil))
    }

    private static func decode(_ data: Data) throws -> ArticleJSON {
        try JSONDecoder().decode(ArticleJSON.self, from: data)
    }

    private static func describeDecodeFailure(_ bytes: [UInt8]) -> String {
        do {
            _ = try decode(Data(bytes))
            return "unknown problem"
        } catch {
            return describe(error)
        }
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? DecodingError { return WireJSON.describe(error) }
        return "\(error)"
    }

    /// Why bytes are not an article text: binary content or invalid UTF-8.
    public static func textProblem(_ bytes: [UInt8]) -> String? {
        if bytes.prefix(65_536).contains(0) {
            return "looks like a binary file (contains NUL bytes), not text"
        }
        let (scalars, badOffset) = UTF8Scalars.validate(bytes)
        if scalars == nil {
            return "not valid UTF-8 text (first bad byte at offset \(badOffset ?? 0)); byline reads UTF-8"
        }
        return nil
    }
}
