import Foundation

/// An HTTP response as a web archive stores it: status, headers and the body as sent.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: HTTPHeaders
    /// The body after undoing chunked transfer encoding and gzip/deflate content encoding.
    public var body: [UInt8]
    /// What was done to the body, or tolerated, for the record's notes (`chunked`, `gzip`,
    /// `chunks malformed: read as sent`, …).
    public var notes: [String]

    /// Parses an HTTP response message (a WARC response record's block). `bodyLimit` bounds the
    /// decoded body; a body that inflates past it is cut there and noted.
    public static func parse(_ message: [UInt8], bodyLimit: Int = 64 << 20) throws(IngestError) -> HTTPResponse {
        guard let (headerEnd, bodyStart) = headerBoundary(message) else {
            throw IngestError("the HTTP response has no end of headers")
        }
        // Split the bytes, not the string: "\r\n" is one Character in Swift.
        var lines = message[0..<headerEnd].split(separator: 0x0A, omittingEmptySubsequences: true).map { line in
            String(decoding: line.last == 0x0D ? line.dropLast() : line, as: UTF8.self)
        }
        guard let statusLine = lines.first, statusLine.hasPrefix("HTTP/") else {
            throw IngestError("the block is not an HTTP response (it starts \(String(decoding: message.prefix(16), as: UTF8.self).debugDescription))")
        }
        lines.removeFirst()
        let statusParts = statusLine.split(separator: " ", maxSplits: 2)
        let status = statusParts.count > 1 ? Int(statusParts[1]) ?? 0 : 0
        let headers = HTTPHeaders(lines: lines)
        var body = Array(message[bodyStart...])
        var notes: [String] = []
        if let transfer = headers["transfer-encoding"]?.lowercased(), transfer.contains("chunked") {
            if let decoded = dechunk(body) {
                body = decoded
                notes.append("chunked")
            } else {
                notes.append("chunks malformed: read as sent")
            }
        }
        if let encoding = headers["content-encoding"]?.lowercased().trimmingCharacters(in: .whitespaces), !encoding.isEmpty,
            encoding != "identity", encoding != "none", encoding != "utf-8"
        {
            switch encoding {
            case "gzip", "x-gzip", "deflate":
                if let (inflated, complete) = Inflater.inflateAll(body[...], format: .gzipOrZlib, limit: bodyLimit)
                    ?? (encoding == "deflate" ? Inflater.inflateAll(body[...], format: .raw, limit: bodyLimit) : nil)
                {
                    body = inflated
                    notes.append(complete ? encoding : "\(encoding) (cut short)")
                } else if Self.looksLikeText(body) {
                    // Archivers often store the decoded body but keep the header.
                    notes.append("\(encoding) header, body stored decoded")
                } else {
                    throw IngestError("the body says Content-Encoding \(encoding) but does not inflate")
                }
            default:
                guard Self.looksLikeText(body) else {
                    throw IngestError("Content-Encoding \(encoding) is not supported (gzip and deflate are)")
                }
                notes.append("\(encoding) header, body stored decoded")
            }
        }
        return HTTPResponse(status: status, headers: headers, body: body, notes: notes)
    }

    /// Where the header section ends and the body starts (after CRLF CRLF, or LF LF).
    static func headerBoundary(_ bytes: [UInt8]) -> (Int, Int)? {
        var index = 0
        let limit = min(bytes.count, 256 << 10)
        while index < limit {
            if bytes[index] == 0x0A {
                if index + 1 < bytes.count, bytes[index + 1] == 0x0A { return (index, index + 2) }
                if index + 2 < bytes.count, bytes[index + 1] == 0x0D, bytes[index + 2] == 0x0A { return (index, index + 3) }
            }
            index += 1
        }
        return bytes.count <= limit ? (bytes.count, bytes.count) : nil
    }

    /// Undoes chunked transfer coding; nil when the chunk sizes do not add up (the body is then
    /// read as sent, which is what a body mislabelled as chunked needs).
    static func dechunk(_ body: [UInt8]) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(body.count)
        var index = 0
        while index < body.count {
            guard let lineEnd = body[index...].firstIndex(of: 0x0A), lineEnd - index <= 64 else { return nil }
            var sizeText = String(decoding: body[index..<lineEnd], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if let semicolon = sizeText.firstIndex(of: ";") { sizeText = String(sizeText[..<semicolon]) }
            guard let size = Int(sizeText, radix: 16), size >= 0 else { return nil }
            index = lineEnd + 1
            if size == 0 { return out }
            guard index + size <= body.count else { return nil }
            out.append(contentsOf: body[index..<(index + size)])
            index += size
            // CRLF after the chunk data
            if index < body.count, body[index] == 0x0D { index += 1 }
            guard index >= body.count || body[index] == 0x0A else { return nil }
            index += 1
        }
        // No terminating zero chunk: accept what added up (archived bodies are often cut there).
        return out
    }

    /// Whether bytes look like text rather than compressed or binary data.
    static func looksLikeText(_ bytes: [UInt8]) -> Bool {
        let sample = bytes.prefix(1024)
        guard !sample.isEmpty else { return true }
        let binary = sample.filter { $0 < 0x09 || ($0 > 0x0D && $0 < 0x20) }.count
        return binary * 20 < sample.count
    }
}

/// HTTP header fields, looked up case-insensitively; the first of repeated fields wins.
public struct HTTPHeaders: Sendable {
    private var fields: [String: String] = [:]

    init(lines: [String]) {
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if fields[name] == nil { fields[name] = value }
        }
    }

    public subscript(_ name: String) -> String? { fields[name.lowercased()] }

    /// The media type of `Content-Type`, lowercased, without parameters.
    public var mediaType: String? {
        self["content-type"].map { value in
            String(value.split(separator: ";", maxSplits: 1).first ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        }
    }

    /// The `charset` parameter of a Content-Type value, unquoted.
    public static func charset(fromContentType value: String) -> String? {
        for parameter in value.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == "charset" else { continue }
            let charset = pair[1].trimmingCharacters(in: CharacterSet.whitespaces.union(CharacterSet(charactersIn: "\"'")))
            return charset.isEmpty ? nil : charset
        }
        return nil
    }
}
