public import ArticleModel
public import Foundation
import EntitiesAnalyzer
#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The resolver's toponym, named apart from the corpus's own `LGLCorpus.Toponym`.
public typealias ResolverToponym = Toponym

/// A toponym corpus in the LGL layout (Lieberman et al. 2010, as the Pragmatic Guide to
/// Geoparsing Evaluation distributes it): `<article docid>` elements with a `<text>` and
/// `<toponym>`s, each with `<start>`, `<end>` (character offsets into the text) and, when the
/// annotators resolved it, a `<gaztag geonameid>` holding `<lat>` and `<lon>`.
public struct LGLCorpus: Sendable {
    public struct Toponym: Hashable, Sendable {
        public var span: Span
        public var phrase: String
        /// GeoNames id and coordinates, when the toponym was resolved.
        public var geonameId: String?
        public var latitude: Double?
        public var longitude: Double?
    }

    public struct Article: Hashable, Sendable {
        public var id: String
        public var title: String?
        public var url: String?
        public var text: String
        public var toponyms: [Toponym]

        /// The gold toponyms as the resolver takes them (what `byline eval geo --gold-spans`
        /// resolves): one toponym per name, with every span written that way, in order of first
        /// mention; a nationality word (`Iranian`) is a nationality.
        public var resolverToponyms: [ResolverToponym] {
            var byKey: [String: Int] = [:]
            var result: [ResolverToponym] = []
            for gold in toponyms {
                let key = NameKey.key(gold.phrase)
                if let index = byKey[key] {
                    result[index].spans.append(gold.span)
                } else {
                    byKey[key] = result.count
                    result.append(ResolverToponym(
                        names: [gold.phrase], spans: [gold.span], kind: Demonyms.isNORP(gold.phrase) ? .nationality : .location))
                }
            }
            return result
        }
    }

    public var articles: [Article]

    /// A problem reading the file: which article, and what.
    public struct ReadError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Parses `data`; throws on XML that does not parse or on a toponym outside its text.
    public init(data: Data) throws {
        let delegate = Reader()
        let parser = XMLParser(data: data)
        parser.delegate = delegate
        guard parser.parse() else {
            throw ReadError(description: "not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "unknown error") at line \(parser.lineNumber)")
        }
        if let problem = delegate.problem { throw ReadError(description: problem) }
        if let open = delegate.path.last { throw ReadError(description: "the XML ends inside <\(open)>") }
        articles = delegate.articles
    }

    final class Reader: NSObject, XMLParserDelegate {
        var articles: [Article] = []
        var article: Article?
        var toponym: Toponym?
        var path: [String] = []
        var characters = ""
        var problem: String?

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            path.append(name)
            characters = ""
            switch name {
            case "article": article = Article(id: attributes["docid"] ?? String(articles.count), text: "", toponyms: [])
            case "toponym": toponym = Toponym(span: Span(0, 0), phrase: "")
            case "gaztag": toponym?.geonameId = attributes["geonameid"]
            default: break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { characters += string }

        func parser(_ parser: XMLParser, foundCDATA block: Data) { characters += String(decoding: block, as: UTF8.self) }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            defer { path.removeLast() }
            let value = characters.trimmingCharacters(in: .whitespacesAndNewlines)
            let parent = path.dropLast().last
            switch (name, parent) {
            case ("text", "article"): article?.text = characters
            case ("title", "article"): article?.title = value
            case ("url", "article"): article?.url = value
            case ("start", "toponym"): toponym?.span.start = Int(value) ?? -1
            case ("end", "toponym"): toponym?.span.end = Int(value) ?? -1
            case ("phrase", "toponym"): toponym?.phrase = value
            case ("lat", "gaztag"): toponym?.latitude = Double(value)
            case ("lon", "gaztag"): toponym?.longitude = Double(value)
            case ("toponym", _):
                if let toponym, var current = article {
                    let length = current.text.unicodeScalars.count
                    if toponym.span.isValid(inTextOfLength: length) && !toponym.span.isEmpty {
                        current.toponyms.append(toponym)
                        article = current
                    } else if problem == nil {
                        problem = "article \(current.id): toponym \(toponym.phrase) at \(toponym.span) lies outside its text"
                    }
                }
                toponym = nil
            case ("article", _):
                if let article { articles.append(article) }
                article = nil
            default: break
            }
            characters = ""
        }
    }
}
