import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// What the official TempEval-3 toolkit refuses in a TimeML file, checked with a real XML parser
/// (Foundation's, not byline's own reader): a file that is not well-formed XML, an id defined
/// twice, or a reference (`eventID`, `eventInstanceID`, `relatedToTime`, …) to an id the same file
/// does not define.
enum TimeMLValidity {
    /// Attributes that define an id, by the id's kind.
    static let definitions: Set<String> = ["tid", "eid", "eiid", "sid", "lid"]
    /// Attributes that refer to an id defined elsewhere in the file.
    static let references: Set<String> = [
        "eventID", "eventInstanceID", "relatedToTime", "relatedToEventInstance", "timeID",
        "subordinatedEventInstance", "signalID", "anchorTimeID", "beginPoint", "endPoint", "tagID",
    ]

    /// Everything wrong with `xml`; empty when the file is valid.
    static func problems(_ xml: String) -> [String] {
        let collector = Collector()
        let parser = XMLParser(data: Data(xml.utf8))
        parser.delegate = collector
        guard parser.parse() else {
            return ["not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "unknown error")"]
        }
        var problems = collector.duplicates.map { "id \($0) is defined twice" }
        for (element, attribute, id) in collector.references where !collector.defined.contains(id) {
            problems.append("<\(element) \(attribute)=\"\(id)\"> refers to an id the file does not define")
        }
        return problems
    }

    private final class Collector: NSObject, XMLParserDelegate {
        var defined: Set<String> = []
        var duplicates: [String] = []
        var references: [(String, String, String)] = []

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            for (name, value) in attributes.sorted(by: { $0.key < $1.key }) {
                if TimeMLValidity.definitions.contains(name), !defined.insert(value).inserted { duplicates.append(value) }
                if TimeMLValidity.references.contains(name) { references.append((elementName, name, value)) }
            }
        }
    }
}
