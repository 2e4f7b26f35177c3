public import ArticleModel
import Foundation

/// One attribution as brat standoff stores it: span lists (a discontinuous span is several) for its
/// source, cue and content. Offsets are Unicode scalar offsets, as in PolNeAR (checked against its
/// texts: every T-line's text is the text at its offsets counted in code points).
public struct BratAttribution: Sendable, Hashable {
    public var source: [Span]
    public var cue: [Span]
    public var content: [Span]

    public init(source: [Span], cue: [Span], content: [Span]) {
        self.source = source
        self.cue = cue
        self.content = content
    }
}

/// Reading and writing PolNeAR-style brat standoff (`.ann`) files, and scoring one against another.
public enum Brat {
    /// Parses `.ann` text: `T` lines (`T3\tContent 120 211;215 230\ttext`) and `E` lines
    /// (`E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1`, also `Attribution-no-source`, `Content2`).
    /// Malformed lines are skipped.
    public static func read(_ ann: String) -> [BratAttribution] {
        var spans: [String: [Span]] = [:]
        var events: [[(role: String, id: String)]] = []
        for line in ann.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count >= 2, let first = fields[0].first else { continue }
            if first == "T" {
                let head = fields[1]
                guard let space = head.firstIndex(of: " ") else { continue }
                var list: [Span] = []
                var ok = true
                for fragment in head[head.index(after: space)...].split(separator: ";") {
                    let numbers = fragment.split(separator: " ").compactMap { Int($0) }
                    guard numbers.count == 2, numbers[0] >= 0, numbers[0] <= numbers[1] else { ok = false; break }
                    list.append(Span(numbers[0], numbers[1]))
                }
                if ok { spans[String(fields[0])] = list }
            } else if first == "E" {
                var roles: [(String, String)] = []
                for argument in fields[1].split(separator: " ") {
                    let parts = argument.split(separator: ":")
                    guard parts.count == 2 else { continue }
                    roles.append((String(parts[0]), String(parts[1])))
                }
                events.append(roles)
            }
        }
        var result: [BratAttribution] = []
        for roles in events {
            guard let trigger = roles.first, trigger.0.hasPrefix("Attribution") else { continue }
            var attribution = BratAttribution(source: [], cue: [], content: [])
            for (role, id) in roles.dropFirst() {
                let list = spans[id] ?? []
                let base = role.trimmingCharacters(in: .decimalDigits)
                switch base {
                case "Source": attribution.source += list
                case "Cue": attribution.cue += list
                case "Content": attribution.content += list
                default: break
                }
            }
            for keyPath in [\BratAttribution.source, \.cue, \.content] { attribution[keyPath: keyPath].sort() }
            result.append(attribution)
        }
        return result
    }

    /// Writes attributions as `.ann` text: `Source`, `Cue` and `Content` T-lines (a discontinuous
    /// span as `a b;c d`, the texts of its fragments joined by a space, line breaks as spaces), an
    /// `Attribution` trigger on the cue, and one `E` line per attribution; Source is left out when
    /// there is none. Attributions without a cue or content are skipped.
    public static func write(_ attributions: [BratAttribution], scalars: [Unicode.Scalar]) -> String {
        var lines: [String] = []
        var next = 1
        var event = 1
        func textBound(_ type: String, _ spans: [Span]) -> String {
            let id = "T\(next)"
            next += 1
            let offsets = spans.map { "\($0.start) \($0.end)" }.joined(separator: ";")
            let text = spans.map { span -> String in
                let start = max(0, min(span.start, scalars.count))
                let end = max(start, min(span.end, scalars.count))
                var view = String.UnicodeScalarView()
                for scalar in scalars[start..<end] { view.append(scalar.properties.isWhitespace ? " " : scalar) }
                return String(view)
            }.joined(separator: " ")
            lines.append("\(id)\t\(type) \(offsets)\t\(text)")
            return id
        }
        for attribution in attributions where !attribution.cue.isEmpty && !attribution.content.isEmpty {
            let source = attribution.source.isEmpty ? nil : textBound("Source", attribution.source)
            let cue = textBound("Cue", attribution.cue)
            let content = textBound("Content", attribution.content)
            let trigger = textBound(source == nil ? "Attribution-no-source" : "Attribution", attribution.cue)
            var arguments = "\(source == nil ? "Attribution-no-source" : "Attribution"):\(trigger) Content:\(content) Cue:\(cue)"
            if let source { arguments += " Source:\(source)" }
            lines.append("E\(event)\t\(arguments)")
            event += 1
        }
        return lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
    }

    /// Counts behind precision, recall and F1.
    public struct Counts: Sendable, Hashable {
        public var predicted = 0
        public var gold = 0
        /// Predicted items that match a gold one.
        public var correctPredicted = 0
        /// Gold items that a prediction matches.
        public var foundGold = 0

        public init() {}

        public var precision: Double { predicted == 0 ? 0 : Double(correctPredicted) / Double(predicted) }
        public var recall: Double { gold == 0 ? 0 : Double(foundGold) / Double(gold) }
        public var f1: Double {
            let p = precision, r = recall
            return p + r == 0 ? 0 : 2 * p * r / (p + r)
        }

        public static func += (lhs: inout Counts, rhs: Counts) {
            lhs.predicted += rhs.predicted
            lhs.gold += rhs.gold
            lhs.correctPredicted += rhs.correctPredicted
            lhs.foundGold += rhs.foundGold
        }
    }

    /// Attribution and per-role scores of one document.
    public struct Score: Sendable, Hashable {
        /// An attribution is found when a predicted one's cue and content both overlap the gold
        /// one's (one-to-one, greedily in text order).
        public var attribution = Counts()
        public var source = Counts()
        public var cue = Counts()
        public var content = Counts()

        public init() {}

        public static func += (lhs: inout Score, rhs: Score) {
            lhs.attribution += rhs.attribution
            lhs.source += rhs.source
            lhs.cue += rhs.cue
            lhs.content += rhs.content
        }
    }

    public static func score(predicted: [BratAttribution], gold: [BratAttribution]) -> Score {
        var score = Score()
        func overlaps(_ a: [Span], _ b: [Span]) -> Bool {
            a.contains { x in b.contains { x.overlaps($0) } }
        }
        // Attributions, one to one.
        score.attribution.predicted = predicted.count
        score.attribution.gold = gold.count
        var used = [Bool](repeating: false, count: gold.count)
        for item in predicted {
            if let match = gold.indices.first(where: { !used[$0] && overlaps(item.cue, gold[$0].cue) && overlaps(item.content, gold[$0].content) }) {
                used[match] = true
                score.attribution.correctPredicted += 1
                score.attribution.foundGold += 1
            }
        }
        // Roles: a predicted span is right when it overlaps a gold span of the same role; a gold span
        // is found when some predicted span of its role overlaps it.
        func role(_ keyPath: KeyPath<BratAttribution, [Span]>) -> Counts {
            var counts = Counts()
            let predictedSpans = predicted.map { $0[keyPath: keyPath] }.filter { !$0.isEmpty }
            let goldSpans = gold.map { $0[keyPath: keyPath] }.filter { !$0.isEmpty }
            counts.predicted = predictedSpans.count
            counts.gold = goldSpans.count
            counts.correctPredicted = predictedSpans.filter { p in goldSpans.contains { overlaps(p, $0) } }.count
            counts.foundGold = goldSpans.filter { g in predictedSpans.contains { overlaps($0, g) } }.count
            return counts
        }
        score.source = role(\.source)
        score.cue = role(\.cue)
        score.content = role(\.content)
        return score
    }
}

extension Brat {
    /// The gold `.ann` file for a text's base name in `directory`: `<base>.ann`, else the first (by
    /// name) `<base>_<annotator>.ann` as PolNeAR names them.
    public static func goldFile(forBase base: String, in directory: String) -> String? {
        let manager = FileManager.default
        let exact = (directory as NSString).appendingPathComponent(base + ".ann")
        if manager.fileExists(atPath: exact) { return exact }
        guard let names = try? manager.contentsOfDirectory(atPath: directory) else { return nil }
        let matches = names.filter { name in
            guard name.hasPrefix(base + "_"), name.hasSuffix(".ann") else { return false }
            let suffix = name.dropFirst(base.count + 1).dropLast(4)
            return !suffix.isEmpty && !suffix.contains("_")
        }.sorted()
        return matches.first.map { (directory as NSString).appendingPathComponent($0) }
    }

    /// Text files of a directory by base name, sorted.
    public static func textBases(in directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory)
            .filter { $0.hasSuffix(".txt") }
            .map { String($0.dropLast(4)) }
            .sorted()
    }

    /// Reads a text file as UTF-8, keeping every scalar (PolNeAR offsets count `\r` too).
    public static func readText(_ path: String) throws -> String {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return String(decoding: data, as: UTF8.self)
    }
}
