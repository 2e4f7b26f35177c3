import Foundation

/// The inputs of a batch, read lazily in a fixed order: directories are walked recursively in
/// sorted path order (files ending in .txt, .json, .jsonl, .ndjson; hidden entries skipped), JSONL
/// files and stdin (`-`, read as JSONL) are streamed line by line. Memory stays bounded whatever the
/// input size: at most one JSONL line and one small file are held at a time.
public struct ArticleStream: Sequence, Sendable {
    public let paths: [String]
    public let published: String?

    public init(paths: [String], published: String?) {
        self.paths = paths
        self.published = published
    }

    public func makeIterator() -> Iterator {
        Iterator(paths: paths, published: published)
    }

    /// The number of items the stream will yield, counted by a cheap pass (file walk and newline
    /// count); `nil` when an input is stdin.
    public func count() -> Int? {
        var total = 0
        for path in paths {
            if path == "-" { return nil }
            for file in Self.files(under: path) {
                if Self.isLines(file) {
                    total += LineReader(path: file)?.countNonBlankLines() ?? 0
                } else {
                    total += 1
                }
            }
        }
        return total
    }

    static func isLines(_ path: String) -> Bool {
        let lowered = path.lowercased()
        return lowered.hasSuffix(".jsonl") || lowered.hasSuffix(".ndjson")
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
            guard ArticleFiles.articleExtensions.contains(url.pathExtension.lowercased()),
                (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true
            else { continue }
            files.append(url.path)
        }
        return files.sorted()
    }

    public struct Iterator: IteratorProtocol {
        private var pending: [String]
        private let published: String?
        private var files: [String] = []
        private var lines: LineReader?
        private var linesName = ""
        private var linesBase = ""
        private var lineNumber = 0
        private var buffered: [InputItem] = []

        init(paths: [String], published: String?) {
            pending = paths.reversed()
            self.published = published
        }

        public mutating func next() -> InputItem? {
            while true {
                if !buffered.isEmpty { return buffered.removeFirst() }
                if let reader = lines {
                    if let line = reader.next() {
                        lineNumber += 1
                        if let item = ArticleFiles.lineItem(line, name: linesName, base: linesBase, number: lineNumber, published: published) {
                            return item
                        }
                        continue
                    }
                    lines = nil
                }
                if let file = files.popLast() {
                    if ArticleStream.isLines(file) || file == "-" {
                        guard let reader = file == "-" ? LineReader(handle: .standardInput) : LineReader(path: file) else {
                            return ArticleFiles.failure(file, "cannot be read (permissions?)")
                        }
                        lines = reader
                        linesName = file == "-" ? "stdin" : file
                        linesBase = file == "-" ? "stdin" : URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
                        lineNumber = 0
                        continue
                    }
                    buffered = ArticleFiles.read(file, published: published)
                    continue
                }
                guard let path = pending.popLast() else { return nil }
                if path == "-" {
                    files = ["-"]
                } else {
                    var isDirectory: ObjCBool = false
                    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                        return ArticleFiles.failure(path, "no such file or directory")
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
