import Mustache

// Template look-ups for the view types, answered by a switch instead of through reflection, which
// took most of a page's rendering time. `ReportTests.lookupsCoverEveryField` checks that every
// stored property of every view type is listed here.

extension ArticlePage: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "root": root
        case "dashboard": dashboard
        case "title": title
        case "titleFromText": titleFromText
        case "fields": fields
        case "description": description
        case "headings": headings
        case "extraction": extraction
        case "text": text
        case "missingText": missingText
        case "legend": legend
        case "entityCount": entityCount
        case "entities": entities
        case "entitiesAbsent": entitiesAbsent
        case "quoteCount": quoteCount
        case "quotes": quotes
        case "quotesAbsent": quotesAbsent
        case "stanceCount": stanceCount
        case "stances": stances
        case "stancesAbsent": stancesAbsent
        case "sentimentChart": sentimentChart
        case "sentimentAbsent": sentimentAbsent
        case "timelineChart": timelineChart
        case "datedCount": datedCount
        case "timexes": timexes
        case "undated": undated
        case "timelineAbsent": timelineAbsent
        case "eventCount": eventCount
        case "datedEvents": datedEvents
        case "provenance": provenance
        case "failures": failures
        case "generator": generator
        default: nil
        }
    }
}

extension ArticlePage.Field: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "label": label
        case "value": value
        case "href": href
        default: nil
        }
    }
}

extension ArticlePage.Heading: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "text": text
        case "anchor": anchor
        default: nil
        }
    }
}

extension ArticlePage.LegendItem: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "typeClass": typeClass
        case "label": label
        case "name": name
        case "count": count
        default: nil
        }
    }
}

extension ArticlePage.EntityLink: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "name": name
        case "card": card
        case "entity": entity
        default: nil
        }
    }
}

extension ArticlePage.QuoteRow: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "id": id
        case "anchor": anchor
        case "kind": kind
        case "text": text
        case "speaker": speaker
        case "cue": cue
        default: nil
        }
    }
}

extension ArticlePage.StanceRow: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "id": id
        case "holder": holder
        case "cue": cue
        case "target": target
        case "cueText": cueText
        case "polarity": polarity
        case "strength": strength
        case "flags": flags
        case "evidence": evidence
        case "evidenceText": evidenceText
        case "conditionText": conditionText
        default: nil
        }
    }
}

extension ArticlePage.EntityCard: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "dom": dom
        case "id": id
        case "name": name
        case "type": type
        case "typeClass": typeClass
        case "label": label
        case "salience": salience
        case "mentionCount": mentionCount
        case "mentionKinds": mentionKinds
        case "aliases": aliases
        case "roles": roles
        case "related": related
        case "sentiment": sentiment
        case "cardQuotes": cardQuotes
        case "cardStances": cardStances
        case "mentionTexts": mentionTexts
        default: nil
        }
    }
}

extension ArticlePage.TimexRow: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "id": id
        case "text": text
        case "type": type
        case "value": value
        case "mod": mod
        case "resolvedAgainst": resolvedAgainst
        case "anchor": anchor
        case "events": events
        default: nil
        }
    }
}

extension ArticlePage.ProvenanceRow: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "analyzer": analyzer
        case "version": version
        case "status": status
        case "ok": ok
        case "ms": ms
        case "attempts": attempts
        case "error": error
        default: nil
        }
    }
}

extension ArticleRow: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "title": title
        case "href": href
        case "published": published
        case "entities": entities
        case "quotes": quotes
        case "stances": stances
        case "problems": problems
        case "noText": noText
        default: nil
        }
    }
}

extension PagerLink: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "number": number
        case "href": href
        case "current": current
        default: nil
        }
    }
}

extension DashboardPage: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "generator": generator
        case "title": title
        case "stats": stats
        case "shownEntities": shownEntities
        case "totalEntities": totalEntities
        case "types": types
        case "entities": entities
        case "networks": networks
        case "networkEdges": networkEdges
        case "networkTotal": networkTotal
        case "series": series
        case "seriesUnit": seriesUnit
        case "undatedArticles": undatedArticles
        case "articles": articles
        case "articleCount": articleCount
        case "pager": pager
        case "failures": failures
        default: nil
        }
    }
}

extension DashboardPage.Stat: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "label": label
        case "value": value
        default: nil
        }
    }
}

extension DashboardPage.EntityRow: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "rank": rank
        case "name": name
        case "type": type
        case "typeClass": typeClass
        case "label": label
        case "mentions": mentions
        case "articles": articles
        case "href": href
        case "search": search
        default: nil
        }
    }
}

extension DashboardPage.TypeOption: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "value": value
        case "label": label
        case "count": count
        default: nil
        }
    }
}

extension DashboardPage.Series: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "key": key
        case "name": name
        case "chart": chart
        case "hidden": hidden
        default: nil
        }
    }
}

extension DashboardPage.Network: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "key": key
        case "edges": edges
        case "chart": chart
        case "hidden": hidden
        default: nil
        }
    }
}

extension DashboardPage.Failure: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "source": source
        case "message": message
        default: nil
        }
    }
}

extension EntityPage: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "generator": generator
        case "name": name
        case "type": type
        case "typeClass": typeClass
        case "label": label
        case "mentions": mentions
        case "articleCount": articleCount
        case "aliases": aliases
        case "chart": chart
        case "quoteTotal": quoteTotal
        case "quotes": quotes
        case "quotesMore": quotesMore
        case "heldTotal": heldTotal
        case "held": held
        case "heldMore": heldMore
        case "aboutTotal": aboutTotal
        case "about": about
        case "aboutMore": aboutMore
        case "articles": articles
        case "articlesMore": articlesMore
        default: nil
        }
    }
}

extension EntityPage.QuoteItem: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "text": text
        case "kind": kind
        case "article": article
        case "href": href
        case "published": published
        default: nil
        }
    }
}

extension EntityPage.StanceItem: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "holder": holder
        case "cue": cue
        case "target": target
        case "polarity": polarity
        case "flags": flags
        case "evidence": evidence
        case "article": article
        case "href": href
        case "published": published
        default: nil
        }
    }
}

extension ListPage: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "generator": generator
        case "number": number
        case "pages": pages
        case "first": first
        case "last": last
        case "total": total
        case "articles": articles
        case "pager": pager
        default: nil
        }
    }
}
