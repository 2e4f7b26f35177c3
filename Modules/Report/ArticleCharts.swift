import ArticleModel

/// A time axis over day numbers: positions and ticks at calendar boundaries.
struct TimeAxis {
    var first: Int
    var last: Int
    var x0: Double
    var x1: Double

    /// An axis covering `first ..< last` days (padded a little) drawn from `x0` to `x1`.
    init(first: Int, last: Int, x0: Double, x1: Double) {
        let span = max(1, last - first)
        let pad = max(1, span / 30)
        self.first = first - pad
        self.last = max(last, first + 1) + pad
        self.x0 = x0
        self.x1 = x1
    }

    func x(_ day: Int) -> Double {
        x0 + (x1 - x0) * Double(day - first) / Double(max(1, last - first))
    }

    func x(_ day: Double) -> Double {
        x0 + (x1 - x0) * (day - Double(first)) / Double(max(1, last - first))
    }

    /// Tick days and their labels: days, weeks, months, quarters or years, at most about eight.
    func ticks() -> [(day: Int, label: String)] {
        let span = last - first
        func label(_ day: Int, _ unit: Int) -> String {
            let (year, month, dayOfMonth) = CalendarDays.date(day)
            switch unit {
            case 0: return "\(dayOfMonth) \(CalendarDays.monthNames[month - 1])"
            case 1: return "\(CalendarDays.monthNames[month - 1]) \(year)"
            default: return "\(year)"
            }
        }
        if span <= 10 {
            return (first...last).map { ($0, label($0, 0)) }.filter { $0.day > first && $0.day < last }
        }
        if span <= 70 {
            var day = CalendarDays.weekStart(first) + 7
            var ticks: [(Int, String)] = []
            while day < last {
                ticks.append((day, label(day, 0)))
                day += 7 * max(1, span / 56 + 1)
            }
            return ticks
        }
        var (year, month, _) = CalendarDays.date(first)
        let months = span / 30
        let stepMonths: Int
        switch months {
        case ..<9: stepMonths = 1
        case ..<24: stepMonths = 3
        case ..<96: stepMonths = 12
        default:
            let years = months / 12
            stepMonths = 12 * ([2, 5, 10, 20, 50, 100, 200, 500, 1000].first { years / $0 <= 8 } ?? 1000)
        }
        if stepMonths >= 12 {
            month = 1
            let stepYears = stepMonths / 12
            year = (year / stepYears) * stepYears
        } else {
            month = ((month - 1) / stepMonths) * stepMonths + 1
        }
        var ticks: [(Int, String)] = []
        while true {
            let day = CalendarDays.day(year: year, month: month, day: 1)
            if day >= last { break }
            if day > first { ticks.append((day, label(day, stepMonths >= 12 ? 2 : 1))) }
            month += stepMonths
            while month > 12 {
                month -= 12
                year += 1
            }
        }
        return ticks
    }

    /// Gridlines and tick labels from `top` to `bottom`, at least 64 units apart.
    func draw(top: Double, bottom: Double) -> [SVGNode] {
        var kept: [(day: Int, label: String)] = []
        for tick in ticks() where x(tick.day) - x0 >= 24 && x1 - x(tick.day) >= 24 {
            if let last = kept.last, x(tick.day) - x(last.day) < 64 { continue }
            kept.append(tick)
        }
        if kept.isEmpty {
            // A narrow part still says where it is.
            let middle = (first + last) / 2
            kept = [(middle, CalendarDays.isoDate(middle).prefix(last - first > 400 ? 4 : 7).description)]
        }
        return kept.flatMap { tick -> [SVGNode] in
            let x = SVGNode.number(self.x(tick.day))
            return [
                SVGNode("line", [("x1", x), ("x2", x), ("y1", SVGNode.number(top)), ("y2", SVGNode.number(bottom)), ("class", "grid")]),
                SVGNode("text", [("x", x), ("y", SVGNode.number(top - 6)), ("class", "tick"), ("text-anchor", "middle")], text: tick.label),
            ]
        }
    }
}

/// A time axis with its long empty stretches cut out: `2015` and three days of June 2025 each get
/// a readable part of the width, with a break mark between them, instead of the June days sharing
/// one pixel. Gaps are cut when they are longer than half a year and than three times the parts
/// they separate.
struct BrokenTimeAxis {
    var parts: [TimeAxis]

    /// An axis over `stretches` (first day, day after the last) from `x0` to `x1`.
    init(_ stretches: [(Int, Int)], x0: Double, x1: Double) {
        var clusters: [(start: Int, end: Int, count: Int)] = []
        for (start, end) in stretches.sorted(by: { $0.0 < $1.0 }) {
            if let last = clusters.last {
                let gap = start - last.end
                let extent = max(last.end - last.start, end - start, 30)
                if gap <= 180 || gap <= 3 * extent {
                    clusters[clusters.count - 1].end = max(last.end, end)
                    clusters[clusters.count - 1].count += 1
                    continue
                }
            }
            clusters.append((start, end, 1))
        }
        if clusters.isEmpty { clusters = [(0, 1, 1)] }
        // Each part's width follows how many values it holds.
        let gapWidth = 26.0
        let available = x1 - x0 - gapWidth * Double(clusters.count - 1)
        let raw = clusters.map { Double($0.count) }
        let sum = raw.reduce(0, +)
        var x = x0
        parts = zip(clusters, raw).map { cluster, share in
            let partWidth = available * share / sum
            defer { x += partWidth + gapWidth }
            return TimeAxis(first: cluster.start, last: cluster.end, x0: x, x1: x + partWidth)
        }
    }

    /// The part holding `day`, else the nearest one.
    func part(_ day: Double) -> TimeAxis {
        parts.first { day < Double($0.last) } ?? parts[parts.count - 1]
    }

    func x(_ day: Int) -> Double { part(Double(day)).x(day) }

    func x(_ day: Double) -> Double { part(day).x(day) }

    /// Every part's gridlines and ticks, and a break mark between parts.
    func draw(top: Double, bottom: Double) -> [SVGNode] {
        var nodes: [SVGNode] = []
        for (index, part) in parts.enumerated() {
            nodes += part.draw(top: top, bottom: bottom)
            if index > 0 {
                let x = (parts[index - 1].x1 + part.x0) / 2
                nodes.append(SVGNode("text", [("x", SVGNode.number(x)), ("y", SVGNode.number(top + 12)), ("class", "tick axis-break"), ("text-anchor", "middle")], text: "≈"))
            }
        }
        return nodes
    }
}

/// The article's dated time expressions on a time axis, one lane per normalised value.
enum TimelineChart {
    struct Item {
        /// TIMEX3 value.
        var value: String
        /// The expression as written.
        var label: String
        /// What a relative value was resolved against.
        var note: String?
        var events: [String]
    }

    /// The chart, or `nil` when no item has a calendar value. Every point carries `data-timex`.
    static func build(dated items: [Item], published: PublicationTime?) -> SVGNode? {
        var groups: [String: (range: TimexRange, items: [Item])] = [:]
        for item in items {
            guard let range = TimexRange(value: item.value) else { continue }
            groups[item.value, default: (range, [])].items.append(item)
        }
        guard !groups.isEmpty else { return nil }
        let lanes = groups.sorted { ($0.value.range.start, $0.value.range.end, $0.key) < ($1.value.range.start, $1.value.range.end, $1.key) }
        let publishedDay = published.map { CalendarDays.day(year: $0.year, month: $0.month, day: $0.day) }
        var stretches = lanes.map { ($0.value.range.start, $0.value.range.end) }
        if let publishedDay { stretches.append((publishedDay, publishedDay + 1)) }
        let width = 760.0, labelWidth = 300.0, laneHeight = 28.0, top = 34.0
        let height = top + laneHeight * Double(lanes.count) + 18
        let axis = BrokenTimeAxis(stretches, x0: labelWidth + 16, x1: width - 16)
        var nodes = axis.draw(top: top - 2, bottom: height - 6)
        if let publishedDay {
            let x = SVGNode.number(axis.x(Double(publishedDay) + 0.5))
            nodes.append(SVGNode("line", [("x1", x), ("x2", x), ("y1", SVGNode.number(top - 2)), ("y2", SVGNode.number(height - 6)), ("class", "published")]))
            nodes.append(SVGNode("text", [("x", x), ("y", SVGNode.number(height - 1)), ("class", "tick published-label"), ("text-anchor", "middle")], text: "published"))
        }
        for (lane, entry) in lanes.enumerated() {
            let (value, group) = (entry.key, entry.value)
            let y = top + laneHeight * Double(lane) + laneHeight / 2
            let texts = group.items.map(\.label)
            var distinct: [String] = []
            for text in texts where !distinct.contains(text) { distinct.append(text) }
            let shown = distinct.prefix(2).map { "“\(clip($0, 22))”" }.joined(separator: ", ") + (distinct.count > 2 ? " +\(distinct.count - 2)" : "")
            var tip = "\(value): " + distinct.map { "“\($0)”" }.joined(separator: ", ")
            for note in Set(group.items.compactMap(\.note)).sorted() { tip += "\nresolved against \(note)" }
            let events = group.items.flatMap(\.events)
            if !events.isEmpty { tip += "\n" + events.prefix(6).map { "• \($0)" }.joined(separator: "\n") }
            let start = axis.x(group.range.start), end = axis.x(group.range.end)
            var mark: [SVGNode] = [SVGNode("title", text: tip)]
            if group.range.isDay {
                mark.append(SVGNode("circle", [("cx", SVGNode.number((start + end) / 2)), ("cy", SVGNode.number(y)), ("r", "6")]))
            } else {
                let barWidth = max(8, end - start)
                mark.append(SVGNode("rect", [
                    ("x", SVGNode.number(min(start, (start + end) / 2 - 4))), ("y", SVGNode.number(y - 6)), ("width", SVGNode.number(barWidth)),
                    ("height", "12"), ("rx", "6"),
                ]))
            }
            mark.append(SVGNode("text", [("x", "8"), ("y", SVGNode.number(y + 4)), ("class", "lane-label")], text: shown))
            mark.append(SVGNode("text", [("x", SVGNode.number(labelWidth)), ("y", SVGNode.number(y + 4)), ("class", "lane-value"), ("text-anchor", "end")], text: value))
            nodes.append(SVGNode("g", [("class", "tl-point"), ("data-timex", value), ("tabindex", "0")], children: mark))
        }
        return SVGNode.chart(
            width: width, height: height, label: "Timeline: \(lanes.count) dated value\(lanes.count == 1 ? "" : "s")", classes: "chart timeline-chart",
            children: nodes)
    }

    static func clip(_ text: String, _ limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }
}

/// Sentiment toward each entity as bars either side of zero.
enum SentimentChart {
    static func build(_ items: [EntitySentiment]) -> SVGNode? {
        guard !items.isEmpty else { return nil }
        let width = 760.0, labelWidth = 250.0, row = 24.0, top = 26.0
        let center = labelWidth + (width - labelWidth - 60) / 2 + 10
        let half = (width - labelWidth - 60) / 2 - 10
        let height = top + row * Double(items.count) + 8
        var nodes: [SVGNode] = [
            SVGNode("line", [("x1", SVGNode.number(center)), ("x2", SVGNode.number(center)), ("y1", SVGNode.number(top - 4)), ("y2", SVGNode.number(height - 4)), ("class", "axis")]),
            SVGNode("text", [("x", SVGNode.number(center - half)), ("y", "14"), ("class", "tick")], text: "negative −1"),
            SVGNode("text", [("x", SVGNode.number(center + half)), ("y", "14"), ("class", "tick"), ("text-anchor", "end")], text: "+1 positive"),
        ]
        for (index, item) in items.enumerated() {
            let y = top + row * Double(index)
            let score = max(-1, min(1, item.score.isFinite ? item.score : 0))
            let length = max(1.5, abs(score) * half)
            let x = score < 0 ? center - length : center
            let counts = Dictionary(grouping: item.mentions, by: \.polarity).mapValues(\.count)
            let tip = "\(item.name): \(item.polarity.rawValue), mean score \(ArticlePage.signed(item.score)) over \(item.mentions.count) mention\(item.mentions.count == 1 ? "" : "s") "
                + "(\(counts[.positive] ?? 0) positive, \(counts[.neutral] ?? 0) neutral, \(counts[.negative] ?? 0) negative)"
                + (item.entityId == nil ? "; not linked to an entity" : "")
            var attributes: [(StaticString, String)] = [("class", "sent-row sent-\(item.polarity.rawValue)\(item.entityId == nil ? " unlinked" : "")")]
            if let id = item.entityId { attributes.append(("data-sentiment-entity", id)) }
            nodes.append(SVGNode("g", attributes, children: [
                SVGNode("title", text: tip),
                SVGNode("text", [("x", SVGNode.number(labelWidth - 8)), ("y", SVGNode.number(y + 15)), ("text-anchor", "end"), ("class", "lane-label")], text: TimelineChart.clip(item.name, 34)),
                SVGNode("rect", [("x", SVGNode.number(x)), ("y", SVGNode.number(y + 5)), ("width", SVGNode.number(length)), ("height", "14"), ("rx", "2")]),
                SVGNode("text", [("x", SVGNode.number(width - 4)), ("y", SVGNode.number(y + 15)), ("text-anchor", "end"), ("class", "lane-value")], text: ArticlePage.signed(item.score)),
            ]))
        }
        return SVGNode.chart(width: width, height: height, label: "Sentiment toward \(items.count) entities", classes: "chart sentiment-chart", children: nodes)
    }
}
