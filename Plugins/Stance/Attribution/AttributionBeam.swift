/// Beam search over the attribution labels of one sequence (a paragraph's tokens) for the tagger.
///
/// An item is a labelled prefix; its state for scoring is the last two labels. At each token every
/// item is extended by every label it may take (an inside label only continues its own role), and
/// the `width` best extensions are kept, ties broken by item order then label order so the search
/// is deterministic. Width 1 is greedy left-to-right tagging.
struct AttributionBeam {
    struct Item {
        var score: Float
        var previous: AttributionLabel
        var previous2: AttributionLabel
        /// Index of the extended item in the step before (-1 for the start).
        var parent: Int32
    }

    static let labelCount = AttributionLabel.allCases.count

    let width: Int
    private(set) var items: [Item]
    private var next: [Item]
    /// Per step, `width` slots of (parent, label), for reading back paths.
    private var parents: [Int32] = []
    private var labels: [AttributionLabel] = []
    private var stepCount = 0
    /// Label scores per history (previous × previous2) at the current token, valid where stamped.
    private var scoreCache: [Float]
    private var stamps: [Int]
    private var out: [Float]

    init(width: Int) {
        self.width = max(1, width)
        items = [Item(score: 0, previous: .outside, previous2: .outside, parent: -1)]
        next = []
        next.reserveCapacity(self.width)
        scoreCache = Array(repeating: 0, count: Self.labelCount * Self.labelCount * Self.labelCount)
        stamps = Array(repeating: -1, count: Self.labelCount * Self.labelCount)
        out = Array(repeating: 0, count: Self.labelCount)
    }

    static func allowed(_ label: AttributionLabel, after previous: AttributionLabel) -> Bool {
        label.isBegin || label == .outside || label.role == previous.role
    }

    /// Extends every item by one token. `scores(previous, previous2, &out)` writes every label's
    /// score at this token for that history into `out`; it is asked once per distinct history.
    mutating func advance(_ scores: (AttributionLabel, AttributionLabel, inout [Float]) -> Void) {
        next.removeAll(keepingCapacity: true)
        for (number, item) in items.enumerated() {
            let history = Int(item.previous.rawValue) * Self.labelCount + Int(item.previous2.rawValue)
            let base = history * Self.labelCount
            if stamps[history] != stepCount {
                scores(item.previous, item.previous2, &out)
                for label in 0..<Self.labelCount { scoreCache[base + label] = out[label] }
                stamps[history] = stepCount
            }
            for label in AttributionLabel.allCases where Self.allowed(label, after: item.previous) {
                var score = scoreCache[base + Int(label.rawValue)]
                // An inside label that cannot continue reads as the start of its role (as greedy
                // tagging always did): the start scores the better of the two.
                if label.isBegin, let role = label.role, item.previous.role != role {
                    score = max(score, scoreCache[base + Int(AttributionLabel.inside(role).rawValue)])
                }
                let total = item.score + score
                // Insert into the kept best, in order; an equal score stays behind the earlier one.
                if next.count == width, total <= next[width - 1].score { continue }
                var slot = next.count
                while slot > 0, next[slot - 1].score < total { slot -= 1 }
                let candidate = Item(score: total, previous: label, previous2: item.previous, parent: Int32(number))
                if next.count < width {
                    next.insert(candidate, at: slot)
                } else {
                    next.removeLast()
                    next.insert(candidate, at: slot)
                }
            }
        }
        for slot in 0..<width {
            parents.append(slot < next.count ? next[slot].parent : -1)
            labels.append(slot < next.count ? next[slot].previous : .outside)
        }
        swap(&items, &next)
        stepCount += 1
    }

    /// The labels of the path ending in item `index` of the last step (0 is the best).
    func path(endingAt index: Int) -> [AttributionLabel] {
        var path = [AttributionLabel](repeating: .outside, count: stepCount)
        var current = index
        for step in stride(from: stepCount - 1, through: 0, by: -1) {
            path[step] = labels[step * width + current]
            current = Int(parents[step * width + current])
        }
        return path
    }
}
