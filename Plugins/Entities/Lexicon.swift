public import FeatureHashing
/// What unlabelled news text says about words, induced by `train-ner` and stored in the model:
/// word clusters at three granularities and how each word is usually capitalised.
public struct Lexicon: Sendable {
    /// Number of clusters at each granularity, coarse to fine.
    public static let granularities = 3

    /// Capitalisation of a word in running text (not sentence-initial, not in all-caps lines).
    public enum Casing: UInt8, Sendable, CaseIterable {
        case unknown = 0
        /// Lower case in at least 95% of occurrences.
        case lower
        case mostlyLower
        case mixed
        case mostlyCapitalized
        /// Capitalised in at least 95% of occurrences.
        case capitalized

        /// The bucket for `lower` lower-case and `capitalized` capitalised occurrences.
        public static func bucket(lower: Int, capitalized: Int) -> Casing {
            let total = lower + capitalized
            guard total > 0 else { return .unknown }
            let share = Double(capitalized) / Double(total)
            switch share {
            case ..<0.05: return .lower
            case ..<0.3: return .mostlyLower
            case ..<0.7: return .mixed
            case ..<0.95: return .mostlyCapitalized
            default: return .capitalized
            }
        }
    }

    /// Cluster ids (1-based; 0 for none) of a word form, packed 16 bits each, coarse first.
    let clusterKeys: KeyTable
    let clusterValues: [UInt64]
    let casingKeys: KeyTable
    let casingValues: [UInt8]
    /// Sorted keys as stored, kept for re-encoding.
    let clusterKeyList: [UInt64]
    let casingKeyList: [UInt64]

    /// A lexicon from word-form hashes to clusters and lower-case-form hashes to casing.
    public init(clusters: [(form: UInt64, ids: [UInt16])], casing: [(lower: UInt64, casing: Casing)]) {
        let sortedClusters = clusters.sorted { $0.form < $1.form }
        clusterKeyList = sortedClusters.map(\.form)
        clusterValues = sortedClusters.map { Lexicon.pack($0.ids) }
        clusterKeys = KeyTable(keys: clusterKeyList)
        let sortedCasing = casing.sorted { $0.lower < $1.lower }
        casingKeyList = sortedCasing.map(\.lower)
        casingValues = sortedCasing.map(\.casing.rawValue)
        casingKeys = KeyTable(keys: casingKeyList)
    }

    init(clusterKeys: [UInt64], clusterValues: [UInt64], casingKeys: [UInt64], casingValues: [UInt8]) {
        clusterKeyList = clusterKeys
        self.clusterValues = clusterValues
        self.clusterKeys = KeyTable(keys: clusterKeys)
        casingKeyList = casingKeys
        self.casingValues = casingValues
        self.casingKeys = KeyTable(keys: casingKeys)
    }

    public static let empty = Lexicon(clusters: [], casing: [])

    static func pack(_ ids: [UInt16]) -> UInt64 {
        var packed: UInt64 = 0
        for (level, id) in ids.prefix(4).enumerated() { packed |= UInt64(id) << (16 * UInt64(level)) }
        return packed
    }

    /// The packed cluster ids of a word form hash, or 0.
    public func clusters(ofForm form: UInt64) -> UInt64 {
        let index = clusterKeys.index(of: form)
        return index < 0 ? 0 : clusterValues[index]
    }

    /// The casing bucket of a lower-case form hash.
    public func casing(ofLower lower: UInt64) -> Casing {
        let index = casingKeys.index(of: lower)
        return index < 0 ? .unknown : Casing(rawValue: casingValues[index]) ?? .unknown
    }

    public var clusterCount: Int { clusterKeyList.count }
    public var casingCount: Int { casingKeyList.count }
}

/// Names known by type, matched as token sequences (case-insensitively) anywhere in a sentence:
/// lists mined from CoNLL-2003 training annotations and from the Groningen Meaning Bank, plus
/// countries and nationality words.
public struct Gazetteer: Sendable {
    /// Longest phrase matched, in tokens.
    public static let maxLength = 6

    /// Where an entry comes from and what it is, as bits of a mask.
    public enum Kind: Int, CaseIterable, Sendable {
        case conllPerson = 0, conllOrganization, conllLocation, conllMisc
        case gmbPerson, gmbOrganization, gmbGeography, gmbPolity, gmbArtifact, gmbEvent, gmbNatural
        case country, demonym
    }

    let keys: KeyTable
    let masks: [UInt16]
    let keyList: [UInt64]

    /// A gazetteer from phrase hashes (``phraseHash(_:)``) to kind masks.
    public init(entries: [(phrase: UInt64, mask: UInt16)]) {
        var merged: [UInt64: UInt16] = [:]
        for entry in entries where entry.mask != 0 { merged[entry.phrase, default: 0] |= entry.mask }
        let sorted = merged.keys.sorted()
        keyList = sorted
        masks = sorted.map { merged[$0]! }
        keys = KeyTable(keys: sorted)
    }

    init(keyList: [UInt64], masks: [UInt16]) {
        self.keyList = keyList
        self.masks = masks
        keys = KeyTable(keys: keyList)
    }

    public static let empty = Gazetteer(entries: [])

    public var count: Int { keyList.count }

    /// The hash of a phrase given the lower-case form hashes of its tokens.
    @inlinable
    public static func extend(_ phrase: UInt64, with lower: UInt64) -> UInt64 {
        FeatureHash.combine(phrase, lower)
    }

    public static let phraseSeed: UInt64 = 0x6761_7a65_7474_6572

    /// The hash of a phrase of words (as the recogniser normalises and lower-cases them).
    public static func phraseHash(_ words: [String]) -> UInt64 {
        var hash = phraseSeed
        for word in words { hash = extend(hash, with: WordAttributes.lowerHash(word)) }
        return hash
    }

    public func mask(of phrase: UInt64) -> UInt16 {
        let index = keys.index(of: phrase)
        return index < 0 ? 0 : masks[index]
    }
}
