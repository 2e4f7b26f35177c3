import ArticleModel
import Foundation
import Synchronization

/// Natural Earth's country outlines (tools/build-world-outline writes `source`), parsed once.
enum WorldOutline {
    struct Point: Sendable {
        var lon: Double
        var lat: Double
    }

    struct Ring: Sendable {
        var points: [Point]
        var west: Double, east: Double, south: Double, north: Double
    }

    struct Country: Sendable {
        /// ISO 3166-1 alpha-3, or `-` where Natural Earth gives none.
        var code: String
        var name: String
        var rings: [Ring]
        var west: Double, east: Double, south: Double, north: Double
        /// Whether an edge of a ring runs along the antimeridian, where Natural Earth cut the polygon
        /// (Russia, Fiji, Antarctica): that edge is filled but not stroked, so no seam shows.
        var cut: Bool {
            rings.contains { ring in
                ring.points.indices.contains { index in
                    let next = ring.points[(index + 1) % ring.points.count]
                    return abs(ring.points[index].lon) == 180 && abs(next.lon) == 180
                }
            }
        }
    }

    static let countries: [Country] = parse(source)

    static func parse(_ text: String) -> [Country] {
        var countries: [Country] = []
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 3 else { continue }
            var rings: [Ring] = []
            for ringText in fields[2].split(separator: ";") {
                let numbers = ringText.split(separator: " ").compactMap { Int($0) }
                guard numbers.count >= 6, numbers.count % 2 == 0 else { continue }
                var x = 0, y = 0
                var points: [Point] = []
                points.reserveCapacity(numbers.count / 2)
                for index in stride(from: 0, to: numbers.count, by: 2) {
                    x += numbers[index]
                    y += numbers[index + 1]
                    points.append(Point(lon: Double(x) / 10, lat: Double(y) / 10))
                }
                let lons = points.map(\.lon), lats = points.map(\.lat)
                rings.append(Ring(points: points, west: lons.min()!, east: lons.max()!, south: lats.min()!, north: lats.max()!))
            }
            guard !rings.isEmpty else { continue }
            countries.append(Country(
                code: String(fields[0]), name: String(fields[1]), rings: rings, west: rings.map(\.west).min()!,
                east: rings.map(\.east).max()!, south: rings.map(\.south).min()!, north: rings.map(\.north).max()!))
        }
        return countries
    }
}

/// The part of the world a map shows, and where a longitude and latitude land on it.
///
/// Equirectangular: x grows with longitude (scaled by the cosine of the middle latitude for a
/// regional view, so that shapes are not stretched), y falls with latitude. A view may cross the
/// antimeridian: then `east` is above 180 and western longitudes are drawn 360 degrees on.
struct MapView: Hashable, Sendable {
    /// Longitudes from `west` to `east` (`east - west` ≤ 360; `west` in [-180, 180)).
    var west: Double
    var east: Double
    /// Latitudes from `south` to `north`, within [-90, 90].
    var south: Double
    var north: Double
    /// The plot's size in user units, and its offset inside the SVG (room for dots on the edge).
    var width: Double
    var height: Double
    var margin: Double
    var isWorld: Bool

    static let defaultWidth = 760.0

    /// Whether a latitude and longitude is a point on the globe (finite, within range).
    static func valid(latitude: Double, longitude: Double) -> Bool {
        latitude.isFinite && longitude.isFinite && abs(latitude) <= 90 && abs(longitude) <= 180
    }

    /// The whole world, from 180° W to 180° E, showing 58° S to 84° N unless a point lies beyond.
    static func world(latitudes: [Double], width: Double = defaultWidth) -> MapView {
        let north = min(90, max(84, (latitudes.max() ?? 0) + 4)), south = max(-90, min(-58, (latitudes.min() ?? 0) - 4))
        let scale = width / 360
        return MapView(west: -180, east: 180, south: south, north: north, width: width, height: ((north - south) * scale).rounded(), margin: 8, isWorld: true)
    }

    /// The view for `points` (latitude, longitude; invalid ones ignored): their bounding box with
    /// padding when they lie within one region (at most 110° of longitude, across the antimeridian
    /// if that is shorter, and 70° of latitude), else the whole world. `nil` without valid points.
    static func fitting(_ points: [(latitude: Double, longitude: Double)], width: Double = defaultWidth) -> MapView? {
        let usable = points.filter { Self.valid(latitude: $0.latitude, longitude: $0.longitude) }
        guard !usable.isEmpty else { return nil }
        let lats = usable.map(\.latitude)
        // The shortest arc of longitude holding every point: the complement of the widest gap.
        let lons = Array(Set(usable.map { $0.longitude >= 180 ? $0.longitude - 360 : $0.longitude })).sorted()
        var gapEnd = 0
        var widest = lons[0] + 360 - lons[lons.count - 1]
        for index in 1..<max(1, lons.count) where lons[index] - lons[index - 1] > widest {
            widest = lons[index] - lons[index - 1]
            gapEnd = index
        }
        let west = lons[gapEnd], arc = 360 - widest
        let south = lats.min()!, north = lats.max()!
        guard arc <= 110, north - south <= 70 else { return world(latitudes: lats, width: width) }

        let middleLat = (south + north) / 2
        let stretch = max(0.35, cos(middleLat * .pi / 180))
        var spanLon = max(arc * 1.3, arc + 4, 12)
        var spanLat = max((north - south) * 1.3, north - south + 3, 7)
        // Keep the plot between 1:2 and 5:8 (height to width).
        let ratio = spanLat / (spanLon * stretch)
        if ratio < 0.5 { spanLat = 0.5 * spanLon * stretch }
        if ratio > 0.625 { spanLon = spanLat / (0.625 * stretch) }
        spanLat = min(spanLat, 180)
        guard spanLon < 300 else { return world(latitudes: lats, width: width) }
        let centreLon = west + arc / 2
        var top = middleLat + spanLat / 2, bottom = middleLat - spanLat / 2
        if top > 90 { bottom -= top - 90; top = 90 }
        if bottom < -90 { top = min(90, top + (-90 - bottom)); bottom = -90 }
        var viewWest = centreLon - spanLon / 2
        if viewWest < -180 { viewWest += 360 }
        if viewWest >= 180 { viewWest -= 360 }
        let height = (width * spanLat / (spanLon * stretch)).rounded()
        return MapView(west: viewWest, east: viewWest + spanLon, south: bottom, north: top, width: width, height: height, margin: 8, isWorld: false)
    }

    /// A longitude moved by whole turns into [west, west + 360).
    func unwrapped(_ longitude: Double) -> Double {
        var lon = longitude
        while lon < west { lon += 360 }
        while lon >= west + 360 { lon -= 360 }
        // 180° E on a world view is its east edge, not 180° W.
        if isWorld, longitude == 180 { return 180 }
        return lon
    }

    func x(_ longitude: Double) -> Double { margin + (longitude - west) * width / (east - west) }
    func y(_ latitude: Double) -> Double { margin + (north - latitude) * height / (north - south) }

    /// Where a point lands, or `nil` when it is invalid or outside the view.
    func project(latitude: Double, longitude: Double) -> (x: Double, y: Double)? {
        guard Self.valid(latitude: latitude, longitude: longitude), latitude >= south - 1e-9, latitude <= north + 1e-9 else { return nil }
        let lon = unwrapped(longitude)
        guard lon <= east + 1e-9 else { return nil }
        return (x(lon), y(latitude))
    }
}

/// A map of places: Natural Earth's countries, a graticule and one dot per place.
enum PlaceMap {
    struct Dot {
        var geonameId: Int
        var latitude: Double
        var longitude: Double
        var radius: Double
        var focus: Bool
        /// The entity the click selects.
        var entity: String?
        /// A name written beside the dot.
        var label: String?
        /// What hovering shows.
        var title: String
    }

    /// The map of `dots` in `view` (by default the view that fits them); `nil` when no dot has
    /// valid coordinates. `clipId` names the clip path (unique within the page).
    static func build(_ dots: [Dot], label: String, classes: String, clipId: String, view given: MapView? = nil) -> SVGNode? {
        let valid = dots.filter { MapView.valid(latitude: $0.latitude, longitude: $0.longitude) }
        guard let view = given ?? MapView.fitting(valid.map { ($0.latitude, $0.longitude) }) else { return nil }
        let m = view.margin
        var nodes: [SVGNode] = [
            SVGNode("defs", children: [SVGNode("clipPath", [("id", clipId)], children: [
                SVGNode("rect", [("x", SVGNode.number(m)), ("y", SVGNode.number(m)), ("width", SVGNode.number(view.width)), ("height", SVGNode.number(view.height))]),
            ])]),
            SVGNode("rect", [("class", "sea"), ("x", SVGNode.number(m)), ("y", SVGNode.number(m)), ("width", SVGNode.number(view.width)), ("height", SVGNode.number(view.height))]),
        ]
        let land = countryPaths(view)
        nodes.append(SVGNode("g", [("class", "land"), ("clip-path", "url(#\(clipId))")], children: land + graticule(view)))

        // Dots, larger ones first so that small ones stay clickable; labels last.
        var drawn: [SVGNode] = []
        var labels: [SVGNode] = []
        // Label boxes placed so far (x0, y0, x1, y1): a label that would overlap one is left out.
        var boxes: [(Double, Double, Double, Double)] = []
        for dot in valid.sorted(by: { ($0.radius, $1.geonameId) > ($1.radius, $0.geonameId) }) {
            guard let (x, y) = view.project(latitude: dot.latitude, longitude: dot.longitude) else { continue }
            var attributes: [(StaticString, String)] = [("class", dot.focus ? "place focus" : "place"), ("data-place", String(dot.geonameId))]
            if let entity = dot.entity { attributes.append(("data-place-entity", entity)) }
            attributes.append(("tabindex", "0"))
            drawn.append(SVGNode("g", attributes, children: [
                SVGNode("circle", [("cx", SVGNode.number(x)), ("cy", SVGNode.number(y)), ("r", SVGNode.number(dot.radius))]),
                SVGNode("title", text: dot.title),
            ]))
            if let text = dot.label {
                // About 7 units a character at 12px; right of the dot, else left, else not at all.
                let width = 7.0 * Double(text.count) + 4
                let options = [(x + dot.radius + 3, x + dot.radius + 3 + width, "start"), (x - dot.radius - 3 - width, x - dot.radius - 3, "end")]
                for (x0, x1, anchor) in options where x0 >= 0 && x1 <= view.width + 2 * m {
                    let box = (x0, y - 9, x1, y + 7)
                    guard !boxes.contains(where: { $0.0 < box.2 && box.0 < $0.2 && $0.1 < box.3 && box.1 < $0.3 }) else { continue }
                    boxes.append(box)
                    labels.append(SVGNode(
                        "text", [("class", "place-label"), ("x", SVGNode.number(anchor == "start" ? x0 : x1)), ("y", SVGNode.number(y + 4)),
                                 ("text-anchor", anchor)], text: text))
                    break
                }
            }
        }
        nodes.append(SVGNode("g", [("class", "places")], children: drawn))
        nodes.append(SVGNode("g", [("class", "place-labels")], children: labels))
        return SVGNode.chart(width: view.width + 2 * m, height: view.height + 2 * m, label: label, classes: classes, children: nodes)
    }

    /// World views (most article pages, the same few views) reuse their drawn countries.
    static let worldPaths = Mutex<[MapView: [SVGNode]]>([:])

    /// One `<path data-country>` per country that shows in `view`, with its name as tooltip.
    static func countryPaths(_ view: MapView) -> [SVGNode] {
        if view.isWorld, let cached = worldPaths.withLock({ $0[view] }) { return cached }
        var land: [SVGNode] = []
        for country in WorldOutline.countries {
            let path = outline(country, view: view)
            guard !path.isEmpty else { continue }
            if country.cut {
                land.append(SVGNode("path", [("d", path), ("data-country", country.code), ("class", "cut")], children: [SVGNode("title", text: country.name)]))
                land.append(SVGNode("path", [("d", outline(country, view: view, edges: true)), ("class", "edge")]))
            } else {
                land.append(SVGNode("path", [("d", path), ("data-country", country.code)], children: [SVGNode("title", text: country.name)]))
            }
        }
        if view.isWorld { worldPaths.withLock { cache in if cache.count < 32 { cache[view] = land } } }
        return land
    }

    /// The path data of a country's rings in `view`: each ring that overlaps the view (shifted by
    /// a whole turn where the view crosses the antimeridian), in pixels to a tenth (whole pixels and
    /// 0.7 for a world map), simplified to half a pixel. Natural Earth splits rings at the antimeridian, so none is drawn across it.
    ///
    /// With `edges`, the outline to stroke instead: edges along the antimeridian are left out.
    static func outline(_ country: WorldOutline.Country, view: MapView, edges: Bool = false) -> String {
        var out = ""
        let pad = 1.0
        for shift in [-360.0, 0, 360] {
            guard country.east + shift >= view.west - pad, country.west + shift <= view.east + pad,
                country.north >= view.south - pad, country.south <= view.north + pad else { continue }
            for ring in country.rings {
                guard ring.east + shift >= view.west - pad, ring.west + shift <= view.east + pad,
                    ring.north >= view.south - pad, ring.south <= view.north + pad else { continue }
                let points = ring.points.map { (view.x($0.lon + shift), view.y($0.lat)) }
                let seams = [view.x(180 + shift), view.x(-180 + shift)]
                // A world map (two units a degree) is drawn to whole units, a regional one to tenths.
                let kept = simplify(points, tolerance: view.isWorld ? 0.7 : 0.5)
                let step = view.isWorld ? 10.0 : 1.0
                var tenths: [(Int, Int)] = []
                for (x, y) in kept {
                    let point = (Int((x * 10 / step).rounded() * step), Int((y * 10 / step).rounded() * step))
                    if let last = tenths.last, last == point { continue }
                    tenths.append(point)
                }
                guard tenths.count >= 3 else { continue }
                if edges {
                    let seam = seams.map { Int(($0 * 10 / step).rounded() * step) }
                    func onSeam(_ point: (Int, Int)) -> Bool { seam.contains(point.0) }
                    out += "M" + tenth(tenths[0].0) + " " + tenth(tenths[0].1)
                    for index in 1...tenths.count {
                        let point = tenths[index % tenths.count], previous = tenths[index - 1]
                        let command = onSeam(point) && onSeam(previous) ? "M" : "L"
                        // (Not `z`: that would close to the last move, not to the ring's first point.)
                        out += command + tenth(point.0) + " " + tenth(point.1)
                    }
                    continue
                }
                out += "M" + tenth(tenths[0].0) + " " + tenth(tenths[0].1) + "l"
                for index in 1..<tenths.count {
                    let dx = tenth(tenths[index].0 - tenths[index - 1].0), dy = tenth(tenths[index].1 - tenths[index - 1].1)
                    if index > 1, !dx.hasPrefix("-") { out += " " }
                    out += dx
                    if !dy.hasPrefix("-") { out += " " }
                    out += dy
                }
                out += "z"
            }
        }
        return out
    }

    /// Tenths as a decimal: `12`, `-0.5`, `3.2`.
    static func tenth(_ value: Int) -> String {
        let sign = value < 0 ? "-" : ""
        let magnitude = abs(value)
        return magnitude % 10 == 0 ? sign + String(magnitude / 10) : sign + String(magnitude / 10) + "." + String(magnitude % 10)
    }

    /// Douglas-Peucker: the points that keep the line within `tolerance` of where it was.
    static func simplify(_ points: [(Double, Double)], tolerance: Double) -> [(Double, Double)] {
        guard points.count > 3 else { return points }
        var keep = [Bool](repeating: false, count: points.count)
        keep[0] = true
        keep[points.count - 1] = true
        var stack = [(0, points.count - 1)]
        // A closed ring starts and ends near one point: split it at the farthest point first.
        let far = points.indices.max { distance(points[$0], points[0]) < distance(points[$1], points[0]) } ?? 0
        if far > 0, far < points.count - 1 {
            keep[far] = true
            stack = [(0, far), (far, points.count - 1)]
        }
        while let (first, last) = stack.popLast() {
            guard last > first + 1 else { continue }
            let (x0, y0) = points[first], (x1, y1) = points[last]
            let dx = x1 - x0, dy = y1 - y0
            let norm = (dx * dx + dy * dy).squareRoot()
            var best = -1.0, index = -1
            for i in (first + 1)..<last {
                let (x, y) = points[i]
                let d = norm == 0 ? distance(points[i], points[first]) : abs(dy * (x - x0) - dx * (y - y0)) / norm
                if d > best { best = d; index = i }
            }
            if index >= 0, best > tolerance {
                keep[index] = true
                stack.append((first, index))
                stack.append((index, last))
            }
        }
        return points.indices.filter { keep[$0] }.map { points[$0] }
    }

    static func distance(_ a: (Double, Double), _ b: (Double, Double)) -> Double {
        ((a.0 - b.0) * (a.0 - b.0) + (a.1 - b.1) * (a.1 - b.1)).squareRoot()
    }

    /// Meridians and parallels every 1–30 degrees (about four to eight across), labelled on the left and bottom.
    static func graticule(_ view: MapView) -> [SVGNode] {
        let lonSpan = view.east - view.west, latSpan = view.north - view.south
        func step(_ span: Double) -> Double { [1.0, 2, 5, 10, 15, 30, 60].first { span / $0 <= 8 } ?? 60 }
        var nodes: [SVGNode] = []
        let m = view.margin
        let lonStep = step(lonSpan), latStep = step(latSpan)
        var lon = (view.west / lonStep).rounded(.up) * lonStep
        while lon <= view.east {
            let x = SVGNode.number(view.x(lon))
            var shown = lon
            while shown > 180 { shown -= 360 }
            nodes.append(SVGNode("line", [("class", "grid"), ("x1", x), ("x2", x), ("y1", SVGNode.number(m)), ("y2", SVGNode.number(m + view.height))]))
            // Labels on the edges would be cut in half.
            let inside = view.x(lon) - m > 20 && m + view.width - view.x(lon) > 20
            if inside { nodes.append(SVGNode("text", [("class", "tick"), ("x", x), ("y", SVGNode.number(m + view.height - 3)), ("text-anchor", "middle")], text: degrees(shown, positive: "E", negative: "W"))) }
            lon += lonStep
        }
        var lat = (view.south / latStep).rounded(.up) * latStep
        while lat <= view.north {
            let y = SVGNode.number(view.y(lat))
            nodes.append(SVGNode("line", [("class", "grid"), ("x1", SVGNode.number(m)), ("x2", SVGNode.number(m + view.width)), ("y1", y), ("y2", y)]))
            if view.y(lat) - m > 14, m + view.height - view.y(lat) > 14 { nodes.append(SVGNode("text", [("class", "tick"), ("x", SVGNode.number(m + 3)), ("y", SVGNode.number(view.y(lat) - 3))], text: degrees(lat, positive: "N", negative: "S"))) }
            lat += latStep
        }
        return nodes
    }

    static func degrees(_ value: Double, positive: String, negative: String) -> String {
        let rounded = (value * 10).rounded() / 10
        let magnitude = abs(rounded)
        let text = magnitude == magnitude.rounded() ? String(Int(magnitude)) : String(magnitude)
        if rounded == 0 || abs(rounded) == 180 { return text + "°" }
        return text + "°" + (rounded > 0 ? positive : negative)
    }

    /// Words for a GeoNames feature code.
    static func feature(code: String, featureClass: String) -> String {
        switch code {
        case "PCLI", "PCL", "PCLF", "PCLS": "country"
        case "PCLD", "PCLIX": "dependent territory"
        case "ADM1": "first-order administrative area"
        case "ADM2": "second-order administrative area"
        case "PPLC": "capital"
        case "PPLA", "PPLA2", "PPLA3": "seat of an administrative area"
        case "PPL", "PPLX", "PPLL": "populated place"
        case "CONT": "continent"
        case "RGN": "region"
        default: featureClass.isEmpty ? code : "\(code) (class \(featureClass))"
        }
    }

    /// A count with thousands separated by commas (`7,153,309`).
    static func grouped(_ value: Int) -> String {
        let digits = String(abs(value))
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out += "," }
            out.append(digit)
        }
        return (value < 0 ? "-" : "") + out
    }

    /// Latitude and longitude as `35.69° N, 51.42° E`.
    static func coordinates(latitude: Double, longitude: Double) -> String {
        guard MapView.valid(latitude: latitude, longitude: longitude) else { return "—" }
        func part(_ value: Double, _ positive: String, _ negative: String) -> String {
            let text = ArticlePage.decimal(abs(value), places: 2)
            return text + "° " + (value >= 0 ? positive : negative)
        }
        return part(latitude, "N", "S") + ", " + part(longitude, "E", "W")
    }
}
