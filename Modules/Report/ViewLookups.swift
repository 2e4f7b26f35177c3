import Mustache

// Template look-ups for the view types, answered by a switch instead of through reflection, which
// took most of a page's rendering time. `ReportTests.lookupsCoverEveryField` checks that every
// stored property of every view type is listed here.

extension ArticlePage: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "dashboard": self.dashboard
        case "title": self.title
        case "titleFromText": self.titleFromText
        case "fields": self.fields
        case "description": self.description
        case "headings": self.headings
        case "extraction": self.extraction
        case "text": self.text
        case "missingText": self.missingText
        case "legend": self.legend
        case "entityCount": self.entityCount
        case "entities": self.entities
        case "entitiesAbsent": self.entitiesAbsent
        case "quoteCount": self.quoteCount
        case "quotes": self.quotes
        case "quotesAbsent": self.quotesAbsent
        case "stanceCount": self.stanceCount
        case "stances": self.stances
        case "stancesAbsent": self.stancesAbsent
        case "sentimentChart": self.sentimentChart
        case "sentimentAbsent": self.sentimentAbsent
        case "timelineChart": self.timelineChart
        case "datedCount": self.datedCount
        case "timexes": self.timexes
        case "undated": self.undated
        case "timelineAbsent": self.timelineAbsent
        case "eventCount": self.eventCount
        case "datedEvents": self.datedEvents
        case "placeCount": self.placeCount
        case "focusCount": self.focusCount
        case "placesChart": self.placesChart
        case "places": self.places
        case "placesUnmapped": self.placesUnmapped
        case "placesAbsent": self.placesAbsent
        case "provenance": self.provenance
        case "failures": self.failures
        case "generator": self.generator
        default: nil
        }
    }
}

extension ArticlePage.PlaceRow: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "geonameId": self.geonameId
        case "written": self.written
        case "name": self.name
        case "link": self.link
        case "focus": self.focus
        case "kind": self.kind
        case "feature": self.feature
        case "country": self.country
        case "coordinates": self.coordinates
        case "confidence": self.confidence
        case "population": self.population
        case "mentions": self.mentions
        case "alternatives": self.alternatives
        default: nil
        }
    }
}

extension DashboardPage.PlaceItem: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "rank": self.rank
        case "geonameId": self.geonameId
        case "name": self.name
        case "country": self.country
        case "feature": self.feature
        case "coordinates": self.coordinates
        case "focusArticles": self.focusArticles
        case "articles": self.articles
        case "mentions": self.mentions
        default: nil
        }
    }
}

extension ArticlePage.Field: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "label": self.label
        case "value": self.value
        case "href": self.href
        default: nil
        }
    }
}

extension ArticlePage.Heading: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "text": self.text
        case "anchor": self.anchor
        default: nil
        }
    }
}

extension ArticlePage.LegendItem: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "typeClass": self.typeClass
        case "label": self.label
        case "name": self.name
        case "count": self.count
        default: nil
        }
    }
}

extension ArticlePage.EntityLink: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "name": self.name
        case "card": self.card
        case "entity": self.entity
        default: nil
        }
    }
}

extension ArticlePage.QuoteRow: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "id": self.id
        case "anchor": self.anchor
        case "kind": self.kind
        case "text": self.text
        case "speaker": self.speaker
        case "cue": self.cue
        default: nil
        }
    }
}

extension ArticlePage.StanceRow: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "id": self.id
        case "holder": self.holder
        case "cue": self.cue
        case "target": self.target
        case "cueText": self.cueText
        case "polarity": self.polarity
        case "strength": self.strength
        case "flags": self.flags
        case "evidence": self.evidence
        case "evidenceText": self.evidenceText
        case "conditionText": self.conditionText
        default: nil
        }
    }
}

extension ArticlePage.EntityCard: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "dom": self.dom
        case "id": self.id
        case "name": self.name
        case "type": self.type
        case "typeClass": self.typeClass
        case "label": self.label
        case "salience": self.salience
        case "mentionCount": self.mentionCount
        case "mentionKinds": self.mentionKinds
        case "aliases": self.aliases
        case "roles": self.roles
        case "related": self.related
        case "sentiment": self.sentiment
        case "cardQuotes": self.cardQuotes
        case "cardStances": self.cardStances
        case "mentionTexts": self.mentionTexts
        default: nil
        }
    }
}

extension ArticlePage.TimexRow: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "id": self.id
        case "text": self.text
        case "type": self.type
        case "value": self.value
        case "mod": self.mod
        case "resolvedAgainst": self.resolvedAgainst
        case "events": self.events
        default: nil
        }
    }
}

extension ArticlePage.ProvenanceRow: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "analyzer": self.analyzer
        case "version": self.version
        case "status": self.status
        case "ok": self.ok
        case "ms": self.ms
        case "attempts": self.attempts
        case "error": self.error
        default: nil
        }
    }
}

extension ArticleRow: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "title": self.title
        case "href": self.href
        case "published": self.published
        case "entities": self.entities
        case "quotes": self.quotes
        case "stances": self.stances
        case "problems": self.problems
        case "noText": self.noText
        default: nil
        }
    }
}

extension PagerLink: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "number": self.number
        case "href": self.href
        case "current": self.current
        default: nil
        }
    }
}

extension DashboardPage: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "generator": self.generator
        case "title": self.title
        case "stats": self.stats
        case "shownEntities": self.shownEntities
        case "totalEntities": self.totalEntities
        case "types": self.types
        case "entities": self.entities
        case "networks": self.networks
        case "networkEdges": self.networkEdges
        case "networkTotal": self.networkTotal
        case "series": self.series
        case "seriesUnit": self.seriesUnit
        case "undatedArticles": self.undatedArticles
        case "articles": self.articles
        case "articleCount": self.articleCount
        case "pager": self.pager
        case "failures": self.failures
        case "placeMap": self.placeMap
        case "topPlaces": self.topPlaces
        case "placeTotal": self.placeTotal
        case "placesShown": self.placesShown
        case "placeArticles": self.placeArticles
        default: nil
        }
    }
}

extension DashboardPage.Stat: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "label": self.label
        case "value": self.value
        default: nil
        }
    }
}

extension DashboardPage.EntityRow: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "rank": self.rank
        case "name": self.name
        case "type": self.type
        case "typeClass": self.typeClass
        case "label": self.label
        case "mentions": self.mentions
        case "articles": self.articles
        case "href": self.href
        case "search": self.search
        default: nil
        }
    }
}

extension DashboardPage.TypeOption: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "value": self.value
        case "label": self.label
        case "count": self.count
        default: nil
        }
    }
}

extension DashboardPage.Series: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "key": self.key
        case "name": self.name
        case "chart": self.chart
        case "hidden": self.hidden
        default: nil
        }
    }
}

extension DashboardPage.Network: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "key": self.key
        case "edges": self.edges
        case "chart": self.chart
        case "hidden": self.hidden
        default: nil
        }
    }
}

extension DashboardPage.Failure: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "source": self.source
        case "message": self.message
        default: nil
        }
    }
}

extension EntityPage: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "generator": self.generator
        case "name": self.name
        case "type": self.type
        case "typeClass": self.typeClass
        case "label": self.label
        case "mentions": self.mentions
        case "articleCount": self.articleCount
        case "aliases": self.aliases
        case "chart": self.chart
        case "quoteTotal": self.quoteTotal
        case "quotes": self.quotes
        case "quotesMore": self.quotesMore
        case "heldTotal": self.heldTotal
        case "held": self.held
        case "heldMore": self.heldMore
        case "aboutTotal": self.aboutTotal
        case "about": self.about
        case "aboutMore": self.aboutMore
        case "articles": self.articles
        case "articlesMore": self.articlesMore
        default: nil
        }
    }
}

extension EntityPage.QuoteItem: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "text": self.text
        case "kind": self.kind
        case "article": self.article
        case "href": self.href
        case "published": self.published
        default: nil
        }
    }
}

extension EntityPage.StanceItem: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "holder": self.holder
        case "cue": self.cue
        case "target": self.target
        case "polarity": self.polarity
        case "flags": self.flags
        case "evidence": self.evidence
        case "article": self.article
        case "href": self.href
        case "published": self.published
        default: nil
        }
    }
}

extension ListPage: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "generator": self.generator
        case "number": self.number
        case "pages": self.pages
        case "first": self.first
        case "last": self.last
        case "total": self.total
        case "articles": self.articles
        case "pager": self.pager
        default: nil
        }
    }
}
