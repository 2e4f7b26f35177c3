extension AnalyzerOutput {
    /// Everything wrong with this output for an article of `textLength` scalars from an analyzer
    /// that declared `declared`; empty when the output may be merged.
    ///
    /// Checks: exactly the declared sections are present; every span is well formed and inside the
    /// text; ids are non-empty and unique within their section; scores are finite and in range;
    /// extension JSON nests at most 64 deep. At most `limit` problems are reported.
    public func validationProblems(textLength: Int, declared: Set<Section>, limit: Int = 20) -> [String] {
        var problems: [String] = []
        func report(_ problem: @autoclosure () -> String) {
            if problems.count < limit { problems.append(problem()) }
        }
        let present = presentSections
        for section in declared.subtracting(present).sorted() {
            report("declared section '\(section.rawValue)' is missing")
        }
        for section in present.subtracting(declared).sorted() {
            report("section '\(section.rawValue)' was not declared")
        }
        func check(_ span: Span, _ place: @autoclosure () -> String) {
            if !span.isValid(inTextOfLength: textLength) {
                report("\(place()): span \(span) is outside the text of \(textLength) scalars")
            }
        }
        func check(_ ref: ActorRef?, _ place: @autoclosure () -> String) {
            if let span = ref?.span { check(span, place()) }
        }
        func check(_ cue: Cue?, _ place: @autoclosure () -> String) {
            if let cue { check(cue.span, place()) }
        }
        func checkIDs(_ ids: [String], _ section: String) {
            var seen: Set<String> = []
            for id in ids {
                if id.isEmpty { report("\(section): empty id") }
                if !seen.insert(id).inserted { report("\(section): duplicate id '\(id)'") }
            }
        }
        func checkUnit(_ value: Double, _ range: ClosedRange<Double>, _ place: @autoclosure () -> String) {
            if !value.isFinite || !range.contains(value) { report("\(place()): \(value) is not in \(range)") }
        }

        if let structure {
            if let title = structure.title { check(title, "structure.title") }
            if let dateline = structure.dateline { check(dateline.span, "structure.dateline") }
            for span in structure.headings { check(span, "structure.headings") }
            for span in structure.paragraphs { check(span, "structure.paragraphs") }
            for span in structure.sentences { check(span, "structure.sentences") }
            if structure.tokenCount < 0 { report("structure.tokenCount is negative") }
        }
        if let entities {
            checkIDs(entities.map(\.id), "entities")
            let ids = Set(entities.map(\.id))
            for entity in entities {
                if let related = entity.relatedEntityId, !ids.contains(related) {
                    report("entities[\(entity.id)].relatedEntityId '\(related)' is not an entity of this output")
                }
                if entity.name.isEmpty { report("entities[\(entity.id)]: empty name") }
                checkUnit(entity.salience, 0...1, "entities[\(entity.id)].salience")
                for mention in entity.mentions { check(mention.span, "entities[\(entity.id)].mentions") }
                for role in entity.roles { if let span = role.span { check(span, "entities[\(entity.id)].roles") } }
            }
        }
        if let quotes {
            checkIDs(quotes.map(\.id), "quotes")
            for quote in quotes {
                check(quote.span, "quotes[\(quote.id)]")
                check(quote.cue, "quotes[\(quote.id)].cue")
                check(quote.speaker, "quotes[\(quote.id)].speaker")
            }
        }
        if let stances {
            checkIDs(stances.map(\.id), "stances")
            for stance in stances {
                check(stance.holder, "stances[\(stance.id)].holder")
                check(stance.target, "stances[\(stance.id)].target")
                check(stance.cue, "stances[\(stance.id)].cue")
                check(stance.evidence, "stances[\(stance.id)].evidence")
                if let condition = stance.condition { check(condition, "stances[\(stance.id)].condition") }
                checkUnit(stance.strength, 0...1, "stances[\(stance.id)].strength")
            }
        }
        if let sentiment {
            for (index, target) in sentiment.enumerated() {
                check(target.span, "sentiment[\(index)]")
                checkUnit(target.score, -1...1, "sentiment[\(index)].score")
            }
        }
        if let timexes {
            checkIDs(timexes.map(\.id), "timexes")
            for timex in timexes {
                check(timex.span, "timexes[\(timex.id)]")
                if timex.value.isEmpty { report("timexes[\(timex.id)]: empty value") }
            }
        }
        if let timeline {
            checkIDs(timeline.map(\.id), "timeline")
            for event in timeline {
                check(event.trigger.span, "timeline[\(event.id)].trigger")
                for participant in event.participants { check(participant, "timeline[\(event.id)].participants") }
            }
        }
        if let places {
            checkIDs(places.map(\.id), "places")
            for place in places {
                for span in place.mentions { check(span, "places[\(place.id)].mentions") }
                for reading in [place.reading] + place.alternatives {
                    checkUnit(reading.confidence, 0...1, "places[\(place.id)].confidence")
                    checkUnit(reading.latitude, -90...90, "places[\(place.id)].latitude")
                    checkUnit(reading.longitude, -180...180, "places[\(place.id)].longitude")
                    if reading.population < 0 { report("places[\(place.id)]: negative population") }
                }
                if place.alternatives.count > 2 { report("places[\(place.id)]: more than two alternatives") }
            }
        }
        if let `extension`, `extension`.depth > 64 {
            report("extension JSON nests deeper than 64 levels")
        }
        return problems
    }
}
