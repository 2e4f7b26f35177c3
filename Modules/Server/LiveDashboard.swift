import ArticleModel
import Batch
import Foundation
import Hummingbird
import NIOCore
import Report
import Synchronization

/// The report's dashboard and article pages for what the results store holds, kept current: when
/// the store has records the pages do not show yet, a request starts a rebuild in the background (at
/// most once every ``minimumInterval``) and gets the pages as they are meanwhile; only the very
/// first report is waited for. Pages are written into a fresh directory and switched in whole, so a
/// reader never sees half a report.
final class LiveDashboard: Sendable {
    let store: ResultsStore
    /// Where generations of the report are written (one subdirectory each).
    let directory: String
    let minimumInterval: Duration

    private struct State {
        var generation = 0
        var current: String?
        var shownCount = -1
        var builtAt: ContinuousClock.Instant?
        var building: Task<Void, any Error>?
    }

    private let state = Mutex(State())

    init(store: ResultsStore, directory: String, minimumInterval: Duration = .seconds(2)) {
        self.store = store
        self.directory = directory
        self.minimumInterval = minimumInterval
    }

    func response(for path: String) async throws -> Response {
        guard Self.isSafe(path) else { throw APIError(.notFound, "not-found", "no report page \(path)") }
        try await refresh()
        guard let current = state.withLock({ $0.current }) else {
            throw APIError(.notFound, "empty", "the results store holds no analysed article yet; POST one to /v1/analyze")
        }
        guard let data = FileManager.default.contents(atPath: current + "/" + path) else {
            throw APIError(.notFound, "not-found", "no report page \(path)")
        }
        // The pages are self-contained; nothing they hold may reach out, and nothing frames them.
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/html; charset=utf-8", .cacheControl: "no-cache",
                .contentSecurityPolicy: "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'",
                .xContentTypeOptions: "nosniff",
            ],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// `index.html` or `articles|entities|lists/NAME.html`, nothing else (no `..`, no other folders).
    static func isSafe(_ path: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        let nameOK: (Substring) -> Bool = { name in
            !name.isEmpty && !name.hasPrefix(".") && name.hasSuffix(".html")
                && name.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || "._-".unicodeScalars.contains($0) }
        }
        switch parts.count {
        case 1: return parts[0] == "index.html"
        case 2: return ["articles", "entities", "lists"].contains(String(parts[0])) && nameOK(parts[1])
        default: return false
        }
    }

    /// Starts a rebuild when the store has news and one is due. Only the first report is waited
    /// for; after that a request gets the pages there are while the next ones are written.
    private func refresh() async throws {
        let count = try store.count()
        let (task, wait): (Task<Void, any Error>?, Bool) = state.withLock { state in
            if let building = state.building { return (building, state.current == nil) }
            let due = state.builtAt.map { $0.duration(to: .now) >= minimumInterval } ?? true
            guard count > 0, count != state.shownCount, due || state.current == nil else { return (nil, false) }
            state.generation += 1
            let target = "\(directory)/generation-\(state.generation)"
            let building = Task {
                do {
                    try self.build(into: target, count: count)
                } catch {
                    self.state.withLock { $0.building = nil }
                    try? FileManager.default.removeItem(atPath: target)
                    throw error
                }
            }
            state.building = building
            return (building, state.current == nil)
        }
        guard let task, wait else { return }
        do {
            try await task.value
        } catch {
            throw APIError(.internalServerError, "report", "could not write the report: \(error)")
        }
    }

    private func build(into target: String, count: Int) throws {
        let writer = try ReportWriter(directory: target, generator: "byline serve")
        try store.storedRecords { line, text, number in
            var item = AnalysisFiles.read(line: Array(line.utf8), source: "store:\(number)")
            if var analysis = item.analysis, analysis.text == nil, let text {
                analysis.text = text
                item.analysis = analysis
                item.missingText = nil
            }
            if let analysis = item.analysis {
                try writer.add(analysis, missingText: item.missingText)
            } else {
                writer.addFailure(source: item.source, message: item.error ?? "no analysis")
            }
        }
        _ = try writer.finish()
        // The generation before the one replaced goes: a reader may still be in the one just replaced.
        let previous = state.withLock { state -> String? in
            let previous = state.generation > 2 ? "\(directory)/generation-\(state.generation - 2)" : nil
            state.current = target
            state.shownCount = count
            state.builtAt = .now
            state.building = nil
            return previous
        }
        if let previous { try? FileManager.default.removeItem(atPath: previous) }
    }
}
