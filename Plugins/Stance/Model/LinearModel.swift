public import Foundation

/// A linear classifier over hashed features: one weight per (feature, label), a bias per label, and
/// a word lexicon the features may read. Both of the stance analyzer's learned components (the
/// attribution tagger and the target sentiment classifier) are stored this way.
///
/// File format (little-endian), written by ``encoded()``, read by ``init(data:)``:
/// `BYLM`, u32 version 1, u32 label count, labels (u16 length + UTF-8), f32 weight scale,
/// label count × f32 biases, u32 feature count, feature count × u64 feature hashes (ascending),
/// feature count × label count × i16 quantised weights, u32 lexicon count, entries sorted by word
/// (u16 length + UTF-8 + f32 value), u32 parameter count, entries sorted by name (u16 length +
/// UTF-8 + f64 value). The same model always encodes to the same bytes.
public struct LinearModel: Sendable {
    public let labels: [String]
    public let biases: [Float]
    /// Named real values the feature extractor needs (scales, thresholds).
    public let parameters: [String: Double]
    /// Word → score, e.g. a polarity lexicon or a cue prior.
    public let lexicon: [String: Float]
    private let table: FeatureTable
    private let weights: [Float]

    public var featureCount: Int { table.count }

    /// Builds a model from trained weights. Features whose weights all round to zero are dropped.
    public init(labels: [String], biases: [Float], weights: [UInt64: [Float]], lexicon: [String: Float] = [:],
                parameters: [String: Double] = [:], minimumWeight: Float = 0) {
        // Quantise exactly as the file will, so a model in memory and its reloaded copy agree.
        let maxAbs = weights.values.lazy.flatMap { $0 }.map { abs($0) }.max() ?? 0
        let scale = maxAbs > 0 ? maxAbs / 32767 : 1
        var kept: [(UInt64, [Float])] = []
        for (key, row) in weights where row.contains(where: { abs($0) >= minimumWeight }) {
            let quantised = row.map { Float(Int16(clamping: Int(($0 / scale).rounded()))) * scale }
            if quantised.contains(where: { $0 != 0 }) { kept.append((key, quantised)) }
        }
        kept.sort { $0.0 < $1.0 }
        self.init(labels: labels, biases: biases, keys: kept.map(\.0), flatWeights: kept.flatMap(\.1), scale: scale,
                  lexicon: lexicon, parameters: parameters)
    }

    private init(labels: [String], biases: [Float], keys: [UInt64], flatWeights: [Float], scale: Float,
                 lexicon: [String: Float], parameters: [String: Double]) {
        self.labels = labels
        self.biases = biases
        self.lexicon = lexicon
        self.parameters = parameters
        self.scale = scale
        self.keys = keys
        table = FeatureTable(keys)
        weights = flatWeights
    }

    private let scale: Float
    private let keys: [UInt64]

    /// Adds the weights of `feature` times `value` to `scores` (one entry per label).
    @inline(__always)
    public func accumulate(_ feature: UInt64, _ value: Float = 1, into scores: inout [Float]) {
        guard let row = table.row(of: feature) else { return }
        let base = row * labels.count
        for label in 0..<labels.count { scores[label] += weights[base + label] * value }
    }

    /// Scores of every label for a bag of binary features and optional real-valued ones.
    public func scores(binary: [UInt64], real: [(UInt64, Float)] = []) -> [Float] {
        var scores = biases
        for feature in binary { accumulate(feature, into: &scores) }
        for (feature, value) in real { accumulate(feature, value, into: &scores) }
        return scores
    }

    /// The weights of one feature, for inspection and tests.
    public func weights(of feature: UInt64) -> [Float]? {
        guard let row = table.row(of: feature) else { return nil }
        return Array(weights[(row * labels.count)..<((row + 1) * labels.count)])
    }

    // MARK: Encoding

    public struct FormatError: Error, CustomStringConvertible {
        public var description: String
    }

    public func encoded() -> [UInt8] {
        var out = ByteWriter()
        out.bytes.append(contentsOf: Array("BYLM".utf8))
        out.u32(1)
        out.u32(UInt32(labels.count))
        for label in labels { out.string(label) }
        out.f32(scale)
        for bias in biases { out.f32(bias) }
        out.u32(UInt32(keys.count))
        for key in keys { out.u64(key) }
        for value in weights { out.i16(Int16(clamping: Int((value / scale).rounded()))) }
        out.u32(UInt32(lexicon.count))
        for word in lexicon.keys.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }) {
            out.string(word)
            out.f32(lexicon[word]!)
        }
        out.u32(UInt32(parameters.count))
        for name in parameters.keys.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }) {
            out.string(name)
            out.f64(parameters[name]!)
        }
        return out.bytes
    }

    public init(data: [UInt8]) throws {
        var input = ByteReader(bytes: data)
        guard Array(try input.take(4)) == Array("BYLM".utf8) else { throw FormatError(description: "not a byline model file") }
        guard try input.u32() == 1 else { throw FormatError(description: "unsupported model version") }
        let labelCount = Int(try input.u32())
        guard labelCount > 0, labelCount < 256 else { throw FormatError(description: "bad label count") }
        var labels: [String] = []
        for _ in 0..<labelCount { labels.append(try input.string()) }
        let scale = try input.f32()
        var biases: [Float] = []
        for _ in 0..<labelCount { biases.append(try input.f32()) }
        let featureCount = Int(try input.u32())
        guard featureCount <= (data.count / 8) else { throw FormatError(description: "bad feature count") }
        let keyBytes = try input.take(featureCount * 8)
        let keys = keyBytes.withUnsafeBytes { raw in
            (0..<featureCount).map { UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self)) }
        }
        let weightBytes = try input.take(featureCount * labelCount * 2)
        let flatWeights = weightBytes.withUnsafeBytes { raw in
            (0..<(featureCount * labelCount)).map {
                Float(Int16(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 2, as: Int16.self))) * scale
            }
        }
        var lexicon: [String: Float] = [:]
        for _ in 0..<Int(try input.u32()) {
            let word = try input.string()
            lexicon[word] = try input.f32()
        }
        var parameters: [String: Double] = [:]
        for _ in 0..<Int(try input.u32()) {
            let name = try input.string()
            parameters[name] = try input.f64()
        }
        self.init(labels: labels, biases: biases, keys: keys, flatWeights: flatWeights, scale: scale, lexicon: lexicon,
                  parameters: parameters)
    }

    public init(contentsOf url: URL) throws {
        try self.init(data: [UInt8](try Data(contentsOf: url)))
    }
}

/// Open addressing from feature hash to row: faster than `Dictionary` for hashes that are already mixed.
struct FeatureTable: Sendable {
    private var slots: [UInt64]
    private var rows: [Int32]
    private let mask: Int
    let count: Int

    init(_ keys: [UInt64]) {
        var capacity = 16
        while capacity < keys.count * 2 { capacity *= 2 }
        slots = [UInt64](repeating: 0, count: capacity)
        rows = [Int32](repeating: -1, count: capacity)
        mask = capacity - 1
        count = keys.count
        for (row, key) in keys.enumerated() {
            var slot = Int(truncatingIfNeeded: key) & mask
            while rows[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = key
            rows[slot] = Int32(row)
        }
    }

    @inline(__always)
    func row(of key: UInt64) -> Int? {
        var slot = Int(truncatingIfNeeded: key) & mask
        while true {
            let row = rows[slot]
            if row < 0 { return nil }
            if slots[slot] == key { return Int(row) }
            slot = (slot + 1) & mask
        }
    }
}

struct ByteWriter {
    var bytes: [UInt8] = []
    mutating func u16(_ value: UInt16) { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func u32(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func u64(_ value: UInt64) { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func i16(_ value: Int16) { u16(UInt16(bitPattern: value)) }
    mutating func f32(_ value: Float) { u32(value.bitPattern) }
    mutating func f64(_ value: Double) { u64(value.bitPattern) }
    mutating func string(_ value: String) {
        let utf8 = Array(value.utf8.prefix(65535))
        u16(UInt16(utf8.count))
        bytes.append(contentsOf: utf8)
    }
}

struct ByteReader {
    let bytes: [UInt8]
    var offset = 0

    mutating func take(_ count: Int) throws -> ArraySlice<UInt8> {
        guard count >= 0, offset + count <= bytes.count else {
            throw LinearModel.FormatError(description: "model file is truncated")
        }
        defer { offset += count }
        return bytes[offset..<(offset + count)]
    }

    private mutating func integer<T: FixedWidthInteger>(_: T.Type) throws -> T {
        var value: T = 0
        for (shift, byte) in try take(MemoryLayout<T>.size).enumerated() {
            value |= T(truncatingIfNeeded: byte) << (shift * 8)
        }
        return value
    }

    mutating func u16() throws -> UInt16 { try integer(UInt16.self) }
    mutating func u32() throws -> UInt32 { try integer(UInt32.self) }
    mutating func u64() throws -> UInt64 { try integer(UInt64.self) }
    mutating func i16() throws -> Int16 { Int16(bitPattern: try u16()) }
    mutating func f32() throws -> Float { Float(bitPattern: try u32()) }
    mutating func f64() throws -> Double { Double(bitPattern: try u64()) }
    mutating func string() throws -> String {
        let count = Int(try u16())
        return String(decoding: try take(count), as: UTF8.self)
    }
}
