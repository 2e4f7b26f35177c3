import CZlib
import Foundation

/// gzip compression with zlib: one member per call, as CC-NEWS writes a record per member.
public enum GzipWriter {
    /// `data` as one complete gzip member.
    public static func member(_ data: [UInt8]) -> [UInt8] {
        var stream = z_stream()
        guard deflateInit2_(&stream, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK
        else { return [] }
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(data.count))) + 64)
        var input = data
        let written = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer -> Int in
                stream.next_in = inBuffer.baseAddress
                stream.avail_in = uInt(inBuffer.count)
                stream.next_out = outBuffer.baseAddress
                stream.avail_out = uInt(outBuffer.count)
                _ = deflate(&stream, Z_FINISH)
                return outBuffer.count - Int(stream.avail_out)
            }
        }
        return Array(output.prefix(written))
    }
}

/// Writes WARC 1.1 files as crawlers write news: a `warcinfo` record, then one `response` record per
/// page, each record its own gzip member when compressed (the CC-NEWS layout).
public struct WARCWriter {
    public private(set) var bytes: [UInt8] = []
    let compressed: Bool
    private var count = 0

    public init(compressed: Bool, software: String = "byline") {
        self.compressed = compressed
        append(type: "warcinfo", headers: ["Content-Type": "application/warc-fields"], block: Array("software: \(software)\r\nformat: WARC File Format 1.1\r\n".utf8))
    }

    /// Adds a `response` record holding an HTTP 200 response with `body`, fetched from `url` on
    /// `date` (ISO 8601). `contentType` is the HTTP Content-Type (with any charset parameter).
    public mutating func addResponse(url: String, date: String, contentType: String = "text/html; charset=UTF-8", body: [UInt8]) {
        var http = Array("HTTP/1.1 200 OK\r\nContent-Type: \(contentType)\r\nContent-Length: \(body.count)\r\n\r\n".utf8)
        http += body
        append(type: "response", headers: [
            "WARC-Target-URI": url, "WARC-Date": date, "Content-Type": "application/http; msgtype=response",
        ], block: http)
    }

    /// Adds a record of any type with the given block, as it is.
    public mutating func append(type: String, headers: [String: String], block: [UInt8]) {
        count += 1
        var head = "WARC/1.1\r\nWARC-Type: \(type)\r\nWARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-\(String(format: "%012d", count))>\r\n"
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { head += "\(name): \(value)\r\n" }
        if headers["WARC-Date"] == nil { head += "WARC-Date: 2025-06-19T12:00:00Z\r\n" }
        head += "Content-Length: \(block.count)\r\n\r\n"
        let record = Array(head.utf8) + block + Array("\r\n\r\n".utf8)
        bytes += compressed ? GzipWriter.member(record) : record
    }
}
