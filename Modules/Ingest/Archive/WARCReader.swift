import Foundation

/// One record of a web archive, or why a stretch of the archive could not be read.
public struct ArchiveRecord: Sendable {
    /// Where the record starts in the file: the byte offset, or for a gzip file the offset of the
    /// member it starts in.
    public var offset: Int
    /// For a record that does not start its gzip member, how far into the member's content it starts.
    public var within: Int
    /// `response`, `request`, `warcinfo`, `metadata`, `revisit`, `resource`, … (ARC records are
    /// `response`).
    public var type: String
    /// `WARC-Target-URI` (angle brackets removed), or the URL of an ARC record.
    public var targetURI: String?
    /// `WARC-Date` (or the ARC date as ISO 8601): when the page was fetched.
    public var date: String?
    /// The record's `Content-Type` (for a response: `application/http; msgtype=response`).
    public var contentType: String?
    /// The record block: for a response, the HTTP message.
    public var block: [UInt8]
}

/// Reads WARC 1.0 and 1.1 files (and ARC 1 files), plain or gzipped per record, one record at a time.
///
/// Each call to ``next()`` gives a record or an error naming the offset where reading went wrong;
/// after an error, reading goes on from the next record that can be found (the next gzip member,
/// or the next line starting with `WARC/`), so one bad record never costs the rest of the file.
/// Checked: a header section that does not start with `WARC/`, a missing or malformed
/// Content-Length, a block that runs past the end of its gzip member or the file (a Content-Length
/// that lies in either direction), and damaged or truncated gzip members. Records larger than
/// ``maximumRecordBytes`` are skipped with an error without being held in memory.
public final class WARCReader: IteratorProtocol {
    public typealias Element = Result<ArchiveRecord, ArchiveError>

    /// Records with a larger block are skipped (with an error) rather than read into memory.
    public static let maximumRecordBytes = 64 << 20
    static let maximumHeaderBytes = 64 << 10

    private let stream: ArchiveStream
    private var format: Format?
    private var done = false
    /// Where the record being read starts inside its gzip member's content.
    private var within = 0

    enum Format {
        case warc
        case arc
    }

    public init(path: String) throws(IngestError) {
        do {
            stream = try ArchiveStream(path: path)
        } catch let error as IngestError {
            throw error
        } catch {
            throw IngestError("\(error)")
        }
    }

    public func next() -> Element? {
        if let problem = stream.takeProblem() {
            return .failure(ArchiveError(offset: stream.recordOffset, message: problem))
        }
        guard !done else { return nil }
        skipBlankLines()
        guard stream.ensure(1) else {
            done = true
            if let problem = stream.takeProblem() { return .failure(ArchiveError(offset: stream.recordOffset, message: problem)) }
            return nil
        }
        if format == nil { format = detectFormat() }
        let (offset, within) = stream.recordPosition
        self.within = within
        switch format {
        case .arc: return readARC(offset)
        default: return readWARC(offset)
        }
    }

    private func skipBlankLines() {
        while stream.ensure(1) {
            let byte = stream.bytes(0, 1).first!
            guard byte == 0x0A || byte == 0x0D || byte == 0x20 || byte == 0x09 || byte == 0 else { return }
            stream.consume(1)
        }
    }

    private func detectFormat() -> Format {
        stream.ensure(16)
        let head = Array(stream.bytes(0, min(stream.available, 16)))
        return head.starts(with: Array("filedesc://".utf8)) ? .arc : .warc
    }

    private static let warcMarker = Array("WARC/".utf8)

    /// Gives up on the record at `offset`: the error, and reading moves on to the next record.
    private func fail(_ offset: Int, _ message: String) -> Element {
        if !stream.resync(marker: Self.warcMarker) { done = true }
        return .failure(ArchiveError(offset: offset, within: within, message: message))
    }

    private func readWARC(_ offset: Int) -> Element {
        guard stream.ensure(5), stream.bytes(0, 5).elementsEqual(Self.warcMarker) else {
            let found = String(decoding: stream.bytes(0, min(stream.available, 24)), as: UTF8.self)
            return fail(offset, "expected a WARC record (WARC/1.0 or WARC/1.1), found \(found.debugDescription)")
        }
        guard let (lines, headerLength) = headerLines() else {
            return fail(offset, stream.finished ? "the file ends inside a WARC record header" : "WARC record header over 64 KB or without an end")
        }
        let version = lines.first ?? ""
        var fields: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if fields[name] == nil { fields[name] = value }
        }
        guard version.hasPrefix("WARC/1.") else {
            return fail(offset, "unsupported WARC version \(version.prefix(20).debugDescription)")
        }
        guard let lengthText = fields["content-length"], let length = Int(lengthText), length >= 0 else {
            return fail(offset, "WARC record without a valid Content-Length (\(fields["content-length"]?.prefix(20) ?? "none"))")
        }
        let blockStart = stream.streamOffset + headerLength
        stream.consume(headerLength)
        let type = fields["warc-type"] ?? "unknown"
        if length > Self.maximumRecordBytes {
            stream.consume(length)
            return .failure(ArchiveError(
                offset: offset, within: within, message: "\(type) record of \(length) bytes is over the \(Self.maximumRecordBytes >> 20) MB limit; skipped"))
        }
        let complete = stream.ensure(length)
        // A block that runs into the next record means the Content-Length is too large: in a gzip
        // file, a later member inside the block that starts with a WARC header (a record may span
        // members, so a member boundary alone proves nothing).
        if stream.gzip, let next = nextRecordInside(blockStart, length) {
            let held = next - blockStart
            stream.consume(held)
            return .failure(ArchiveError(
                offset: offset, within: within, message: "\(type) record's Content-Length is \(length) bytes, but the next record starts after \(held)"))
        }
        guard complete else {
            let held = stream.available
            stream.consume(held)
            done = true
            return .failure(ArchiveError(
                offset: offset, within: within, message: "\(type) record is truncated: Content-Length \(length) bytes, the file ends after \(held)"))
        }
        // The block must be followed by CRLF CRLF, then the next record. Writers get the line breaks
        // wrong often enough (LF LF, one break too many or too few) that any run of up to 16 CR and LF
        // bytes followed by the next record, or by the end, is accepted; anything else means the
        // Content-Length is wrong.
        stream.ensure(length + 24)
        var breaks = 0
        while breaks < min(16, stream.available - length), [0x0D, 0x0A].contains(stream.bytes(length + breaks, length + breaks + 1).first!) {
            breaks += 1
        }
        let after = length + breaks
        let atRecord = stream.available >= after + 5 && stream.bytes(after, after + 5).elementsEqual(Self.warcMarker)
        let atEnd = stream.available == after && stream.finished
        let atMember = stream.gzip && stream.nextMemberStart(after: blockStart + length - 1) == blockStart + length
        guard atRecord || atEnd || (breaks > 0 && stream.available == after) || atMember else {
            let error = ArchiveError(
                offset: offset, within: within, message: "\(type) record does not end where its Content-Length (\(length) bytes) says")
            // Too long: the next record starts inside the block; reading resumes there. Too short:
            // from the next line that starts a record.
            if let next = nextHeaderInside(length) {
                stream.consume(next)
            } else if !stream.resync(marker: Self.warcMarker) {
                done = true
            }
            return .failure(error)
        }
        let block = Array(stream.bytes(0, length))
        stream.consume(after)
        let target = fields["warc-target-uri"].map(Self.cleanURI)
        return .success(ArchiveRecord(
            offset: offset, within: within, type: type, targetURI: target, date: fields["warc-date"], contentType: fields["content-type"],
            block: block))
    }

    /// The stream offset of a gzip member that starts inside `[blockStart, blockStart + length)`
    /// (as far as it has been read) with `WARC/`, if any.
    private func nextRecordInside(_ blockStart: Int, _ length: Int) -> Int? {
        var after = blockStart
        while let next = stream.nextMemberStart(after: after), next < blockStart + length {
            let at = next - stream.streamOffset
            if at >= 0, at + 5 <= stream.available, stream.bytes(at, at + 5).elementsEqual(Self.warcMarker) { return next }
            after = next
        }
        return nil
    }

    /// Where `CRLF CRLF WARC/1.` (the end of a record and the start of the next) first occurs in the
    /// unread `[0, length)`: the offset of the `WARC/`.
    private func nextHeaderInside(_ length: Int) -> Int? {
        let marker = Array("\r\n\r\nWARC/1.".utf8)
        var index = 0
        while index + marker.count <= length {
            if stream.buffer[stream.position + index] == 0x0D, stream.bytes(index, index + marker.count).elementsEqual(marker) {
                return index + 4
            }
            index += 1
        }
        return nil
    }

    /// The header lines up to the first empty line and the bytes they take (with the empty line);
    /// nil when there is no end within the size limit or the stream.
    private func headerLines() -> ([String], Int)? {
        var scanned = 0
        while true {
            let window = stream.available
            var index = scanned
            while index < window {
                if stream.buffer[stream.position + index] == 0x0A {
                    // an empty line: "\n\n" or "\n\r\n"
                    let next = index + 1
                    if next < window, stream.buffer[stream.position + next] == 0x0A {
                        return (Self.lines(stream.bytes(0, index)), next + 1)
                    }
                    if next + 1 < window, stream.buffer[stream.position + next] == 0x0D, stream.buffer[stream.position + next + 1] == 0x0A {
                        return (Self.lines(stream.bytes(0, index)), next + 2)
                    }
                    if next + 1 >= window, !stream.finished {
                        break  // need more bytes to decide
                    }
                }
                index += 1
            }
            scanned = max(0, index - 2)
            guard window < Self.maximumHeaderBytes, !stream.finished else { return nil }
            stream.ensure(window + 4096)
            if stream.available == window && stream.finished { return nil }
        }
    }

    /// Lines of a header section (CR removed), continuation lines joined to the line before.
    private static func lines(_ bytes: ArraySlice<UInt8>) -> [String] {
        var result: [String] = []
        for raw in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            var line = String(decoding: raw, as: UTF8.self)
            if line.hasSuffix("\r") { line.removeLast() }
            if let first = line.first, first == " " || first == "\t", !result.isEmpty {
                result[result.count - 1] += " " + line.trimmingCharacters(in: .whitespaces)
            } else if !line.isEmpty {
                result.append(line)
            }
        }
        return result
    }

    /// A target URI without the angle brackets some writers put round it, spaces as `%20`.
    static func cleanURI(_ value: String) -> String {
        var uri = value.trimmingCharacters(in: .whitespaces)
        if uri.hasPrefix("<"), uri.hasSuffix(">") { uri = String(uri.dropFirst().dropLast()) }
        return uri.replacingOccurrences(of: " ", with: "%20")
    }

    // MARK: ARC

    /// An ARC 1 record: a header line `URL IP DATE CONTENT-TYPE LENGTH`, then LENGTH bytes.
    private func readARC(_ offset: Int) -> Element {
        stream.ensure(8192)
        guard let newline = stream.buffer[stream.position..<(stream.position + min(stream.available, 8192))].firstIndex(of: 0x0A) else {
            done = true
            stream.consume(stream.available)
            return .failure(ArchiveError(offset: offset, within: within, message: "ARC record header line without an end"))
        }
        let lineLength = newline - stream.position
        var line = String(decoding: stream.bytes(0, lineLength), as: UTF8.self)
        if line.hasSuffix("\r") { line.removeLast() }
        stream.consume(lineLength + 1)
        let parts = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard parts.count >= 5, let length = Int(parts[parts.count - 1]), length >= 0 else {
            // The next record starts at the next line that looks like an ARC header.
            return skipARC(offset, "ARC record header \(line.prefix(60).debugDescription) has no valid length")
        }
        // The URL may contain spaces: it is everything before the last four fields.
        let url = parts[0..<(parts.count - 4)].joined(separator: " ")
        let stamp = parts[parts.count - 3]
        let contentType = parts[parts.count - 2]
        guard length <= Self.maximumRecordBytes else {
            stream.consume(length)
            return .failure(ArchiveError(offset: offset, within: within, message: "ARC record of \(length) bytes is over the limit; skipped"))
        }
        guard stream.ensure(length) else {
            let held = stream.available
            stream.consume(held)
            done = true
            return .failure(ArchiveError(offset: offset, within: within, message: "ARC record is truncated: length \(length), the file ends after \(held)"))
        }
        let block = Array(stream.bytes(0, length))
        stream.consume(length)
        if url.hasPrefix("filedesc:") {
            return .success(ArchiveRecord(
                offset: offset, within: within, type: "warcinfo", targetURI: nil, date: Self.arcDate(stamp), contentType: contentType, block: block))
        }
        return .success(ArchiveRecord(
            offset: offset, within: within, type: "response", targetURI: Self.cleanURI(url), date: Self.arcDate(stamp),
            contentType: "application/http; msgtype=response", block: block))
    }

    private func skipARC(_ offset: Int, _ message: String) -> Element {
        // Skip lines until one that looks like `scheme://... ` at a line start.
        while stream.ensure(1) {
            stream.ensure(16)
            let head = String(decoding: stream.bytes(0, min(stream.available, 16)), as: UTF8.self)
            if head.contains("://") && !head.hasPrefix(" ") { break }
            guard let newline = stream.buffer[stream.position...].firstIndex(of: 0x0A) else {
                stream.consume(stream.available)
                if !stream.ensure(1) { break }
                continue
            }
            stream.consume(newline - stream.position + 1)
        }
        return .failure(ArchiveError(offset: offset, within: within, message: message))
    }

    /// An ARC date (`20140216050221`, sometimes with more digits) as ISO 8601 UTC.
    static func arcDate(_ stamp: String) -> String? {
        let digits = Array(stamp.utf8)
        guard digits.count >= 14, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        let s = String(decoding: digits.prefix(14), as: UTF8.self)
        func part(_ from: Int, _ length: Int) -> Substring { s.dropFirst(from).prefix(length) }
        return "\(part(0, 4))-\(part(4, 2))-\(part(6, 2))T\(part(8, 2)):\(part(10, 2)):\(part(12, 2))Z"
    }
}

/// Why part of an archive could not be read.
public struct ArchiveError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The offset of the record (or gzip member) concerned.
    public var offset: Int
    /// How far into its gzip member's content the record starts (0 when it starts the member).
    public var within: Int = 0
    public var message: String

    public init(offset: Int, within: Int = 0, message: String) {
        self.offset = offset
        self.within = within
        self.message = message
    }

    public var description: String { message }
}
