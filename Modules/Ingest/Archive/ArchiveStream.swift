import Foundation

/// A file's bytes as one stream, read in chunks: as they are, or inflated when the file is a series
/// of gzip members (`.warc.gz`, `.arc.gz`).
///
/// Holds at most the unread part of the current record plus one chunk, so a 1 GB archive streams in
/// bounded memory. For gzip files it remembers where each member began in the file, so a record is
/// named by the offset of the member it starts in (the offset CDX indexes and `PATH#OFFSET` use).
/// A gzip member that is damaged or cut short is reported once through ``takeProblem()``, and
/// reading goes on from the next member that can be found.
final class ArchiveStream {
    /// The bytes read and not yet dropped; `buffer[position...]` is unread.
    private(set) var buffer: [UInt8] = []
    private(set) var position = 0
    /// The stream offset of `buffer[0]`.
    private var base = 0
    let gzip: Bool

    private let handle: FileHandle
    private var raw: [UInt8] = []
    private var rawPosition = 0
    /// The file offset of `raw[0]`.
    private var rawBase = 0
    private var rawEnded = false
    private let inflater = Inflater(.gzipOrZlib)
    /// Stream offset → file offset where each member still (partly) in the buffer began.
    private var members: [(stream: Int, file: Int)] = []
    /// Inside a member (its header has been seen and its end not yet).
    private var inMember = false
    private var problems: [String] = []
    private(set) var finished = false

    static let chunkSize = 1 << 20

    init(path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw IngestError("cannot be read (missing, or no permission)") }
        self.handle = handle
        var magic = [UInt8]()
        if let head = try? handle.read(upToCount: 2) { magic = [UInt8](head) }
        try? handle.seek(toOffset: 0)
        gzip = magic == [0x1F, 0x8B]
    }

    deinit {
        try? handle.close()
    }

    /// The unread bytes.
    var available: Int { buffer.count - position }

    /// The stream offset of the next unread byte.
    var streamOffset: Int { base + position }

    /// Reads until at least `count` bytes are unread or the stream ends; whether they are there.
    @discardableResult
    func ensure(_ count: Int) -> Bool {
        while available < count, !finished { fill() }
        return available >= count
    }

    /// Drops `count` unread bytes (fewer if the stream ends first).
    func consume(_ count: Int) {
        var left = count
        while left > 0 {
            if available == 0 {
                if finished { return }
                fill()
                continue
            }
            let step = min(left, available)
            position += step
            left -= step
        }
        compact()
    }

    /// The file offset that names a record starting at the next unread byte.
    var recordOffset: Int { recordPosition.offset }

    /// Where a record starting at the next unread byte is: the file offset (of its gzip member, for
    /// a gzip file), and how far into the member's content it starts (0 when it starts the member,
    /// as in CC-NEWS, where every record is a member of its own).
    var recordPosition: (offset: Int, within: Int) {
        guard gzip else { return (streamOffset, 0) }
        let here = streamOffset
        guard let member = members.last(where: { $0.stream <= here }) else { return (rawBase + rawPosition, 0) }
        return (member.file, here - member.stream)
    }

    /// The stream offset where the member after the one holding `streamOffset` starts, if known.
    func nextMemberStart(after offset: Int) -> Int? {
        members.first { $0.stream > offset }?.stream
    }

    /// A problem met while reading (a damaged or truncated gzip member), once.
    func takeProblem() -> String? {
        problems.isEmpty ? nil : problems.removeFirst()
    }

    /// Skips the rest of the current gzip member (the next unread byte is then the next member's
    /// first); for plain files, skips to the next line that starts with `marker`. Whether there is
    /// anything after.
    func resync(marker: [UInt8]) -> Bool {
        if gzip {
            let here = streamOffset
            while nextMemberStart(after: here) == nil, !finished { fill() }
            guard let start = nextMemberStart(after: here) else {
                position = buffer.count
                compact()
                return false
            }
            consume(start - here)
            return true
        }
        while true {
            if let found = find(marker, from: position + 1) {
                position = found
                compact()
                return true
            }
            if finished {
                position = buffer.count
                compact()
                return false
            }
            // Keep the tail that could be the start of a split marker.
            position = max(position, buffer.count - marker.count)
            compact()
            fill()
        }
    }

    /// The first offset at or after `from` where `marker` starts a line.
    func find(_ marker: [UInt8], from: Int) -> Int? {
        var index = from
        while index + marker.count <= buffer.count {
            if buffer[index] == marker[0], (index == 0 || buffer[index - 1] == 0x0A),
                buffer[index..<(index + marker.count)].elementsEqual(marker)
            {
                return index
            }
            index += 1
        }
        return nil
    }

    /// Unread bytes `[position + from, position + to)`.
    func bytes(_ from: Int, _ to: Int) -> ArraySlice<UInt8> {
        buffer[(position + from)..<(position + to)]
    }

    private func compact() {
        guard position >= Self.chunkSize else { return }
        buffer.removeSubrange(0..<position)
        base += position
        position = 0
        let here = base
        // Keep the member holding the next unread byte and every later one.
        if let keep = members.lastIndex(where: { $0.stream <= here }), keep > 0 { members.removeFirst(keep) }
    }

    private func readRaw() {
        if rawPosition > 0 {
            raw.removeSubrange(0..<rawPosition)
            rawBase += rawPosition
            rawPosition = 0
        }
        let chunk = (try? handle.read(upToCount: Self.chunkSize)) ?? nil
        if let chunk, !chunk.isEmpty { raw.append(contentsOf: chunk) } else { rawEnded = true }
    }

    private func fill() {
        if !gzip {
            readRaw()
            buffer.append(contentsOf: raw[rawPosition...])
            rawPosition = raw.count
            if rawEnded { finished = true }
            return
        }
        if rawPosition >= raw.count {
            readRaw()
            if rawPosition >= raw.count {
                if inMember {
                    problems.append("gzip member at offset \(members.last?.file ?? 0) is truncated: the file ends inside it")
                    inMember = false
                }
                finished = true
                return
            }
        }
        if !inMember {
            // Between members: skip padding; anything else that is not a gzip header is damage.
            while rawPosition < raw.count, raw[rawPosition] == 0 || raw[rawPosition] == 0x0A || raw[rawPosition] == 0x0D {
                rawPosition += 1
            }
            if rawPosition + 1 >= raw.count {
                if rawEnded {
                    rawPosition = raw.count
                    finished = true
                } else {
                    readRaw()
                }
                return
            }
            guard raw[rawPosition] == 0x1F, raw[rawPosition + 1] == 0x8B else {
                let at = rawBase + rawPosition
                skipToNextGzipHeader()
                problems.append("bytes at offset \(at) are not a gzip member; skipped \(rawBase + rawPosition - at) bytes to the next one")
                return
            }
            inflater.reset(.gzipOrZlib)
            inMember = true
            members.append((stream: base + buffer.count, file: rawBase + rawPosition))
        }
        let start = rawPosition
        let before = buffer.count
        let (step, consumed) = raw.withUnsafeBufferPointer { input in
            inflater.inflate(input, from: start, into: &buffer, limit: before + Self.chunkSize * 4)
        }
        rawPosition += consumed
        switch step {
        case .streamEnd:
            inMember = false
        case .needsInput:
            break
        case .dataError(let message):
            let member = members.last?.file ?? 0
            problems.append("gzip member at offset \(member) is damaged (\(message))")
            inMember = false
            rawPosition = max(rawPosition, start + 1)
            skipToNextGzipHeader()
        }
    }

    /// Moves the raw position to the next `1F 8B 08` (a gzip header), or to the end.
    private func skipToNextGzipHeader() {
        while true {
            while rawPosition + 2 < raw.count {
                if raw[rawPosition] == 0x1F, raw[rawPosition + 1] == 0x8B, raw[rawPosition + 2] == 0x08 { return }
                rawPosition += 1
            }
            if rawEnded {
                rawPosition = raw.count
                return
            }
            readRaw()
        }
    }
}

/// A problem with an input, described for the user.
public struct IngestError: Error, Sendable, CustomStringConvertible, Equatable {
    public var description: String
    /// What the page says about itself (title, authors, dates, URL…, with empty text) when it
    /// parsed but no article text was found in it, so that its metadata is not lost with it.
    public var metadata: ExtractedPage?

    public init(_ description: String, metadata: ExtractedPage? = nil) {
        self.description = description
        self.metadata = metadata
    }
}
