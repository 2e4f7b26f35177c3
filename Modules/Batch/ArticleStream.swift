import Foundation
public import Ingest

/// The inputs of a batch, read lazily in a fixed order: directories are walked recursively in
/// sorted path order (article files: text, JSON, JSONL, HTML and archives; hidden entries skipped),
/// JSONL files, archives and stdin (`-`, read as JSONL) are streamed record by record, and pages are
/// extracted on every core a bounded number ahead. Memory stays bounded whatever the input size: at
/// most one JSONL line, one archive record and a few pages per core are held at a time.
public struct ArticleStream: Sequence, Sendable {
    public let paths: [String]
    public let published: String?
    /// Archive records passed over because they are not responses, by type.
    public let skipped: SkippedRecords

    public init(paths: [String], published: String?, skipped: SkippedRecords = SkippedRecords()) {
        self.paths = paths
        self.published = published
        self.skipped = skipped
    }

    public func makeIterator() -> Iterator {
        Iterator(paths: paths, published: published, skipped: skipped)
    }

    /// The number of items the stream will yield, counted by a cheap pass (file walk and newline
    /// count); `nil` when an input is stdin or an archive (counting its records means reading it).
    public func count() -> Int? {
        var total = 0
        for path in paths {
            if path == "-" { return nil }
            for file in Self.files(under: path) {
                switch InputKind.byName(file) {
                case .archive: return nil
                case .jsonLines: total += LineReader(path: file)?.countNonBlankLines() ?? 0
                default: total += 1
                }
            }
        }
        return total
    }

    /// `path` itself, or the article files under it when it is a directory.
    static func files(under path: String) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            return [path]
        }
        let root = URL(fileURLWithPath: path)
        guard let walker = FileManager.default.enumerator(
            at: root, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles])
        else { return [] }
        var files: [String] = []
        for case let url as URL in walker {
            guard ArticleFiles.isArticleFile(url.path),
                (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true
            else { continue }
            files.append(url.path)
        }
        return files.sorted()
    }

    public struct Iterator: IteratorProtocol {
        private var pending: [String]
        private let published: String?
        private let skipped: SkippedRecords
        private var files: [String] = []
        private var current: AnyIterator<PendingItem>?
        private let lookahead = PageLookahead()

        init(paths: [String], published: String?, skipped: SkippedRecords) {
            pending = paths.reversed()
            self.published = published
            self.skipped = skipped
        }

        public mutating func next() -> InputItem? {
            var this = self
            let item = lookahead.next { this.nextPending() }
            self = this
            return item
        }

        /// The next item of the inputs in order, with pages still to extract.
        private mutating func nextPending() -> PendingItem? {
            while true {
                if let item = current?.next() { return item }
                current = nil
                if let file = files.popLast() {
                    current = ArticleFiles.pending(file, published: published, skipped: skipped, stdinAsLines: true)
                    continue
                }
                guard let path = pending.popLast() else { return nil }
                if path == "-" {
                    files = ["-"]
                } else {
                    var isDirectory: ObjCBool = false
                    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                        return .ready(ArticleFiles.failure(path, "no such file or directory"))
                    }
                    files = ArticleStream.files(under: path).reversed()
                }
            }
        }
    }
}

/// Reads a file or pipe line by line in 64 KiB chunks.
final class LineReader {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var position = 0
    private var finished = false

    init?(path: String) {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        self.handle = handle
    }

    init(handle: FileHandle) {
        self.handle = handle
    }

    /// The next line without its newline, or `nil` at the end.
    func next() -> [UInt8]? {
        while true {
            if let newline = buffer[position...].firstIndex(of: 0x0A) {
                let line = Array(buffer[position..<newline])
                position = newline + 1
                return line
            }
            if finished {
                guard position < buffer.count else { return nil }
                let line = Array(buffer[position...])
                position = buffer.count
                return line
            }
            buffer.removeFirst(position)
            position = 0
            let chunk = (try? handle.read(upToCount: 65_536)) ?? nil
            if let chunk, !chunk.isEmpty {
                buffer.append(contentsOf: chunk)
            } else {
                finished = true
            }
        }
    }

    func countNonBlankLines() -> Int {
        var count = 0
        while let line = next() {
            if line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) { count += 1 }
        }
        return count
    }
}
