import ArticleModel
import TextKit

/// Turns recognised names into entities: cleans the spans, types nationality words as NORP, groups
/// mentions of one thing (same name; a surname after the full name; an acronym and its expansion),
/// picks the fullest name as canonical, collects aliases and roles, and scores salience.
struct EntityBuilder {
    let document: Document
    let externalTitle: String?
    let lexicon: Lexicon

    /// A mention after clean-up.
    struct Candidate {
        var tokens: Range<Int>
        var span: Span
        var text: String
        var type: EntityType
        /// Index of the sentence; -1 for the title line.
        var sentence: Int
        /// Normalised words (typographic apostrophes and dashes made ASCII).
        var words: [String]
        var relatedTo: String?
        var kind: MentionKind = .name
    }

    func entities(from raw: [RawMention]) -> [Entity] {
        var candidates = dropUnconfirmedHeadlineNames(clean(raw))
        candidates += uncoveredDemonyms(candidates)
        candidates.sort { $0.span < $1.span }
        let clusters = cluster(candidates)
        let covered = coveredTokens(candidates)
        var entities = clusters.map { build($0, candidates, covered: covered) }
        entities.removeAll { $0.mentions.isEmpty }
        entities.sort { ($0.mentions[0].span, $0.name) < ($1.mentions[0].span, $1.name) }
        scoreSalience(&entities)
        for index in entities.indices { entities[index].id = "E\(index + 1)" }
        linkRelated(&entities)
        return entities
    }

    /// Points each NORP entity at the place entity its `relatedTo` names (`Iranian` → the entity
    /// `Iran`, `American` → `United States` with alias `U.S.`), when the article names the place.
    func linkRelated(_ entities: inout [Entity]) {
        var places: [String: String] = [:]
        for entity in entities where entity.type == .location || entity.type == .organization {
            for name in [entity.name] + entity.aliases where places[name.lowercased()] == nil {
                places[name.lowercased()] = entity.id
            }
        }
        for index in entities.indices where entities[index].type == .nationality {
            if let related = entities[index].relatedTo, let id = places[related.lowercased()] {
                entities[index].relatedEntityId = id
            }
        }
    }

    // MARK: Clean-up

    static func normalizedWord(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x2018, 0x2019, 0x02BC: result.unicodeScalars.append("'")
            case 0x2010, 0x2011, 0x2013: result.unicodeScalars.append("-")
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    func candidate(_ tokens: Range<Int>, _ type: EntityType, sentence: Int) -> Candidate {
        let span = Span(document.tokens[tokens.lowerBound].span.start, document.tokens[tokens.upperBound - 1].span.end)
        return Candidate(
            tokens: tokens, span: span, text: document.buffer[span], type: type, sentence: sentence,
            words: document.tokens[tokens].map { Self.normalizedWord($0.text) })
    }

    /// Marks after which a capitalised word opens a clause, as at a sentence start.
    static let clauseOpeners: Set<String> = [":", "\"", "\u{201C}", "\u{2018}", "'"]

    /// Words that start a sentence in running text although they are not names.
    var capitalizedElsewhere: Set<String> {
        var seen: Set<String> = []
        for sentence in document.sentences {
            var started = false
            var previous = ""
            for token in document.tokens(of: sentence) {
                let isWord = token.kind == .word || token.kind == .number
                if started, token.kind == .word, token.isCapitalized, !Self.clauseOpeners.contains(previous) { seen.insert(token.text) }
                if isWord { started = true }
                previous = token.text
            }
        }
        return seen
    }

    func clean(_ raw: [RawMention]) -> [Candidate] {
        let tokens = document.tokens
        let elsewhere = capitalizedElsewhere
        var result: [Candidate] = []
        for mention in raw {
            var range = mention.tokens
            // Trim punctuation, clitics and symbols at the edges.
            while !range.isEmpty, tokens[range.lowerBound].kind != .word && tokens[range.lowerBound].kind != .number { range = range.dropFirst() }
            while !range.isEmpty, tokens[range.upperBound - 1].kind != .word && tokens[range.upperBound - 1].kind != .number { range = range.dropLast() }
            // A person's name without the title before it ("President Trump" → "Trump").
            if mention.type == .person {
                while range.count > 1, RoleLexicon.isRoleWord(tokens[range.lowerBound]) { range = range.dropFirst() }
            }
            guard !range.isEmpty, tokens[range].contains(where: { $0.text.unicodeScalars.contains { $0.properties.isAlphabetic } }) else { continue }
            // A capitalised sentence opener that is a common lower-case word and never a name here;
            // a word opening a quotation or following a colon opens a sentence too (`PENCE: Well, …`).
            let sentence = document.sentences[mention.sentence]
            let firstWord = document.tokens(of: sentence).firstIndex { $0.kind == .word || $0.kind == .number }
            let opensClause = range.lowerBound == firstWord || range.lowerBound > sentence.tokens.lowerBound
                && Self.clauseOpeners.contains(tokens[range.lowerBound - 1].text)
            if range.count == 1, opensClause, !elsewhere.contains(tokens[range.lowerBound].text) {
                let casing = lexicon.casing(ofLower: WordAttributes(tokens[range.lowerBound].text).lower)
                if casing == .lower || casing == .mostlyLower { continue }
            }
            let type: EntityType
            switch mention.type {
            case .person: type = .person
            case .organization: type = .organization
            case .location: type = .location
            case .misc: type = .misc
            }
            var candidate = candidate(range, type, sentence: mention.sentence)
            let phrase = candidate.words.joined(separator: " ")
            if let place = Demonyms.place(ofAnyCase: phrase) {
                candidate.type = .nationality
                candidate.relatedTo = place
            } else if mention.type == .misc || mention.type == .organization,
                Demonyms.groups.contains(phrase) || Demonyms.groups.contains(Demonyms.titleCased(phrase))
            {
                // A group of people, whatever the recogniser called it (`African-Americans` as ORG).
                candidate.type = .nationality
            }
            result.append(candidate)
        }
        return result
    }

    /// The first sentence when it is the document's headline, in title case and ended by a stop
    /// (`Obama Sees 'Personal Insult' if Blacks Don't Rally for Hillary Clinton.`).
    /// (A title without the stop is no sentence at all: see ``titleMentions(forms:type:)``.)
    var titleCaseHeadline: Sentence? {
        guard document.title == nil, let headline = document.headline, let first = document.sentences.first,
            headline.contains(first.span), headline.end <= first.span.end + 1
        else { return nil }
        let words = document.tokens[first.tokens].filter { $0.kind == .word || $0.kind == .number }
        let content = words.filter { $0.kind == .word && $0.text.unicodeScalars.count >= 4 }
        guard content.count >= 3, content.filter(\.isCapitalized).count * 10 >= content.count * 7 else { return nil }
        // Title case shows in common words capitalised (`Sees`, `Rally`), not in a sentence of names
        // (`Mike Pence spoke to Chris Wallace on Sunday.`).
        let capitalisedCommon = content.filter { word in
            guard word.isCapitalized else { return false }
            let casing = lexicon.casing(ofLower: WordAttributes(word.text).lower)
            return casing == .lower || casing == .mostlyLower
        }
        guard !capitalisedCommon.isEmpty else { return nil }
        return first
    }

    /// In a title-case headline every word is capitalised, so the recogniser's names there are kept
    /// only when the body names them too (the whole name, or a person's surname): `Rally Nationwide
    /// To` and `Blacks Don't Rally` go, `Obama` and `Hillary Clinton` stay. Nationality words stay.
    func dropUnconfirmedHeadlineNames(_ candidates: [Candidate]) -> [Candidate] {
        guard let headline = titleCaseHeadline else { return candidates }
        func inHeadline(_ candidate: Candidate) -> Bool { headline.tokens.contains(candidate.tokens.lowerBound) }
        var forms: Set<String> = []
        var lastWords: Set<String> = []
        for candidate in candidates where !inHeadline(candidate) {
            forms.insert(candidate.words.joined(separator: " ").lowercased())
            if candidate.type == .person, let last = candidate.words.last { lastWords.insert(last.lowercased()) }
        }
        // A headline person whose surname the body names is confirmed whole (`Ava DuVernay`).
        func surnameConfirmed(_ candidate: Candidate) -> Bool {
            guard candidate.type == .person, candidate.words.count >= 2, let last = candidate.words.last?.lowercased() else { return false }
            return forms.contains(last) || lastWords.contains(last)
        }
        func confirmed(_ words: ArraySlice<String>) -> Bool {
            let form = words.joined(separator: " ").lowercased()
            return forms.contains(form) || words.count == 1 && lastWords.contains(form)
        }
        return candidates.compactMap { candidate in
            guard inHeadline(candidate), candidate.type != .nationality, !surnameConfirmed(candidate) else { return candidate }
            // The longest run of its words that the body names (`Hillary Clinton Speaks` → `Hillary Clinton`).
            let words = candidate.words
            for length in stride(from: words.count, through: 1, by: -1) {
                for start in 0...(words.count - length) where confirmed(words[start..<(start + length)]) {
                    if length == words.count { return candidate }
                    let first = candidate.tokens.lowerBound + start
                    return self.candidate(first..<(first + length), candidate.type, sentence: candidate.sentence)
                }
            }
            return nil
        }
    }

    /// Capitalised nationality words the recogniser left out (`Neither Iranian nor American officials`).
    func uncoveredDemonyms(_ candidates: [Candidate]) -> [Candidate] {
        var covered = [Bool](repeating: false, count: document.tokens.count)
        for candidate in candidates { for index in candidate.tokens { covered[index] = true } }
        var result: [Candidate] = []
        for (index, sentence) in document.sentences.enumerated() {
            for position in sentence.tokens where !covered[position] {
                let token = document.tokens[position]
                guard token.kind == .word, token.isCapitalized, !token.isAllCaps,
                    let place = Demonyms.place(of: Self.normalizedWord(token.text))
                else { continue }
                var candidate = candidate(position..<(position + 1), .nationality, sentence: index)
                candidate.relatedTo = place
                result.append(candidate)
            }
        }
        return result
    }

    // MARK: Clustering

    /// Groups of candidate indices, one per entity.
    func cluster(_ candidates: [Candidate]) -> [[Int]] {
        // Same name (case-insensitively); NORP by the place it belongs to.
        var groupOf: [String: Int] = [:]
        var groups: [[Int]] = []
        for (index, candidate) in candidates.enumerated() {
            let key: String
            if candidate.type == .nationality {
                // Groups without a place: singular and plural are one (`African-American(s)`).
                var group = candidate.words.joined(separator: " ")
                if group.hasSuffix("s"), Demonyms.groups.contains(String(group.dropLast())) { group.removeLast() }
                key = "norp:" + (candidate.relatedTo ?? group.lowercased())
            } else {
                key = candidate.words.joined(separator: " ").lowercased()
            }
            if let group = groupOf[key] {
                groups[group].append(index)
            } else {
                groupOf[key] = groups.count
                groups.append([index])
            }
        }
        var parent = Array(groups.indices)
        func root(_ group: Int) -> Int {
            var group = group
            while parent[group] != group { group = parent[group] }
            return group
        }
        func union(_ child: Int, into target: Int) {
            let a = root(child), b = root(target)
            if a != b { parent[a] = b }
        }
        func majority(_ group: Int) -> EntityType {
            var votes: [EntityType: Int] = [:]
            for index in groups[group] { votes[candidates[index].type, default: 0] += candidates[index].words.count }
            return EntityType.allCases.max { (votes[$0] ?? 0, -order($0)) < (votes[$1] ?? 0, -order($1)) }!
        }
        func order(_ type: EntityType) -> Int { EntityType.allCases.firstIndex(of: type)! }
        let words = groups.map { candidates[$0[0]].words }
        let types = groups.indices.map(majority)

        // Indexes, so that each rule below looks candidates up instead of comparing every pair of groups.
        // Groups are numbered in order of first appearance.
        var personsBySuffix: [String: [Int]] = [:]
        var personsByFirstName: [String: [Int]] = [:]
        var organizationsByCore: [String: Int] = [:]
        var expansionsByInitials: [String: Int] = [:]
        for group in groups.indices {
            let name = words[group]
            if types[group] == .person {
                for length in 1...min(2, name.count) where name.count > length {
                    personsBySuffix[name.suffix(length).joined(separator: " "), default: []].append(group)
                }
                if name.count == 2 { personsByFirstName[name[0], default: []].append(group) }
            }
            if types[group] == .organization {
                var core = name
                while core.count > 1, let last = core.last, Self.legalForms.contains(last.lowercased()) { core.removeLast() }
                if core.count < name.count, organizationsByCore[core.joined(separator: " ")] == nil {
                    organizationsByCore[core.joined(separator: " ")] = group
                }
            }
            if name.count >= 2, types[group] != .person, types[group] != .nationality {
                let initials = Self.initials(name)
                if expansionsByInitials[initials] == nil { expansionsByInitials[initials] = group }
            }
        }

        // A shorter name that ends a longer person's name: "Araqchi", "Ali Khamenei". The closest full
        // name before the first short mention wins, else the first one after it, but only when the
        // short name came just a couple of times before it (a headline, a lead): a full name that
        // first appears after many short mentions is somebody else of that name ("Mr. Obama" all
        // along, then "the first lady, Michelle Obama").
        for group in groups.indices where types[group] != .nationality && types[group] != .location {
            let short = words[group]
            guard short.count <= 2, types[group] == .person || short.count == 1 else { continue }
            let fullNames = personsBySuffix[short.joined(separator: " ")] ?? []
            let before = fullNames.last { $0 < group && $0 != group }
            func comesInTime(_ full: Int) -> Bool {
                let start = candidates[groups[full][0]].tokens.lowerBound
                return groups[group].count { candidates[$0].tokens.lowerBound < start } <= 2
            }
            let after = fullNames.first { $0 > group }.flatMap { comesInTime($0) ? $0 : nil }
            if let best = before ?? after {
                union(group, into: best)
            } else if short.count == 1, types[group] == .person, let people = personsByFirstName[short[0]], people.count == 1,
                comesInTime(people[0])
            {
                // A first name alone (`Hillary`; `Xi` after `Xi Jinping`) is the one person of that
                // first name, on the same terms as a surname.
                union(group, into: people[0])
            }
        }

        // An organisation named without its legal form: "Apple" and "Apple Inc.".
        for group in groups.indices where types[group] == .organization || types[group] == .misc {
            if let other = organizationsByCore[words[group].joined(separator: " ")], other != group { union(group, into: other) }
        }

        // Acronyms and their expansions: "EU" and "European Union", "U.S." and "United States", or
        // "International Atomic Energy Agency (IAEA)".
        for group in groups.indices where words[group].count == 1 && types[group] != .person && types[group] != .nationality {
            guard let letters = Self.acronymLetters(words[group][0]) else { continue }
            if let best = expansionsByInitials[letters] ?? parenthesisedExpansion(of: group, groups, candidates) {
                union(group, into: best)
            }
        }

        var merged: [Int: [Int]] = [:]
        for group in groups.indices { merged[root(group), default: []] += groups[group] }
        return merged.keys.sorted().map { merged[$0]!.sorted() }
    }

    /// `EXPANSION (ACRONYM)` in the text: the group of the name right before the parenthesis.
    func parenthesisedExpansion(of group: Int, _ groups: [[Int]], _ candidates: [Candidate]) -> Int? {
        let tokens = document.tokens
        for index in groups[group] {
            let start = candidates[index].tokens.lowerBound
            let end = candidates[index].tokens.upperBound
            guard start >= 2, end < tokens.count, tokens[start - 1].text == "(", tokens[end].text == ")" else { continue }
            // Candidates are sorted by position: the name before the parenthesis is found by binary search.
            var low = 0, high = candidates.count
            while low < high {
                let middle = (low + high) / 2
                if candidates[middle].tokens.upperBound < start - 1 { low = middle + 1 } else { high = middle }
            }
            guard low < candidates.count, candidates[low].tokens.upperBound == start - 1, candidates[low].words.count >= 2 else { continue }
            return groups.firstIndex { $0.contains(low) }
        }
        return nil
    }

    /// Company suffixes that a short name leaves out.
    static let legalForms: Set<String> = [
        "inc.", "inc", "corp.", "corp", "corporation", "co.", "co", "ltd.", "ltd", "limited", "plc", "llc", "ag", "sa",
        "s.a.", "nv", "n.v.", "gmbh", "group", "holdings", "company", "incorporated", "&", "spa", "s.p.a.",
    ]

    /// Upper-case letters of an acronym (`IAEA`, `U.S.` → `US`), or nil.
    static func acronymLetters(_ word: String) -> String? {
        let letters = word.filter { $0 != "." }
        guard (2...6).contains(letters.count), letters.allSatisfy({ $0.isUppercase && $0.isLetter }) else { return nil }
        return letters
    }

    /// Initials of a multi-word name's content words (`European Union` → `EU`).
    static func initials(_ words: [String]) -> String {
        let skipped: Set<String> = ["of", "the", "and", "for", "&", "de", "du", "des", "la", "le", "on", "in"]
        return String(words.filter { !skipped.contains($0) }.compactMap { $0.first }.map { Character($0.uppercased()) })
    }

    // MARK: Entities

    /// One entity from a cluster of candidates; `covered` marks the tokens inside any candidate.
    func build(_ members: [Int], _ candidates: [Candidate], covered: [Bool]) -> Entity {
        var mentions = members.map { candidates[$0] }
        // Type: weighted vote, longer names weighing more; but a person named in full whose surname
        // alone the recogniser took for something else (`Ava DuVernay` … `DuVernay said`) is a person.
        var votes: [EntityType: Int] = [:]
        for mention in mentions { votes[mention.type, default: 0] += mention.words.count }
        let fullNames = mentions.filter { $0.words.count >= 2 }
        let type = !fullNames.isEmpty && fullNames.allSatisfy({ $0.type == .person }) ? .person
            : EntityType.allCases.max { (votes[$0] ?? 0, -EntityType.allCases.firstIndex(of: $0)!) < (votes[$1] ?? 0, -EntityType.allCases.firstIndex(of: $1)!) }!

        // Canonical name: most words, then most frequent, then first.
        var frequency: [String: Int] = [:]
        for mention in mentions { frequency[mention.text, default: 0] += 1 }
        let canonical: Candidate
        if type == .nationality {
            canonical = mentions.first { Demonyms.places[Demonyms.titleCased($0.words.joined(separator: " "))] != nil } ?? mentions[0]
        } else {
            canonical = mentions.enumerated().max { a, b in
                (a.element.words.count, frequency[a.element.text]!, -a.offset) < (b.element.words.count, frequency[b.element.text]!, -b.offset)
            }!.element
        }
        let name = canonical.text

        // Title-line mentions of this name or its aliases.
        mentions += titleMentions(forms: Array(Set(mentions.map(\.words))).sorted { $0.joined(separator: " ") < $1.joined(separator: " ") }, type: type)
        mentions.sort { $0.span < $1.span }

        var aliases: [String] = []
        for mention in mentions where mention.text != name && !aliases.contains(mention.text) {
            aliases.append(mention.text)
        }

        var roles: [Role] = []
        if type == .person {
            for mention in mentions where mention.sentence >= 0 {
                let sentence = document.sentences[mention.sentence].tokens
                for found in RoleFinder.roles(document: document, name: mention.tokens, sentence: sentence, isQualifier: { covered[$0] || document.tokens[$0].kind == .clitic }) {
                    guard !roles.contains(where: { $0.text.lowercased() == found.text.lowercased() }) else { continue }
                    let span = found.tokens.map { Span(document.tokens[$0.lowerBound].span.start, document.tokens[$0.upperBound - 1].span.end) }
                    roles.append(Role(text: found.text, span: span))
                }
            }
        }

        let relatedTo = type == .nationality ? mentions.lazy.compactMap(\.relatedTo).first : nil
        return Entity(
            id: "", type: type, name: name, aliases: aliases, roles: roles,
            mentions: mentions.map { mention in
                let kind: MentionKind = type == .nationality ? .demonym : mention.text == name ? .name : .alias
                return Mention(span: mention.span, text: mention.text, kind: kind)
            },
            salience: 0, relatedTo: relatedTo)
    }

    func coveredTokens(_ candidates: [Candidate]) -> [Bool] {
        var covered = [Bool](repeating: false, count: document.tokens.count)
        for candidate in candidates { for index in candidate.tokens { covered[index] = true } }
        return covered
    }

    /// Occurrences of the given word sequences in the title line (a headline in the text).
    func titleMentions(forms: [[String]], type: EntityType) -> [Candidate] {
        guard let title = document.title else { return [] }
        let from = document.tokenIndex(atOrAfter: title.start)
        var to = from
        while to < document.tokens.count, document.tokens[to].span.end <= title.end { to += 1 }
        let words = document.tokens[from..<to].map { Self.normalizedWord($0.text) }
        var found: [Candidate] = []
        var taken = [Bool](repeating: false, count: words.count)
        for form in forms.sorted(by: { $0.count > $1.count }) where !form.isEmpty && form.count <= words.count {
            for start in 0...(words.count - form.count) where !taken[start..<(start + form.count)].contains(true) {
                guard Array(words[start..<(start + form.count)]) == form else { continue }
                var mention = candidate((from + start)..<(from + start + form.count), type, sentence: -1)
                mention.kind = .alias
                found.append(mention)
                for index in start..<(start + form.count) { taken[index] = true }
            }
        }
        return found
    }

    // MARK: Salience

    /// Salience in [0, 1]: share of the most-mentioned entity's count (0.45), how early the first
    /// mention comes (0.25), a mention in the first sentence (0.15) and in the title (0.15).
    /// Nationality words count for less (× 0.6): they qualify other things more than they are topics.
    func scoreSalience(_ entities: inout [Entity]) {
        let most = max(1, entities.map(\.mentions.count).max() ?? 1)
        let length = max(1, document.buffer.count)
        let lead = document.sentences.first?.span
        for index in entities.indices {
            let entity = entities[index]
            let share = Double(entity.mentions.count) / Double(most)
            let first = Double(entity.mentions[0].span.start) / Double(length)
            let inLead = lead.map { lead in entity.mentions.contains { lead.contains($0.span) } } ?? false
            var inTitle = document.title.map { title in entity.mentions.contains { title.contains($0.span) } } ?? false
            if let externalTitle, !inTitle {
                inTitle = ([entity.name] + entity.aliases).contains { externalTitle.contains($0) }
            }
            var score = 0.45 * share + 0.25 * (1 - first) + (inLead ? 0.15 : 0) + (inTitle ? 0.15 : 0)
            if entity.type == .nationality { score *= 0.6 }
            entities[index].salience = min(1, max(0, (score * 1000).rounded() / 1000))
        }
    }
}
