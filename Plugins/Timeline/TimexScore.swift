public import ArticleModel

/// TempEval-3 Task A counts for time expressions, summed over documents: strict (same span) and
/// relaxed (overlapping span) precision and recall, and value and type F1 (the share of found gold
/// expressions whose best-overlapping system expression has the right attribute, times relaxed F1).
/// `tools/tempeval3-score` computes the same figures from files.
public struct TimexScore: Sendable, Hashable {
    public var gold = 0
    public var system = 0
    public var strict = 0
    public var relaxedSystem = 0
    public var relaxedGold = 0
    public var value = 0
    public var type = 0

    public init() {}

    /// Adds one document's counts.
    public mutating func add(gold: [TimeMLDocument.Annotation], system: [Timex]) {
        let gold = gold.filter { $0.tid != "t0" }
        self.gold += gold.count
        self.system += system.count
        let spans = Set(gold.map(\.span))
        strict += system.filter { spans.contains($0.span) }.count
        relaxedSystem += system.filter { s in gold.contains { $0.span.overlaps(s.span) } }.count
        for g in gold {
            var best: Timex?
            for s in system where s.span.overlaps(g.span) {
                if best == nil || s.span.overlapLength(with: g.span) > best!.span.overlapLength(with: g.span) { best = s }
            }
            guard let best else { continue }
            relaxedGold += 1
            if best.value == g.value { value += 1 }
            if best.type.rawValue == g.type { type += 1 }
        }
    }

    static func f1(_ p: Double, _ r: Double) -> Double { p + r > 0 ? 2 * p * r / (p + r) : 0 }

    public var strictPrecision: Double { system > 0 ? Double(strict) / Double(system) : 0 }
    public var strictRecall: Double { gold > 0 ? Double(strict) / Double(gold) : 0 }
    public var strictF1: Double { Self.f1(strictPrecision, strictRecall) }
    public var relaxedPrecision: Double { system > 0 ? Double(relaxedSystem) / Double(system) : 0 }
    public var relaxedRecall: Double { gold > 0 ? Double(relaxedGold) / Double(gold) : 0 }
    public var relaxedF1: Double { Self.f1(relaxedPrecision, relaxedRecall) }
    public var valueF1: Double { relaxedGold > 0 ? Double(value) / Double(relaxedGold) * relaxedF1 : 0 }
    public var typeF1: Double { relaxedGold > 0 ? Double(type) / Double(relaxedGold) * relaxedF1 : 0 }
}
