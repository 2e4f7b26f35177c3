public import CoordinatorService
public import WireProtocol
import ArticleModel
import Foundation
import Ingest
import JSONCoding

/// What a batch did, for the summary line.
public struct BatchSummary: Sendable {
    public var complete = 0
    public var partial = 0
    public var errors = 0
    /// Inputs finished by an earlier run (or listed twice), not redone.
    public var skipped = 0
    public var seconds = 0.0
    /// Per analyzer: total milliseconds and answers, for mean time per article.
    public var analyzerTime: [String: (ms: Double, count: Int)] = [:]
    /// Failures by "analyzer: reason" or "input: reason", for the summary.
    public var failureReasons: [String: Int] = [:]
    /// Why the run stopped early, if it did (interrupted, coordinator gone).
    public var stoppedEarly: String?
    /// Archive records passed over because they are not responses (`request 10, warcinfo 1`).
    public var skippedRecords: String?

    public var written: Int { complete + partial + errors }
}

/// Settings of one batch run.
public struct BatchOptions: Sendable {
    /// Articles submitted and not yet written, at most (bounds memory and the reorder buffer).
    public var window: Int
    public var submit: SubmitOptions
    /// Extra time past the deadline before an article counts as lost with its coordinator.
    public var graceMs: Int

    public init(window: Int = 64, submit: SubmitOptions = SubmitOptions(), graceMs: Int = 10_000) {
        self.window = window
        self.submit = submit
        self.graceMs = graceMs
    }
}

/// Runs a batch: streams the inputs, skips what the journal has, submits with a bounded window,
/// writes one record per input to the output in input order, and journals each record.
///
/// Every input gets exactly one record across runs: complete, partial (with the failed analyzers
/// and why), or error (unreadable input, or the coordinator refused it). Blocking: call it on a
/// dedicated thread.
public enum BatchRunner {
    public static func run(
        client: CoordinatorClient, inputs: ArticleStream, outPath: String, journal: Journal, options: BatchOptions,
        progress: ProgressReporter, shouldStop: () -> Bool
    ) throws -> BatchSummary {
        let output = try OutputFile(path: outPath, journaledEnd: try journal.journaledEnd())
        var summary = BatchSummary()
        let started = Date()
        var iterator = inputs.makeIterator()
        var exhausted = false
        var nextPosition = 0
        var nextWrite = 0
        var ready: [Int: (key: String, record: ResultRecord)] = [:]
        var inFlight: [UInt64: (position: Int, item: InputItem, expires: Date)] = [:]
        var windowKeys: Set<String> = []
        var nextTag: UInt64 = 1
        let waitSeconds = Double((options.submit.deadlineMs ?? 30_000) + options.graceMs) / 1000
        // Liveness of the coordinator: after 5 s of silence with articles in flight, ask for STATUS;
        // no answer within 3 s means it is gone.
        var lastHeard = Date()
        var pingSent: Date?
        let pingTag = Array("batch-ping".utf8)

        func record(_ position: Int, _ key: String, _ value: ResultRecord) {
            ready[position] = (key, value)
        }

        func flush() throws {
            while let entry = ready.removeValue(forKey: nextWrite) {
                let line = entry.record.line()
                let offset = try output.append(line)
                try journal.note(key: entry.key, record: entry.record, line: line, offset: offset)
                windowKeys.remove(entry.key)
                tally(entry.record, into: &summary)
                nextWrite += 1
                progress.update(written: summary.written, skipped: summary.skipped, failures: summary.errors + summary.partial)
            }
        }

        let window = max(1, options.window)
        let burst = CoordinatorClient.refillBurst(window: window)
        loop: while true {
            // Top up in bursts, so that the coordinator can send whole batches.
            let refill = inFlight.isEmpty || nextPosition - nextWrite <= window - burst
            while refill, !exhausted, nextPosition - nextWrite < window, !shouldStop() {
                guard let item = iterator.next() else {
                    exhausted = true
                    break
                }
                let key = item.key
                let finished = try journal.contains(key)
                if finished || windowKeys.contains(key) {
                    summary.skipped += 1
                    progress.update(written: summary.written, skipped: summary.skipped, failures: summary.errors + summary.partial)
                    continue
                }
                let position = nextPosition
                nextPosition += 1
                windowKeys.insert(key)
                switch item.article {
                case .failure(let error):
                    record(position, key, ResultRecord(id: nil, source: item.source, status: .error, problems: [], error: error.description))
                case .success(let article):
                    let bytes = article.text.utf8.count
                    if bytes > client.limits.maxTextBytes {
                        record(position, key, ResultRecord(
                            id: article.id, source: item.source, status: .error, problems: [],
                            error: "too-large: article text is \(bytes) bytes, over the limit of \(client.limits.maxTextBytes) bytes"))
                        continue
                    }
                    let tag = nextTag
                    nextTag += 1
                    try client.submit(article, tag: CoordinatorClient.encodeTag(tag), options: options.submit)
                    inFlight[tag] = (position, item, Date().addingTimeInterval(waitSeconds))
                }
            }
            try flush()
            if inFlight.isEmpty && (exhausted || shouldStop()) { break }

            let soonest = inFlight.values.map(\.expires).min() ?? Date().addingTimeInterval(1)
            let timeout = max(1, min(500, Int(soonest.timeIntervalSinceNow * 1000)))
            if let message = try client.receive(timeoutMs: timeout) {
                lastHeard = Date()
                pingSent = nil
                switch message {
                case .result(let tag, let analysis):
                    guard let tag = CoordinatorClient.decodeTag(tag), let entry = inFlight.removeValue(forKey: tag) else { break }
                    record(entry.position, entry.item.key, analysed(entry.item, analysis))
                case .reject(let tag, let rejection):
                    guard let tag = CoordinatorClient.decodeTag(tag), let entry = inFlight.removeValue(forKey: tag) else { break }
                    if ["busy", "shutting-down"].contains(rejection.code) {
                        // Not the article's fault: stop here; a rerun picks up from this article.
                        summary.stoppedEarly = "the coordinator refused an article: \(rejection)"
                        break loop
                    }
                    let id = (try? entry.item.article.get())?.id
                    record(entry.position, entry.item.key, ResultRecord(
                        id: id, source: entry.item.source, status: .error, problems: [], error: "\(rejection.code): \(rejection.message)"))
                default:
                    break
                }
            }
            if !inFlight.isEmpty {
                if let sent = pingSent, Date().timeIntervalSince(sent) > 3 {
                    summary.stoppedEarly = "the coordinator at \(client.endpoint) stopped answering"
                    break loop
                }
                if pingSent == nil, Date().timeIntervalSince(lastHeard) > 5 {
                    try client.sendStatus(tag: pingTag)
                    pingSent = Date()
                }
            }
            if let late = inFlight.values.first(where: { $0.expires <= Date() }) {
                summary.stoppedEarly = "no answer from the coordinator at \(client.endpoint) for \(late.item.source) within \(Int(waitSeconds)) s; it may be down"
                break loop
            }
        }
        try flush()
        try journal.commit()
        try output.close()
        summary.skippedRecords = inputs.skipped.summary
        if summary.stoppedEarly == nil, shouldStop() { summary.stoppedEarly = "interrupted" }
        summary.seconds = Date().timeIntervalSince(started)
        progress.finish(written: summary.written, skipped: summary.skipped, failures: summary.errors + summary.partial)
        return summary
    }

    /// A record for an analysed article: complete, or partial with the analyzers that did not answer.
    public static func analysed(_ item: InputItem, _ analysis: [UInt8]) -> ResultRecord {
        let id = (try? item.article.get())?.id
        guard let index = try? JSONInput.decode(AnalysisIndex.self, from: analysis) else {
            return ResultRecord(id: id, source: item.source, status: .error, problems: [], error: "the coordinator's answer did not decode")
        }
        let problems = index.provenance.filter { $0.status != .ok }
        return ResultRecord(
            id: id, source: item.source, status: problems.isEmpty ? .complete : .partial, problems: problems, error: nil,
            analysis: analysis, index: index, text: (try? item.article.get())?.text)
    }

    static func tally(_ record: ResultRecord, into summary: inout BatchSummary) {
        switch record.status {
        case .complete: summary.complete += 1
        case .partial: summary.partial += 1
        case .error:
            summary.errors += 1
            let reason = record.error.map { String($0.prefix(while: { $0 != "(" && $0 != ";" }).prefix(80)) } ?? "unknown"
            summary.failureReasons["input: \(reason)", default: 0] += 1
        }
        for entry in record.index?.provenance ?? [] {
            if entry.status == .ok {
                summary.analyzerTime[entry.analyzer, default: (0, 0)].ms += entry.ms
                summary.analyzerTime[entry.analyzer, default: (0, 0)].count += 1
            } else {
                let reason = (entry.error ?? entry.status.rawValue).prefix(while: { $0 != ":" && $0 != "(" }).prefix(60)
                summary.failureReasons["\(entry.analyzer) \(entry.status.rawValue): \(reason)", default: 0] += 1
            }
        }
    }

}

/// The batch's JSONL output, cut back on open to what the journal vouches for.
final class OutputFile {
    private let handle: FileHandle
    private var end: Int

    init(path: String, journaledEnd: Int) throws {
        if !FileManager.default.fileExists(atPath: path) {
            guard journaledEnd == 0 else {
                throw JournalError("\(path) is missing but its journal lists \(journaledEnd) bytes of results; restore it, or delete the journal to start over")
            }
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw JournalError("cannot create \(path)")
            }
        }
        guard let handle = FileHandle(forUpdatingAtPath: path) else { throw JournalError("cannot open \(path) for writing") }
        let size = Int(try handle.seekToEnd())
        guard size >= journaledEnd else {
            throw JournalError("\(path) is \(size) bytes but its journal lists \(journaledEnd); was it edited? Delete the journal to start over")
        }
        if size > journaledEnd {
            // Records written after the last journal commit: drop them; they will be written again.
            try handle.truncate(atOffset: UInt64(journaledEnd))
        }
        try handle.seek(toOffset: UInt64(journaledEnd))
        self.handle = handle
        end = journaledEnd
    }

    /// Appends one line; returns the offset it starts at.
    func append(_ line: [UInt8]) throws -> Int {
        let offset = end
        try handle.write(contentsOf: line + [0x0A])
        end += line.count + 1
        return offset
    }

    func close() throws {
        try handle.synchronize()
        try handle.close()
    }
}
