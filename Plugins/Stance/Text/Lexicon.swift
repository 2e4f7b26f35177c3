/// Word lists the rules read: lemmas of reporting verbs, pronouns, titles, negation, hedges,
/// stance predicates. All entries are lower case with straight apostrophes.
public enum Lexicon {
    /// Irregular and frequent inflections of reporting and stance verbs.
    static let irregular: [String: String] = [
        "said": "say", "says": "say", "saying": "say", "told": "tell", "tells": "tell", "telling": "tell",
        "wrote": "write", "written": "write", "writes": "write", "writing": "write", "thought": "think",
        "knew": "know", "known": "know", "saw": "see", "seen": "see", "felt": "feel", "found": "find",
        "made": "make", "took": "take", "gave": "give", "given": "give", "spoke": "speak", "spoken": "speak",
        "held": "hold", "upheld": "uphold", "meant": "mean", "heard": "hear", "began": "begin",
        "led": "lead", "understood": "understand", "forbade": "forbid", "swore": "swear", "sworn": "swear",
        "taught": "teach", "sought": "seek", "bought": "buy", "brought": "bring", "chose": "choose",
        "according": "according to", "is": "be", "was": "be", "were": "be", "are": "be", "been": "be",
        "has": "have", "had": "have", "does": "do", "did": "do", "ruled": "rule", "ruling": "rule",
        "agreed": "agree", "argued": "argue", "believed": "believe", "conditioned": "condition",
        "continued": "continue", "declared": "declare", "declined": "decline", "described": "describe",
        "noted": "note", "promised": "promise", "refused": "refuse", "suggested": "suggest", "urged": "urge",
        "hoped": "hope", "cited": "cite", "quoted": "quote", "stated": "state", "insisted": "insist",
        "denied": "deny", "denies": "deny", "replied": "reply", "replies": "reply", "implied": "imply",
        "testified": "testify", "signaled": "signal", "signalled": "signal", "cautioned": "caution",
        "echoed": "echo", "echoes": "echo", "opposed": "oppose", "proposed": "propose", "praised": "praise",
        "accused": "accuse", "welcomed": "welcome", "rejected": "reject", "expressed": "express",
        "dismissed": "dismiss", "criticised": "criticise", "criticized": "criticize", "condemned": "condemn",
        "supported": "support", "endorsed": "endorse", "backed": "back", "vowed": "vow", "pledged": "pledge",
        "conceded": "concede", "confirmed": "confirm", "announced": "announce", "claimed": "claim",
        "warned": "warn", "added": "add", "asked": "ask", "explained": "explain", "stressed": "stress",
        "emphasized": "emphasize", "emphasised": "emphasise", "tweeted": "tweet", "posted": "post",
        "reported": "report", "believes": "believe", "hinted": "hint", "indicated": "indicate",
        "acknowledged": "acknowledge", "admitted": "admit", "recalled": "recall", "responded": "respond",
        "countered": "counter", "alleged": "allege", "called": "call", "called for": "call for",
        "wanted": "want", "wants": "want", "hopes": "hope", "plans": "plan", "planned": "plan",
        "intended": "intend", "expected": "expect", "feared": "fear", "worried": "worry", "worries": "worry",
        "noting": "note", "stating": "state", "quoting": "quote", "citing": "cite", "voting": "vote", "urging": "urge",
        "charging": "charge", "changing": "change", "challenging": "challenge", "judging": "judge", "hoping": "hope",
        "making": "make", "taking": "take", "using": "use", "raising": "raise", "closing": "close", "causing": "cause",
        "debating": "debate", "praising": "praise", "opposing": "oppose", "proposing": "propose", "refusing": "refuse",
        "accusing": "accuse", "describing": "describe", "declaring": "declare", "declining": "decline",
        "comparing": "compare", "having": "have", "being": "be", "doing": "do", "going": "go",
    ]

    /// Dictionary form of a (lower-case) verb: irregular table, then regular suffixes.
    public static func lemma(_ word: String) -> String {
        if let known = irregular[word] { return known }
        let scalars = Array(word.unicodeScalars)
        let count = scalars.count
        func drop(_ n: Int) -> String { String(String.UnicodeScalarView(scalars[0..<(count - n)])) }
        if count > 5, word.hasSuffix("ied") { return drop(3) + "y" }
        if count > 5, word.hasSuffix("ies") { return drop(3) + "y" }
        if count > 5, word.hasSuffix("ing") {
            let stem = drop(3)
            let s = Array(stem.unicodeScalars)
            if s.count > 2, s[s.count - 1] == s[s.count - 2], !"lsz".unicodeScalars.contains(s[s.count - 1]) {
                return String(String.UnicodeScalarView(s.dropLast()))
            }
            // arguing → argue, believing → believe, announcing → announce, criticizing → criticize
            if let last = s.last, "cuvz".unicodeScalars.contains(last) { return stem + "e" }
            return stem
        }
        if count > 4, word.hasSuffix("ed") {
            let stem = drop(2)
            let s = Array(stem.unicodeScalars)
            if s.count > 2, s[s.count - 1] == s[s.count - 2], !"lsz".unicodeScalars.contains(s[s.count - 1]) {
                return String(String.UnicodeScalarView(s.dropLast()))
            }
            if let last = s.last, "cvuzg".unicodeScalars.contains(last) { return stem + "e" }
            return stem
        }
        if count > 3, word.hasSuffix("s"), !word.hasSuffix("ss"), !word.hasSuffix("us"), !word.hasSuffix("is") {
            if word.hasSuffix("ches") || word.hasSuffix("shes") || word.hasSuffix("sses") { return drop(2) }
            return drop(1)
        }
        return word
    }

    /// Verbs that introduce reported speech or thought (lemmas), used by the rules that back up the
    /// learned tagger and by the fallback when no model is loaded.
    public static let speechVerbs: Set<String> = [
        "say", "tell", "add", "confirm", "caution", "deny", "warn", "note", "claim", "insist", "argue", "explain",
        "state", "declare", "announce", "report", "write", "tweet", "ask", "suggest", "acknowledge", "admit",
        "concede", "stress", "emphasize", "emphasise", "reply", "respond", "counter", "allege", "recall",
        "testify", "hint", "indicate", "predict", "promise", "vow", "pledge", "assert", "contend", "maintain",
        "reiterate", "observe", "remark", "comment", "complain", "signal", "echo", "quip", "joke", "boast",
        "urge", "believe", "think", "cite", "mention", "disclose", "reveal", "agree",
    ]

    public static let personalPronouns: [String: Agreement] = [
        "he": .male, "him": .male, "his": .male, "she": .female, "her": .female, "hers": .female,
        "they": .plural, "them": .plural, "their": .plural, "it": .neuter, "its": .neuter,
        "i": .first, "we": .first, "us": .first, "my": .first, "our": .first,
    ]

    public enum Agreement: Sendable { case male, female, plural, neuter, first }

    /// Titles and role words that can stand before a name or alone as a description.
    public static let titles: Set<String> = [
        "president", "minister", "secretary", "spokesman", "spokeswoman", "spokesperson", "official", "officials",
        "diplomat", "diplomats", "envoy", "senator", "sen.", "rep.", "representative", "gov.", "governor",
        "mr.", "mrs.", "ms.", "dr.", "prof.", "gen.", "general", "chairman", "chairwoman", "chair", "director",
        "leader", "ayatollah", "king", "queen", "prince", "judge", "justice", "ambassador", "mayor", "chief",
        "commander", "adviser", "advisor", "aide", "analyst", "candidate", "nominee", "lawmaker", "lawmakers",
        "sources", "source", "attorney", "lawyer", "manager", "executive", "ceo", "founder", "speaker",
        "prime", "deputy", "foreign", "supreme", "former", "senior", "vice", "campaign", "press", "white",
    ]

    /// Nouns for people that a description can end with (`a senior EU diplomat`).
    public static let personNouns: Set<String> = [
        "official", "officials", "diplomat", "diplomats", "spokesman", "spokeswoman", "spokesperson", "source",
        "sources", "minister", "envoy", "president", "leader", "aide", "aides", "adviser", "advisers", "advisor",
        "analyst", "analysts", "expert", "experts", "lawmaker", "lawmakers", "senator", "senators", "governor",
        "mayor", "ambassador", "negotiator", "negotiators", "observer", "observers", "critic", "critics",
        "supporter", "supporters", "voter", "voters", "witness", "witnesses", "resident", "residents", "man",
        "woman", "people", "person", "officer", "officers", "police", "statement", "report", "survey", "poll",
        "study", "campaign", "administration", "government", "ministry", "agency", "spokesmen", "members",
        "member", "chairman", "director", "secretary", "representative", "candidate", "judge", "lawyer",
        "attorney", "prosecutor", "prosecutors", "commander", "general", "chief", "executive", "founder",
        "democrats", "republicans", "democrat", "republican", "activist", "activists", "researchers", "scientists",
    ]

    public static let negators: Set<String> = [
        "not", "n't", "no", "never", "without", "nor", "neither", "none", "nothing", "hardly", "cannot", "refused",
    ]

    public static let hedges: Set<String> = [
        "could", "may", "might", "would", "perhaps", "possibly", "reportedly", "apparently", "likely", "seemed",
        "appeared", "allegedly", "potentially",
    ]

    public static let conditionMarkers: Set<String> = ["if", "unless", "provided", "conditioned", "hinges", "hinge", "depends", "contingent"]

    /// Function words that never start or make up a named mention on their own.
    public static let capitalisedFunctionWords: Set<String> = [
        "the", "a", "an", "this", "that", "these", "those", "he", "she", "it", "they", "we", "i", "you", "but",
        "and", "or", "however", "in", "on", "at", "for", "if", "when", "while", "as", "after", "before", "its",
        "his", "her", "their", "our", "there", "some", "many", "meanwhile", "still", "yet", "so", "also", "with",
        "from", "by", "to", "of", "although", "though", "neither", "nor", "both", "all", "no", "not", "what",
        "which", "who", "why", "how", "where", "then", "now", "since", "until", "during", "under", "over",
        "about", "against", "between", "into", "through", "because", "despite", "amid", "among", "more", "most",
        "other", "such", "each", "every", "any", "one", "two", "three", "four", "five", "first", "last", "new",
        "former", "earlier", "later", "today", "yesterday", "tomorrow", "monday", "tuesday", "wednesday",
        "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april", "may", "june",
        "july", "august", "september", "october", "november", "december", "mr", "ms", "mrs", "read", "photo",
        "here", "my", "me", "us", "your", "do", "does", "did", "is", "are", "was", "were", "be", "will", "would",
        "can", "could", "should", "just", "even", "only", "instead", "asked", "said", "according", "like", "than",
        "once", "again", "already", "even", "whether", "up", "out", "off", "down", "back", "next", "nearly",
        "almost", "rather", "these", "whose", "whom", "let", "please", "yes", "oh", "well", "thus", "indeed",
        "ladies", "sir", "dear", "editor", "note", "update", "advertisement", "related", "watch", "see",
    ]
}
