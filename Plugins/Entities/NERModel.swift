public import Foundation
import FeatureHashing

/// The weights of one tagging pass: a row of ``BILOU/count`` weights per feature key, and label
/// transition weights (row ``BILOU/count`` is the sentence start).
public struct StageWeights: Sendable {
    public let keys: [UInt64]
    /// `keys.count * BILOU.count` weights, row by row.
    public let weights: [Float]
    /// `(BILOU.count + 1) * BILOU.count`: from label (or start) to label.
    public let transitions: [Float]
    let table: KeyTable

    /// Weights for `keys` (any order; stored sorted). Features whose weights are all zero are dropped.
    public init(keys: [UInt64], weights: [Float], transitions: [Float]) {
        precondition(weights.count == keys.count * BILOU.count, "one row of weights per key")
        precondition(transitions.count == (BILOU.count + 1) * BILOU.count, "a transition row per label and the start")
        let order = keys.indices.sorted { keys[$0] < keys[$1] }
        var sortedKeys: [UInt64] = []
        var sortedWeights: [Float] = []
        sortedKeys.reserveCapacity(keys.count)
        sortedWeights.reserveCapacity(weights.count)
        for index in order {
            let row = weights[(index * BILOU.count)..<((index + 1) * BILOU.count)]
            guard row.contains(where: { $0 != 0 }) else { continue }
            if let last = sortedKeys.last, last == keys[index] { continue }
            sortedKeys.append(keys[index])
            sortedWeights += row
        }
        self.keys = sortedKeys
        self.weights = sortedWeights
        self.transitions = transitions
        table = KeyTable(keys: sortedKeys)
    }

    /// Weights already sorted by key, without zero rows (as a model file stores them).
    init(sortedKeys: [UInt64], weights: [Float], transitions: [Float]) {
        keys = sortedKeys
        self.weights = weights
        self.transitions = transitions
        table = KeyTable(keys: sortedKeys)
    }

    /// Row of `key`, or -1.
    @inline(__always)
    func row(_ key: UInt64) -> Int { table.index(of: key) }
}

/// Everything the recogniser loads: the lexicon, the gazetteer and the weights of both passes.
///
/// The file is little-endian binary: the magic `BYLNER01`, a format version, a description, the
/// lexicon, the gazetteer, then each pass with weights quantised to 16 bits against a per-pass scale
/// and stored sparsely (a label mask and the non-zero weights per feature). Encoding is a function of
/// the values only, so training twice on the same data writes the same bytes.
public struct NERModel: Sendable {
    public static let magic: [UInt8] = Array("BYLNER01".utf8)
    public static let formatVersion: UInt32 = 1

    public var description: String
    public var lexicon: Lexicon
    public var gazetteer: Gazetteer
    /// The first pass, then the second (document-level) pass.
    public var stages: [StageWeights]

    public init(description: String, lexicon: Lexicon, gazetteer: Gazetteer, stages: [StageWeights]) {
        self.description = description
        self.lexicon = lexicon
        self.gazetteer = gazetteer
        self.stages = stages
    }

    public struct FormatError: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    // MARK: Encoding

    public func encoded() -> [UInt8] {
        var out = ByteWriter()
        out.bytes += Self.magic
        out.u32(Self.formatVersion)
        out.string(description)
        out.u32(UInt32(lexicon.clusterKeyList.count))
        for key in lexicon.clusterKeyList { out.u64(key) }
        for value in lexicon.clusterValues { out.u64(value) }
        out.u32(UInt32(lexicon.casingKeyList.count))
        for key in lexicon.casingKeyList { out.u64(key) }
        out.bytes += lexicon.casingValues
        out.u32(UInt32(gazetteer.keyList.count))
        for key in gazetteer.keyList { out.u64(key) }
        for mask in gazetteer.masks { out.u16(mask) }
        out.u32(UInt32(stages.count))
        for stage in stages {
            let largest = max(stage.weights.lazy.map(abs).max() ?? 0, stage.transitions.lazy.map(abs).max() ?? 0)
            let scale: Float = largest > 0 ? largest / 32767 : 1
            out.u32(scale.bitPattern)
            out.u32(UInt32(BILOU.count))
            for weight in stage.transitions { out.u16(UInt16(bitPattern: Self.quantize(weight, scale))) }
            // Rows that quantise to all zeros are dropped.
            var rows: [(UInt64, UInt32, [Int16])] = []
            for (index, key) in stage.keys.enumerated() {
                var mask: UInt32 = 0
                var values: [Int16] = []
                for label in 0..<BILOU.count {
                    let quantized = Self.quantize(stage.weights[index * BILOU.count + label], scale)
                    if quantized != 0 {
                        mask |= 1 << UInt32(label)
                        values.append(quantized)
                    }
                }
                if mask != 0 { rows.append((key, mask, values)) }
            }
            out.u32(UInt32(rows.count))
            for row in rows { out.u64(row.0) }
            for row in rows {
                out.u32(row.1)
                for value in row.2 { out.u16(UInt16(bitPattern: value)) }
            }
        }
        return out.bytes
    }

    static func quantize(_ weight: Float, _ scale: Float) -> Int16 {
        Int16(max(-32767, min(32767, (weight / scale).rounded())))
    }

    // MARK: Decoding

    public init(decoding bytes: [UInt8]) throws(FormatError) {
        var input = ByteReader(bytes: bytes)
        guard try input.take(Self.magic.count) == Self.magic else { throw FormatError(description: "not a byline NER model (bad magic)") }
        let version = try input.u32()
        guard version == Self.formatVersion else { throw FormatError(description: "model format \(version) is not supported (expected \(Self.formatVersion))") }
        description = try input.string()
        let clusterCount = Int(try input.u32())
        let clusterKeys = try input.u64s(clusterCount)
        let clusterValues = try input.u64s(clusterCount)
        let casingCount = Int(try input.u32())
        let casingKeys = try input.u64s(casingCount)
        let casingValues = try input.take(casingCount)
        lexicon = Lexicon(clusterKeys: clusterKeys, clusterValues: clusterValues, casingKeys: casingKeys, casingValues: casingValues)
        let gazetteerCount = Int(try input.u32())
        let gazetteerKeys = try input.u64s(gazetteerCount)
        var masks: [UInt16] = []
        masks.reserveCapacity(gazetteerCount)
        for _ in 0..<gazetteerCount { masks.append(try input.u16()) }
        gazetteer = Gazetteer(keyList: gazetteerKeys, masks: masks)
        let stageCount = Int(try input.u32())
        guard (1...4).contains(stageCount) else { throw FormatError(description: "bad number of passes \(stageCount)") }
        var stages: [StageWeights] = []
        for _ in 0..<stageCount {
            let scale = Float(bitPattern: try input.u32())
            guard Int(try input.u32()) == BILOU.count else { throw FormatError(description: "label set differs") }
            var transitions: [Float] = []
            for _ in 0..<((BILOU.count + 1) * BILOU.count) { transitions.append(Float(Int16(bitPattern: try input.u16())) * scale) }
            let rowCount = Int(try input.u32())
            // Each row takes at least 12 bytes (key and mask): refuse counts the file cannot hold before allocating.
            guard rowCount <= input.remaining / 12 else { throw FormatError(description: "model file is truncated") }
            let keys = try input.u64s(rowCount)
            var weights = [Float](repeating: 0, count: rowCount * BILOU.count)
            for row in 0..<rowCount {
                var mask = try input.u32()
                while mask != 0 {
                    let label = mask.trailingZeroBitCount
                    guard label < BILOU.count else { throw FormatError(description: "label mask out of range") }
                    weights[row * BILOU.count + label] = Float(Int16(bitPattern: try input.u16())) * scale
                    mask &= mask - 1
                }
            }
            stages.append(StageWeights(sortedKeys: keys, weights: weights, transitions: transitions))
        }
        self.stages = stages
    }

    /// Reads a model file.
    public init(contentsOf url: URL) throws {
        let data = try Data(contentsOf: url)
        try self.init(decoding: [UInt8](data))
    }

    /// Number of feature rows per pass.
    public var featureCounts: [Int] { stages.map(\.keys.count) }
}

struct ByteWriter {
    var bytes: [UInt8] = []
    mutating func u16(_ value: UInt16) { bytes.append(UInt8(value & 0xFF)); bytes.append(UInt8(value >> 8)) }
    mutating func u32(_ value: UInt32) { for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8((value >> UInt32(shift)) & 0xFF)) } }
    mutating func u64(_ value: UInt64) { for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8((value >> UInt64(shift)) & 0xFF)) } }
    mutating func string(_ value: String) {
        let utf8 = Array(value.utf8)
        u32(UInt32(utf8.count))
        bytes += utf8
    }
}

struct ByteReader {
    let bytes: [UInt8]
    var offset = 0

    var remaining: Int { bytes.count - offset }

    mutating func take(_ count: Int) throws(NERModel.FormatError) -> [UInt8] {
        guard count >= 0, offset + count <= bytes.count else { throw NERModel.FormatError(description: "model file is truncated") }
        defer { offset += count }
        return Array(bytes[offset..<(offset + count)])
    }

    mutating func u16() throws(NERModel.FormatError) -> UInt16 {
        guard offset + 2 <= bytes.count else { throw NERModel.FormatError(description: "model file is truncated") }
        defer { offset += 2 }
        return UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }

    mutating func u32() throws(NERModel.FormatError) -> UInt32 {
        guard offset + 4 <= bytes.count else { throw NERModel.FormatError(description: "model file is truncated") }
        var value: UInt32 = 0
        for index in 0..<4 { value |= UInt32(bytes[offset + index]) << UInt32(8 * index) }
        offset += 4
        return value
    }

    mutating func u64s(_ count: Int) throws(NERModel.FormatError) -> [UInt64] {
        guard count >= 0, offset + 8 * count <= bytes.count else { throw NERModel.FormatError(description: "model file is truncated") }
        var values = [UInt64](repeating: 0, count: count)
        bytes.withUnsafeBufferPointer { buffer in
            var position = offset
            for index in 0..<count {
                var value: UInt64 = 0
                for byte in 0..<8 { value |= UInt64(buffer[position + byte]) << UInt64(8 * byte) }
                values[index] = value
                position += 8
            }
        }
        offset += 8 * count
        return values
    }

    mutating func string() throws(NERModel.FormatError) -> String {
        let count = Int(try u32())
        return String(decoding: try take(count), as: UTF8.self)
    }
}
