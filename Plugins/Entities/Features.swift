import FeatureHashing
/// A document ready for feature extraction: every token's attributes and its look-ups in the
/// lexicon and gazetteer, computed once. Sentences are stored back to back.
public struct PreparedDocument: Sendable {
    /// Index of each sentence's first token in the flat arrays, plus the total at the end.
    public let sentenceStarts: [Int]
    let attributes: [WordAttributes]
    let clusters: [UInt64]
    let casing: [UInt8]
    let initial: [Bool]
    let allCapsSentence: [Bool]
    /// Gazetteer features of each token (`kind * 4 + position`), flat with offsets.
    let gazetteerOffsets: [Int32]
    let gazetteerValues: [UInt16]
    /// Union of the kinds of gazetteer matches covering each token.
    let gazetteerKinds: [UInt16]
    /// How the same word is capitalised elsewhere in the document (bits: seen lower case, seen capitalised).
    let documentCasing: [UInt8]

    public var sentenceCount: Int { sentenceStarts.count - 1 }
    public var tokenCount: Int { sentenceStarts.last ?? 0 }

    public func tokens(ofSentence sentence: Int) -> Range<Int> {
        sentenceStarts[sentence]..<sentenceStarts[sentence + 1]
    }

    /// The lower-case form hash of a token (flat index).
    public func lowerForm(_ token: Int) -> UInt64 { attributes[token].lower }
    public func flags(_ token: Int) -> WordAttributes.Flags { attributes[token].flags }
    public func isInitial(_ token: Int) -> Bool { initial[token] }
}

/// Document-level evidence from a first tagging pass, for the second pass (the two-stage,
/// non-local scheme of Krishnan and Manning 2006 and Ratinov and Roth 2009): how the same word is
/// labelled elsewhere in the document, and the first-pass labels around each token.
public struct FirstPassContext: Sendable {
    let labels: [UInt8]
    let offsets: [Int32]
    let values: [UInt64]

    /// Evidence from first-pass `labels` (BILOU, one per token of `document`, flat).
    public init(document: PreparedDocument, labels: [UInt8]) {
        precondition(labels.count == document.tokenCount, "one first-pass label per token")
        self.labels = labels
        // Per lower-case word: label class counts (O + 4) and name-part counts (4 classes × B/I/L).
        var slotOf: [UInt64: Int] = [:]
        var classCounts: [Int32] = []
        var partCounts: [Int32] = []
        func part(_ label: UInt8) -> Int? {
            guard let type = BILOU.type(of: label), let position = BILOU.position(of: label), position != .unit else { return nil }
            return type.rawValue * 3 + position.rawValue
        }
        func klass(_ label: UInt8) -> Int { BILOU.type(of: label).map { $0.rawValue + 1 } ?? 0 }
        for token in 0..<labels.count where document.attributes[token].flags.contains(.hasUpper) {
            let key = document.attributes[token].lower
            let slot: Int
            if let existing = slotOf[key] {
                slot = existing
            } else {
                slot = slotOf.count
                slotOf[key] = slot
                classCounts += [Int32](repeating: 0, count: 5)
                partCounts += [Int32](repeating: 0, count: 12)
            }
            classCounts[slot * 5 + klass(labels[token])] += 1
            if let part = part(labels[token]) { partCounts[slot * 12 + part] += 1 }
        }
        var offsets: [Int32] = [0]
        var values: [UInt64] = []
        offsets.reserveCapacity(labels.count + 1)
        for token in 0..<labels.count {
            defer { offsets.append(Int32(values.count)) }
            guard document.attributes[token].flags.contains(.hasUpper), let slot = slotOf[document.attributes[token].lower] else { continue }
            var counts = Array(classCounts[(slot * 5)..<(slot * 5 + 5)])
            counts[klass(labels[token])] -= 1
            let total = counts.reduce(0, +)
            if total > 0 {
                var best = 0
                for index in 0..<5 where counts[index] > 0 {
                    if counts[index] > counts[best] { best = index }
                    let share = Double(counts[index]) / Double(total)
                    let bucket: UInt64 = share >= 1 ? 4 : share >= 0.5 ? 3 : share >= 0.25 ? 2 : 1
                    values.append(FeatureTemplate.key(.documentClass, UInt64(index) << 3 | bucket))
                }
                values.append(FeatureTemplate.key(.documentMajority, UInt64(best) << 2 | UInt64(min(3, total))))
            }
            var parts = Array(partCounts[(slot * 12)..<(slot * 12 + 12)])
            if let own = part(labels[token]) { parts[own] -= 1 }
            for index in 0..<12 where parts[index] > 0 {
                values.append(FeatureTemplate.key(.documentNamePart, UInt64(index)))
            }
        }
        self.offsets = offsets
        self.values = values
    }
}

/// Feature templates: each key is a template's id mixed with a value.
enum FeatureTemplate: UInt64 {
    case bias = 1, form, lower, lowerPrevious, lowerNext, lowerPrevious2, lowerNext2, lowerBigramLeft, lowerBigramRight
    case shape, shortShape, shortShapePrevious, shortShapeNext, shapeBigramLeft, shapeBigramRight, shapeTrigram
    case prefix1, prefix2, prefix3, prefix4, suffix1, suffix2, suffix3, suffix4
    case flag, flags, initial, initialLower, casing, casingPrevious, casingNext
    case cluster1, cluster2, cluster3, clusterPrevious1, clusterPrevious3, clusterNext1, clusterNext3, clusterPrevious2Far, clusterNext2Far
    case gazetteer, gazetteerPrevious, gazetteerNext, allCapsShape, length, documentCasing
    case lowerPreviousShape, shapeLowerNext, clusterTitle
    case firstPassPrevious = 60, firstPassCurrent, firstPassNext, firstPassTrigram
    case documentClass = 70, documentMajority, documentNamePart

    @inline(__always)
    static func key(_ template: FeatureTemplate, _ value: UInt64) -> UInt64 {
        FeatureHash.combine(template.rawValue &* 0x9e37_79b9_7f4a_7c15, value)
    }
}

/// Turns documents into feature keys for the recogniser: word, lower case, shape, affixes, a ±2
/// context window, casing (sentence-initial and all-caps aware), word clusters, gazetteer matches,
/// document-level casing and, in the second pass, first-pass labels here and elsewhere in the document.
public struct FeatureExtractor: Sendable {
    public var lexicon: Lexicon
    public var gazetteer: Gazetteer

    public init(lexicon: Lexicon, gazetteer: Gazetteer) {
        self.lexicon = lexicon
        self.gazetteer = gazetteer
    }

    static let boundaryBefore = FeatureHash.string("<s>")
    static let boundaryAfter = FeatureHash.string("</s>")

    /// Reads a document given as sentences of tokens.
    public func prepare(_ sentences: [[String]]) -> PreparedDocument {
        var starts: [Int] = [0]
        var attributes: [WordAttributes] = []
        for sentence in sentences {
            for token in sentence { attributes.append(WordAttributes(token)) }
            starts.append(attributes.count)
        }
        return prepare(attributes: attributes, sentenceStarts: starts)
    }

    /// Reads a document from already computed token attributes.
    public func prepare(attributes: [WordAttributes], sentenceStarts starts: [Int]) -> PreparedDocument {
        let count = attributes.count
        var clusters = [UInt64](repeating: 0, count: count)
        var casing = [UInt8](repeating: 0, count: count)
        var initial = [Bool](repeating: false, count: count)
        var allCaps = [Bool](repeating: false, count: max(0, starts.count - 1))
        var gazetteerOffsets: [Int32] = [0]
        gazetteerOffsets.reserveCapacity(count + 1)
        var gazetteerValues: [UInt16] = []
        var gazetteerKinds = [UInt16](repeating: 0, count: count)
        var documentCasing = [UInt8](repeating: 0, count: count)

        for token in 0..<count {
            let word = attributes[token]
            var packed = lexicon.clusters(ofForm: word.form)
            if packed == 0, word.flags.contains(.hasUpper) { packed = lexicon.clusters(ofForm: word.title) }
            if packed == 0, word.flags.contains(.hasUpper) { packed = lexicon.clusters(ofForm: word.lower) }
            clusters[token] = packed
            casing[token] = lexicon.casing(ofLower: word.lower).rawValue
        }

        // Per sentence: initial tokens, all-caps lines, gazetteer matches.
        var matches: [[UInt16]] = []
        for sentence in 0..<(starts.count - 1) {
            let range = starts[sentence]..<starts[sentence + 1]
            var seenWord = false
            var anyLower = false
            var anyCapsWord = false
            for token in range {
                let flags = attributes[token].flags
                if !seenWord { initial[token] = true }
                if flags.contains(.hasLetter) || flags.contains(.hasDigit) { seenWord = true }
                if flags.contains(.hasLower) { anyLower = true }
                if flags.contains(.allCaps) { anyCapsWord = true }
            }
            allCaps[sentence] = !anyLower && anyCapsWord
            matches = Array(repeating: [], count: range.count)
            for start in range {
                let flags = attributes[start].flags
                guard flags.contains(.hasUpper) || flags.contains(.hasDigit) else { continue }
                var phrase = Gazetteer.phraseSeed
                for length in 1...Gazetteer.maxLength {
                    let end = start + length
                    guard end <= range.upperBound else { break }
                    phrase = Gazetteer.extend(phrase, with: attributes[end - 1].lower)
                    let mask = gazetteer.mask(of: phrase)
                    guard mask != 0 else { continue }
                    for kind in 0..<16 where mask & (1 << kind) != 0 {
                        for token in start..<end {
                            let position: BILOU.Position =
                                length == 1 ? .unit : token == start ? .begin : token == end - 1 ? .last : .inside
                            let value = UInt16(kind * 4 + position.rawValue)
                            let local = token - range.lowerBound
                            if !matches[local].contains(value) { matches[local].append(value) }
                            gazetteerKinds[token] |= 1 << kind
                        }
                    }
                }
            }
            for local in matches.indices {
                gazetteerValues += matches[local].sorted()
                gazetteerOffsets.append(Int32(gazetteerValues.count))
            }
        }

        // Document-level casing: how each word is written elsewhere in running (not all-caps) text.
        var casingCounts: [UInt64: (lower: Int32, capitalized: Int32)] = [:]
        func contribution(_ token: Int, _ sentence: Int) -> (Int32, Int32) {
            let flags = attributes[token].flags
            guard !allCaps[sentence], flags.contains(.hasLetter) else { return (0, 0) }
            if !flags.contains(.hasUpper) { return (1, 0) }
            if !initial[token], flags.contains(.capitalized) { return (0, 1) }
            return (0, 0)
        }
        for sentence in 0..<(starts.count - 1) {
            for token in starts[sentence]..<starts[sentence + 1] {
                let (lower, capitalized) = contribution(token, sentence)
                if lower + capitalized == 0 { continue }
                casingCounts[attributes[token].lower, default: (0, 0)].lower += lower
                casingCounts[attributes[token].lower, default: (0, 0)].capitalized += capitalized
            }
        }
        for sentence in 0..<(starts.count - 1) {
            for token in starts[sentence]..<starts[sentence + 1] where attributes[token].flags.contains(.hasLetter) {
                guard var counts = casingCounts[attributes[token].lower] else { continue }
                let own = contribution(token, sentence)
                counts.lower -= own.0
                counts.capitalized -= own.1
                documentCasing[token] = (counts.lower > 0 ? 1 : 0) | (counts.capitalized > 0 ? 2 : 0)
            }
        }

        return PreparedDocument(
            sentenceStarts: starts, attributes: attributes, clusters: clusters, casing: casing, initial: initial,
            allCapsSentence: allCaps, gazetteerOffsets: gazetteerOffsets, gazetteerValues: gazetteerValues,
            gazetteerKinds: gazetteerKinds, documentCasing: documentCasing)
    }

    /// Appends the feature keys of every token of `sentence` to `keys`, and after each token the
    /// number of keys so far to `offsets` (so token `i`'s keys are `keys[offsets[i]..<offsets[i+1]]`
    /// when `offsets` starts as `[0]` and `keys` empty).
    public func features(
        of document: PreparedDocument, sentence: Int, firstPass: FirstPassContext?,
        keys: inout [UInt64], offsets: inout [Int]
    ) {
        let range = document.tokens(ofSentence: sentence)
        let allCaps = document.allCapsSentence[sentence]
        let attributes = document.attributes
        let b = range.lowerBound, e = range.upperBound
        @inline(__always) func lower(_ t: Int) -> UInt64 {
            t < b ? Self.boundaryBefore : t >= e ? Self.boundaryAfter : attributes[t].lower
        }
        @inline(__always) func short(_ t: Int) -> UInt64 {
            t < b ? Self.boundaryBefore : t >= e ? Self.boundaryAfter : attributes[t].shortShape
        }
        @inline(__always) func casingValue(_ t: Int) -> UInt64 {
            guard t >= b, t < e else { return 0xFF }
            let flags = attributes[t].flags
            return UInt64(document.casing[t]) | (flags.contains(.capitalized) ? 16 : 0) | (document.initial[t] ? 32 : 0)
        }
        @inline(__always) func cluster(_ t: Int, _ level: Int) -> UInt64 {
            guard t >= b, t < e else { return 0xFFFF }
            return (document.clusters[t] >> (16 * UInt64(level))) & 0xFFFF
        }
        @inline(__always) func add(_ template: FeatureTemplate, _ value: UInt64) {
            keys.append(FeatureTemplate.key(template, value))
        }
        @inline(__always) func label(_ t: Int) -> UInt64 {
            guard let firstPass, t >= b, t < e else { return 0xFF }
            return UInt64(firstPass.labels[t])
        }

        for t in range {
            let word = attributes[t]
            add(.bias, 0)
            add(.form, word.form)
            add(.lower, word.lower)
            add(.lowerPrevious, lower(t - 1))
            add(.lowerNext, lower(t + 1))
            add(.lowerPrevious2, lower(t - 2))
            add(.lowerNext2, lower(t + 2))
            add(.lowerBigramLeft, FeatureHash.combine(lower(t - 1), word.lower))
            add(.lowerBigramRight, FeatureHash.combine(word.lower, lower(t + 1)))
            add(.shape, word.shape)
            add(.shortShape, word.shortShape)
            add(.shortShapePrevious, short(t - 1))
            add(.shortShapeNext, short(t + 1))
            add(.shapeBigramLeft, FeatureHash.combine(short(t - 1), word.shortShape))
            add(.shapeBigramRight, FeatureHash.combine(word.shortShape, short(t + 1)))
            add(.shapeTrigram, FeatureHash.combine(short(t - 1), word.shortShape, short(t + 1)))
            add(.lowerPreviousShape, FeatureHash.combine(lower(t - 1), word.shortShape))
            add(.shapeLowerNext, FeatureHash.combine(word.shortShape, lower(t + 1)))
            let length = Int(word.length)
            if length >= 1 { add(.prefix1, word.prefixes.0); add(.suffix1, word.suffixes.0) }
            if length >= 2 { add(.prefix2, word.prefixes.1); add(.suffix2, word.suffixes.1) }
            if length >= 3 { add(.prefix3, word.prefixes.2); add(.suffix3, word.suffixes.2) }
            if length >= 4 { add(.prefix4, word.prefixes.3); add(.suffix4, word.suffixes.3) }
            var bits = word.flags.rawValue
            while bits != 0 {
                add(.flag, UInt64(bits.trailingZeroBitCount))
                bits &= bits - 1
            }
            add(.flags, UInt64(word.flags.rawValue) | (allCaps ? 1 << 20 : 0))
            let initial = document.initial[t]
            add(.initial, initial ? 1 : 0)
            if initial { add(.initialLower, word.lower) }
            add(.casing, casingValue(t) | (allCaps ? 64 : 0))
            add(.casingPrevious, casingValue(t - 1))
            add(.casingNext, casingValue(t + 1))
            add(.cluster1, cluster(t, 0))
            add(.cluster2, cluster(t, 1))
            add(.cluster3, cluster(t, 2))
            add(.clusterPrevious1, cluster(t - 1, 0))
            add(.clusterPrevious3, cluster(t - 1, 2))
            add(.clusterNext1, cluster(t + 1, 0))
            add(.clusterNext3, cluster(t + 1, 2))
            add(.clusterPrevious2Far, cluster(t - 2, 1))
            add(.clusterNext2Far, cluster(t + 2, 1))
            add(.clusterTitle, cluster(t, 2) << 8 | UInt64(word.flags.intersection([.capitalized, .allCaps]).rawValue))
            for index in Int(document.gazetteerOffsets[t])..<Int(document.gazetteerOffsets[t + 1]) {
                add(.gazetteer, UInt64(document.gazetteerValues[index]))
            }
            if t > b {
                var kinds = document.gazetteerKinds[t - 1]
                while kinds != 0 {
                    add(.gazetteerPrevious, UInt64(kinds.trailingZeroBitCount))
                    kinds &= kinds - 1
                }
            }
            if t + 1 < e {
                var kinds = document.gazetteerKinds[t + 1]
                while kinds != 0 {
                    add(.gazetteerNext, UInt64(kinds.trailingZeroBitCount))
                    kinds &= kinds - 1
                }
            }
            if allCaps { add(.allCapsShape, word.shortShape) }
            add(.length, UInt64(word.length))
            add(.documentCasing, UInt64(document.documentCasing[t]) | (word.flags.contains(.capitalized) ? 4 : 0) | (initial ? 8 : 0))
            if let firstPass {
                add(.firstPassPrevious, label(t - 1))
                add(.firstPassCurrent, label(t))
                add(.firstPassNext, label(t + 1))
                add(.firstPassTrigram, label(t - 1) << 16 | label(t) << 8 | label(t + 1))
                for index in Int(firstPass.offsets[t])..<Int(firstPass.offsets[t + 1]) {
                    keys.append(firstPass.values[index])
                }
            }
            offsets.append(keys.count)
        }
    }
}
