/// Words that name events in news: verbs (every inflection) and event nouns.
enum EventLexicon {
    /// Verbs that name happenings, as lemmas; their inflections are generated below.
    static let verbLemmas: [String] = [
        "accept", "accuse", "acquire", "adopt", "agree", "announce", "approve", "arrest", "arrive", "attack", "attend",
        "ban", "battle", "begin", "block", "bomb", "break", "call", "cancel", "capture", "cease", "charge", "claim",
        "close", "collapse", "complete", "condemn", "confirm", "convene", "crash", "criticize", "cut", "debate",
        "declare", "defeat", "delay", "deny", "deploy", "destroy", "die", "discuss", "dismiss", "elect", "end",
        "erupt", "escalate", "evacuate", "expand", "expel", "explode", "fall", "file", "fire", "flee", "force", "free",
        "halt", "hand", "hint", "hit", "hold", "impose", "increase", "invade", "join", "kill", "launch", "lead",
        "leave", "lift", "lose", "meet", "merge", "negotiate", "offer", "open", "order", "pass", "pay", "pledge",
        "postpone", "propose", "protest", "raid", "raise", "ratify", "reach", "reject", "release", "renew", "reopen",
        "resign", "resume", "retire", "return", "revive", "rise", "rule", "sanction", "seize", "sell", "send", "shoot",
        "sign", "start", "strike", "submit", "suspend", "take", "talk", "threaten", "topple", "travel", "unveil",
        "veto", "visit", "vote", "walk", "warn", "win", "withdraw", "wound", "host", "conduct", "stage", "echo",
        "revisit", "reengage", "restart", "initiate", "cause", "trigger", "inflame", "suggest", "reveal", "report",
        "say", "tell", "state", "express", "caution", "refuse", "demand", "urge", "ask", "invite", "welcome",
        "collide", "drop", "plunge", "soar", "surge", "jump", "climb", "slide", "decline", "tumble", "rally", "gain",
        "lower", "cut", "hike", "default", "file", "sue", "appeal", "indict", "convict", "sentence", "acquit",
        "execute", "bury", "mark", "celebrate", "commemorate", "inaugurate", "appoint", "nominate", "name", "fire",
        "replace", "succeed", "expire", "extend", "renegotiate", "conclude", "finish", "stop", "ship", "plan",
    ]

    /// Irregular inflections (beyond the regular -s, -ed, -ing rules).
    static let irregular: [String: [String]] = [
        "begin": ["began", "begun", "beginning"], "break": ["broke", "broken"], "fall": ["fell", "fallen"],
        "hit": ["hitting"], "hold": ["held"], "lead": ["led"], "leave": ["left"], "lose": ["lost"],
        "meet": ["met"], "pay": ["paid"], "rise": ["rose", "risen"], "sell": ["sold"], "send": ["sent"],
        "shoot": ["shot"], "strike": ["struck", "stricken"], "take": ["took", "taken"], "win": ["won", "winning"],
        "withdraw": ["withdrew", "withdrawn"], "say": ["said"], "tell": ["told"], "cut": ["cutting"],
        "ban": ["banned", "banning"], "drop": ["dropped", "dropping"], "stop": ["stopped", "stopping"],
        "ship": ["shipped", "shipping"], "plan": ["planned", "planning"], "veto": ["vetoes", "vetoed"],
        "slide": ["slid"], "die": ["died", "dying"], "free": ["freed", "freeing"], "echo": ["echoes", "echoed"],
        "flee": ["fled", "flees", "fleeing"], "sue": ["sued", "suing"], "plunge": ["plunged"],
    ]

    /// Verbs that take an event noun as object and add little of their own: `held a call`.
    static let lightVerbs: Set<String> = [
        "hold", "held", "holds", "holding", "have", "had", "has", "make", "made", "makes", "take", "took", "taken",
        "give", "gave", "given", "conduct", "conducted", "stage", "staged", "host", "hosted", "launch", "launched",
        "carry", "carried", "resume", "resumed", "begin", "began", "start", "started",
    ]

    /// Nouns that name events.
    static let nouns: Set<String> = [
        "talks", "talk", "summit", "meeting", "meetings", "call", "calls", "proposal", "proposals", "strike", "strikes",
        "airstrikes", "airstrike", "attack", "attacks", "election", "elections", "vote", "votes", "offensive",
        "negotiations", "negotiation", "ceasefire", "cease-fire", "agreement", "deal", "visit", "trip", "war",
        "invasion", "protest", "protests", "rally", "conference", "hearing", "trial", "ruling", "decision",
        "announcement", "statement", "speech", "interview", "crash", "explosion", "bombing", "shooting", "earthquake",
        "storm", "launch", "sale", "merger", "acquisition", "deadline", "ceremony", "funeral", "referendum", "restart",
        "cessation", "halt", "resumption", "withdrawal", "operation", "operations", "campaign", "discussions",
        "discussion", "exchange", "exchanges", "engagement", "contact", "participation", "session", "debate",
        "accord", "treaty", "sanctions", "release", "arrest", "raid", "raids", "assault", "clashes", "clash",
        "fighting", "battle", "siege", "coup", "uprising", "revolution", "massacre", "killing", "killings",
        "kidnapping", "hijacking", "collapse", "crisis", "outbreak", "blast", "fire", "flood", "floods",
        "hurricane", "cyclone", "tsunami", "eruption", "inauguration", "resignation", "appointment", "nomination",
        "tour", "mission", "deployment", "evacuation", "truce", "pact", "initiative", "plan", "offer",
        "bid", "takeover", "buyout", "ipo", "offering", "layoffs", "walkout", "shutdown", "recession",
        "default", "bailout", "verdict", "sentencing", "indictment", "inquiry", "investigation", "probe",
        "conviction", "execution", "ratification", "accession", "expansion", "reform", "primary",
        "caucus", "debates", "hostilities", "mediation", "diplomacy", "dialogue", "consultations",     ]

    /// Every inflected verb form, mapped to its lemma.
    static let verbs: [String: String] = {
        var forms: [String: String] = [:]
        for lemma in verbLemmas {
            forms[lemma] = lemma
            for form in inflections(lemma) { forms[form] = lemma }
            for form in irregular[lemma] ?? [] { forms[form] = lemma }
        }
        return forms
    }()

    /// Regular -s, -ed, -ing forms.
    static func inflections(_ lemma: String) -> [String] {
        let vowels: Set<Character> = ["a", "e", "i", "o", "u"]
        if lemma.hasSuffix("e") {
            let stem = lemma.dropLast()
            return [lemma + "s", lemma + "d", stem + "ing"]
        }
        if lemma.hasSuffix("y"), let before = lemma.dropLast().last, !vowels.contains(before) {
            let stem = lemma.dropLast()
            return [stem + "ies", stem + "ied", lemma + "ing"]
        }
        if lemma.hasSuffix("s") || lemma.hasSuffix("sh") || lemma.hasSuffix("ch") || lemma.hasSuffix("x") || lemma.hasSuffix("z") {
            return [lemma + "es", lemma + "ed", lemma + "ing"]
        }
        return [lemma + "s", lemma + "ed", lemma + "ing"]
    }

    /// Words that are never event triggers here: cue verbs that only frame another event.
    static let frames: Set<String> = [
        "expected", "expect", "expects", "scheduled", "schedule", "set", "due", "planned", "slated", "said", "says",
        "say", "told", "tell", "according", "called",
    ]
}
