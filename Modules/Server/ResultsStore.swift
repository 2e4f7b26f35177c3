import ArticleModel
public import Batch
import Foundation
import Ingest
import JSONCoding
import Synchronization

/// The results store behind `--db`: the SQLite file `byline batch --db` writes and `byline query`
/// reads. The server adds each analysis it answers with, and reads records back for
/// `/v1/articles`. One connection, used under a lock.
public final class ResultsStore: @unchecked Sendable {
    // @unchecked: `journal` is only touched inside `lock`.
    private let journal: Journal
    private let lock = Mutex(())
    public let path: String

    public init(path: String) throws {
        self.path = path
        journal = try Journal(path: path, storeResults: true)
    }

    /// Keeps `analysis` (of `article`, which came from `source`); an identical input already stored is not stored twice.
    func store(article: Article, source: String, analysis: [UInt8]) throws {
        let item = InputItem(source: source, article: .success(article), contentHash: ContentHash.of(Array(article.text.utf8), article.id))
        let record = BatchRunner.analysed(item, analysis)
        try lock.withLock { _ in
            guard try !journal.contains(item.key) else { return }
            try journal.note(key: item.key, record: record, line: record.line(), offset: 0, batch: 1)
        }
    }

    /// The stored record of article `id`, as `byline query` prints it.
    func record(id: String) throws -> String? {
        try lock.withLock { _ in try journal.line(forArticle: id) }
    }

    /// Stored records matching `query`, in the order they were stored.
    func records(matching query: Journal.Query) throws -> [String] {
        var lines: [String] = []
        try lock.withLock { _ in try journal.lines(matching: query) { lines.append($0) } }
        return lines
    }

    /// Every stored record with its text and its position, read through a connection of its own, so
    /// that storing goes on meanwhile (SQLite's WAL lets one writer and readers work at once).
    func storedRecords(_ body: (_ line: String, _ text: String?, _ number: Int) throws -> Void) throws {
        let reader = try Journal(path: path, storeResults: true)
        var number = 0
        try reader.storedRecords { line, text in
            number += 1
            try body(line, text, number)
        }
    }

    /// How many records the store holds.
    func count() throws -> Int {
        try lock.withLock { _ in try journal.count() }
    }
}
