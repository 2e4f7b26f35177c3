public import ArticleModel
import Foundation
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

/// Reads articles from files: plain text, a JSON article, or JSONL of articles; `-` is stdin.
///
/// A JSON article is `{"id", "text", "title"?, "url"?, "source"?, "publishedAt"?, "language"?}`;
/// `id` defaults to the file name without its extension (plain text and JSON) or `name:line` (JSONL).
public enum ArticleFiles {
    /// Extensions a directory walk picks up.
    public static let articleExtensions: Set<String> = ["txt", "json", "jsonl", "ndjson"]

    private struct ArticleJSON: Decodable {
        var id: String?
        var text: String
        var title: String?
        var url: String?
        var source: String?
        var publishedAt: String?
        var language: String?
    }

    /// Reads one whole input (stdin is read to its end and its format detected).
    public static func read(_ path: String, published: String?) -> [InputItem] {
        let data: Data
        let name: String
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
            name = "stdin"
        } else {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                return [failure(path, "no such file")]
            }
            if isDirectory.boolValue {
                return [failure(path, "is a directory (give files, or use byline batch)")]
            }
            guard let contents = FileManager.default.contents(atPath: path) else {
                return [failure(path, "cannot be read (permissions?)")]
            }
            data = contents
            name = path
        }
        let base = path == "-" ? "stdin" : URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        let lowered = path.lowercased()
        if lowered.hasSuffix(".jsonl") || lowered.hasSuffix(".ndjson") {
            var items: [InputItem] = []
            var number = 0
            for line in data.split(separator: 0x0A, omittingEmptySubsequences: false) {
                number += 1
                if let item = lineItem([UInt8](line), name: name, base: base, number: number, published: published) {
                    items.append(item)
                }
            }
            return items
        }
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        let hash = ContentHash.of(bytes, nil)
        if let problem = textProblem(bytes) {
            return [InputItem(source: name, article: .failure(InputError(problem)), contentHash: hash)]
        }
        let text = String(decoding: bytes, as: UTF8.self)
        let startsWithBrace = text.first { !$0.isWhitespace } == "{"
        if lowered.hasSuffix(".json") || (startsWithBrace && !lowered.hasSuffix(".txt")) {
            do {
                let article = try decode(Data(bytes), defaultID: base, published: published)
                return [InputItem(source: name, article: .success(article), contentHash: hash)]
            } catch {
                if lowered.hasSuffix(".json") {
                    return [InputItem(source: name, article: .failure(InputError("not a JSON article: \(describe(error))")), contentHash: hash)]
                }
                // Several JSON objects, one per line, on stdin.
                var items: [InputItem] = []
                for (offset, line) in bytes.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
                    if let item = lineItem(Array(line), name: name, base: base, number: offset + 1, published: published) {
                        items.append(item)
                    }
                }
                return items
            }
        }
        return [InputItem(source: name, article: .success(Article(id: base, text: text, publishedAt: published)), contentHash: hash)]
    }

    /// One JSONL line as an item; `nil` for a blank line.
    static func lineItem(_ line: [UInt8], name: String, base: String, number: Int, published: String?) -> InputItem? {
        var line = line
        if line.last == 0x0D { line.removeLast() }
        guard line.contains(where: { $0 != 0x20 && $0 != 0x09 }) else { return nil }
        let source = "\(name):\(number)"
        let hash = ContentHash.of(line, nil)
        if let problem = textProblem(line) {
            return InputItem(source: source, article: .failure(InputError(problem)), contentHash: hash)
        }
        do {
            let article = try decode(Data(line), defaultID: "\(base):\(number)", published: published)
            return InputItem(source: source, article: .success(article), contentHash: hash)
        } catch {
            return InputItem(source: source, article: .failure(InputError("not a JSON article: \(describe(error))")), contentHash: hash)
        }
    }

    static func failure(_ source: String, _ message: String) -> InputItem {
        InputItem(source: source, article: .failure(InputError(message)), contentHash: ContentHash.of(Array(message.utf8), nil))
    }

    static func decode(_ data: Data, defaultID: String, published: String?) throws -> Article {
        let json = try JSONDecoder().decode(ArticleJSON.self, from: data)
        return Article(
            id: json.id ?? defaultID, text: json.text, title: json.title, url: json.url, source: json.source,
            publishedAt: json.publishedAt ?? published, language: json.language)
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

/// A stable 64-bit FNV-1a hash in hex: the same bytes give the same key in every run.
public enum ContentHash {
    public static func of(_ bytes: [UInt8], _ extra: String?) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        if let extra {
            for byte in extra.utf8 {
                hash ^= UInt64(byte)
                hash &*= 0x0000_0100_0000_01B3
            }
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
