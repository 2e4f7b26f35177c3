public import ArticleModel
import Foundation
import GRDB

/// A batch's memory across runs, in SQLite: which inputs are finished and where their records sit
/// in the output file. With `storeResults`, also every record and an index of entities, speakers
/// and time expressions, so that `byline query` and `byline export` can work from it alone.
///
/// Crash safety: a record is appended to the output file first and journaled after, in batched
/// transactions. On start, the output file is cut back to the end of the last journaled record, so a
/// record written but not journaled before a crash is written again exactly once.
public final class Journal {
    private let queue: DatabaseQueue
    public let path: String
    public let storeResults: Bool
    private var pending: [(key: String, record: ResultRecord, offset: Int, length: Int, line: [UInt8])] = []
    private var pendingKeys: Set<String> = []
    private var nextSequence: Int

    public init(path: String, storeResults: Bool) throws {
        self.path = path
        self.storeResults = storeResults
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        queue = try DatabaseQueue(path: path, configuration: configuration)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
        }
        try queue.write { db in
            try db.execute(sql: """
                CREATE TABLE IF NOT EXISTS record (
                    seq INTEGER PRIMARY KEY,
                    key TEXT NOT NULL UNIQUE,
                    article_id TEXT,
                    source TEXT NOT NULL,
                    status TEXT NOT NULL,
                    published TEXT,
                    out_offset INTEGER NOT NULL,
                    out_length INTEGER NOT NULL,
                    line TEXT
                );
                CREATE TABLE IF NOT EXISTS entity (seq INTEGER NOT NULL, entity_id TEXT, name TEXT NOT NULL, type TEXT NOT NULL, salience REAL);
                CREATE INDEX IF NOT EXISTS entity_name ON entity(name COLLATE NOCASE);
                CREATE INDEX IF NOT EXISTS entity_type ON entity(type);
                CREATE TABLE IF NOT EXISTS quote (seq INTEGER NOT NULL, speaker TEXT, entity_id TEXT, text TEXT);
                CREATE INDEX IF NOT EXISTS quote_speaker ON quote(speaker COLLATE NOCASE);
                CREATE TABLE IF NOT EXISTS timex (seq INTEGER NOT NULL, type TEXT NOT NULL, value TEXT NOT NULL);
                CREATE INDEX IF NOT EXISTS timex_value ON timex(value);
                CREATE INDEX IF NOT EXISTS record_published ON record(published);
                CREATE TABLE IF NOT EXISTS article_text (seq INTEGER PRIMARY KEY, text TEXT NOT NULL);
                """)
        }
        nextSequence = try queue.read { db in try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(seq), 0) FROM record") ?? 0 } + 1
    }

    /// The stored record of the article with this id (the latest, if it was stored more than once).
    public func line(forArticle id: String) throws -> String? {
        try commit()
        return try queue.read { db in
            try String.fetchOne(db, sql: "SELECT line FROM record WHERE article_id = ? AND line IS NOT NULL ORDER BY seq DESC LIMIT 1", arguments: [id])
        }
    }

    /// Records journaled so far.
    public func count() throws -> Int {
        try queue.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM record") ?? 0 } + pending.count
    }

    /// Whether an input with this key is already finished (in a past run or earlier in this one).
    public func contains(_ key: String) throws -> Bool {
        if pendingKeys.contains(key) { return true }
        return try queue.read { db in try Bool.fetchOne(db, sql: "SELECT 1 FROM record WHERE key = ?", arguments: [key]) ?? false }
    }

    /// Where the output file's journaled content ends.
    public func journaledEnd() throws -> Int {
        try queue.read { db in try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(out_offset + out_length), 0) FROM record") ?? 0 }
    }

    /// Notes a record that was just appended to the output file at `offset`; commits every `batch` notes.
    public func note(key: String, record: ResultRecord, line: [UInt8], offset: Int, batch: Int = 256) throws {
        pending.append((key, record, offset, line.count + 1, line))  // the line and its newline
        pendingKeys.insert(key)
        if pending.count >= batch { try commit() }
    }

    /// Commits what has been noted.
    public func commit() throws {
        guard !pending.isEmpty else { return }
        let rows = pending
        var sequence = nextSequence
        try queue.write { db in
            let insert = try db.makeStatement(sql: """
                INSERT INTO record (seq, key, article_id, source, status, published, out_offset, out_length, line)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            let entity = try db.makeStatement(sql: "INSERT INTO entity (seq, entity_id, name, type, salience) VALUES (?, ?, ?, ?, ?)")
            let quote = try db.makeStatement(sql: "INSERT INTO quote (seq, speaker, entity_id, text) VALUES (?, ?, ?, ?)")
            let timex = try db.makeStatement(sql: "INSERT INTO timex (seq, type, value) VALUES (?, ?, ?)")
            let text = try db.makeStatement(sql: "INSERT INTO article_text (seq, text) VALUES (?, ?)")
            for row in rows {
                let line: String? = storeResults ? String(decoding: row.line, as: UTF8.self) : nil
                try insert.execute(arguments: [
                    sequence, row.key, row.record.id, row.record.source, row.record.status.rawValue,
                    row.record.index?.article.publishedAt.flatMap { PublicationTime(iso8601: $0)?.dateString },
                    row.offset, row.length, line,
                ])
                if storeResults, let index = row.record.index {
                    for item in index.entities ?? [] {
                        try entity.execute(arguments: [sequence, item.id, item.name, item.type.rawValue, item.salience])
                    }
                    for item in index.quotes ?? [] {
                        try quote.execute(arguments: [sequence, item.speaker?.text, item.speaker?.entityId, item.text])
                    }
                    for item in index.timexes ?? [] {
                        try timex.execute(arguments: [sequence, item.type.rawValue, item.value])
                    }
                    if let articleText = row.record.text { try text.execute(arguments: [sequence, articleText]) }
                }
                sequence += 1
            }
        }
        nextSequence = sequence
        pending.removeAll(keepingCapacity: true)
        pendingKeys.removeAll(keepingCapacity: true)
    }

    // MARK: Queries

    /// A filter over stored results; every condition given must hold.
    public struct Query: Sendable {
        public var entity: String?
        public var entityType: EntityType?
        public var speaker: String?
        public var publishedFrom: String?
        public var publishedTo: String?
        public var status: RecordStatus?
        public var limit: Int?

        public init(
            entity: String? = nil, entityType: EntityType? = nil, speaker: String? = nil, publishedFrom: String? = nil,
            publishedTo: String? = nil, status: RecordStatus? = nil, limit: Int? = nil
        ) {
            self.entity = entity
            self.entityType = entityType
            self.speaker = speaker
            self.publishedFrom = publishedFrom
            self.publishedTo = publishedTo
            self.status = status
            self.limit = limit
        }
    }

    /// Stored records matching `query`, in input order, as JSONL lines.
    public func lines(matching query: Query, _ body: (String) throws -> Void) throws {
        var conditions: [String] = []
        var arguments: [any DatabaseValueConvertible] = []
        if let entity = query.entity {
            conditions.append("seq IN (SELECT seq FROM entity WHERE name = ? COLLATE NOCASE" + (query.entityType != nil ? " AND type = ?)" : ")"))
            arguments.append(entity)
            if let type = query.entityType { arguments.append(type.rawValue) }
        } else if let type = query.entityType {
            conditions.append("seq IN (SELECT seq FROM entity WHERE type = ?)")
            arguments.append(type.rawValue)
        }
        if let speaker = query.speaker {
            conditions.append("""
                seq IN (SELECT q.seq FROM quote q LEFT JOIN entity e ON e.seq = q.seq AND e.entity_id = q.entity_id
                        WHERE q.speaker = ? COLLATE NOCASE OR e.name = ? COLLATE NOCASE)
                """)
            arguments += [speaker, speaker]
        }
        if let from = query.publishedFrom {
            conditions.append("published >= ?")
            arguments.append(from)
        }
        if let to = query.publishedTo {
            conditions.append("published <= ?")
            arguments.append(to)
        }
        if let status = query.status {
            conditions.append("status = ?")
            arguments.append(status.rawValue)
        }
        var sql = "SELECT line FROM record"
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        sql += " ORDER BY seq"
        if let limit = query.limit { sql += " LIMIT \(limit)" }
        try queue.read { db in
            let rows = try String?.fetchCursor(db, sql: sql, arguments: StatementArguments(arguments))
            while let line = try rows.next() {
                guard let line else {
                    throw JournalError("this journal keeps no results; run the batch with --db to keep them")
                }
                try body(line)
            }
        }
    }

    /// Every stored record in input order, with the article text when the store kept it (stores
    /// written before texts were kept, and records without an analysis, have none).
    public func storedRecords(_ body: (_ line: String, _ text: String?) throws -> Void) throws {
        try queue.read { db in
            let rows = try Row.fetchCursor(db, sql: "SELECT r.line AS line, t.text AS text FROM record r LEFT JOIN article_text t ON t.seq = r.seq ORDER BY r.seq")
            while let row = try rows.next() {
                guard let line: String = row["line"] else {
                    throw JournalError("this journal keeps no results; run the batch with --db to keep them")
                }
                try body(line, row["text"])
            }
        }
    }

    /// Counts by status, for summaries.
    public func statusCounts() throws -> [RecordStatus: Int] {
        try queue.read { db in
            var counts: [RecordStatus: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT status, COUNT(*) AS n FROM record GROUP BY status") {
                if let status = RecordStatus(rawValue: row["status"]) { counts[status] = row["n"] }
            }
            return counts
        }
    }
}

public struct JournalError: Error, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
