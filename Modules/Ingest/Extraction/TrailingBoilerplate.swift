import Foundation

/// The lines pages put after an article: calls to share, comment, subscribe or read on, written
/// into the body's own markup so that no class name gives them away.
///
/// Only the end of the text is looked at: from the last paragraph backwards, short paragraphs that
/// open with one of these phrases (in the languages news is written in most), or that hold a
/// copyright notice or a call to subscribe or to follow a channel anywhere, are cut, up to six,
/// stopping at the first paragraph that is not one; a paragraph that opens with a copyright sign
/// or "Copyright" may be longer.
enum TrailingBoilerplate {
    static func trim(_ text: String) -> String {
        // Paragraphs are separated by exactly one blank line ("\n\n"; the text writer never writes
        // more), so the last paragraph is what follows the last "\n\n". Only the tail is read: a
        // paragraph long enough to fail the length test ends the search wherever it starts.
        let utf8 = text.utf8
        var end = utf8.endIndex
        var cut = 0
        while cut < 6 {
            var cursor = end
            var separator: String.Index?
            var scanned = 0
            while cursor > utf8.startIndex, scanned <= longestBoilerplateBytes {
                let before = utf8.index(before: cursor)
                if utf8[before] == 0x0A, before > utf8.startIndex, utf8[utf8.index(before: before)] == 0x0A {
                    separator = utf8.index(before: before)
                    break
                }
                cursor = before
                scanned += 1
            }
            guard let separator, isBoilerplate(String(text[cursor..<end])) else { break }
            end = separator
            cut += 1
        }
        return cut == 0 ? text : String(text[..<end])
    }

    /// More bytes than any paragraph ``isBoilerplate(_:)`` accepts (under 600 characters of at most
    /// four bytes each, plus white space around them).
    private static let longestBoilerplateBytes = 2_500

    static func isBoilerplate(_ paragraph: String) -> Bool {
        var bytes = ArraySlice(paragraph.lowercased().utf8)
        while let first = bytes.first, isSpace(first) { bytes.removeFirst() }
        while let last = bytes.last, isSpace(last) { bytes.removeLast() }
        guard !bytes.isEmpty else { return false }
        // Under 250 characters (counted as scalars: every byte that does not continue one); a
        // copyright notice, which sites write out at length ("© 2022, Site. This article is the
        // copyrighted property of …"), under 600.
        let characters = bytes.lazy.filter({ $0 & 0xC0 != 0x80 }).count
        if characters < 600, opensWithCopyright(bytes) { return true }
        guard characters < 250 else { return false }
        for phrase in phraseBytes.candidates(bytes.first) where bytes.starts(with: phrase) { return true }
        let text = Array(bytes)
        for marker in markerBytes where Ingest.contains(text, marker) { return true }
        // A line of parts set apart by bars (`Impressum | Datenschutz | © …`) is a footer's menu.
        var bars = 0
        for index in text.indices.dropFirst().dropLast() where text[index] == 0x7C && text[index - 1] == 0x20 && text[index + 1] == 0x20 {
            bars += 1
        }
        return bars >= 2
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D
    }

    private static let phraseBytes = ByFirstByte(phrases.map { Array($0.utf8) })
    private static let markerBytes = markers.map { Array($0.utf8) }
    private static let copyrightSigns = ["©", "(c) ", "copyright ©", "copyright (c)"].map { Array($0.utf8) }
    private static let copyrightWord = Array("copyright ".utf8)

    /// Whether lowercased text opens with `©`, `(c)`, or "copyright" with a sign or a year:
    /// "Copyright law …" is a sentence.
    static func opensWithCopyright(_ bytes: ArraySlice<UInt8>) -> Bool {
        if copyrightSigns.contains(where: { bytes.starts(with: $0) }) { return true }
        guard bytes.starts(with: copyrightWord) else { return false }
        let next = bytes.dropFirst(copyrightWord.count).first
        return next.map { $0 >= 0x30 && $0 <= 0x39 } ?? false
    }

    /// Words that make a short closing paragraph boilerplate wherever they stand in it.
    private static let markers: [String] = [
        // "Copyright" with a sign or a year, not alone: "Copyright law …" is a sentence.
        "©", "copyright ©", "copyright©", "copyright (c)", "copyright 1", "copyright 2", "subject to copyright", "all rights reserved",
        "alle rechte vorbehalten", "tous droits réservés", "todos los derechos reservados",
        "written permission", "not responsible for the opinions", "already a subscriber", "subscribe now", "download the app",
        "on twitter and instagram", "on facebook and instagram", "on facebook and twitter", "our youtube channel",
        "our telegram channel", "our whatsapp channel", "canal de youtube", "canal de telegram", "canal de whatsapp",
    ]

    private static let phrases: [String] = [
        // English
        "share this", "share on", "share the article", "follow us", "follow me", "you can keep up with me", "sign up for", "subscribe to",
        "subscribe now", "if you enjoyed", "if you liked", "did you like this", "read more", "read also", "read next", "related:",
        "related articles", "more from", "more on this", "stay up-to-date", "stay up to date", "stay informed", "leave a comment",
        "leave a reply", "join the conversation", "join the discussion", "comments", "you must be logged in", "log in to comment",
        "advertisement", "sponsored", "click here", "download the app", "get the latest", "want more", "like us on facebook",
        "this article was originally published", "this story was originally published", "we want to hear", "tell us what you think",
        "to view the full story", "first-time subscribers", "if you’re seeing this message", "if you're seeing this message",
        "join now", "become a member", "become a subscriber", "support our journalism", "support independent journalism",
        "for the latest stories", "submit your letter", "advertise with", "latest articles", "latest posts", "support us",
        // German
        "teilen", "diesen artikel teilen", "artikel teilen", "den artikel mit anderen teilen", "möchten sie den artikel teilen", "folgen sie uns",
        "abonnieren sie", "jetzt abonnieren", "newsletter", "melden sie sich", "mehr zum thema", "mehr themen", "zum weiterlesen",
        "weitere informationen", "weitere themen", "weitere beiträge", "lesen sie auch", "lesen sie mehr", "auch interessant",
        "das könnte sie auch interessieren", "kommentieren", "kommentare", "sie müssen sich einloggen", "anzeige", "- anzeige", "werbung",
        "hat ihnen dieser artikel gefallen", "hat dir der artikel gefallen", "empfehlungen aus dem", "jetzt lesen", "zur startseite",
        "zurück zur übersicht", "zurück zur listenansicht",
        "zum newsletter", "schon gelesen", "neueste artikel", "neueste beiträge", "verwandte themen", "unterstützen sie", "unterstütze uns",
        // French, Spanish, Italian, Portuguese, Dutch, Polish
        "partager", "partagez", "suivez-nous", "abonnez-vous", "inscrivez-vous", "lire aussi", "à lire aussi", "a lire aussi",
        "commentaires", "publicité", "compartir", "comparte", "síguenos", "suscríbete", "lee también", "te puede interesar", "comentarios",
        "publicidad", "noticias relacionadas", "temas relacionados", "condividi", "seguici", "iscriviti", "leggi anche", "commenti",
        "pubblicità", "compartilhe", "siga-nos", "assine", "leia também", "comentários", "publicidade", "delen", "volg ons", "lees ook",
        "reacties", "advertentie",
        "le puede interesar", "puede interesarle", "notas relacionadas", "hazte miembro", "hágase miembro", "únete", "¡mira lo que",
        "¿ya sabías que", "czytaj też", "czytaj także", "zobacz też", "zobacz także",
    ]
}
