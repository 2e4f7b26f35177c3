import Foundation
import JobThreads
import Synchronization

/// Scores extraction on the development sets of `../shared/data/html`: trafilatura's evaluation set
/// (snippets that must and must not appear in the text, plus title, author and date) and htmldate's
/// MediaCloud pages (publication dates).
///
/// Both layouts are a directory with `evaldata.json` (keyed by URL, each entry naming its `file`)
/// and `pages/FILE.gz`. Pages are extracted on every core; the figures do not depend on the order.
public enum HTMLEvaluation {
    /// One gold entry and what extraction made of its page.
    public struct Case: Sendable {
        public var url: String
        public var file: String
        public var with: [String]
        public var without: [String]
        public var title: String?
        public var author: String?
        public var date: String?
        public var result: Result<ExtractedPage, IngestError>?
    }

    public struct Figures: Sendable {
        public var pages = 0
        public var failed = 0
        public var withFound = 0
        public var withTotal = 0
        public var withoutAbsent = 0
        public var withoutTotal = 0
        public var titleRight = 0
        public var titleTotal = 0
        public var authorRight = 0
        public var authorTotal = 0
        /// Pages whose gold says there is no author but extraction named one.
        public var authorInvented = 0
        public var authorNone = 0
        public var dateRight = 0
        public var dateWrong = 0
        public var dateMissing = 0
        public var dateTotal = 0
        /// Pages whose gold has no date but extraction gave one.
        public var dateInvented = 0
        public var dateNone = 0
        public var seconds = 0.0

        /// Snippet recall: the share of `with` snippets found in the text.
        public var recall: Double { ratio(withFound, withTotal) }
        /// Snippet precision as the data's README defines it: the share of `without` snippets absent.
        public var precision: Double { ratio(withoutAbsent, withoutTotal) }
        public var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }
        /// trafilatura's own definition: found `with` over found `with` plus present `without`.
        public var precisionTP: Double { ratio(withFound, withFound + (withoutTotal - withoutAbsent)) }
        public var f1TP: Double { precisionTP + recall == 0 ? 0 : 2 * precisionTP * recall / (precisionTP + recall) }
        /// Precision over the dates given; recall over every page with a gold date (so a wrong date
        /// counts against both, and recall equals accuracy).
        public var datePrecision: Double { ratio(dateRight, dateRight + dateWrong) }
        public var dateRecall: Double { ratio(dateRight, dateTotal) }
        public var dateF1: Double { datePrecision + dateRecall == 0 ? 0 : 2 * datePrecision * dateRecall / (datePrecision + dateRecall) }
        /// htmldate's own definition (its `tests/comparison.py`): recall over the pages with a gold
        /// date that got no date at all, right / (right + missing); a wrong date counts against precision only.
        public var htmldateRecall: Double { ratio(dateRight, dateRight + dateMissing) }
        public var htmldateF1: Double {
            datePrecision + htmldateRecall == 0 ? 0 : 2 * datePrecision * htmldateRecall / (datePrecision + htmldateRecall)
        }

        private func ratio(_ a: Int, _ b: Int) -> Double { b == 0 ? 0 : Double(a) / Double(b) }
    }

    /// Reads the gold entries of a directory laid out as above.
    public static func cases(in directory: String) throws(IngestError) -> [Case] {
        let path = (directory as NSString).appendingPathComponent("evaldata.json")
        // htmldate's file writes a missing date as NaN, which JSON does not have.
        guard let raw = FileManager.default.contents(atPath: path),
            case let data = Data(String(decoding: raw, as: UTF8.self).replacingOccurrences(of: ": NaN", with: ": null").utf8),
            let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { throw IngestError("\(path): missing or not a JSON object") }
        func string(_ value: Any?) -> String? {
            if let text = value as? String { return text }
            if let list = value as? [Any] { return list.compactMap { $0 as? String }.joined(separator: "; ") }
            return nil
        }
        return json.keys.sorted().compactMap { url in
            guard let entry = json[url] as? [String: Any], let file = entry["file"] as? String else { return nil }
            return Case(
                url: url, file: file, with: entry["with"] as? [String] ?? [], without: entry["without"] as? [String] ?? [],
                title: string(entry["title"]), author: string(entry["author"]), date: string(entry["date"]))
        }
    }

    /// The page bytes of a case: `pages/FILE.gz` inflated, or `pages/FILE`.
    static func pageBytes(_ directory: String, _ file: String) -> [UInt8]? {
        let pages = (directory as NSString).appendingPathComponent("pages")
        let gz = (pages as NSString).appendingPathComponent(file + ".gz")
        if let data = FileManager.default.contents(atPath: gz) {
            return Inflater.inflateAll([UInt8](data)[...], format: .gzipOrZlib, limit: 256 << 20)?.bytes
        }
        return FileManager.default.contents(atPath: (pages as NSString).appendingPathComponent(file)).map { [UInt8]($0) }
    }

    /// Extracts every case's page (on all cores) and scores them.
    public static func run(_ directory: String) throws(IngestError) -> (cases: [Case], figures: Figures) {
        var cases = try cases(in: directory)
        let inputs = cases.map { pageBytes(directory, $0.file) }
        let results = Mutex([Result<ExtractedPage, IngestError>?](repeating: nil, count: cases.count))
        let started = Date()
        let urls = cases.map(\.url)
        let files = cases.map(\.file)
        DispatchQueue.concurrentPerform(iterations: cases.count) { index in
            let result: Result<ExtractedPage, IngestError>
            if let bytes = inputs[index] {
                result = Result { () throws(IngestError) in try PageExtractor.extract(bytes, context: .init(source: files[index], url: urls[index])) }
            } else {
                result = .failure(IngestError("page file missing"))
            }
            results.withLock { $0[index] = result }
        }
        let seconds = Date().timeIntervalSince(started)
        var figures = Figures()
        for index in cases.indices {
            cases[index].result = results.withLock { $0[index] }
            score(cases[index], into: &figures)
        }
        figures.seconds = seconds
        return (cases, figures)
    }

    /// Scores another extractor's output on the same gold: `results` holds one JSON object per line,
    /// `{"file", "text", "title"?, "author"?, "date"?}` (`tools/peer-trafilatura --extract` writes this),
    /// matched to the cases by file name.
    public static func score(other results: String, directory: String) throws(IngestError) -> Figures {
        var byFile: [String: ExtractedPage] = [:]
        for line in results.split(separator: "\n") {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let path = object["file"] as? String
            else { continue }
            var name = (path as NSString).lastPathComponent
            if name.hasSuffix(".gz") { name.removeLast(3) }
            let author = object["author"] as? String
            byFile[name] = ExtractedPage(
                source: path, url: nil, title: object["title"] as? String,
                authors: author.map { HTMLEvaluation.authorKey($0).sorted() } ?? [], publishedAt: object["date"] as? String,
                modifiedAt: nil, language: nil, siteName: nil, description: nil, text: object["text"] as? String ?? "", extraction: [:])
        }
        var figures = Figures()
        for var item in try cases(in: directory) {
            item.result = byFile[item.file].map { .success($0) } ?? .failure(IngestError("no output"))
            score(item, into: &figures)
        }
        return figures
    }

    static func score(_ item: Case, into figures: inout Figures) {
        figures.pages += 1
        let page: ExtractedPage?
        switch item.result {
        case .success(let extracted): page = extracted
        case .failure(let error):
            // A page without article text still counts for its title, authors and date.
            page = error.metadata
            figures.failed += 1
        case nil:
            page = nil
            figures.failed += 1
        }
        let text = Whitespace.normalise(page?.text ?? "")
        for snippet in item.with {
            figures.withTotal += 1
            if contains(text, snippet) { figures.withFound += 1 }
        }
        for snippet in item.without {
            figures.withoutTotal += 1
            if !contains(text, snippet) { figures.withoutAbsent += 1 }
        }
        if let title = item.title, !title.isEmpty {
            figures.titleTotal += 1
            if let found = page?.title, Whitespace.normalise(found) == Whitespace.normalise(title) { figures.titleRight += 1 }
        }
        if let author = item.author {
            if author.isEmpty {
                figures.authorNone += 1
                if page?.authors.isEmpty == false { figures.authorInvented += 1 }
            } else {
                figures.authorTotal += 1
                if let page, authorKey(page.authors.joined(separator: "; ")) == authorKey(author) { figures.authorRight += 1 }
            }
        }
        if let date = item.date {
            if date.isEmpty {
                figures.dateNone += 1
                if page?.publishedAt != nil { figures.dateInvented += 1 }
            } else {
                figures.dateTotal += 1
                if let found = page?.publishedAt {
                    if found.hasPrefix(date) { figures.dateRight += 1 } else { figures.dateWrong += 1 }
                } else {
                    figures.dateMissing += 1
                }
            }
        }
    }

    /// Whether `snippet` appears in `text`, white space collapsed in both.
    static func contains(_ text: String, _ snippet: String) -> Bool {
        let needle = Whitespace.normalise(snippet)
        return needle.isEmpty || text.contains(needle)
    }

    /// Authors as a set of names, whatever separated them.
    static func authorKey(_ authors: String) -> Set<String> {
        var parts = [authors]
        for separator in [";", ",", " und ", " and ", " & "] { parts = parts.flatMap { $0.components(separatedBy: separator) } }
        return Set(parts.map { Whitespace.normalise($0).lowercased() }.filter { !$0.isEmpty })
    }

    /// The figures as the lines `byline eval html` prints.
    public static func report(_ figures: Figures, directory: String) -> [String] {
        func pct(_ value: Double) -> String { String(format: "%.3f", value) }
        var lines = ["\(directory): \(figures.pages) pages, \(figures.failed) not extracted, "
            + String(format: "%.1f s on %d cores (%.0f pages/s)", figures.seconds, Cores.available, Double(figures.pages) / max(figures.seconds, 1e-9))]
        if figures.withTotal + figures.withoutTotal > 0 {
            lines.append("text snippets: precision \(pct(figures.precision)) (without absent \(figures.withoutAbsent)/\(figures.withoutTotal)), "
                + "recall \(pct(figures.recall)) (with found \(figures.withFound)/\(figures.withTotal)), F1 \(pct(figures.f1))")
            lines.append("  trafilatura's definition (precision = with found / (with found + without present)): precision \(pct(figures.precisionTP)), F1 \(pct(figures.f1TP))")
        }
        if figures.titleTotal > 0 {
            lines.append("title: \(pct(Double(figures.titleRight) / Double(figures.titleTotal))) exact (\(figures.titleRight)/\(figures.titleTotal))")
        }
        if figures.authorTotal + figures.authorNone > 0 {
            lines.append("author: \(pct(Double(figures.authorRight) / Double(max(1, figures.authorTotal)))) exact (\(figures.authorRight)/\(figures.authorTotal)); "
                + "named where the gold has none: \(figures.authorInvented)/\(figures.authorNone)")
        }
        if figures.dateTotal + figures.dateNone > 0 {
            lines.append("date: accuracy \(pct(Double(figures.dateRight) / Double(max(1, figures.dateTotal)))) (\(figures.dateRight)/\(figures.dateTotal)), "
                + "precision \(pct(figures.datePrecision)), recall \(pct(figures.dateRecall)), F1 \(pct(figures.dateF1)); "
                + "wrong \(figures.dateWrong), none \(figures.dateMissing); given where the gold has none: \(figures.dateInvented)/\(figures.dateNone)")
            lines.append("  htmldate's definition (recall = right / (right + none)): precision \(pct(figures.datePrecision)), "
                + "recall \(pct(figures.htmldateRecall)), F \(pct(figures.htmldateF1))")
        }
        return lines
    }
}
