public import Foundation

/// The GeoNames gazetteer the places analyzer resolves names against, as written by
/// `tools/build-gazetteer`: a flat little-endian file read once into memory and validated whole,
/// so that no lookup afterwards can read outside it.
///
/// Layout: the magic `BYLGAZ01`; twelve `u32`s (format version, record count, key count, admin1
/// code count, neighbour pair count, then the offsets of the records, strings, admin1 codes, key
/// table, key pool and neighbour pairs, and the total length); 28-byte records; length-prefixed
/// strings; a `u32` string offset per admin1 code; a `u32` key-pool offset per key (keys sorted by
/// their UTF-8 bytes); per key its length, bytes, a `u16` count and that many `u24` record
/// indices, most populous first; and pairs of two-letter country codes that share a border.
public struct PlaceGazetteer: Sendable {
    /// Feature codes in the order the file numbers them.
    public static let featureCodes = ["PPL", "PPLC", "PPLA", "ADM1", "ADM2", "PCLI", "PCLD", "CONT", "RGN"]
    static let magic = Array("BYLGAZ01".utf8)
    static let formatVersion: UInt32 = 2
    static let recordSize = 28
    static let noArea: UInt32 = 0xFFFFFF

    let bytes: [UInt8]
    public let count: Int
    let keyCount: Int
    let recordsAt: Int
    let stringsAt: Int
    let keysAt: Int
    let poolAt: Int
    let admin1Codes: [String]
    /// `CC.A1` → the record of that first-order area; `CC` → the record of that country.
    let admin1Records: [String: Int32]
    let countryRecords: [String: Int32]
    /// Pairs of countries that share a border, as `countryKey << 16 | countryKey`.
    let neighbours: Set<Int>

    /// A gazetteer problem found when loading: the message says what is wrong with which file.
    public struct LoadError: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// Reads and checks the file at `url`.
    public init(contentsOf url: URL) throws {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw LoadError(description: "cannot read the gazetteer \(url.path): \(error.localizedDescription)")
        }
        try self.init(bytes: [UInt8](data), name: url.path)
    }

    /// Checks `bytes` as a gazetteer file; `name` appears in error messages.
    public init(bytes: [UInt8], name: String = "gazetteer") throws {
        func fail(_ why: String) -> LoadError { LoadError(description: "the gazetteer \(name) is corrupt: \(why)") }
        guard bytes.count >= 56, Array(bytes[0..<8]) == Self.magic else {
            throw fail("it does not start with BYLGAZ01 (not a gazetteer file, or truncated)")
        }
        func word(_ at: Int) -> Int { Int(Self.u32(bytes, at)) }
        guard word(8) == Int(Self.formatVersion) else {
            throw fail("format version \(word(8)), this build reads \(Self.formatVersion); rebuild it with tools/build-gazetteer")
        }
        let count = word(12), keyCount = word(16), admin1Count = word(20), pairCount = word(24)
        let recordsAt = word(28), stringsAt = word(32), admin1At = word(36), keysAt = word(40), poolAt = word(44)
        let neighboursAt = word(48)
        guard word(52) == bytes.count else { throw fail("it is \(bytes.count) bytes, its header says \(word(52))") }
        guard recordsAt == 56, stringsAt == recordsAt + count * Self.recordSize, stringsAt < admin1At,
            admin1At + 4 * admin1Count == keysAt, keysAt + 4 * keyCount == poolAt, poolAt <= neighboursAt,
            neighboursAt + 4 * pairCount == bytes.count
        else { throw fail("its sections do not fit together") }
        var neighbours: Set<Int> = []
        for pair in 0..<pairCount {
            let at = neighboursAt + 4 * pair
            neighbours.insert(Int(Self.u16(bytes, at)) << 16 | Int(Self.u16(bytes, at + 2)))
        }
        self.neighbours = neighbours
        self.bytes = bytes
        self.count = count
        self.keyCount = keyCount
        self.recordsAt = recordsAt
        self.stringsAt = stringsAt
        self.keysAt = keysAt
        self.poolAt = poolAt

        func string(_ offset: Int) -> String? {
            let at = stringsAt + offset
            guard offset >= 0, at < admin1At else { return nil }
            let length = Int(bytes[at])
            guard at + 1 + length <= admin1At else { return nil }
            return String(validating: bytes[(at + 1)..<(at + 1 + length)], as: UTF8.self)
        }
        var codes: [String] = []
        codes.reserveCapacity(admin1Count)
        for index in 0..<admin1Count {
            guard let code = string(word(admin1At + 4 * index)) else { throw fail("admin1 code \(index) is not a valid string") }
            codes.append(code)
        }
        self.admin1Codes = codes
        var admin1Records: [String: Int32] = [:]
        var countryRecords: [String: Int32] = [:]
        for index in 0..<count {
            let at = recordsAt + index * Self.recordSize
            let lat = Int32(bitPattern: Self.u32(bytes, at + 4)), lon = Int32(bitPattern: Self.u32(bytes, at + 8))
            guard abs(lat) <= 90_000_000, abs(lon) <= 180_000_000 else { throw fail("place \(index) has coordinates out of range") }
            guard let _ = string(word(at + 16)) else { throw fail("place \(index) has no valid name") }
            let packed = Self.u32(bytes, at + 20)
            let area = packed & 0xFFFFFF, code = Int(packed >> 24)
            guard code < Self.featureCodes.count, area == Self.noArea || Int(area) < count,
                Int(Self.u16(bytes, at + 24)) < admin1Count
            else { throw fail("place \(index) refers outside the file") }
            let featureCode = Self.featureCodes[code]
            let country = String(decoding: bytes[(at + 26)..<(at + 28)].filter { $0 != 0 }, as: UTF8.self)
            if featureCode == "ADM1" {
                admin1Records[country + "." + codes[Int(Self.u16(bytes, at + 24))]] = Int32(index)
            } else if featureCode == "PCLI" || featureCode == "PCLD" {
                countryRecords[country] = Int32(index)
            }
        }
        var previous = -1
        for index in 0..<keyCount {
            let offset = word(keysAt + 4 * index)
            let at = poolAt + offset
            guard offset > previous, at < neighboursAt else { throw fail("key \(index) is out of order or outside the file") }
            let length = Int(bytes[at])
            guard at + 3 + length <= neighboursAt else { throw fail("key \(index) runs past the end") }
            let postings = Int(Self.u16(bytes, at + 1 + length))
            let end = at + 3 + length + 3 * postings
            guard end <= neighboursAt else { throw fail("key \(index) runs past the end") }
            for posting in 0..<postings where Self.u24(bytes, at + 3 + length + 3 * posting) >= count {
                throw fail("key \(index) names a place that does not exist")
            }
            previous = offset
        }
        self.admin1Records = admin1Records
        self.countryRecords = countryRecords
    }

    static func u32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
    }

    static func u24(_ bytes: [UInt8], _ at: Int) -> Int {
        Int(bytes[at]) | Int(bytes[at + 1]) << 8 | Int(bytes[at + 2]) << 16
    }

    static func u16(_ bytes: [UInt8], _ at: Int) -> UInt16 {
        UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8
    }

    /// The places whose names have key `key` (see ``NameKey``), most populous first.
    public func places(withKey key: String) -> [Int32] {
        let target = Array(key.utf8)
        guard !target.isEmpty, target.count <= 255 else { return [] }
        var low = 0, high = keyCount
        while low < high {
            let middle = (low + high) / 2
            let order = compareKey(middle, target)
            if order == 0 {
                let at = poolAt + Int(Self.u32(bytes, keysAt + 4 * middle))
                let length = Int(bytes[at])
                let postings = Int(Self.u16(bytes, at + 1 + length))
                let base = at + 3 + length
                return (0..<postings).map { Int32(Self.u24(bytes, base + 3 * $0)) }
            }
            if order < 0 { low = middle + 1 } else { high = middle }
        }
        return []
    }

    /// Compares key `index` with `target` by bytes: negative, zero or positive.
    func compareKey(_ index: Int, _ target: [UInt8]) -> Int {
        let at = poolAt + Int(Self.u32(bytes, keysAt + 4 * index))
        let length = Int(bytes[at])
        let shared = min(length, target.count)
        for offset in 0..<shared {
            let a = bytes[at + 1 + offset], b = target[offset]
            if a != b { return a < b ? -1 : 1 }
        }
        return length - target.count
    }

    /// The place stored at `index` (an index from ``places(withKey:)``).
    public func place(_ index: Int32) -> GazetteerPlace {
        let at = recordsAt + Int(index) * Self.recordSize
        let packed = Self.u32(bytes, at + 20)
        let area = packed & 0xFFFFFF
        return GazetteerPlace(
            index: index,
            geonameId: Int(Self.u32(bytes, at)),
            latitude: Double(Int32(bitPattern: Self.u32(bytes, at + 4))) / 1_000_000,
            longitude: Double(Int32(bitPattern: Self.u32(bytes, at + 8))) / 1_000_000,
            population: Int(Self.u32(bytes, at + 12)),
            nameOffset: Int(Self.u32(bytes, at + 16)),
            featureCode: Self.featureCodes[Int(packed >> 24)],
            admin1: admin1Codes[Int(Self.u16(bytes, at + 24))],
            countryCode: String(decoding: bytes[(at + 26)..<(at + 28)].filter { $0 != 0 }, as: UTF8.self),
            area: area == Self.noArea ? nil : Int32(area),
            countryKey: Int(Self.u16(bytes, at + 26)),
            admin1Index: Int(Self.u16(bytes, at + 24)))
    }

    /// The GeoNames name of a place.
    public func name(of place: GazetteerPlace) -> String {
        let at = stringsAt + place.nameOffset
        let length = Int(bytes[at])
        return String(decoding: bytes[(at + 1)..<(at + 1 + length)], as: UTF8.self)
    }

    /// The first-order area `admin1` of country `country`, when the gazetteer has it.
    public func admin1Place(country: String, admin1: String) -> Int32? {
        admin1Records[country + "." + admin1]
    }

    /// Whether two countries (as ``GazetteerPlace`` country keys) share a border.
    func areNeighbours(_ a: Int, _ b: Int) -> Bool {
        neighbours.contains(a << 16 | b)
    }

    /// The country with ISO code `code`.
    public func country(_ code: String) -> Int32? {
        countryRecords[code]
    }
}

/// One gazetteer place, decoded.
public struct GazetteerPlace: Hashable, Sendable {
    public var index: Int32
    public var geonameId: Int
    public var latitude: Double
    public var longitude: Double
    public var population: Int
    var nameOffset: Int
    /// GeoNames feature code: `PPL`, `PPLC`, `ADM1`, `ADM2`, `PCLI`, `CONT`, …
    public var featureCode: String
    /// GeoNames admin1 code within the country (`LA`, `08`); empty for countries and continents.
    public var admin1: String
    /// ISO 3166 alpha-2 code; empty for continents.
    public var countryCode: String
    /// The second-order area the place lies in, when known.
    public var area: Int32?
    /// The country code as a number (0: none), for cheap comparisons.
    var countryKey: Int
    /// Index of ``admin1`` in the gazetteer's admin1 codes (0: none).
    var admin1Index: Int

    /// Country and admin1 as one number; 0 when the place has no admin1.
    var admin1Key: Int { admin1Index == 0 || countryKey == 0 ? 0 : countryKey << 16 | admin1Index }

    /// GeoNames feature class: `P` populated place, `A` country or area, `L` continent or region.
    public var featureClass: String {
        switch featureCode {
        case "ADM1", "ADM2", "PCLI", "PCLD": "A"
        case "CONT", "RGN": "L"
        default: "P"
        }
    }

    /// A kind of place rank: 3 country, 2 continent or first-order area, 1 capital or
    /// second-order area, 0 other populated place.
    var kindRank: Int {
        switch featureCode {
        case "PCLI", "PCLD": 3
        case "CONT", "ADM1", "RGN": 2
        case "PPLC", "ADM2": 1
        default: 0
        }
    }
}
