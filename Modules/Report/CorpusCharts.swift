import ArticleModel

/// Mentions over time: one bar per day, week or month of publication, whichever keeps the bars
/// readable over the corpus's span of dates.
struct TimeBuckets {
    enum Unit: String {
        case day, week, month
    }

    var unit: Unit
    var first: Int
    var last: Int

    /// Buckets for publication days from `first` to `last`.
    init(first: Int, last: Int) {
        let span = last - first
        unit = span <= 62 ? .day : (span <= 730 ? .week : .month)
        self.first = first
        self.last = last
    }

    /// The first day of the bucket holding `day`.
    func bucket(_ day: Int) -> Int {
        switch unit {
        case .day: day
        case .week: CalendarDays.weekStart(day)
        case .month: CalendarDays.monthStart(day)
        }
    }

    /// The day after the bucket that starts at `start`.
    func next(_ start: Int) -> Int {
        switch unit {
        case .day: return start + 1
        case .week: return start + 7
        case .month:
            let (year, month, _) = CalendarDays.date(start)
            return month == 12 ? CalendarDays.day(year: year + 1, month: 1, day: 1) : CalendarDays.day(year: year, month: month + 1, day: 1)
        }
    }

    func label(_ start: Int) -> String {
        let (year, month, day) = CalendarDays.date(start)
        switch unit {
        case .day: return CalendarDays.isoDate(start)
        case .week: return "week of \(day) \(CalendarDays.monthNames[month - 1]) \(year)"
        case .month: return "\(CalendarDays.monthNames[month - 1]) \(year)"
        }
    }

    /// A bar chart of `counts` (mentions by day) summed per bucket.
    func chart(_ counts: [Int: Int], name: String) -> SVGNode {
        var sums: [Int: Int] = [:]
        for (day, count) in counts { sums[bucket(day), default: 0] += count }
        let width = 760.0, height = 180.0, top = 24.0, bottom = 20.0, left = 40.0, right = 12.0
        let axis = TimeAxis(first: bucket(first), last: next(bucket(last)), x0: left, x1: width - right)
        let peak = max(1, sums.values.max() ?? 1)
        var nodes = axis.draw(top: top, bottom: height - bottom)
        nodes.append(SVGNode("line", [("x1", SVGNode.number(left)), ("x2", SVGNode.number(width - right)), ("y1", SVGNode.number(height - bottom)), ("y2", SVGNode.number(height - bottom)), ("class", "axis")]))
        nodes.append(SVGNode("text", [("x", "2"), ("y", SVGNode.number(top + 4)), ("class", "tick")], text: String(peak)))
        nodes.append(SVGNode("text", [("x", "2"), ("y", SVGNode.number(height - bottom))], text: "0"))
        let plot = height - top - bottom
        for (start, count) in sums.sorted(by: { $0.key < $1.key }) {
            let x0 = axis.x(start), x1 = axis.x(next(start))
            let barHeight = max(1, plot * Double(count) / Double(peak))
            nodes.append(SVGNode("rect", [
                ("class", "bar"), ("x", SVGNode.number(x0 + 0.5)), ("y", SVGNode.number(height - bottom - barHeight)),
                ("width", SVGNode.number(max(1, x1 - x0 - 1))), ("height", SVGNode.number(barHeight)), ("data-bucket", CalendarDays.isoDate(start)),
            ], children: [SVGNode("title", text: "\(label(start)): \(count) mention\(count == 1 ? "" : "s")")]))
        }
        return SVGNode.chart(
            width: width, height: height, label: "Mentions of \(name) by \(unit.rawValue) of publication", classes: "chart mentions-chart",
            children: nodes)
    }
}

/// Who stands where: holders on the left, targets on the right, one curve per holder, target and
/// polarity, as wide as the stance is frequent. Only the most frequent edges are drawn, and the
/// two columns are ordered so that edges cross little (barycentres, a few sweeps).
enum StanceNetwork {
    struct Edge {
        var holder: Corpus.NodeKey
        var target: Corpus.NodeKey
        var polarity: StancePolarity
        var count: Int
    }

    /// The network of `edges` (most frequent first), or `nil` for none.
    static func build(_ edges: [Edge], name: (Corpus.NodeKey) -> String) -> SVGNode? {
        guard !edges.isEmpty else { return nil }
        var holders: [Corpus.NodeKey] = []
        var targets: [Corpus.NodeKey] = []
        for edge in edges {
            if !holders.contains(edge.holder) { holders.append(edge.holder) }
            if !targets.contains(edge.target) { targets.append(edge.target) }
        }
        // Order each column by the mean position of its neighbours in the other, a few times over.
        for _ in 0..<4 {
            let holderPosition = Dictionary(uniqueKeysWithValues: holders.enumerated().map { ($1, Double($0)) })
            targets = sortByNeighbours(targets, edges: edges, side: { $0.target }, other: { holderPosition[$0.holder] ?? 0 })
            let targetPosition = Dictionary(uniqueKeysWithValues: targets.enumerated().map { ($1, Double($0)) })
            holders = sortByNeighbours(holders, edges: edges, side: { $0.holder }, other: { targetPosition[$0.target] ?? 0 })
        }
        let width = 760.0, nodeWidth = 230.0, row = 26.0, top = 30.0
        let rows = max(holders.count, targets.count)
        let height = top + row * Double(rows) + 8
        func y(_ index: Int, of count: Int) -> Double {
            // Centre the shorter column.
            top + row * (Double(index) + Double(rows - count) / 2) + row / 2
        }
        var ids: [Corpus.NodeKey: String] = [:]
        var nodes: [SVGNode] = [
            SVGNode("text", [("x", "4"), ("y", "16"), ("class", "tick")], text: "holder"),
            SVGNode("text", [("x", SVGNode.number(width - 4)), ("y", "16"), ("class", "tick"), ("text-anchor", "end")], text: "target"),
        ]
        let peak = Double(edges.map(\.count).max() ?? 1)
        var paths: [SVGNode] = []
        let holderIndex = Dictionary(uniqueKeysWithValues: holders.enumerated().map { ($1, $0) })
        let targetIndex = Dictionary(uniqueKeysWithValues: targets.enumerated().map { ($1, $0) })
        for (index, holder) in holders.enumerated() { ids[holder] = "h\(index + 1)" }
        var targetIDs: [Corpus.NodeKey: String] = [:]
        for (index, target) in targets.enumerated() { targetIDs[target] = "t\(index + 1)" }
        for (rank, edge) in edges.enumerated() {
            guard let from = holderIndex[edge.holder], let to = targetIndex[edge.target] else { continue }
            let y0 = y(from, of: holders.count), y1 = y(to, of: targets.count)
            let x0 = nodeWidth + 4, x1 = width - nodeWidth - 4
            let middle = (x0 + x1) / 2
            let shift = edge.polarity == .support ? -3.0 : (edge.polarity == .oppose ? 3.0 : 0)
            let path = "M\(SVGNode.number(x0)),\(SVGNode.number(y0 + shift)) C\(SVGNode.number(middle)),\(SVGNode.number(y0 + shift)) "
                + "\(SVGNode.number(middle)),\(SVGNode.number(y1 + shift)) \(SVGNode.number(x1)),\(SVGNode.number(y1 + shift))"
            let strokeWidth = 1.5 + 5 * Double(edge.count) / peak
            let verb = edge.polarity == .support ? "supports" : (edge.polarity == .oppose ? "opposes" : "is neutral on")
            paths.append(SVGNode("path", [
                ("class", "edge edge-\(edge.polarity.rawValue)"), ("d", path), ("stroke-width", SVGNode.number(strokeWidth)),
                ("data-from", ids[edge.holder] ?? ""), ("data-to", targetIDs[edge.target] ?? ""), ("data-polarity", edge.polarity.rawValue),
                ("data-rank", String(rank + 1)),
            ], children: [SVGNode("title", text: "\(name(edge.holder)) \(verb) \(name(edge.target)): \(edge.count) time\(edge.count == 1 ? "" : "s")")]))
        }
        func node(_ key: Corpus.NodeKey, id: String, x: Double, y: Double, anchorEnd: Bool) -> SVGNode {
            let label = TimelineChart.clip(name(key), 34)
            return SVGNode("g", [("class", key.isEntity ? "node" : "node node-issue"), ("data-node", id), ("tabindex", "0")], children: [
                SVGNode("title", text: name(key) + (key.isEntity ? "" : " (issue)")),
                SVGNode("rect", [("x", SVGNode.number(x)), ("y", SVGNode.number(y - 10)), ("width", SVGNode.number(nodeWidth)), ("height", "20"), ("rx", "4")]),
                SVGNode("text", [
                    ("x", SVGNode.number(anchorEnd ? x + nodeWidth - 6 : x + 6)), ("y", SVGNode.number(y + 4)),
                    ("text-anchor", anchorEnd ? "end" : "start"),
                ], text: label),
            ])
        }
        for (index, holder) in holders.enumerated() {
            nodes.append(node(holder, id: ids[holder] ?? "", x: 2, y: y(index, of: holders.count), anchorEnd: true))
        }
        for (index, target) in targets.enumerated() {
            nodes.append(node(target, id: targetIDs[target] ?? "", x: width - nodeWidth - 2, y: y(index, of: targets.count), anchorEnd: false))
        }
        return SVGNode.chart(
            width: width, height: height, label: "Stance network: \(holders.count) holders, \(targets.count) targets, \(edges.count) edges",
            classes: "chart network", children: paths + nodes)
    }

    static func sortByNeighbours(
        _ column: [Corpus.NodeKey], edges: [Edge], side: (Edge) -> Corpus.NodeKey, other: (Edge) -> Double
    ) -> [Corpus.NodeKey] {
        var sums: [Corpus.NodeKey: (Double, Double)] = [:]
        for edge in edges {
            let weight = Double(edge.count)
            sums[side(edge), default: (0, 0)].0 += other(edge) * weight
            sums[side(edge), default: (0, 0)].1 += weight
        }
        let current = Dictionary(uniqueKeysWithValues: column.enumerated().map { ($1, $0) })
        return column.sorted { lhs, rhs in
            let a = sums[lhs].map { $0.0 / max($0.1, 1) } ?? 0
            let b = sums[rhs].map { $0.0 / max($0.1, 1) } ?? 0
            return a != b ? a < b : (current[lhs] ?? 0) < (current[rhs] ?? 0)
        }
    }
}
