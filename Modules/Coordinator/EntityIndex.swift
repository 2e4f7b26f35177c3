public import ArticleModel
import Foundation

/// Finds the entity an analyzer's span or name refers to: how the merger links quote speakers,
/// stance holders and targets, sentiment targets and event participants to the entities section.
///
/// A span links to the entity whose mention it overlaps when the mention is the head of the span
/// (it ends where the span's head ends: `Iranian Foreign Minister [Abbas Araqchi]`), covers most of
/// it, or contains it; so neither `a senior [EU] diplomat` nor `a diplomat close to [Tehran]` links to
/// a place. Failing that, the text links by name: an entity's canonical name or alias, or for people
/// a surname used by exactly one of them.
public struct EntityIndex: Sendable {
    /// What kind of entity a reference should prefer when several fit.
    public enum Preference: Sendable {
        /// Speakers and holders: people and organisations first.
        case actor
        case any
    }

    public let entities: [Entity]
    private let mentions: [(span: Span, entity: Int)]
    private let longestMention: Int
    private let byName: [String: [Int]]
    private let bySurname: [String: [Int]]
    private let positions: [String: Int]

    public init(_ entities: [Entity]) {
        self.entities = entities
        var mentions: [(span: Span, entity: Int)] = []
        var byName: [String: [Int]] = [:]
        var bySurname: [String: [Int]] = [:]
        var positions: [String: Int] = [:]
        for (position, entity) in entities.enumerated() {
            positions[entity.id] = positions[entity.id] ?? position
            for mention in entity.mentions where !mention.span.isEmpty {
                mentions.append((mention.span, position))
            }
            var names = Set([EntityIndex.normalize(entity.name)])
            for alias in entity.aliases { names.insert(EntityIndex.normalize(alias)) }
            for name in names where !name.isEmpty {
                byName[name, default: []].append(position)
            }
            if entity.type == .person, let surname = EntityIndex.normalize(entity.name).split(separator: " ").last,
                surname.count > 1
            {
                bySurname[String(surname), default: []].append(position)
            }
        }
        mentions.sort { ($0.span, $0.entity) < ($1.span, $1.entity) }
        self.mentions = mentions
        longestMention = mentions.map(\.span.length).max() ?? 0
        self.byName = byName
        self.bySurname = bySurname
        self.positions = positions
    }

    /// Position of an entity id in ``entities``.
    public func position(of id: String) -> Int? { positions[id] }

    /// `reference` with `entityId` set to the entity it refers to, or `nil` when none fits.
    /// An `entityId` the analyzer already set is kept only if that entity exists.
    public func link(_ reference: ActorRef, preferring preference: Preference) -> ActorRef {
        var linked = reference
        if let id = reference.entityId, positions[id] != nil { return linked }
        linked.entityId = nil
        if let span = reference.span,
            let position = entity(at: span, headEnd: EntityIndex.headEnd(of: span, text: reference.text), preferring: preference)
        {
            linked.entityId = entities[position].id
        } else if let text = reference.text, let position = entity(named: text, preferring: preference) {
            linked.entityId = entities[position].id
        }
        return linked
    }

    /// The entity whose mention heads, mostly covers or contains `span`; a mention heads the span when
    /// it ends at `headEnd` (or one scalar before it).
    func entity(at span: Span, headEnd: Int? = nil, preferring preference: Preference) -> Int? {
        let headEnd = headEnd ?? span.end
        guard !span.isEmpty, !mentions.isEmpty else { return nil }
        // First mention that could overlap: start > span.start - longestMention.
        var low = 0
        var high = mentions.count
        let from = span.start - longestMention
        while low < high {
            let middle = (low + high) / 2
            if mentions[middle].span.start <= from { low = middle + 1 } else { high = middle }
        }
        var best: (score: (Int, Int, Int), entity: Int)?
        var index = low
        while index < mentions.count, mentions[index].span.start < span.end {
            let (mention, position) = mentions[index]
            index += 1
            let overlap = mention.overlapLength(with: span)
            guard overlap > 0 else { continue }
            let heads = mention.end == headEnd || (mention.end < headEnd && headEnd - mention.end <= 1)
            let covers = overlap * 10 >= span.length * 6
            let contains = mention.contains(span)
            guard heads || covers || contains else { continue }
            let score = (overlap, typeRank(entities[position].type, preference), -position)
            if best == nil || score > best!.score { best = (score, position) }
        }
        return best?.entity
    }

    /// The one entity named `text` (canonical name, alias, or a person's surname).
    func entity(named text: String, preferring preference: Preference) -> Int? {
        let name = EntityIndex.normalize(text)
        guard !name.isEmpty else { return nil }
        if let candidates = byName[name] {
            return pick(candidates, preference)
        }
        if let last = name.split(separator: " ").last, let candidates = bySurname[String(last)] {
            return pick(candidates, preference)
        }
        return nil
    }

    private func pick(_ candidates: [Int], _ preference: Preference) -> Int? {
        let unique = Array(Set(candidates)).sorted()
        if unique.count == 1 { return unique[0] }
        // Ambiguous by name: only an actor preference can break the tie, and only if it is decisive.
        let ranked = unique.map { (typeRank(entities[$0].type, preference), $0) }.sorted { $0 > $1 }
        if ranked.count > 1, ranked[0].0 > ranked[1].0 { return ranked[0].1 }
        return nil
    }

    private func typeRank(_ type: EntityType, _ preference: Preference) -> Int {
        guard preference == .actor else { return 0 }
        switch type {
        case .person: return 3
        case .organization: return 2
        case .location, .nationality: return 1
        case .misc: return 0
        }
    }

    /// Words that open a postmodifier after a common-noun head: `a diplomat [close to] Tehran`,
    /// `a consortium [outside] Iran`, `officials [familiar with] the talks`, `a spokesman [for] the EU`.
    static let postmodifierOpeners: Set<String> = [
        "of", "from", "in", "at", "for", "with", "without", "outside", "inside", "near", "close", "familiar",
        "to", "on", "between", "among", "against", "within", "across", "who", "whom", "whose", "which",
        "that", "based", "representing",
    ]

    /// Where the head of the noun phrase `text` (spanning `span`) ends: before the first postmodifier
    /// opener that follows a lower-case word (`a regional diplomat | close to Tehran`). A capitalised
    /// word before the opener is part of a title or name (`Secretary of State Marco Rubio`), so the
    /// phrase is taken whole. `nil` when `text` does not match the span.
    static func headEnd(of span: Span, text: String?) -> Int? {
        guard let text, text.unicodeScalars.count == span.length else { return nil }
        // Words with the scalar offset where each ends.
        var words: [(word: String, end: Int)] = []
        var current = String.UnicodeScalarView()
        var offset = 0
        for scalar in text.unicodeScalars {
            offset += 1
            if EntityIndex.isWhitespace(scalar) {
                if !current.isEmpty { words.append((String(current), offset - 1)) }
                current = String.UnicodeScalarView()
            } else {
                current.append(scalar)
            }
        }
        if !current.isEmpty { words.append((String(current), offset)) }
        guard words.count > 2 else { return nil }
        for index in 1..<words.count
        where postmodifierOpeners.contains(words[index].word.lowercased())
            && words[index - 1].word.unicodeScalars.first.map(EntityIndex.isLowercase) == true
        {
            return span.start + words[index - 1].end
        }
        return nil
    }

    /// White_Space, without a property lookup for ASCII (the lookup dominated the coordinator's merge).
    @inline(__always)
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII ? scalar.value == 0x20 || (0x09...0x0D).contains(scalar.value) : scalar.properties.isWhitespace
    }

    @inline(__always)
    static func isLowercase(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII ? (0x61...0x7A).contains(scalar.value) : scalar.properties.isLowercase
    }

    /// Lower case, curly apostrophes straightened, a leading "the" and a trailing possessive dropped,
    /// whitespace collapsed. One pass over the scalars: the coordinator normalizes every name and
    /// alias of every article.
    public static func normalize(_ text: String) -> String {
        var words: [String.UnicodeScalarView] = []
        var word = String.UnicodeScalarView()
        for scalar in text.lowercased().unicodeScalars {
            if EntityIndex.isWhitespace(scalar) {
                if !word.isEmpty { words.append(word) }
                word = String.UnicodeScalarView()
            } else {
                word.append(scalar == "\u{2019}" ? "'" : scalar)
            }
        }
        if !word.isEmpty { words.append(word) }
        if let first = words.first, String(first) == "the" { words.removeFirst() }
        if var last = words.last {
            if last.count >= 2, last.last == "s", last[last.index(last.endIndex, offsetBy: -2)] == "'" {
                last.removeLast(2)
            } else if last.last == "'" {
                last.removeLast()
            }
            words[words.count - 1] = last
        }
        return words.filter { !$0.isEmpty }.map(String.init).joined(separator: " ")
    }
}
