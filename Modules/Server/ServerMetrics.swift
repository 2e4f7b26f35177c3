import ArticleModel
public import Hummingbird
import Metrics
import Prometheus
import Synchronization
import WireProtocol

/// The server's metrics, recorded through swift-metrics into this server's own Prometheus registry
/// (not the process-wide `MetricsSystem`, so two servers in one process, as in tests, stay apart).
public final class ServerMetrics: Sendable {
    private let registry = PrometheusCollectorRegistry()
    private let factory: PrometheusMetricsFactory
    private let analysed: Metrics.Counter
    private let failed = Mutex<[String: Metrics.Counter]>([:])
    private let analyzerTimers = Mutex<[String: Metrics.Timer]>([:])
    private let requestTimers = Mutex<[String: Metrics.Timer]>([:])
    private let workerStarts = Mutex<[String: Metrics.Counter]>([:])
    private let inFlight: Metrics.Gauge
    private let queueDepth: Metrics.Gauge
    private let liveInstances = Mutex<[String: Metrics.Gauge]>([:])
    private let serviceQueues = Mutex<[String: Metrics.Gauge]>([:])

    public init() {
        var factory = PrometheusMetricsFactory(registry: registry)
        let seconds: [Duration] = [.milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
                                   .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10), .seconds(30)]
        factory.defaultDurationHistogramBuckets = seconds
        self.factory = factory
        analysed = Metrics.Counter(label: "byline_articles_analysed_total", factory: factory)
        inFlight = Metrics.Gauge(label: "byline_articles_in_flight", factory: factory)
        queueDepth = Metrics.Gauge(label: "byline_coordinator_queue_depth", factory: factory)
    }

    /// An article answered with an analysis; its provenance gives each analyzer's latency.
    func recordAnalysed(_ provenance: [Provenance]) {
        analysed.increment()
        for entry in provenance where entry.status == .ok || entry.status == .timeout {
            timer(entry.analyzer, in: analyzerTimers, label: "byline_analyzer_duration_seconds", key: "analyzer")
                .recordNanoseconds(Int64(entry.ms * 1_000_000))
        }
    }

    /// An article that got no analysis: `reason` is the rejection code, `lost`, or an input problem.
    func recordFailed(reason: String) {
        failed.withLock { counters in
            if counters[reason] == nil {
                counters[reason] = Metrics.Counter(label: "byline_articles_failed_total", dimensions: [("reason", reason)], factory: factory)
            }
            return counters[reason]!
        }.increment()
    }

    /// A worker process (re)started by this server's supervisor.
    public func recordWorkerStart(service: String) {
        workerStarts.withLock { counters in
            if counters[service] == nil {
                counters[service] = Metrics.Counter(label: "byline_worker_starts_total", dimensions: [("service", service)], factory: factory)
            }
            return counters[service]!
        }.increment()
    }

    func recordRequest(route: String, method: String, status: Int, nanoseconds: Int64) {
        let key = "\(method) \(route) \(status)"
        let timer = requestTimers.withLock { timers in
            if timers[key] == nil {
                timers[key] = Metrics.Timer(
                    label: "byline_http_request_duration_seconds",
                    dimensions: [("route", route), ("method", method), ("status", String(status))], factory: factory)
            }
            return timers[key]!
        }
        timer.recordNanoseconds(nanoseconds)
    }

    /// The text exposition after refreshing the gauges from `backend`.
    func exposition(backend: any AnalysisBackend) async -> [UInt8] {
        inFlight.record(backend.inFlight)
        if let status = await backend.status() {
            queueDepth.record(status.articlesInFlight)
            for service in status.services {
                liveInstances.withLock { gauges in
                    if gauges[service.name] == nil {
                        gauges[service.name] = Metrics.Gauge(label: "byline_live_instances", dimensions: [("service", service.name)], factory: factory)
                    }
                    return gauges[service.name]!
                }.record(service.instances.count)
                serviceQueues.withLock { gauges in
                    if gauges[service.name] == nil {
                        gauges[service.name] = Metrics.Gauge(label: "byline_service_queue_depth", dimensions: [("service", service.name)], factory: factory)
                    }
                    return gauges[service.name]!
                }.record(service.queued)
            }
        }
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return buffer
    }

    private func timer(_ name: String, in timers: borrowing Mutex<[String: Metrics.Timer]>, label: String, key: String) -> Metrics.Timer {
        timers.withLock { timers in
            if timers[name] == nil { timers[name] = Metrics.Timer(label: label, dimensions: [(key, name)], factory: factory) }
            return timers[name]!
        }
    }
}

/// Times every request by route pattern (not the raw path, so ids do not make new series) and status.
struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        func record(_ status: Int) {
            let elapsed = start.duration(to: .now)
            let nanoseconds = elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000
            metrics.recordRequest(
                route: context.endpointPath ?? "unmatched", method: request.method.rawValue, status: status, nanoseconds: nanoseconds)
        }
        do {
            let response = try await next(request, context)
            record(response.status.code)
            return response
        } catch let error as APIError {
            record(error.status.code)
            throw error
        } catch let error as HTTPError {
            record(error.status.code)
            throw error
        } catch {
            record(500)
            throw error
        }
    }
}
