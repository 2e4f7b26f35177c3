import ArticleModel
import Foundation
import WireProtocol

/// One input article, or why it could not be read, with where it came from.
struct InputItem {
    /// `path`, `path:line` for JSONL, or `stdin`.
    var source: String
    var article: Result<Article, InputError>
}

struct InputError: Error, CustomStringConvertible {
    var description: String
}

/// Reads articles from files: plain text, a JSON article, or JSONL of articles; `-` is stdin.
///
/// A JSON article is `{"id", "text", "title"?, "url"?, "source"?, "publishedAt"?, "language"?}`;
/// `id` defaults to the file name without its extension (plain text and JSON) or `name:line` (JSONL).
enum ArticleReader {
    private struct ArticleJSON: Decodable {
        var id: String?
        var text: String
        var title: String?
        var url: String?
        var source: String?
        var publishedAt: String?
        var language: String?
    }

    static func read(_ path: String, published: String?) -> [InputItem] {
        let data: Data
        let name: String
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
            name = "stdin"
        } else {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                return [InputItem(source: path, article: .failure(InputError(description: "no such file")))]
            }
            if isDirectory.boolValue {
                return [InputItem(source: path, article: .failure(InputError(description: "is a directory (give files, or use byline batch)")))]
            }
            guard let contents = FileManager.default.contents(atPath: path) else {
                return [InputItem(source: path, article: .failure(InputError(description: "cannot be read (permissions?)")))]
            }
            data = contents
            name = path
        }
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if let problem = textProblem(bytes) {
            return [InputItem(source: name, article: .failure(InputError(description: problem)))]
        }
        let text = String(decoding: bytes, as: UTF8.self)
        let base = path == "-" ? "stdin" : URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        let lowered = path.lowercased()
        let trimmed = text.drop { $0.isWhitespace }
        if lowered.hasSuffix(".jsonl") || lowered.hasSuffix(".ndjson") {
            return readLines(text, name: name, base: base, published: published)
        }
        if lowered.hasSuffix(".json") || (trimmed.first == "{" && !lowered.hasSuffix(".txt")) {
            if let article = try? decode(Data(bytes), defaultID: base, published: published) {
                return [InputItem(source: name, article: .success(article))]
            }
            if lowered.hasSuffix(".json") {
                do {
                    _ = try decode(Data(bytes), defaultID: base, published: published)
                } catch {
                    return [InputItem(source: name, article: .failure(InputError(description: "not a JSON article: \(describe(error))")))]
                }
            }
            if trimmed.first == "{" {
                return readLines(text, name: name, base: base, published: published)
            }
        }
        return [InputItem(source: name, article: .success(Article(id: base, text: text, publishedAt: published)))]
    }

    private static func readLines(_ text: String, name: String, base: String, published: String?) -> [InputItem] {
        var items: [InputItem] = []
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard !line.allSatisfy(\.isWhitespace) else { continue }
            let source = "\(name):\(offset + 1)"
            do {
                let article = try decode(Data(line.utf8), defaultID: "\(base):\(offset + 1)", published: published)
                items.append(InputItem(source: source, article: .success(article)))
            } catch {
                items.append(InputItem(source: source, article: .failure(InputError(description: "not a JSON article: \(describe(error))"))))
            }
        }
        return items
    }

    private static func decode(_ data: Data, defaultID: String, published: String?) throws -> Article {
        let json = try JSONDecoder().decode(ArticleJSON.self, from: data)
        return Article(
            id: json.id ?? defaultID, text: json.text, title: json.title, url: json.url, source: json.source,
            publishedAt: json.publishedAt ?? published, language: json.language)
    }

    private static func describe(_ error: any Error) -> String {
        if let error = error as? DecodingError { return WireJSON.describe(error) }
        return "\(error)"
    }

    /// Why bytes are not an article text: invalid UTF-8 or binary content.
    static func textProblem(_ bytes: [UInt8]) -> String? {
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
