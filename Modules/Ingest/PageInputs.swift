import Foundation
import Synchronization

/// One page read from an input, extracted or not, with where it came from.
public struct PageResult: Sendable {
    /// The path, or `PATH#OFFSET` for a record of an archive.
    public var source: String
    /// FNV-1a of the page's bytes as read (for recognising it again in a later run).
    public var contentHash: String
    public var outcome: Result<ExtractedPage, IngestError>

    public init(source: String, contentHash: String, outcome: Result<ExtractedPage, IngestError>) {
        self.source = source
        self.contentHash = contentHash
        self.outcome = outcome
    }
}

/// The pages of HTML files and web archives, as pending extractions that an
/// ``OrderedLookahead`` runs on every core.
public enum PageInputs {
    /// The pages of the file at `path` when it is HTML (by name or content, gzipped or not) or an
    /// archive; nil for any other file. Archive records that are not responses go to `skipped`.
    public static func pages(_ path: String, skipped: @escaping @Sendable (String) -> Void) -> AnyIterator<Pending<PageResult>>? {
        var kind = InputKind.byName(path)
        if kind == nil || kind == .text || kind == .json || kind == .jsonLines {
            let handle = FileHandle(forReadingAtPath: path)
            let head = [UInt8]((try? handle?.read(upToCount: 65_536)) ?? nil ?? Data())
            try? handle?.close()
            if let sniffed = InputKind.byContent(head) { kind = sniffed }
        }
        switch kind {
        case .archive:
            return archive(path, skipped: skipped)
        case .html:
            guard let data = FileManager.default.contents(atPath: path) else {
                return AnyIterator([Pending.ready(failure(path, "cannot be read (missing, or no permission)"))].makeIterator())
            }
            return AnyIterator([htmlFile([UInt8](data), source: path)].makeIterator())
        default:
            return nil
        }
    }

    /// A page file's bytes (gzipped or not) to extract.
    public static func htmlFile(_ data: [UInt8], source: String, context: PageExtractor.Context? = nil) -> Pending<PageResult> {
        let hash = ContentHash.of(data, nil)
        return .job(bytes: data.count) {
            var bytes = data
            if bytes.starts(with: [0x1F, 0x8B]) {
                guard let inflated = Inflater.gunzip(bytes, limit: PageExtractor.maximumPageBytes + 1) else {
                    return PageResult(source: source, contentHash: hash, outcome: .failure(IngestError("not valid gzip data")))
                }
                bytes = inflated
            }
            let context = context ?? PageExtractor.Context(source: source)
            return PageResult(source: source, contentHash: hash, outcome: Result { () throws(IngestError) in try PageExtractor.extract(bytes, context: context) })
        }
    }

    /// The pages of an archive, one per response record (and one failure per unreadable record).
    public static func archive(_ path: String, skipped: @escaping @Sendable (String) -> Void) -> AnyIterator<Pending<PageResult>> {
        let pages: ArchivePages
        do {
            pages = try ArchivePages(path: path)
        } catch {
            return AnyIterator([Pending.ready(failure(path, error.description))].makeIterator())
        }
        return AnyIterator {
            while let item = pages.next() {
                switch item {
                case .skipped(let type):
                    skipped(type)
                case .failure(let source, let message):
                    return .ready(failure(source, message))
                case .page(let body, let context, _):
                    let hash = ContentHash.of(body, context.source)
                    return .job(bytes: body.count) {
                        PageResult(source: context.source, contentHash: hash, outcome: Result { () throws(IngestError) in try PageExtractor.extract(body, context: context) })
                    }
                }
            }
            return nil
        }
    }

    static func failure(_ source: String, _ message: String) -> PageResult {
        PageResult(source: source, contentHash: ContentHash.of(Array(message.utf8), source), outcome: .failure(IngestError(message)))
    }
}


/// Counts of archive records passed over by type, for the summary; shared by a stream and its readers.
public final class SkippedRecords: Sendable {
    private let counts = Mutex<[String: Int]>([:])

    public init() {}

    public func add(_ type: String) {
        counts.withLock { $0[type, default: 0] += 1 }
    }

    /// Record type → how many were passed over.
    public var snapshot: [String: Int] { counts.withLock { $0 } }

    /// `request 10, metadata 10, warcinfo 1`, or nil when nothing was skipped.
    public var summary: String? {
        let all = snapshot
        guard !all.isEmpty else { return nil }
        return all.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    }
}

