import ArticleModel
import CoordinatorService
import Foundation
import Hummingbird
import HummingbirdTesting
import Server
import Synchronization
import Testing
import WireProtocol

/// A cluster stand-in: answers each article with `answer(article)` and reports `services`.
final class FakeBackend: AnalysisBackend {
    let services: [ServiceStatus]?
    let answer: @Sendable (Article) async -> ArticleOutcome
    let seen = Mutex<[Article]>([])

    init(services: [ServiceStatus]? = FakeBackend.allLive, answer: @escaping @Sendable (Article) async -> ArticleOutcome = FakeBackend.echo) {
        self.services = services
        self.answer = answer
    }

    var inFlight: Int { 0 }

    func analyze(_ article: Article, services: [String]?) async -> ArticleOutcome {
        seen.withLock { $0.append(article) }
        return await answer(article)
    }

    func status() async -> CoordinatorStatus? {
        services.map {
            CoordinatorStatus(
                services: $0, articlesInFlight: 0, articlesCompleted: 0, uptimeMs: 1,
                limits: .init(maxTextBytes: 5_000_000, defaultDeadlineMs: 30_000))
        }
    }

    static func service(_ name: String, produces: [String], consumes: [String]? = nil, live: Bool = true) -> ServiceStatus {
        ServiceStatus(
            name: name, produces: produces, consumes: consumes, required: false, queued: 0,
            instances: live ? [InstanceStatus(instance: "\(name)-1", pid: 1, version: "1", capacity: 1, inFlight: 0, lastSeenMs: 1, completed: 0, failed: 0)] : [])
    }

    static let allLive = [
        service("entities", produces: ["entities", "structure"]), service("timeline", produces: ["timeline"]),
        service("places", produces: ["places"], consumes: ["entities"]),
    ]

    /// An analysis naming the article's id and echoing its text length.
    static let echo: @Sendable (Article) async -> ArticleOutcome = { article in
        .analysis(Array(#"{"schema":"byline.article/1","article":{"id":"\#(article.id)","length":\#(article.text.unicodeScalars.count)},"provenance":[{"analyzer":"entities","status":"ok","ms":2.5,"attempts":1}]}"#.utf8))
    }
}

private func api(_ backend: FakeBackend = FakeBackend(), options: APIOptions = APIOptions(), keys: APIKeys? = nil, limiter: RateLimiter? = nil, store: ResultsStore? = nil) -> BylineAPI {
    BylineAPI(backend: backend, store: store, options: options, keys: keys, limiter: limiter)
}

/// The body as a JSON object; an issue and an empty object when it is not one.
private func json(_ response: TestResponse, sourceLocation: SourceLocation = #_sourceLocation) -> [String: Any] {
    guard let object = (try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))) as? [String: Any] else {
        Issue.record("not a JSON object: \(text(response))", sourceLocation: sourceLocation)
        return [:]
    }
    return object
}

private func text(_ response: TestResponse) -> String {
    String(decoding: response.body.readableBytesView, as: UTF8.self)
}

private func body(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }

@Suite struct RouteTests {
    @Test func probesSayUpAndReady() async throws {
        try await Application(router: api().router()).test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(json(response)["status"] as? String == "ok")
            }
            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .ok)
                #expect((json(response)["services"] as? [String: Int])?["places"] == 1)
            }
        }
    }

    @Test func notReadyWhileAConfiguredAnalyzerHasNoInstance() async throws {
        let backend = FakeBackend(services: [FakeBackend.service("entities", produces: ["entities"]), FakeBackend.service("timeline", produces: ["timeline"], live: false)])
        try await Application(router: api(backend).router()).test(.router) { client in
            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                let body = json(response)
                #expect(body["error"] as? String == "not-ready")
                #expect((body["detail"] as? String)?.contains("timeline") == true)
            }
        }
        // No coordinator answering at all.
        try await Application(router: api(FakeBackend(services: nil)).router()).test(.router) { client in
            try await client.execute(uri: "/readyz", method: .get) { #expect($0.status == .serviceUnavailable) }
            try await client.execute(uri: "/v1/plugins", method: .get) { #expect($0.status == .serviceUnavailable) }
        }
    }

    @Test func plainTextIsAnalysedWithItsParameters() async throws {
        let backend = FakeBackend()
        try await Application(router: api(backend).router()).test(.router) { client in
            try await client.execute(
                uri: "/v1/analyze?published=2025-06-19&id=seed", method: .post, headers: [.contentType: "text/plain; charset=utf-8"],
                body: body("ISLAMABAD: The minister said on Sunday that talks would resume.")
            ) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json")
                #expect((json(response)["article"] as? [String: Any])?["id"] as? String == "seed")
            }
        }
        let article = try #require(backend.seen.withLock { $0.first })
        #expect(article.publishedAt == "2025-06-19")
        #expect(article.text.hasPrefix("ISLAMABAD"))
    }

    @Test func jsonArticlesAndHTMLPagesAreRead() async throws {
        let backend = FakeBackend()
        let prose = "The council voted on Tuesday to close the old bridge, which engineers had called unsafe, for a year of repairs."
        try await Application(router: api(backend).router()).test(.router) { client in
            try await client.execute(
                uri: "/v1/analyze", method: .post, headers: [.contentType: "application/json"],
                body: body(#"{"id":"j1","text":"\#(prose)","publishedAt":"2024-03-05"}"#)
            ) { #expect($0.status == .ok) }
            try await client.execute(
                uri: "/v1/analyze?id=p1", method: .post, headers: [.contentType: "text/html; charset=windows-1252"],
                body: body("<html><head><title>Bridge closed | Gazette</title><meta property=\"og:site_name\" content=\"Gazette\"></head><body><nav><a href=/>Home</a></nav><article><p>\(prose)</p><p>\(prose)</p></article></body></html>")
            ) { #expect($0.status == .ok) }
        }
        let seen = backend.seen.withLock { $0 }
        #expect(seen.map(\.id) == ["j1", "p1"])
        #expect(seen[0].publishedAt == "2024-03-05")
        #expect(seen[1].title == "Bridge closed")
        #expect(!seen[1].text.contains("Home"))
    }

    @Test func badInputIs400WithAJSONError() async throws {
        try await Application(router: api().router()).test(.router) { client in
            for (uri, type, text) in [
                ("/v1/analyze?published=yesterday", "text/plain", "Some text."),
                ("/v1/analyze", "application/json", "{not json"),
                ("/v1/analyze", "application/json", #"{"id":"x"}"#),
                ("/v1/analyze", "text/plain", ""),
                ("/v1/analyze", "text/plain", "   \n  "),
                ("/v1/analyze?sections=horoscope", "text/plain", "Some text."),
                ("/v1/analyze", "text/html", "<html><body><nav><a href=/>Home</a></nav></body></html>"),
            ] {
                try await client.execute(uri: uri, method: .post, headers: [.contentType: type], body: body(text)) { response in
                    #expect(response.status == .badRequest, "\(uri) \(type) \(text)")
                    let error = json(response)
                    #expect(error["error"] is String && error["detail"] is String)
                }
            }
            // Binary data posing as text.
            try await client.execute(uri: "/v1/analyze", method: .post, headers: [.contentType: "text/plain"], body: ByteBuffer(bytes: [0x50, 0x00, 0xFF, 0xFE])) {
                #expect($0.status == .badRequest)
            }
        }
    }

    @Test func sectionsChooseTheirAnalyzersAndWhatThoseConsume() async throws {
        let status = CoordinatorStatus(
            services: FakeBackend.allLive, articlesInFlight: 0, articlesCompleted: 0, uptimeMs: 0, limits: .init(maxTextBytes: 1, defaultDeadlineMs: 1))
        #expect(try BylineAPI.services(for: ["places"], in: status) == ["entities", "places"])
        #expect(try BylineAPI.services(for: ["timeline", "structure"], in: status) == ["entities", "timeline"])
        #expect(throws: APIError.self) { try BylineAPI.services(for: ["weather"], in: status) }
    }

    @Test func tooLargeIs413AndUnsupportedTypesAre415() async throws {
        var options = APIOptions()
        options.maxTextBytes = 100
        options.maxHTMLBytes = 300
        try await Application(router: api(options: options).router()).test(.router) { client in
            try await client.execute(uri: "/v1/analyze", method: .post, headers: [.contentType: "text/plain"], body: body(String(repeating: "word ", count: 30))) { response in
                #expect(response.status == .contentTooLarge)
                #expect(json(response)["error"] as? String == "too-large")
            }
            // A JSON article within the body limit whose text is over the text limit.
            try await client.execute(uri: "/v1/analyze", method: .post, headers: [.contentType: "application/json"], body: body(#"{"text":"\#(String(repeating: "x", count: 200))"}"#)) {
                #expect($0.status == .contentTooLarge)
            }
            for type in ["application/xml", "image/png", "application/x-www-form-urlencoded"] {
                try await client.execute(uri: "/v1/analyze", method: .post, headers: [.contentType: type], body: body("a")) { response in
                    #expect(response.status == .unsupportedMediaType)
                    #expect(json(response)["error"] as? String == "unsupported-media-type")
                }
            }
            try await client.execute(uri: "/v1/analyze", method: .post, body: body("no type")) { #expect($0.status == .unsupportedMediaType) }
            try await client.execute(uri: "/v1/analyze", method: .post, headers: [.contentType: "text/plain; charset=latin1"], body: body("a")) {
                #expect($0.status == .unsupportedMediaType)
            }
        }
    }

    @Test func clusterTroubleIs503AndRejectionsMapToTheirStatus() async throws {
        let noneLive = FakeBackend(services: [FakeBackend.service("entities", produces: ["entities"], live: false)])
        try await Application(router: api(noneLive).router()).test(.router) { client in
            try await client.execute(uri: "/v1/analyze", method: .post, headers: [.contentType: "text/plain"], body: body("Text.")) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(json(response)["error"] as? String == "no-analyzer")
                #expect(response.headers[.retryAfter] != nil)
            }
        }
        let cases: [(ArticleOutcome, HTTPResponse.Status)] = [
            (.lost("no answer"), .serviceUnavailable),
            (.rejected(Rejection(code: "busy", message: "queue full")), .serviceUnavailable),
            (.rejected(Rejection(code: "too-large", message: "big")), .contentTooLarge),
            (.rejected(Rejection(code: "invalid-metadata", message: "bad id")), .badRequest),
        ]
        for (outcome, status) in cases {
            try await Application(router: api(FakeBackend(answer: { _ in outcome })).router()).test(.router) { client in
                try await client.execute(uri: "/v1/analyze", method: .post, headers: [.contentType: "text/plain"], body: body("Text.")) { response in
                    #expect(response.status == status)
                    #expect(json(response)["detail"] is String)
                }
            }
        }
    }

    @Test func unknownRoutesAndMissingStoreAre404() async throws {
        try await Application(router: api().router()).test(.router) { client in
            for uri in ["/nowhere", "/v1/articles/abc", "/v1/articles?entity=x", "/"] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .notFound, "\(uri)")
                    #expect(json(response)["error"] is String)
                }
            }
        }
    }

    @Test func keysAreRequiredAndCheckedAndEachKeyIsRateLimited() async throws {
        let token = APIKeys.newToken()
        let keys = APIKeys(tokensByName: ["newsroom": token])
        let limiter = RateLimiter(perMinute: 2)
        try await Application(router: api(keys: keys, limiter: limiter).router()).test(.router) { client in
            try await client.execute(uri: "/v1/plugins", method: .get) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
            }
            try await client.execute(uri: "/v1/plugins", method: .get, headers: [.authorization: "Bearer " + token + "x"]) {
                #expect($0.status == .unauthorized)
            }
            // Probes stay open for load balancers.
            try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
            for _ in 0..<2 {
                try await client.execute(uri: "/v1/plugins", method: .get, headers: [.authorization: "Bearer " + token]) { #expect($0.status == .ok) }
            }
            try await client.execute(uri: "/v1/plugins", method: .get, headers: [.authorization: "Bearer " + token]) { response in
                #expect(response.status == .tooManyRequests)
                #expect(Int(response.headers[.retryAfter] ?? "") ?? 0 >= 1)
                #expect(json(response)["error"] as? String == "rate-limited")
            }
        }
    }

    @Test func theRateLimitRefillsWithTime() {
        let limiter = RateLimiter(perMinute: 60, burst: 1)
        let start = ContinuousClock.now
        #expect(limiter.take("k", now: start) == nil)
        #expect(limiter.take("k", now: start) == 1)
        #expect(limiter.take("other", now: start) == nil)
        #expect(limiter.take("k", now: start.advanced(by: .milliseconds(1100))) == nil)
    }

    @Test func loopbackIsTellable() {
        for host in ["127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]"] { #expect(isLoopback(host), "\(host)") }
        for host in ["0.0.0.0", "10.0.0.1", "::", "example.org", "127.0.0.1.example.org"] { #expect(!isLoopback(host), "\(host)") }
        #expect(ListenSettings(parsing: "0.0.0.0:80")?.host == "0.0.0.0")
        #expect(ListenSettings(parsing: "[::1]:8080")?.port == 8080)
        #expect(ListenSettings(parsing: ":9000")?.host == "127.0.0.1")
        #expect(ListenSettings(parsing: "host:port") == nil)
    }

    @Test func anNDJSONStreamAnswersEveryLineInOrderAndGoesOnAfterAFailure() async throws {
        // Later lines answer first: the output must still follow the input.
        let backend = FakeBackend { article in
            let delay = article.id == "a" ? 60 : 1
            try? await Task.sleep(for: .milliseconds(delay))
            return await FakeBackend.echo(article)
        }
        var options = APIOptions()
        options.streamWindow = 4
        let lines = [#"{"id":"a","text":"First article."}"#, "not json", "", #"{"id":"c","text":"Third."}"#, #"{"id":"d","text":"Fourth."}"#]
        // (a line over the limit is tested through `lines(of:)` below)
        try await Application(router: api(backend, options: options).router()).test(.router) { client in
            try await client.execute(
                uri: "/v1/analyze", method: .post, headers: [.contentType: "application/x-ndjson"], body: body(lines.joined(separator: "\n") + "\n")
            ) { response in
                #expect(response.status == .ok)
                let out = text(response).split(separator: "\n").map { try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
                // The blank line gives nothing; the bad one an error naming its line.
                #expect(out.count == 4)
                #expect((out[0]["article"] as? [String: Any])?["id"] as? String == "a")
                #expect(out[1]["error"] as? String == "bad-request" && out[1]["line"] as? Int == 2)
                #expect((out[2]["article"] as? [String: Any])?["id"] as? String == "c")
                #expect((out[3]["article"] as? [String: Any])?["id"] as? String == "d")
            }
        }
    }

    @Test func metricsCountArticlesFailuresLatenciesAndRequests() async throws {
        let metrics = ServerMetrics()
        let api = BylineAPI(backend: FakeBackend(), metrics: metrics)
        metrics.recordWorkerStart(service: "entities")
        try await Application(router: api.router()).test(.router) { client in
            try await client.execute(uri: "/v1/analyze", method: .post, headers: [.contentType: "text/plain"], body: body("Text.")) { #expect($0.status == .ok) }
            try await client.execute(uri: "/v1/analyze", method: .post, headers: [.contentType: "application/json"], body: body("[]")) { #expect($0.status == .badRequest) }
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/plain") == true)
                let exposition = text(response)
                #expect(exposition.contains("byline_articles_analysed_total 1"))
                #expect(exposition.contains(#"byline_articles_failed_total{reason="bad-input"} 1"#))
                #expect(exposition.contains(#"byline_analyzer_duration_seconds_count{analyzer="entities"} 1"#))
                #expect(exposition.contains(#"byline_worker_starts_total{service="entities"} 1"#))
                #expect(exposition.contains("byline_articles_in_flight"))
                #expect(exposition.contains(#"byline_http_request_duration_seconds_count{route="/v1/analyze",method="POST",status="200"} 1"#))
                #expect(exposition.contains(#"status="400""#))
            }
        }
    }

    @Test func theOpenAPIDocumentDescribesEveryRoute() async throws {
        try await Application(router: api().router()).test(.router) { client in
            try await client.execute(uri: "/openapi.json", method: .get) { response in
                let document = json(response)
                #expect((document["openapi"] as? String)?.hasPrefix("3.") == true)
                let paths = try #require(document["paths"] as? [String: Any])
                for path in ["/healthz", "/readyz", "/metrics", "/v1/plugins", "/v1/analyze", "/v1/articles", "/v1/articles/{id}", "/"] {
                    #expect(paths[path] != nil, "\(path)")
                }
            }
        }
    }

    @Test func storedResultsAreReadBackByIdAndByFilter() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("byline-serve-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try ResultsStore(path: directory.appendingPathComponent("results.sqlite").path)
        try await Application(router: api(store: store).router()).test(.router) { client in
            try await client.execute(uri: "/v1/analyze?id=one", method: .post, headers: [.contentType: "text/plain"], body: body("Text one.")) { #expect($0.status == .ok) }
            try await client.execute(uri: "/v1/articles/one", method: .get) { response in
                #expect(response.status == .ok)
                let record = json(response)
                #expect(record["id"] as? String == "one" && record["status"] as? String == "complete")
            }
            try await client.execute(uri: "/v1/articles/two", method: .get) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/v1/articles?limit=10", method: .get) { response in
                #expect(json(response)["count"] as? Int == 1)
            }
            try await client.execute(uri: "/v1/articles?from=June", method: .get) { #expect($0.status == .badRequest) }
            try await client.execute(uri: "/v1/articles?limit=0", method: .get) { #expect($0.status == .badRequest) }
        }
    }
}
