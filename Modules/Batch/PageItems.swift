public import ArticleModel
import Foundation
import Ingest
import Synchronization

/// An input on its way to becoming an ``InputItem``: ready, or a page still to be extracted.
typealias PendingItem = Pending<InputItem>

/// Pages become articles here: files and archive records are read in order on the caller's thread,
/// and their extraction runs on every core, a bounded number of pages ahead.
typealias PageLookahead = OrderedLookahead<InputItem>

extension Pending {
    /// The item, running its work on the caller's thread if it is still to be done.
    func resolved() -> Item {
        switch self {
        case .ready(let item): item
        case .job(_, let work): work()
        }
    }
}

/// Making items out of pages.
enum PageItems {
    /// The article id of an HTML file: its name without `.html`, `.htm`, `.xhtml` (or their `.gz`).
    static func baseName(_ path: String) -> String {
        var name = URL(fileURLWithPath: path).lastPathComponent
        for suffix in [".gz", ".html", ".htm", ".xhtml", ".shtml", ".warc", ".arc"] where name.lowercased().hasSuffix(suffix) {
            name.removeLast(suffix.count)
        }
        return name.isEmpty ? "page" : name
    }

    /// An HTML file (gzipped or not) to extract.
    static func htmlFile(_ path: String, data: [UInt8], source: String, published: String?) -> PendingItem {
        article(PageInputs.htmlFile(data, source: source), id: { _ in baseName(path) }, published: published)
    }

    /// The pages of a web archive, one pending item per response record (and per unreadable
    /// record); other record types are counted in `skipped`.
    static func archive(_ path: String, published: String?, skipped: SkippedRecords) -> AnyIterator<PendingItem> {
        let base = baseName(path)
        let pages = PageInputs.archive(path) { skipped.add($0) }
        return AnyIterator {
            pages.next().map { pending in
                article(pending, id: { source in "\(base)#\(source.split(separator: "#").last.map(String.init) ?? "0")" }, published: published)
            }
        }
    }

    /// A pending page as a pending item: the page's article under the id `id(source)`, or its failure.
    static func article(
        _ pending: Pending<PageResult>, id: @escaping @Sendable (String) -> String, published: String?,
        overrides: (@Sendable (inout Article) -> Void)? = nil
    ) -> PendingItem {
        @Sendable func item(_ result: PageResult) -> InputItem {
            switch result.outcome {
            case .success(let page):
                var article = page.article(id: id(result.source), published: published)
                overrides?(&article)
                return InputItem(source: result.source, article: .success(article), contentHash: result.contentHash)
            case .failure(let error):
                return InputItem(source: result.source, article: .failure(InputError(error.description)), contentHash: result.contentHash)
            }
        }
        switch pending {
        case .ready(let result): return .ready(item(result))
        case .job(let bytes, let work): return .job(bytes: bytes) { item(work()) }
        }
    }
}
