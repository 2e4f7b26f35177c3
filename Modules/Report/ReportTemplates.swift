import Foundation
import Mustache

/// The report's mustache templates, loaded once from the module's resources.
///
/// Every value reaches a page through `{{ }}`, which HTML-escapes `& < > " '`; the only raw
/// output (`{{{ }}}`) is SVG that ``SVGNode`` generated and escaped itself. Styles and scripts are
/// partials: static text of ours, never data.
struct ReportTemplates: Sendable {
    static let names = [
        "article", "dashboard", "entity", "list", "article-table", "stance-table", "style", "article-script", "dashboard-script",
    ]

    let library: MustacheLibrary

    /// Loads the templates from `directory`, or from where SwiftPM put the module's resources.
    init(directory: URL? = nil) throws(ReportError) {
        guard let directory = directory ?? Self.resourceDirectory() else {
            throw ReportError("the report templates are missing: no Byline_Report.resources/Templates beside the executable "
                + "and no resource bundle; set BYLINE_REPORT_TEMPLATES to the Templates directory")
        }
        Self.registerEscaping
        var library = MustacheLibrary()
        for name in Self.names {
            let file = directory.appendingPathComponent("\(name).mustache")
            do {
                let text = try String(contentsOf: file, encoding: .utf8)
                library.register(try MustacheTemplate(string: text), named: name)
            } catch {
                throw ReportError("cannot load the report template \(file.path): \(error)")
            }
        }
        self.library = library
    }

    /// The content type the page templates name in their `{{% CONTENT_TYPE: BylineHTML }}` pragma:
    /// the same escaping as mustache's HTML type (`& < > " '`), over UTF-8 bytes instead of a
    /// dictionary look-up per character, which was a seventh of a page's rendering time.
    struct HTMLEscaping: MustacheContentType {
        func escapeText(_ text: String) -> String { Markup.escape(text) }
    }

    /// Registers ``HTMLEscaping`` once, before any template is parsed.
    static let registerEscaping: Void = MustacheContentTypes.register(HTMLEscaping(), named: "BylineHTML")

    /// `BYLINE_REPORT_TEMPLATES`, else the resource bundle beside the executable, else the module's bundle.
    static func resourceDirectory() -> URL? {
        let fileManager = FileManager.default
        if let path = ProcessInfo.processInfo.environment["BYLINE_REPORT_TEMPLATES"], !path.isEmpty {
            return URL(fileURLWithPath: path, isDirectory: true)
        }
        let beside = Bundle.main.bundleURL.appendingPathComponent("Byline_Report.resources/Templates", isDirectory: true)
        if fileManager.fileExists(atPath: beside.appendingPathComponent("article.mustache").path) { return beside }
        // Bundle.module stops the process when its bundle is gone; look for it first.
        let candidates = [Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent()]
            + Bundle.allBundles.map(\.bundleURL).map { $0.deletingLastPathComponent() }
        for base in candidates {
            let url = base.appendingPathComponent("Byline_Report.resources/Templates", isDirectory: true)
            if fileManager.fileExists(atPath: url.appendingPathComponent("article.mustache").path) { return url }
        }
        return Bundle.module.url(forResource: "Templates", withExtension: nil)
    }

    /// Renders `view` with the template `name`.
    func render(_ view: Any, template name: String) -> String {
        library.render(view, withTemplate: name) ?? ""
    }
}

/// A problem that stops a report: what went wrong, in words for the user.
public struct ReportError: Error, CustomStringConvertible, Sendable {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
