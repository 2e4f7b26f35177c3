import ArticleModel
import TextKit

/// Words that make up roles and titles (`Foreign Minister`, `special envoy`, `spokesman`,
/// `Supreme Leader`), matched in lower case. A role is a run of these ending in a head word.
enum RoleLexicon {
    /// Nouns a role ends with.
    static let heads: Set<String> = [
        "president", "vice-president", "president-elect", "minister", "secretary", "envoy", "spokesman", "spokeswoman",
        "spokesperson", "leader", "chancellor", "ambassador", "diplomat", "director", "director-general", "chairman",
        "chairwoman", "chair", "chief", "governor", "senator", "congressman", "congresswoman", "lawmaker", "legislator",
        "mayor", "king", "queen", "prince", "princess", "emperor", "pope", "general", "commander", "admiral", "colonel",
        "captain", "lieutenant", "sergeant", "major", "judge", "justice", "attorney", "prosecutor", "adviser", "advisor",
        "aide", "negotiator", "coordinator", "ceo", "cfo", "coo", "founder", "co-founder", "executive", "manager",
        "coach", "analyst", "economist", "professor", "premier", "head", "deputy", "official", "mp", "speaker",
        "representative", "commissioner", "inspector", "superintendent", "treasurer", "administrator", "dean",
        "rector", "president-designate", "monarch", "sultan", "emir", "sheikh", "ayatollah", "imam", "cleric", "rabbi",
        "bishop", "archbishop", "cardinal", "reverend", "mullah", "grand", "counsel", "reporter", "correspondent",
        "editor", "columnist", "owner", "chairperson", "presidential", "strategist", "consul", "attaché", "delegate",
        "mr.", "mrs.", "ms.", "dr.", "prof.", "sen.", "rep.", "gov.", "gen.", "lt.", "col.", "maj.", "capt.", "sgt.",
        "adm.", "rev.", "pres.", "amb.", "sir", "dame", "lord", "lady", "baroness", "baron", "duke",
    ]

    /// Words that modify a head inside a role.
    static let modifiers: Set<String> = [
        "foreign", "special", "supreme", "prime", "deputy", "vice", "senior", "chief", "defence", "defense", "interior",
        "finance", "economy", "state", "executive", "general", "assistant", "acting", "interim", "top", "national",
        "security", "presidential", "regional", "federal", "junior", "associate", "managing", "principal", "permanent",
        "high", "grand", "energy", "trade", "health", "justice", "education", "oil", "agriculture", "labour", "labor",
        "culture", "information", "transport", "nuclear", "military", "political", "economic", "intelligence", "army",
        "navy", "police", "party", "opposition", "majority", "minority", "press", "communications", "home", "affairs",
        "treasury", "commerce", "industry", "environment", "development", "planning", "cabinet", "attorney", "crown",
        "first", "second", "third", "public", "senate", "house", "white", "supreme", "court", "central", "bank",
        "parliamentary", "parliament", "lead", "co", "joint", "overall", "field", "team", "club", "board", "company",
        "group", "ministry", "foreign-policy", "human", "rights", "humanitarian", "un", "u.n.", "eu", "nato",
        "spokesman", "spokeswoman", "leader", "minister", "secretary", "president", "director", "chief", "head",
    ]

    /// Titles of address that stand apart from an office (`Ayatollah`, `Mr.`), reported as their own role.
    static let honorifics: Set<String> = [
        "ayatollah", "sheikh", "imam", "mullah", "mr.", "mrs.", "ms.", "dr.", "prof.", "sir", "dame", "lord", "lady",
        "rev.", "reverend", "rabbi", "cardinal", "archbishop", "bishop", "pope",
    ]

    /// Forms of address that are dropped rather than reported.
    static let addresses: Set<String> = ["mr.", "mrs.", "ms.", "mr", "mrs", "ms"]

    /// Words between a qualifier and a role that mark a past office.
    static let past: Set<String> = ["former", "ex", "then", "late", "outgoing", "ousted", "deposed"]

    static func normalized(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x2018, 0x2019: result.unicodeScalars.append("'")
            case 0x2010, 0x2011, 0x2013: result.unicodeScalars.append("-")
            default: result.unicodeScalars.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            }
        }
        return result
    }

    static func isHead(_ token: Token) -> Bool { token.kind == .word && heads.contains(normalized(token.text)) }
    static func isRoleWord(_ token: Token) -> Bool {
        guard token.kind == .word else { return false }
        let word = normalized(token.text)
        return heads.contains(word) || modifiers.contains(word)
    }
}

/// A role found next to a name, with the tokens it spans.
struct FoundRole: Hashable {
    var text: String
    var tokens: Range<Int>?
}

/// Finds roles and titles stated next to a person's name in the same sentence: pre-modifiers
/// (`Iranian Foreign Minister Abbas Araqchi` → `Foreign Minister`), appositions after the name
/// (`Abbas Araqchi, Iran’s foreign minister,`) and before it (`Iran’s foreign minister, Abbas Araqchi`).
/// Honorifics (`Ayatollah`) become roles of their own; `former` before the qualifier is kept
/// (`former U.S. President Donald Trump` → `former President`, with no span since it is not contiguous).
enum RoleFinder {
    static func roles(document: Document, name: Range<Int>, sentence: Range<Int>, isQualifier: (Int) -> Bool) -> [FoundRole] {
        let tokens = document.tokens
        var found: [FoundRole] = []
        // Pre-modifiers: role words right before the name.
        var start = name.lowerBound
        var index = name.lowerBound - 1
        while index >= sentence.lowerBound {
            let token = tokens[index]
            if RoleLexicon.isRoleWord(token), !isQualifier(index) {
                start = index
                index -= 1
                continue
            }
            // "Secretary of State": `of` between a head and a role word.
            if token.text == "of", start < name.lowerBound, index - 1 >= sentence.lowerBound, RoleLexicon.isHead(tokens[index - 1]) {
                start = index
                index -= 1
                continue
            }
            break
        }
        if start < name.lowerBound {
            found += split(document, start..<name.lowerBound, pastBefore: hasPastMarker(document, before: start, sentence: sentence, isQualifier: isQualifier))
        }
        // Apposition after: ", [det | possessive | qualifier]* role words ,|.|;|)".
        if name.upperBound < sentence.upperBound, tokens[name.upperBound].text == "," {
            if let role = apposition(document, from: name.upperBound + 1, sentence: sentence, isQualifier: isQualifier) {
                found += split(document, role.range, pastBefore: role.past)
            }
        }
        // Apposition before: "role words , NAME".
        if name.lowerBound - 2 >= sentence.lowerBound, tokens[name.lowerBound - 1].text == ",", RoleLexicon.isHead(tokens[name.lowerBound - 2]) {
            var roleStart = name.lowerBound - 2
            while roleStart - 1 >= sentence.lowerBound, RoleLexicon.isRoleWord(tokens[roleStart - 1]), !isQualifier(roleStart - 1) { roleStart -= 1 }
            let before = roleStart - 1
            // Only at the start of a clause: sentence start, after a determiner, possessive or qualifier.
            let clauseStart = before < sentence.lowerBound || ["the", "a", "an", "’s", "'s"].contains(tokens[before].text.lowercased())
                || isQualifier(before) || tokens[before].kind == .punctuation
            if clauseStart { found += split(document, roleStart..<(name.lowerBound - 1), pastBefore: false) }
        }
        return found
    }

    /// A role after ", " that ends the apposition.
    static func apposition(_ document: Document, from: Int, sentence: Range<Int>, isQualifier: (Int) -> Bool) -> (range: Range<Int>, past: Bool)? {
        let tokens = document.tokens
        var index = from
        var past = false
        // Determiners, possessives and qualifiers before the role.
        while index < sentence.upperBound {
            let token = tokens[index]
            let lower = token.text.lowercased()
            if ["the", "a", "an", "its", "his", "her", "their"].contains(lower) || token.kind == .clitic || isQualifier(index) {
                index += 1
                continue
            }
            if RoleLexicon.past.contains(lower) {
                past = true
                index += 1
                continue
            }
            break
        }
        let roleStart = index
        while index < sentence.upperBound, RoleLexicon.isRoleWord(tokens[index]) || (tokens[index].text == "of" && index > roleStart && index + 1 < sentence.upperBound && RoleLexicon.isRoleWord(tokens[index + 1])) {
            index += 1
        }
        guard index > roleStart, RoleLexicon.isHead(tokens[index - 1]) else { return nil }
        guard index == sentence.upperBound || [",", ".", ";", ")", "—", "–", ":"].contains(tokens[index].text)
            || ["who", "said", "says", "told"].contains(tokens[index].text)
        else { return nil }
        return (roleStart..<index, past)
    }

    static func hasPastMarker(_ document: Document, before index: Int, sentence: Range<Int>, isQualifier: (Int) -> Bool) -> Bool {
        var position = index - 1
        var steps = 0
        while position >= sentence.lowerBound, steps < 4 {
            let token = document.tokens[position]
            if RoleLexicon.past.contains(token.text.lowercased()) { return true }
            guard isQualifier(position) || token.kind == .clitic || token.text.hasSuffix(".") else { return false }
            position -= 1
            steps += 1
        }
        return false
    }

    /// Splits honorifics off a role run and keeps the rest when it ends in a head word.
    static func split(_ document: Document, _ range: Range<Int>, pastBefore: Bool) -> [FoundRole] {
        let tokens = document.tokens
        var roles: [FoundRole] = []
        var end = range.upperBound
        var honorifics: [FoundRole] = []
        while end > range.lowerBound, RoleLexicon.honorifics.contains(RoleLexicon.normalized(tokens[end - 1].text)) {
            // Mr., Mrs. and Ms. are forms of address, not roles.
            if !RoleLexicon.addresses.contains(RoleLexicon.normalized(tokens[end - 1].text)) {
                honorifics.insert(FoundRole(text: tokens[end - 1].text, tokens: (end - 1)..<end), at: 0)
            }
            end -= 1
        }
        var start = range.lowerBound
        // Leading modifiers that are really the end of something else ("of") are dropped.
        while start < end, tokens[start].text == "of" { start += 1 }
        // The role ends at its last head word, or after "of" and modifiers following one ("Secretary of State").
        if start < end, let lastHead = (start..<end).last(where: { RoleLexicon.isHead(tokens[$0]) }) {
            let tail = (lastHead + 1)..<end
            if !(tail.first.map { tokens[$0].text == "of" } ?? false) { end = lastHead + 1 }
        } else {
            end = start
        }
        if start < end {
            let span = Span(tokens[start].span.start, tokens[end - 1].span.end)
            let text = document.buffer[span]
            if pastBefore {
                roles.append(FoundRole(text: "former " + text, tokens: nil))
            } else {
                roles.append(FoundRole(text: text, tokens: start..<end))
            }
        }
        return roles + honorifics
    }
}
