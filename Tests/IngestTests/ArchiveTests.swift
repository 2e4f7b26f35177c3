import Foundation
import Ingest
import Testing

/// Web archives: records read one at a time, encodings undone, and every damaged record an error of
/// its own that costs nothing else.
@Suite struct ArchiveTests {
    static let story = Array(page(head: "<title>Story</title>", "<article><p>\(prose(1))</p><p>\(prose(2))</p></article>").utf8)

    /// Reads every item of the archive at `bytes` (written to a temporary file).
    func items(_ bytes: [UInt8], name: String = "a.warc.gz") throws -> [ArchivePages.Item] {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent(name).path
        #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        var result: [ArchivePages.Item] = []
        let pages = try ArchivePages(path: path)
        while let item = pages.next() { result.append(item) }
        return result
    }

    func summary(_ items: [ArchivePages.Item]) -> [String] {
        items.map { item in
            switch item {
            case .page(_, let context, _): "page \(context.url ?? "-") \(context.source.split(separator: "#").last ?? "")"
            case .failure(let source, let message): "failure #\(source.split(separator: "#").last ?? ""): \(message)"
            case .skipped(let type): "skipped \(type)"
            }
        }
    }

    @Test func aCCNewsStyleArchiveGivesEachResponseWithItsURLAndCrawlDate() throws {
        var writer = WARCWriter(compressed: true)
        writer.addResponse(url: "https://example.com/a", date: "2025-06-19T10:00:00Z", body: Self.story)
        writer.append(type: "request", headers: ["WARC-Target-URI": "https://example.com/a"], block: Array("GET /a HTTP/1.1\r\n\r\n".utf8))
        writer.addResponse(url: "https://example.com/b", date: "2025-06-19T11:00:00Z", contentType: "text/html; charset=windows-1252", body: Self.story)
        let found = try items(writer.bytes)
        let described = summary(found)
        #expect(described.count == 4)
        #expect(described[0] == "skipped warcinfo")
        #expect(described[1].hasPrefix("page https://example.com/a "))
        #expect(described[2] == "skipped request")
        #expect(described[3].hasPrefix("page https://example.com/b "))
        guard case .page(_, let context, _) = found[3] else { return }
        #expect(context.crawlDate == "2025-06-19T11:00:00Z")
        #expect(context.httpCharset == "windows-1252")
        // Each record is its own member: its offset is where the member starts, distinct for each.
        let offsets = found.compactMap { item -> String? in if case .page(_, let c, _) = item { return c.source } else { return nil } }
        #expect(Set(offsets).count == 2)
    }

    @Test func chunkedTransferAndGzipContentEncodingAreUndone() throws {
        let gzipped = GzipWriter.member(Self.story)
        var chunked: [UInt8] = []
        var rest = gzipped[...]
        while !rest.isEmpty {
            let chunk = rest.prefix(100)
            chunked += Array((String(chunk.count, radix: 16) + "\r\n").utf8) + chunk + Array("\r\n".utf8)
            rest = rest.dropFirst(chunk.count)
        }
        chunked += Array("0\r\n\r\n".utf8)
        let http = Array("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n".utf8) + chunked
        let response = try HTTPResponse.parse(http)
        #expect(response.body == Self.story)
        #expect(response.notes == ["chunked", "gzip"])
        // A body labelled chunked that is not is read as sent.
        let mislabelled = try HTTPResponse.parse(Array("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".utf8) + Self.story)
        #expect(mislabelled.body == Self.story)
        #expect(mislabelled.notes == ["chunks malformed: read as sent"])
    }

    /// A response record whose Content-Length is `length` instead of the true one.
    func response(url: String, length: ((Int) -> Int)? = nil) -> [UInt8] {
        let http = Array("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n".utf8) + Self.story
        let declared = length?(http.count) ?? http.count
        let head = "WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: \(url)\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: \(declared)\r\n\r\n"
        return Array(head.utf8) + http + Array("\r\n\r\n".utf8)
    }

    @Test func aContentLengthThatLiesIsAnErrorForThatRecordOnly() throws {
        // Too short, in a plain archive: the record does not end where it says; the next one is read.
        let short = response(url: "https://example.com/a") { $0 - 40 } + response(url: "https://example.com/b")
        let plain = summary(try items(short, name: "a.warc"))
        #expect(plain.count == 2, "\(plain)")
        #expect(plain.first?.contains("does not end where its Content-Length") == true, "\(plain)")
        #expect(plain.last?.hasPrefix("page https://example.com/b") == true, "\(plain)")
        // Too long, in a plain archive: the block swallows the start of the next record, which is
        // still read from where it really starts.
        let long = response(url: "https://example.com/a") { $0 + 60 } + response(url: "https://example.com/b") + response(url: "https://example.com/c")
        let plainLong = summary(try items(long, name: "b.warc"))
        #expect(plainLong.count == 3, "\(plainLong)")
        #expect(plainLong.first?.contains("does not end where its Content-Length") == true, "\(plainLong)")
        #expect(plainLong.dropFirst().map { $0.prefix(25) } == ["page https://example.com/", "page https://example.com/"], "\(plainLong)")
        // Too long, in a gzip archive: the block runs into the next record's member.
        let gzipped = GzipWriter.member(response(url: "https://example.com/a") { $0 + 500 }) + GzipWriter.member(response(url: "https://example.com/b"))
        let gz = summary(try items(gzipped))
        #expect(gz.count == 2, "\(gz)")
        #expect(gz.first?.contains("Content-Length") == true, "\(gz)")
        #expect(gz.last?.hasPrefix("page https://example.com/b") == true, "\(gz)")
    }

    @Test func aTruncatedGzipMemberIsAnErrorAndEndsTheFileCleanly() throws {
        var writer = WARCWriter(compressed: true)
        writer.addResponse(url: "https://example.com/a", date: "2025-06-19T10:00:00Z", body: Self.story)
        writer.addResponse(url: "https://example.com/b", date: "2025-06-19T10:00:00Z", body: Self.story)
        let cut = Array(writer.bytes.dropLast(200))
        let described = summary(try items(cut))
        #expect(described.contains { $0.hasPrefix("page https://example.com/a") })
        #expect(described.contains { $0.hasPrefix("failure") && ($0.contains("truncated") || $0.contains("the file ends")) }, "\(described)")
    }

    @Test func aDamagedGzipMemberIsSkippedAndTheNextOneRead() throws {
        var first = WARCWriter(compressed: true)
        first.addResponse(url: "https://example.com/a", date: "2025-06-19T10:00:00Z", body: Self.story)
        var damaged = first.bytes
        // Corrupt the deflate data of the response member (not its header).
        let responseStart = try #require((1..<damaged.count).first { damaged[$0] == 0x1F && damaged[$0 + 1] == 0x8B })
        for index in (responseStart + 40)..<(responseStart + 60) { damaged[index] ^= 0xA5 }
        var second = WARCWriter(compressed: true)
        second.addResponse(url: "https://example.com/b", date: "2025-06-19T10:00:00Z", body: Self.story)
        damaged += second.bytes
        let described = summary(try items(damaged))
        #expect(described.contains { $0.hasPrefix("failure") }, "\(described)")
        #expect(described.last?.hasPrefix("page https://example.com/b") == true, "\(described)")
    }

    @Test func anArchiveOfPDFsGivesAClearErrorPerRecord() throws {
        var writer = WARCWriter(compressed: true)
        for n in 1...3 {
            writer.addResponse(url: "https://example.com/\(n).pdf", date: "2025-06-19T10:00:00Z", contentType: "application/pdf", body: Array("%PDF-1.7 binary".utf8))
        }
        let described = summary(try items(writer.bytes))
        #expect(described.filter { $0.contains("application/pdf, not HTML") }.count == 3, "\(described)")
    }

    @Test func garbageIsAnErrorNotACrash() throws {
        var random = SystemRandomNumberGenerator()
        let noise = (0..<20_000).map { _ in UInt8.random(in: 0...255, using: &random) }
        let plain = summary(try items(Array("WARC/1.0\r\n".utf8) + noise, name: "n.warc"))
        #expect(plain.allSatisfy { $0.hasPrefix("failure") }, "\(plain)")
        let gz = summary(try items([0x1F, 0x8B, 0x08, 0x00] + noise, name: "n.warc.gz"))
        #expect(gz.allSatisfy { $0.hasPrefix("failure") }, "\(gz)")
    }
}

/// warcio's edge cases, when ../shared/data is there.
@Suite(.enabled(if: hasWARCEdgeCases, "../shared/data/html/warc-edge-cases is not present"))
struct WARCEdgeCaseTests {
    func read(_ name: String) throws -> [ArchivePages.Item] {
        let pages = try ArchivePages(path: sharedHTML.appendingPathComponent("warc-edge-cases/\(name)").path)
        var result: [ArchivePages.Item] = []
        while let item = pages.next() { result.append(item) }
        return result
    }

    func pages(_ items: [ArchivePages.Item]) -> [PageExtractor.Context] {
        items.compactMap { if case .page(_, let context, _) = $0 { context } else { nil } }
    }

    func failures(_ items: [ArchivePages.Item]) -> [String] {
        items.compactMap { if case .failure(_, let message) = $0 { message } else { nil } }
    }

    @Test(arguments: ["example.warc", "example.warc.gz", "example-iana.org-chunked.warc", "example-wget-bad-target-uri.warc.gz",
                      "example-bad-non-chunked.warc.gz", "example-wrong-chunks.warc.gz", "example.arc", "example.arc.gz"])
    func readableArchivesGiveTheirPage(name: String) throws {
        let items = try read(name)
        #expect(failures(items).isEmpty, "\(failures(items))")
        let found = pages(items)
        #expect(found.count == 1)
        #expect(found.first?.url?.hasPrefix("http") == true)
        // and the page extracts
        guard case .page(let body, let context, _)? = items.first(where: { if case .page = $0 { true } else { false } }) else { return }
        let extracted = try PageExtractor.extract(body, context: context)
        #expect(!extracted.text.isEmpty)
    }

    @Test func aWholeFileGzipGivesDistinctSourcesForItsRecords() throws {
        let found = pages(try read("example-bad.warc.gz.bad"))
        #expect(found.count == 2)
        #expect(Set(found.map(\.source)).count == 2)
    }

    @Test func truncatedAndBadArchivesGiveErrorsWithOffsetsAndNoCrash() throws {
        let truncated = try read("example-trunc.warc")
        #expect(failures(truncated).count == 1)
        let bad = try read("bad.arc")
        #expect(!failures(bad).isEmpty)
        for name in ["example-digest.warc", "example-resource.warc.gz", "example-space-in-target-uri.warc.gz", "example-space-in-url.arc", "post-test.warc.gz"] {
            _ = try read(name)
        }
    }
}
