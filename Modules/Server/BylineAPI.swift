public import ArticleModel
import Batch
public import CoordinatorService
import DequeModule
import Foundation
public import Hummingbird
import Ingest
import JSONCoding
import NIOCore
import Synchronization
public import WireProtocol

/// Limits and settings of the HTTP API.
public struct APIOptions: Sendable {
    /// Largest text accepted (a `text/plain` body, a JSON article's text), in bytes.
    public var maxTextBytes = 5_000_000
    /// Largest HTML page (a `text/html` body, a JSON article's `html`), in bytes.
    public var maxHTMLBytes = 20_000_000
    /// Lines of one NDJSON stream analysed at once; reading stops while this many wait.
    public var streamWindow = 32
    /// Services that must each have a live instance for `/readyz` (all registered ones when empty).
    public var requiredServices: [String] = []
    /// How old a cached coordinator status may be when a request needs one.
    public var statusMaxAge: Duration = .milliseconds(500)

    public init() {}
}

/// The HTTP API: every route of `byline serve` over an ``AnalysisBackend``, with JSON errors,
/// metrics, and API keys when configured. Built as a Hummingbird router, so tests drive it
/// without sockets.
public final class BylineAPI: Sendable {
    public let backend: any AnalysisBackend
    public let metrics: ServerMetrics
    public let store: ResultsStore?
    public let options: APIOptions
    let keys: APIKeys?
    let limiter: RateLimiter?
    let dashboard: LiveDashboard?
    private let statusCache = Mutex<(status: CoordinatorStatus, at: ContinuousClock.Instant)?>(nil)

    public init(
        backend: any AnalysisBackend, metrics: ServerMetrics = ServerMetrics(), store: ResultsStore? = nil, options: APIOptions = APIOptions(),
        keys: APIKeys? = nil, limiter: RateLimiter? = nil, dashboardDirectory: String? = nil
    ) {
        self.backend = backend
        self.metrics = metrics
        self.store = store
        self.options = options
        self.keys = keys
        self.limiter = limiter
        dashboard = store.flatMap { store in dashboardDirectory.map { LiveDashboard(store: store, directory: $0) } }
    }

    public func router() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: JSONErrorMiddleware(allowedMethods: Self.allowedMethods))
        router.add(middleware: RequestMetricsMiddleware(metrics: metrics))
        if let keys { router.add(middleware: AccessMiddleware(keys: keys, limiter: limiter)) }

        router.get("/healthz") { _, _ in Self.json(#"{"status":"ok"}"#) }
        router.get("/readyz") { _, _ in try await self.readiness() }
        router.get("/metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: await self.metrics.exposition(backend: self.backend))))
        }
        router.get("/openapi.json") { _, _ in Self.json(OpenAPIDocument.json) }
        router.get("/v1/plugins") { _, _ in
            guard let status = await self.currentStatus(fresh: true) else {
                throw APIError(.serviceUnavailable, "unavailable", "the coordinator did not answer")
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            return Self.json(try encoder.encode(status))
        }
        router.post("/v1/analyze") { request, context in try await self.analyze(request, context: context) }
        router.get("/v1/articles/{id}") { _, context in
            let store = try self.requireStore()
            let id = try context.parameters.require("id")
            guard let line = try store.record(id: id) else { throw APIError(.notFound, "not-found", "no stored article with id '\(id)'") }
            return Self.json(line)
        }
        router.get("/v1/articles") { request, _ in try self.articles(request) }
        router.get("/") { _, _ in try await self.dashboardFile("index.html") }
        router.get("/index.html") { _, _ in try await self.dashboardFile("index.html") }
        for folder in ["articles", "entities", "lists"] {
            router.get("/\(folder)/{file}") { _, context in try await self.dashboardFile(folder + "/" + (try context.parameters.require("file"))) }
        }
        return router
    }

    /// Every route's path, `{…}` standing for one segment, with its methods: for `405` and `Allow`.
    static let routes: [(path: [Substring], methods: [String])] = [
        ("/healthz", ["GET"]), ("/readyz", ["GET"]), ("/metrics", ["GET"]), ("/openapi.json", ["GET"]), ("/v1/plugins", ["GET"]),
        ("/v1/analyze", ["POST"]), ("/v1/articles/{id}", ["GET"]), ("/v1/articles", ["GET"]), ("/", ["GET"]), ("/index.html", ["GET"]),
        ("/articles/{file}", ["GET"]), ("/entities/{file}", ["GET"]), ("/lists/{file}", ["GET"]),
    ].map { ($0.0.split(separator: "/"), $0.1) }

    /// The methods `path` answers to (none when no route has that path).
    @Sendable static func allowedMethods(_ path: String) -> [String] {
        let segments = path.split(separator: "/")
        for route in routes where route.path.count == segments.count {
            if zip(route.path, segments).allSatisfy({ $0.hasPrefix("{") || $0 == $1 }) { return route.methods }
        }
        return []
    }

    // MARK: Probes and status

    private func readiness() async throws -> Response {
        guard let status = await currentStatus(fresh: true) else {
            throw APIError(.serviceUnavailable, "not-ready", "the coordinator did not answer")
        }
        let live = Set(status.services.filter { !$0.instances.isEmpty }.map(\.name))
        let wanted = options.requiredServices.isEmpty ? status.services.map(\.name) : options.requiredServices
        let down = wanted.filter { !live.contains($0) }.sorted()
        if wanted.isEmpty || !down.isEmpty {
            throw APIError(
                .serviceUnavailable, "not-ready",
                wanted.isEmpty ? "no analyzer is registered" : "no live instance of: \(down.joined(separator: ", "))")
        }
        var out = JSONOutput()
        out.beginObject()
        out.key("status")
        out.string("ready")
        out.key("services")
        out.beginObject()
        for service in status.services.sorted(by: { $0.name < $1.name }) {
            out.key(service.name)
            out.int(service.instances.count)
        }
        out.endObject()
        out.endObject()
        return Self.json(out.bytes)
    }

    /// The coordinator's status, at most ``APIOptions/statusMaxAge`` old unless `fresh`.
    func currentStatus(fresh: Bool = false) async -> CoordinatorStatus? {
        let now = ContinuousClock.now
        if !fresh, let cached = statusCache.withLock({ $0 }), cached.at.duration(to: now) < options.statusMaxAge { return cached.status }
        guard let status = await backend.status() else { return nil }
        statusCache.withLock { $0 = (status, now) }
        return status
    }

    // MARK: Analysis

    enum BodyKind {
        case text, json, html, ndjson
    }

    /// What a `Content-Type` says the body is; 415 for anything else.
    static func bodyKind(_ contentType: String?) throws(APIError) -> (BodyKind, charset: String?) {
        guard let contentType, !contentType.isEmpty else {
            throw APIError(
                .unsupportedMediaType, "unsupported-media-type",
                "say what the body is with Content-Type: text/plain, application/json, text/html or application/x-ndjson")
        }
        let parts = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        let type = parts[0].lowercased()
        var charset: String?
        for parameter in parts.dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0].lowercased() == "charset" { charset = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
        }
        switch type {
        case "text/plain": return (.text, charset)
        case "application/json": return (.json, charset)
        case "text/html", "application/xhtml+xml": return (.html, charset)
        case "application/x-ndjson", "application/ndjson", "application/jsonl", "application/x-jsonlines", "application/jsonlines":
            return (.ndjson, charset)
        default:
            throw APIError(
                .unsupportedMediaType, "unsupported-media-type",
                "cannot analyse \(type); send text/plain, application/json, text/html or application/x-ndjson")
        }
    }

    struct AnalyzeParameters {
        var published: String?
        var services: [String]?
        var id: String?
    }

    private func parameters(_ request: Request) async throws -> AnalyzeParameters {
        let query = request.uri.queryParameters
        var parameters = AnalyzeParameters()
        if let published = query.get("published") {
            guard PublicationTime(iso8601: published) != nil else {
                throw APIError.badRequest("published=\(published) is not an ISO 8601 date (YYYY-MM-DD or YYYY-MM-DDThh:mm[:ss][Z|±hh:mm])")
            }
            parameters.published = published
        }
        if let id = query.get("id") {
            guard !id.isEmpty, id.utf8.count <= 512 else { throw APIError.badRequest("id must have 1 to 512 bytes") }
            parameters.id = id
        }
        if let sections = query.get("sections") {
            let names = sections.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard !names.isEmpty else { throw APIError.badRequest("sections= names no section") }
            guard let status = await currentStatus() else { throw APIError(.serviceUnavailable, "unavailable", "the coordinator did not answer") }
            parameters.services = try Self.services(for: names, in: status)
        }
        return parameters
    }

    /// The services that produce `sections`, with the producers of what those consume.
    public static func services(for sections: [String], in status: CoordinatorStatus) throws(APIError) -> [String] {
        var producers: [String: String] = [:]
        for service in status.services {
            for section in service.produces where producers[section] == nil { producers[section] = service.name }
        }
        var chosen: Set<String> = []
        var wanted = sections
        var seen: Set<String> = []
        while let section = wanted.popLast() {
            guard seen.insert(section).inserted else { continue }
            guard let name = producers[section] else {
                throw APIError.badRequest("no analyzer produces section '\(section)' (have: \(producers.keys.sorted().joined(separator: ", ")))")
            }
            guard chosen.insert(name).inserted else { continue }
            wanted += status.services.first { $0.name == name }?.consumes ?? []
        }
        return chosen.sorted()
    }

    private func analyze(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let (kind, charset) = try Self.bodyKind(request.headers[.contentType])
        let parameters = try await parameters(request)
        if kind == .ndjson { return try await stream(request, parameters: parameters) }
        if kind == .text, let charset, !["utf-8", "utf8"].contains(charset.lowercased()) {
            throw APIError(.unsupportedMediaType, "unsupported-media-type", "text/plain must be UTF-8 (charset=\(charset) given)")
        }
        let limit = kind == .text ? options.maxTextBytes : options.maxHTMLBytes
        let body = try await Self.collect(request, limit: limit)
        try await requireLiveAnalyzer()
        let item = article(from: body, kind: kind, charset: charset, source: "http", defaultID: parameters.id, published: parameters.published)
        let article: Article
        switch item.article {
        case .success(let value): article = value
        case .failure(let error):
            metrics.recordFailed(reason: "bad-input")
            throw APIError.badRequest(error.description)
        }
        if article.text.utf8.count > options.maxTextBytes {
            metrics.recordFailed(reason: "too-large")
            throw APIError(.contentTooLarge, "too-large", "the article text is \(article.text.utf8.count) bytes, over the limit of \(options.maxTextBytes)")
        }
        let analysis = try await analyse(article, services: parameters.services)
        return Self.json(analysis)
    }

    /// Analyses one article: its analysis JSON, stored when there is a store, or the error to answer with.
    private func analyse(_ article: Article, services: [String]?) async throws(APIError) -> [UInt8] {
        switch await backend.analyze(article, services: services) {
        case .analysis(let analysis):
            if let provenance = try? JSONInput.decode(ProvenanceOnly.self, from: analysis) { metrics.recordAnalysed(provenance.entries) }
            if let store {
                do {
                    try store.store(article: article, source: "http", analysis: analysis)
                } catch {
                    throw APIError(.internalServerError, "store", "analysed, but could not store the result: \(error)")
                }
            }
            return analysis
        case .rejected(let rejection):
            metrics.recordFailed(reason: rejection.code)
            switch rejection.code {
            case "too-large": throw APIError(.contentTooLarge, "too-large", rejection.message)
            case "busy", "shutting-down": throw APIError(.serviceUnavailable, rejection.code, rejection.message, headers: [.retryAfter: "1"])
            case "internal": throw APIError(.internalServerError, "internal", rejection.message)
            default: throw APIError(.badRequest, rejection.code, rejection.message)
            }
        case .lost(let why):
            metrics.recordFailed(reason: "lost")
            throw APIError(.serviceUnavailable, "unavailable", why, headers: [.retryAfter: "1"])
        }
    }

    /// 503 unless some analyzer has a live instance.
    private func requireLiveAnalyzer() async throws(APIError) {
        guard let status = await currentStatus() else {
            throw APIError(.serviceUnavailable, "unavailable", "the coordinator did not answer", headers: [.retryAfter: "1"])
        }
        guard status.services.contains(where: { !$0.instances.isEmpty }) else {
            throw APIError(.serviceUnavailable, "no-analyzer", "no analyzer has a live instance", headers: [.retryAfter: "1"])
        }
    }

    /// An article from one body or stream line.
    func article(from body: [UInt8], kind: BodyKind, charset: String?, source: String, defaultID: String?, published: String?) -> InputItem {
        let id = defaultID ?? "http-" + ContentHash.of(body, nil)
        switch kind {
        case .html:
            return ArticleFiles.item(html: body, source: source, id: id, published: published, httpCharset: charset)
        case .json, .ndjson:
            return ArticleFiles.item(json: body, source: source, defaultID: id, published: published)
        case .text:
            let hash = ContentHash.of(body, nil)
            if let problem = ArticleFiles.textProblem(body) {
                return InputItem(source: source, article: .failure(InputError(problem)), contentHash: hash)
            }
            let text = String(decoding: body, as: UTF8.self)
            guard text.contains(where: { !$0.isWhitespace }) else {
                return InputItem(source: source, article: .failure(InputError("the body holds no text")), contentHash: hash)
            }
            return InputItem(source: source, article: .success(Article(id: id, text: text, publishedAt: published)), contentHash: hash)
        }
    }

    /// The whole body, or 413 once it passes `limit` bytes (at once when `Content-Length` says so).
    static func collect(_ request: Request, limit: Int) async throws -> [UInt8] {
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit {
            throw APIError(.contentTooLarge, "too-large", "the body is \(length) bytes, over the limit of \(limit) bytes")
        }
        var bytes: [UInt8] = []
        for try await chunk in request.body {
            guard bytes.count + chunk.readableBytes <= limit else {
                throw APIError(.contentTooLarge, "too-large", "the body is over the limit of \(limit) bytes")
            }
            bytes += chunk.readableBytesView
        }
        guard !bytes.isEmpty else { throw APIError.badRequest("the body is empty") }
        return bytes
    }

    // MARK: NDJSON streams

    /// A batch over HTTP: one JSON article per line in, one result per line out, in input order.
    /// At most ``APIOptions/streamWindow`` lines are analysed at once and the body is not read
    /// further until the oldest is written, so a fast client is slowed to the cluster's pace. A
    /// line that fails gives an error line (`{"error", "detail", "status", "line", "id"?}`) and the
    /// stream goes on. Blank lines give nothing.
    private func stream(_ request: Request, parameters: AnalyzeParameters) async throws -> Response {
        try await requireLiveAnalyzer()
        let window = max(1, options.streamWindow)
        return Response(
            status: .ok, headers: [.contentType: "application/x-ndjson"],
            body: ResponseBody { writer in
                // The body is read on a task of its own, so that each answer is written as soon as
                // it and every answer before it are ready, while later lines are still arriving.
                let (answers, queue) = AsyncStream<Task<[UInt8], Never>>.makeStream()
                let gate = WindowGate(window)
                let reader = Task {
                    defer { queue.finish() }
                    try await Self.lines(of: request.body, limit: self.options.maxHTMLBytes) { bytes, tooLong, lineNumber in
                        guard await gate.acquire() else { return false }
                        queue.yield(Task { await self.streamLine(bytes, number: lineNumber, tooLong: tooLong, parameters: parameters) })
                        return true
                    }
                }
                do {
                    for await answer in answers {
                        var out = await answer.value
                        out.append(0x0A)
                        try await writer.write(ByteBuffer(bytes: out))
                        await gate.release()
                    }
                } catch {
                    // The client went away: stop reading; what is in flight still finishes.
                    await gate.close()
                    reader.cancel()
                    throw error
                }
                if case .failure(let error) = await reader.result {
                    // The request body broke off: say so on a line of its own, then end.
                    var out = Self.lineError(APIError.badRequest("the request body ended early: \(error)"), line: 0, id: nil)
                    out.append(0x0A)
                    try await writer.write(ByteBuffer(bytes: out))
                }
                try await writer.finish(nil)
            })
    }

    /// Splits a streamed body into lines and hands each to `line` with its number (from 1; `tooLong`
    /// when it passed `limit` bytes, whose bytes are then dropped), stopping when `line` returns
    /// false. Blank lines are skipped but counted; a last line without a newline counts.
    static func lines(
        of body: RequestBody, limit: Int, _ line: (_ bytes: [UInt8], _ tooLong: Bool, _ number: Int) async throws -> Bool
    ) async throws {
        var number = 1
        var current: [UInt8] = []
        var overlong = false
        func isBlank(_ bytes: [UInt8]) -> Bool { !bytes.contains { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D } }
        for try await chunk in body {
            var rest = chunk.readableBytesView[...]
            while !rest.isEmpty {
                let newline = rest.firstIndex(of: 0x0A)
                let piece = rest[..<(newline ?? rest.endIndex)]
                if !overlong {
                    if current.count + piece.count > limit {
                        overlong = true
                        current = []
                    } else {
                        current += piece
                    }
                }
                guard let newline else { break }
                rest = rest[rest.index(after: newline)...]
                if overlong || !isBlank(current) {
                    guard try await line(current, overlong, number) else { return }
                }
                number += 1
                current = []
                overlong = false
            }
        }
        if overlong || !isBlank(current) { _ = try await line(current, overlong, number) }
    }

    private func streamLine(_ bytes: [UInt8], number: Int, tooLong: Bool, parameters: AnalyzeParameters) async -> [UInt8] {
        if tooLong {
            metrics.recordFailed(reason: "too-large")
            return Self.lineError(APIError(.contentTooLarge, "too-large", "the line is over the limit of \(options.maxHTMLBytes) bytes"), line: number, id: nil)
        }
        var bytes = bytes
        if bytes.last == 0x0D { bytes.removeLast() }
        let item = article(from: bytes, kind: .ndjson, charset: nil, source: "http", defaultID: nil, published: parameters.published)
        let article: Article
        switch item.article {
        case .success(let value): article = value
        case .failure(let error):
            metrics.recordFailed(reason: "bad-input")
            return Self.lineError(APIError.badRequest(error.description), line: number, id: nil)
        }
        if article.text.utf8.count > options.maxTextBytes {
            metrics.recordFailed(reason: "too-large")
            return Self.lineError(
                APIError(.contentTooLarge, "too-large", "the article text is \(article.text.utf8.count) bytes, over the limit of \(options.maxTextBytes)"),
                line: number, id: article.id)
        }
        do {
            return try await analyse(article, services: parameters.services)
        } catch {
            return Self.lineError(error, line: number, id: article.id)
        }
    }

    static func lineError(_ error: APIError, line: Int, id: String?) -> [UInt8] {
        var out = JSONOutput()
        out.beginObject()
        out.key("error")
        out.string(error.code)
        out.key("detail")
        out.string(error.detail)
        out.key("status")
        out.int(error.status.code)
        out.key("line")
        out.int(line)
        if let id {
            out.key("id")
            out.string(id)
        }
        out.endObject()
        return out.bytes
    }

    // MARK: Stored results

    private func requireStore() throws(APIError) -> ResultsStore {
        guard let store else {
            throw APIError(.notFound, "no-store", "this server keeps no results; start it with --db FILE")
        }
        return store
    }

    private func articles(_ request: Request) throws -> Response {
        let store = try requireStore()
        let query = request.uri.queryParameters
        var dates: [String?] = []
        for name in ["from", "to"] {
            guard let text = query.get(name) else {
                dates.append(nil)
                continue
            }
            guard let time = PublicationTime(iso8601: text) else { throw APIError.badRequest("\(name)=\(text) is not a YYYY-MM-DD date") }
            dates.append(time.dateString)
        }
        var limit = 100
        if let text = query.get("limit") {
            guard let value = Int(text), (1...1000).contains(value) else { throw APIError.badRequest("limit must be a number from 1 to 1000") }
            limit = value
        }
        let lines = try store.records(matching: Journal.Query(
            entity: query.get("entity"), speaker: query.get("speaker"), publishedFrom: dates[0], publishedTo: dates[1], limit: limit))
        var out: [UInt8] = Array(#"{"count":"#.utf8) + Array(String(lines.count).utf8) + Array(#","articles":["#.utf8)
        for (index, line) in lines.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out += line.utf8
        }
        out += Array("]}".utf8)
        return Self.json(out)
    }

    // MARK: Dashboard

    private func dashboardFile(_ name: String) async throws -> Response {
        guard let dashboard else {
            throw APIError(.notFound, "no-store", "the dashboard shows the results store; start the server with --db FILE")
        }
        return try await dashboard.response(for: name)
    }

    // MARK: Helpers

    static func json(_ text: String) -> Response { json(Array(text.utf8)) }

    static func json(_ data: Data) -> Response { json([UInt8](data)) }

    static func json(_ bytes: [UInt8]) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

/// At most `width` stream lines in analysis at once: the reader waits here, the writer frees a
/// place with each answer it writes. Closing lets every waiter go (with `false`).
actor WindowGate {
    private var available: Int
    private var waiters: [CheckedContinuation<Bool, Never>] = []
    private var closed = false

    init(_ width: Int) {
        available = width
    }

    func acquire() async -> Bool {
        if closed { return false }
        if available > 0 {
            available -= 1
            return true
        }
        return await withCheckedContinuation { waiters.append($0) }
    }

    func release() {
        if waiters.isEmpty {
            available += 1
        } else {
            waiters.removeFirst().resume(returning: !closed)
        }
    }

    func close() {
        closed = true
        for waiter in waiters { waiter.resume(returning: false) }
        waiters.removeAll()
    }
}

/// The provenance of an analysis and nothing else: the metrics need only that, and skipping the rest
/// costs less than building it.
struct ProvenanceOnly: JSONDecodable {
    var entries: [Provenance] = []

    init(json input: inout JSONInput) throws {
        var entries: [Provenance]?
        try input.readObject { input, key in
            if key == "provenance" { try input.decode(&entries) } else { try input.skipValue() }
        }
        self.entries = entries ?? []
    }
}
