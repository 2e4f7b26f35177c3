import CZlib

/// zlib's inflate, for gzip members, zlib streams and raw deflate.
///
/// One instance inflates one stream at a time; ``reset(_:)`` starts another. Output goes to a
/// caller's array, so the caller bounds memory.
public final class Inflater {
    enum Format {
        /// A gzip member (RFC 1952) or a zlib stream (RFC 1950), told apart by their headers.
        case gzipOrZlib
        /// Deflate data without a header (RFC 1951), as some servers send `Content-Encoding: deflate`.
        case raw
    }

    enum Step: Equatable {
        /// The input was used up before the stream ended.
        case needsInput
        /// The stream ended; the bytes after it in the input were not used.
        case streamEnd
        /// The data is not valid for this format.
        case dataError(String)
    }

    private var stream = z_stream()
    private var ready = false

    init(_ format: Format) {
        reset(format)
    }

    deinit {
        if ready { inflateEnd(&stream) }
    }

    func reset(_ format: Format) {
        if ready { inflateEnd(&stream) }
        stream = z_stream()
        let bits: Int32 = format == .raw ? -15 : 15 + 32
        ready = inflateInit2_(&stream, bits, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK
    }

    /// Inflates from `input` (starting at `from`), appending to `output` until the input is used up,
    /// the stream ends, or `output` holds `limit` bytes. Returns the step reached and how many input
    /// bytes were consumed.
    func inflate(_ input: UnsafeBufferPointer<UInt8>, from: Int = 0, into output: inout [UInt8], limit: Int) -> (Step, consumed: Int) {
        guard ready else { return (.dataError("zlib could not be initialised"), 0) }
        guard from < input.count else { return (.needsInput, 0) }
        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress! + from)
        stream.avail_in = uInt(input.count - from)
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let room = min(chunk.count, max(0, limit - output.count))
            if room == 0 { return (.needsInput, input.count - from - Int(stream.avail_in)) }
            let (status, produced) = chunk.withUnsafeMutableBufferPointer { buffer -> (Int32, Int) in
                stream.next_out = buffer.baseAddress
                stream.avail_out = uInt(room)
                let status = CZlib.inflate(&stream, Z_NO_FLUSH)
                return (status, room - Int(stream.avail_out))
            }
            output.append(contentsOf: chunk[0..<produced])
            let consumed = input.count - from - Int(stream.avail_in)
            switch status {
            case Z_STREAM_END:
                return (.streamEnd, consumed)
            case Z_OK:
                if stream.avail_in == 0 && stream.avail_out > 0 { return (.needsInput, consumed) }
            case Z_BUF_ERROR:
                return (.needsInput, consumed)
            default:
                let message = stream.msg.map { String(cString: $0) } ?? "zlib error \(status)"
                return (.dataError(message), consumed)
            }
        }
    }

    /// A gzip file's content: every member inflated in turn (at most `limit` bytes); nil when the
    /// first member is not gzip data.
    public static func gunzip(_ data: [UInt8], limit: Int = 256 << 20) -> [UInt8]? {
        let inflater = Inflater(.gzipOrZlib)
        var output: [UInt8] = []
        var offset = 0
        while offset < data.count, output.count < limit {
            let (step, consumed) = data.withUnsafeBufferPointer { inflater.inflate($0, from: offset, into: &output, limit: limit) }
            offset += consumed
            guard step == .streamEnd else { return output.isEmpty && offset == consumed ? nil : output }
            while offset < data.count, data[offset] == 0 { offset += 1 }
            guard offset + 1 < data.count, data[offset] == 0x1F, data[offset + 1] == 0x8B else { break }
            inflater.reset(.gzipOrZlib)
        }
        return output
    }

    /// The whole of `data` inflated (gzip, zlib or raw deflate), at most `limit` bytes; nil when it
    /// is not valid compressed data.
    static func inflateAll(_ data: ArraySlice<UInt8>, format: Format, limit: Int) -> (bytes: [UInt8], complete: Bool)? {
        let inflater = Inflater(format)
        var output: [UInt8] = []
        output.reserveCapacity(min(limit, data.count * 4))
        let (step, _) = Array(data).withUnsafeBufferPointer { inflater.inflate($0, into: &output, limit: limit) }
        switch step {
        case .streamEnd: return (output, true)
        case .needsInput: return output.isEmpty ? nil : (output, false)
        case .dataError: return output.isEmpty ? nil : (output, false)
        }
    }
}
