import ArticleModel
import Foundation
import Testing

@testable import Report

/// The place maps: dots where the places are, escaped names, the antimeridian and the poles.
@Suite struct PlaceMapTests {
    func render(_ analysis: ArticleAnalysis) throws -> String {
        try ReportTemplates().render(ArticlePage(analysis: analysis, dashboard: nil, missing: nil, generator: "test"), template: "article")
    }

    /// The `<g data-place="ID">` elements of `markup` with their circle's centre and radius.
    static func dots(_ markup: String) -> [String: (x: Double, y: Double, r: Double, tag: String)] {
        var found: [String: (Double, Double, Double, String)] = [:]
        var rest = markup[...]
        while let start = rest.range(of: "<g class=\"place") {
            let tail = rest[start.lowerBound...]
            if rest[start.upperBound...].hasPrefix("s") || rest[start.upperBound...].hasPrefix("-") {
                rest = rest[start.upperBound...]
                continue
            }
            guard let end = tail.range(of: "</g>") else { break }
            let element = String(tail[..<end.upperBound])
            func attribute(_ name: String) -> String? {
                guard let range = element.range(of: " \(name)=\"") else { return nil }
                return String(element[range.upperBound...].prefix { $0 != "\"" })
            }
            if let id = attribute("data-place"), let x = attribute("cx").flatMap(Double.init), let y = attribute("cy").flatMap(Double.init),
                let r = attribute("r").flatMap(Double.init)
            {
                found[id] = (x, y, r, String(element.prefix { $0 != ">" }))
            }
            rest = tail[end.upperBound...]
        }
        return found
    }

    static func place(_ id: Int, _ name: String, latitude: Double, longitude: Double, focus: Bool = false, entity: String? = nil) -> Place {
        Place(
            id: "P\(id)", entityId: entity, kind: .location, text: name, mentions: [], focus: focus,
            reading: PlaceCandidate(geonameId: id, name: name, featureClass: "P", featureCode: "PPL", countryCode: "XX",
                                    latitude: latitude, longitude: longitude, population: 1000, confidence: 0.8))
    }

    /// Relative moves of every path's `l` commands, as (dx, dy) pairs.
    static func pathMoves(_ markup: String) -> [(Double, Double)] {
        var moves: [(Double, Double)] = []
        var rest = markup[...]
        while let start = rest.range(of: " d=\"") {
            let data = rest[start.upperBound...].prefix { $0 != "\"" }
            rest = rest[start.upperBound...]
            for ring in data.split(separator: "M") {
                guard let l = ring.firstIndex(of: "l") else { continue }
                var numbers: [Double] = []
                var current = ""
                for character in ring[ring.index(after: l)...] {
                    if character == "-" || character == " " || character == "z" {
                        if let value = Double(current) { numbers.append(value) }
                        current = character == "-" ? "-" : ""
                    } else {
                        current.append(character)
                    }
                }
                if let value = Double(current) { numbers.append(value) }
                for index in stride(from: 0, to: numbers.count - 1, by: 2) { moves.append((numbers[index], numbers[index + 1])) }
            }
        }
        return moves
    }

    @Test func outlineParsesEveryCountryWithoutCrossingTheAntimeridian() {
        let countries = WorldOutline.countries
        #expect(countries.count >= 170)
        for code in ["FRA", "RUS", "USA", "IRN", "FJI", "ATA", "NOR"] { #expect(countries.contains { $0.code == code }, "\(code)") }
        for country in countries {
            for ring in country.rings {
                #expect(ring.points.count >= 3)
                for (a, b) in zip(ring.points, ring.points.dropFirst()) {
                    // Only Antarctica's edge along the south pole runs from 180° to 180° W.
                    #expect(abs(a.lon - b.lon) < 180 || (a.lat == -90 && b.lat == -90), "\(country.name) jumps across the antimeridian")
                    #expect(abs(a.lat) <= 90 && abs(a.lon) <= 180)
                }
            }
        }
    }

    @Test func articleDotsCarryTheirPlaceAndLieWhereItIs() throws {
        let html = try render(ReportFixtures.analysis())
        let dots = Self.dots(html)
        #expect(Set(dots.keys) == ["130758", "112931", "2660646"])
        #expect(dots["130758"]?.tag.contains("class=\"place focus\"") == true)
        #expect(dots["130758"]?.tag.contains("data-place-entity=\"E2\"") == true)
        #expect(dots["112931"]?.tag.contains("class=\"place\"") == true)
        #expect(dots["2660646"]?.tag.contains("data-place-entity") == false, "the dateline place has no entity")
        #expect(dots["130758"]!.r > dots["112931"]!.r, "focus places are larger")

        // Geneva to Iran is one region: the view is zoomed to them, not the world.
        let points = [(46.20222, 6.14569), (32.0, 53.0), (35.69, 51.42)].map { (latitude: $0.0, longitude: $0.1) }
        let view = try #require(MapView.fitting(points))
        #expect(!view.isWorld)
        #expect(view.west < 6.14569 - 1 && view.east > 53 + 1 && view.south < 32 - 1 && view.north > 46.2 + 1)
        for (id, point) in zip(["2660646", "130758", "112931"], points) {
            let expected = try #require(view.project(latitude: point.latitude, longitude: point.longitude))
            let dot = try #require(dots[id])
            #expect(abs(dot.x - expected.x) < 0.01 && abs(dot.y - expected.y) < 0.01, "\(id)")
            #expect(dot.x > view.margin + 10 && dot.x < view.margin + view.width - 10, "\(id) inside the padded view")
            #expect(dot.y > view.margin + 10 && dot.y < view.margin + view.height - 10, "\(id) inside the padded view")
        }
        // East of Geneva is right of it, north is up.
        #expect(dots["130758"]!.x > dots["2660646"]!.x && dots["2660646"]!.y < dots["130758"]!.y)

        // The table lists every place with its alternatives.
        #expect(html.contains("<tr data-place=\"112931\" data-place-entity=\"E3\">"))
        #expect(html.contains("Tehran, IR (first-order administrative area, 0.08)"))
        #expect(html.contains("35.69° N, 51.42° E"))
        #expect(html.contains("data-country=\"IRN\""), "Iran's outline is drawn")
        #expect(!html.contains("data-country=\"USA\""), "countries outside the zoomed view are left out")
    }

    @Test func worldViewProjectsLinearly() throws {
        let view = MapView.world(latitudes: [0])
        #expect(view.isWorld && view.west == -180 && view.east == 180)
        let centre = try #require(view.project(latitude: 0, longitude: 0))
        #expect(abs(centre.x - (view.margin + view.width / 2)) < 1e-9)
        #expect(abs(centre.y - (view.margin + view.height * view.north / (view.north - view.south))) < 1e-9)
        let east = try #require(view.project(latitude: 0, longitude: 90))
        #expect(abs(east.x - (view.margin + view.width * 0.75)) < 1e-9)
        // Places on three continents do not fit one region.
        let spread = try #require(MapView.fitting([(40.7, -74.0), (35.7, 139.7), (-33.9, 151.2)].map { (latitude: $0.0, longitude: $0.1) }))
        #expect(spread.isWorld)
    }

    @Test func hostilePlaceNamesAreEscaped() throws {
        var analysis = ReportFixtures.analysis()
        let payload = "<script>alert(1)</script>\"><img src=x onerror=alert(2)>"
        var hostile = Self.place(1, payload, latitude: 10, longitude: 10, focus: true, entity: "E\"><script>alert(3)</script>")
        hostile.text = "' onmouseover='alert(4)"
        hostile.countryCode = "<b>X</b>"
        hostile.featureCode = "<svg onload=alert(5)>"
        hostile.alternatives = [PlaceCandidate(geonameId: 2, name: "</title><script>alert(6)</script>", featureClass: "<i>", featureCode: "<u>",
                                               countryCode: "\"", latitude: 0, longitude: 0, population: 0, confidence: 0.1)]
        analysis.places = [hostile]
        let html = try render(analysis)
        for needle in ["<script>alert", "<img src=x", "<svg onload", "<b>X</b>", "' onmouseover", "(class <i>)", "<u>", "</title><script>"] {
            #expect(!html.contains(needle), "\(needle) reached the page as markup")
        }
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"))
        #expect(html.contains("data-place-entity=\"E&quot;&gt;&lt;script&gt;alert(3)&lt;/script&gt;\""))
        let svg = try #require(PlaceMap.build(
            [PlaceMap.Dot(geonameId: 1, latitude: 0, longitude: 0, radius: 4, focus: true, entity: "\"'<>&", label: "<a href=x>", title: "</title><script>")],
            label: "<x>", classes: "chart", clipId: "c"))
        #expect(!svg.markup.contains("<script") && !svg.markup.contains("<a href") && !svg.markup.contains("<x>"))
    }

    @Test func antimeridianViewIsShortAndItsPathsUnbroken() throws {
        // Fiji (178° E) and Samoa (172° W): 10 degrees apart across the antimeridian, not 350.
        let points = [(-18.1, 178.4), (-13.8, -171.8)].map { (latitude: $0.0, longitude: $0.1) }
        let view = try #require(MapView.fitting(points))
        #expect(!view.isWorld)
        #expect(view.east - view.west < 40)
        #expect(view.west < 178.4 && view.east > 188.2, "the view runs past 180° E")
        let fiji = try #require(view.project(latitude: -18.1, longitude: 178.4))
        let samoa = try #require(view.project(latitude: -13.8, longitude: -171.8))
        #expect(samoa.x > fiji.x, "Samoa is east of Fiji")
        #expect(abs((samoa.x - fiji.x) - 9.8 * view.width / (view.east - view.west)) < 1e-6, "9.8 degrees apart on the map")
        let node = try #require(PlaceMap.build(
            [PlaceMap.Dot(geonameId: 1, latitude: -18.1, longitude: 178.4, radius: 4, focus: false, entity: nil, label: nil, title: "Suva"),
             PlaceMap.Dot(geonameId: 2, latitude: -13.8, longitude: -171.8, radius: 4, focus: false, entity: nil, label: nil, title: "Apia")],
            label: "map", classes: "chart", clipId: "c"))
        let markup = node.markup
        #expect(markup.contains("data-country=\"FJI\" class=\"cut\""), "Fiji, whose islands lie on both sides of 180°, is drawn")
        #expect(markup.contains("class=\"edge\""), "and stroked without its cut along 180°")
        #expect(!markup.contains("nan") && !markup.contains("inf"))
        for (dx, _) in Self.pathMoves(markup) { #expect(abs(dx) < view.width / 2, "no outline line crosses the map") }
        let dots = Self.dots(markup)
        #expect(abs(dots["2"]!.x - samoa.x) < 0.01 && abs(dots["1"]!.x - fiji.x) < 0.01)
        // Exactly 180°, written either way, is one place.
        let edge = try #require(MapView.fitting([(latitude: 0, longitude: 180), (latitude: 1, longitude: -180)]))
        #expect(edge.east - edge.west < 20)
    }

    @Test func cutAlongTheAntimeridianIsNotStroked() throws {
        // Antarctica at 180°: Natural Earth's polygon is cut there; the fill is whole, the stroke leaves the cut out.
        let view = try #require(MapView.fitting([(latitude: -89.5, longitude: 179.9)]))
        let seams = [view.x(180), view.x(-180 + 360)].map { ($0 * 10).rounded() / 10 }
        var edges: [String] = []
        for country in WorldOutline.countries where country.cut { edges.append(PlaceMap.outline(country, view: view, edges: true)) }
        let antarctica = try #require(WorldOutline.countries.first { $0.code == "ATA" })
        #expect(antarctica.cut && !PlaceMap.outline(antarctica, view: view).isEmpty)
        var checked = 0
        for data in edges where !data.isEmpty {
            #expect(!data.contains("z"))
            // Absolute commands: M or L, then x and y.
            var previous: (Double, Double)?
            var scanner = data[...]
            while let letter = scanner.first {
                scanner = scanner.dropFirst()
                let numbers = scanner.prefix { $0 != "M" && $0 != "L" }
                scanner = scanner.dropFirst(numbers.count)
                let values = numbers.split(separator: " ").compactMap { Double($0) }
                guard values.count == 2 else { continue }
                if letter == "L", let previous {
                    checked += 1
                    #expect(!(seams.contains(previous.0) && seams.contains(values[0]) && previous.0 == values[0]), "a stroke along the cut")
                }
                previous = (values[0], values[1])
            }
        }
        #expect(checked > 10)
    }

    @Test func polesAndBadCoordinates() throws {
        let both = try #require(MapView.fitting([(latitude: 90, longitude: 0), (latitude: -90, longitude: 0)]))
        #expect(both.isWorld && both.north == 90 && both.south == -90)
        #expect(both.project(latitude: 90, longitude: 0)!.y == both.margin)
        #expect(both.project(latitude: -90, longitude: 0)!.y == both.margin + both.height)
        let north = try #require(MapView.fitting([(latitude: 90, longitude: 45), (latitude: 88, longitude: 50)]))
        #expect(north.north == 90 && north.south < 88 && north.south >= -90)
        #expect(north.project(latitude: 90, longitude: 45) != nil)
        #expect(north.project(latitude: 90, longitude: 45)!.y >= north.margin)

        // Invalid coordinates are never drawn or turned into numbers.
        #expect(MapView.fitting([(latitude: .nan, longitude: 0), (latitude: 91, longitude: 0), (latitude: 0, longitude: .infinity)]) == nil)
        var analysis = ReportFixtures.analysis()
        analysis.places = [Self.place(1, "Nowhere", latitude: .nan, longitude: 3), Self.place(2, "North Pole", latitude: 90, longitude: 0, focus: true),
                           Self.place(3, "South Pole", latitude: -90, longitude: 180)]
        let html = try render(analysis)
        let dots = Self.dots(html)
        #expect(Set(dots.keys) == ["2", "3"])
        #expect(html.contains("1 place(s) without valid coordinates"))
        let start = try #require(html.range(of: "class=\"chart place-map\""))
        let end = try #require(html[start.upperBound...].range(of: "</svg>"))
        let map = String(html[start.lowerBound..<end.upperBound])
        #expect(!map.contains("nan") && !map.contains("inf"), "no invented numbers")
        // No places with coordinates: no map, the table still lists them.
        analysis.places = [Self.place(1, "Nowhere", latitude: .nan, longitude: 3)]
        let bare = try render(analysis)
        #expect(!bare.contains("place-map\""))
        #expect(bare.contains("<tr data-place=\"1\""))
    }

    @Test func manyPlacesStayDrawable() throws {
        var analysis = ReportFixtures.analysis()
        analysis.places = (0..<2000).map { Self.place($0 + 1, "P\($0)", latitude: Double($0 % 180) - 89.5, longitude: Double($0 % 360) - 179.5) }
        let svg = try #require(ArticlePage.placeMap(analysis.places!)).markup
        #expect(svg.components(separatedBy: "<g class=\"place\" data-place=").count == 2001)
    }

    @Test func dashboardShowsWhereStoriesHappen() throws {
        let directory = ReportFixtures.directory("places-dashboard")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let writer = try ReportWriter(directory: directory)
        try writer.add(ReportFixtures.analysis(id: "a"))
        try writer.add(ReportFixtures.analysis(id: "b", published: "2025-07-01"))
        var third = ReportFixtures.analysis(id: "c")
        third.places = [Self.place(5128581, "New York City", latitude: 40.71, longitude: -74.01, focus: true)]
        try writer.add(third)
        let page = writer.dashboard(entityFiles: [:])
        #expect(page.placeTotal == 4 && page.placesShown == 4 && page.placeArticles == 3)
        let top = try #require(page.topPlaces?.items)
        #expect(top.map(\.name).prefix(2) == ["Iran", "Geneva"], "ranked by articles where the story happens")
        #expect(top[0].focusArticles == 2 && top[0].articles == 2)
        let dots = Self.dots(try #require(page.placeMap))
        #expect(Set(dots.keys) == ["130758", "112931", "2660646", "5128581"])
        #expect(dots["130758"]!.r > dots["5128581"]!.r, "two articles' focus is larger than one's")
        #expect(dots["112931"]!.r < dots["5128581"]!.r, "a place never in focus is smallest")
        let html = try ReportTemplates().render(page, template: "dashboard")
        #expect(html.contains("Where the stories happen"))
        #expect(html.contains("<tr data-place=\"130758\">"))
    }
}
