import ArticleModel
import Mustache

/// Something to mark in the article text: a block (title line, dateline, heading), a stance's
/// evidence, a quote or an entity mention.
struct TextAnnotation: Sendable {
    enum Kind {
        case block(BlockOpen)
        case evidence(EvidenceOpen)
        case quote(QuoteOpen)
        case mention(MentionOpen)

        /// Outer layers first: blocks contain evidence, evidence contains quotes, quotes contain mentions.
        var layer: Int {
            switch self {
            case .block: 0
            case .evidence: 1
            case .quote: 2
            case .mention: 3
            }
        }
    }

    var span: Span
    var kind: Kind
}

/// The opening of a block element (`<span class="blk …">`).
struct BlockOpen: Sendable {
    /// `title`, `dateline` or `heading`.
    var kind: String
    /// The element id of the block's first piece, for links (headings).
    var anchor: String?
}

/// The opening of a stance's evidence.
struct EvidenceOpen: Sendable {
    var anchor: String
    /// The stance ids whose evidence this is, space-separated.
    var stances: String
}

/// The opening of a quote.
struct QuoteOpen: Sendable {
    var id: String
    var anchor: String
    var kind: String
    var speaker: String
    var speakerEntity: String?
}

/// The opening of an entity mention.
struct MentionOpen: Sendable {
    var entity: String
    var typeClass: String
    var label: String
    var tooltip: String
}

/// One piece of the article text as the template writes it: an element opening, some text, or an
/// element closing. Openings and closings are well nested; an annotation that crosses another is
/// split into pieces, and every piece but the last is marked `cont`.
struct TextPiece: Sendable {
    /// Text to write (escaped by the template).
    var chars: String?
    var block: BlockOpen?
    var evidence: EvidenceOpen?
    var quote: QuoteOpen?
    var mention: MentionOpen?
    /// For an opening: the annotation goes on in a later piece (so its label is not drawn here);
    /// for block openings also: the anchor is left to the first piece.
    var cont = false
    /// Whether this is the opening's first piece (only the first carries its anchor id).
    var first = true
    /// For a closing: the element name.
    var close: String?
}

/// Turns the text and its annotations into well-nested pieces.
enum TextMarkup {
    /// The pieces for `scalars` with `annotations`; annotations outside the text or empty are skipped.
    static func pieces(_ scalars: [Unicode.Scalar], annotations: [TextAnnotation]) -> [TextPiece] {
        let length = scalars.count
        let valid = annotations.enumerated().filter { _, item in
            item.span.start >= 0 && item.span.end <= length && item.span.start < item.span.end
        }
        var boundaries = Set<Int>([0, length])
        for (_, item) in valid {
            boundaries.insert(item.span.start)
            boundaries.insert(item.span.end)
        }
        let points = boundaries.sorted()
        // Annotations starting at each boundary, for a sweep.
        var startingAt: [Int: [Int]] = [:]
        for (index, item) in valid { startingAt[item.span.start, default: []].append(index) }

        var pieces: [TextPiece] = []
        pieces.reserveCapacity(valid.count * 3 + points.count)
        var active: [Int] = []
        // The open elements: annotation index and the position of its opening piece.
        var stack: [(annotation: Int, opening: Int)] = []
        var seen = Set<Int>()

        func order(_ lhs: Int, _ rhs: Int) -> Bool {
            let a = annotations[lhs], b = annotations[rhs]
            if a.kind.layer != b.kind.layer { return a.kind.layer < b.kind.layer }
            if a.span.start != b.span.start { return a.span.start < b.span.start }
            if a.span.end != b.span.end { return a.span.end > b.span.end }
            return lhs < rhs
        }

        for (position, start) in points.enumerated() where position + 1 < points.count {
            let end = points[position + 1]
            active.removeAll { annotations[$0].span.end <= start }
            active += startingAt[start] ?? []
            let wanted = active.sorted(by: order)
            var common = 0
            while common < stack.count, common < wanted.count, stack[common].annotation == wanted[common] { common += 1 }
            // Close what no longer fits, innermost first; a closed annotation that goes on is a split.
            while stack.count > common {
                let (annotation, opening) = stack.removeLast()
                if annotations[annotation].span.end > start { pieces[opening].cont = true }
                pieces.append(TextPiece(close: tagName(annotations[annotation].kind)))
            }
            for annotation in wanted[common...] {
                var piece = opening(annotations[annotation].kind)
                piece.first = seen.insert(annotation).inserted
                stack.append((annotation, pieces.count))
                pieces.append(piece)
            }
            pieces.append(TextPiece(chars: String(String.UnicodeScalarView(scalars[start..<end]))))
        }
        while let (annotation, _) = stack.popLast() {
            pieces.append(TextPiece(close: tagName(annotations[annotation].kind)))
        }
        return pieces
    }

    static func tagName(_ kind: TextAnnotation.Kind) -> String {
        switch kind {
        case .mention: "mark"
        case .block, .evidence, .quote: "span"
        }
    }

    static func opening(_ kind: TextAnnotation.Kind) -> TextPiece {
        switch kind {
        case .block(let open): TextPiece(block: open)
        case .evidence(let open): TextPiece(evidence: open)
        case .quote(let open): TextPiece(quote: open)
        case .mention(let open): TextPiece(mention: open)
        }
    }
}

// The text is most of what a page renders: its pieces answer the template's look-ups directly
// instead of through reflection.
extension TextPiece: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "chars": self.chars
        case "block": self.block
        case "evidence": self.evidence
        case "quote": self.quote
        case "mention": self.mention
        case "cont": self.cont
        case "first": self.first
        case "close": self.close
        default: nil
        }
    }
}

extension BlockOpen: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "kind": self.kind
        case "anchor": self.anchor
        default: nil
        }
    }
}

extension EvidenceOpen: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "anchor": self.anchor
        case "stances": self.stances
        default: nil
        }
    }
}

extension QuoteOpen: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "id": self.id
        case "anchor": self.anchor
        case "kind": self.kind
        case "speaker": self.speaker
        case "speakerEntity": self.speakerEntity
        default: nil
        }
    }
}

extension MentionOpen: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "entity": self.entity
        case "typeClass": self.typeClass
        case "label": self.label
        case "tooltip": self.tooltip
        default: nil
        }
    }
}
