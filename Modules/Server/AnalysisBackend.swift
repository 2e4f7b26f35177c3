public import ArticleModel
public import CoordinatorService
public import WireProtocol
public import ZeroMQ
import DequeModule
import Foundation
import Synchronization

/// What the HTTP layer needs from a cluster: analyse one article, and say what is registered.
/// The server's routes depend on this alone, so route tests run without sockets or workers.
public protocol AnalysisBackend: Sendable {
    /// Analyses `article` with `services` (all when `nil`); never throws: every article gets an outcome.
    func analyze(_ article: Article, services: [String]?) async -> ArticleOutcome
    /// The coordinator's status, or `nil` when it does not answer in time.
    func status() async -> CoordinatorStatus?
    /// Articles submitted and not yet answered, from this server.
    var inFlight: Int { get }
}

/// An ``AnalysisBackend`` over one coordinator connection.
///
/// ZeroMQ sockets belong to one thread, so one dedicated thread owns the DEALER socket: async
/// callers queue their article with a continuation and wake that thread through an eventfd; the
/// thread submits, receives answers and resumes each caller with its own outcome. Every caller is
/// resumed exactly once: with the answer, the coordinator's rejection, or `lost` when nothing came
/// within the deadline plus a grace period, or when the gateway stops.
public final class CoordinatorGateway: AnalysisBackend, @unchecked Sendable {
    // @unchecked: mutable state is in `state` (a Mutex); the socket lives on `thread` only.
    private enum Job {
        case article(Article, SubmitOptions, CheckedContinuation<ArticleOutcome, Never>)
        case status(CheckedContinuation<CoordinatorStatus?, Never>)
    }

    private struct State {
        var queue: Deque<Job> = []
        var stopped = false
        var inFlight = 0
    }

    private let state = Mutex(State())
    private let waker: Waker
    private let context: Context
    public let endpoint: String
    private let limits: WireLimits
    private let curve: CurveClientKeys?
    /// Milliseconds the coordinator may take per article (its deadline); `nil` uses its default.
    private let deadlineMs: Int?
    /// How long past the deadline an article is waited for before it counts as lost.
    private let graceMs: Int
    private let done = Mutex<CheckedContinuation<Void, Never>?>(nil)
    private let finished = Mutex(false)

    public init(
        context: Context, endpoint: String, limits: WireLimits, curve: CurveClientKeys? = nil, deadlineMs: Int?, graceMs: Int = 5000
    ) throws {
        self.context = context
        self.endpoint = endpoint
        self.limits = limits
        self.curve = curve
        self.deadlineMs = deadlineMs
        self.graceMs = graceMs
        waker = try Waker()
        // The socket is made on the thread that uses it.
        let thread = Thread { [self] in
            do {
                loop(try CoordinatorClient(context: context, endpoint: endpoint, limits: limits, curve: curve))
            } catch {
                failAll("cannot connect to the coordinator at \(endpoint): \(error)")
            }
        }
        thread.name = "byline-http-gateway"
        thread.start()
    }

    public var inFlight: Int { state.withLock { $0.inFlight } }

    public func analyze(_ article: Article, services: [String]?) async -> ArticleOutcome {
        let options = SubmitOptions(deadlineMs: deadlineMs, services: services)
        return await withCheckedContinuation { continuation in
            let accepted = state.withLock { state -> Bool in
                guard !state.stopped else { return false }
                state.queue.append(.article(article, options, continuation))
                state.inFlight += 1
                return true
            }
            if accepted { waker.wake() } else { continuation.resume(returning: .lost("the server is shutting down")) }
        }
    }

    public func status() async -> CoordinatorStatus? {
        await withCheckedContinuation { continuation in
            let accepted = state.withLock { state -> Bool in
                guard !state.stopped else { return false }
                state.queue.append(.status(continuation))
                return true
            }
            if accepted { waker.wake() } else { continuation.resume(returning: nil) }
        }
    }

    /// Stops taking work, answers what is waiting as lost, and returns when the thread has ended.
    public func stop() async {
        state.withLock { $0.stopped = true }
        waker.wake()
        await withCheckedContinuation { continuation in
            let already = finished.withLock { finished -> Bool in
                if finished { return true }
                done.withLock { $0 = continuation }
                return false
            }
            if already { continuation.resume() }
        }
    }

    /// Without a socket: every caller, now and later, gets `lost` with `reason`.
    private func failAll(_ reason: String) {
        while true {
            let (jobs, stopped) = state.withLock { state -> ([Job], Bool) in
                defer { state.queue.removeAll() }
                return (Array(state.queue), state.stopped)
            }
            for job in jobs {
                switch job {
                case .article(_, _, let continuation):
                    state.withLock { $0.inFlight -= 1 }
                    continuation.resume(returning: .lost(reason))
                case .status(let continuation): continuation.resume(returning: nil)
                }
            }
            if stopped { break }
            var items = [waker.pollItem]
            _ = try? poll(&items, timeoutMilliseconds: 1000)
            waker.drain()
        }
        finished.withLock { $0 = true }
        done.withLock { $0?.resume(); $0 = nil }
    }

    private func loop(_ client: CoordinatorClient) {
        var nextTag: UInt64 = 1
        var articles: [UInt64: (continuation: CheckedContinuation<ArticleOutcome, Never>, expires: Moment)] = [:]
        var statuses: [UInt64: (continuation: CheckedContinuation<CoordinatorStatus?, Never>, expires: Moment)] = [:]
        let waitMs = (deadlineMs ?? 30_000) + graceMs

        func finish(_ tag: UInt64, _ outcome: ArticleOutcome) {
            guard let entry = articles.removeValue(forKey: tag) else { return }
            state.withLock { $0.inFlight -= 1 }
            entry.continuation.resume(returning: outcome)
        }

        while true {
            let (jobs, stopped) = state.withLock { state -> ([Job], Bool) in
                defer { state.queue.removeAll() }
                return (Array(state.queue), state.stopped)
            }
            if stopped {
                for job in jobs {
                    switch job {
                    case .article(_, _, let continuation):
                        state.withLock { $0.inFlight -= 1 }
                        continuation.resume(returning: .lost("the server is shutting down"))
                    case .status(let continuation): continuation.resume(returning: nil)
                    }
                }
                for tag in Array(articles.keys) { finish(tag, .lost("the server stopped before the answer came")) }
                for entry in statuses.values { entry.continuation.resume(returning: nil) }
                break
            }
            for job in jobs {
                let tag = nextTag
                nextTag += 1
                let tagBytes = CoordinatorClient.encodeTag(tag)
                switch job {
                case .article(let article, let options, let continuation):
                    articles[tag] = (continuation, Moment.now().adding(milliseconds: waitMs))
                    do {
                        try client.submit(article, tag: tagBytes, options: options)
                    } catch {
                        finish(tag, .lost("could not send to the coordinator at \(endpoint): \(error)"))
                    }
                case .status(let continuation):
                    statuses[tag] = (continuation, Moment.now().adding(milliseconds: 3000))
                    do {
                        try client.sendStatus(tag: tagBytes)
                    } catch {
                        statuses.removeValue(forKey: tag)?.continuation.resume(returning: nil)
                    }
                }
            }
            let soonest = (articles.values.map(\.expires) + statuses.values.map(\.expires)).min()
            let timeout = soonest.map { max(1, min(1000, Int($0.milliseconds(since: .now()).rounded(.up)))) } ?? 1000
            // Everything that has arrived, then back to the queue.
            var wait = timeout
            while let message = try? client.receive(timeoutMs: wait, waker: waker) {
                wait = 0
                switch message {
                case .result(let tag, let analysis):
                    if let key = CoordinatorClient.decodeTag(tag) { finish(key, .analysis(analysis)) }
                case .reject(let tag, let rejection):
                    if let key = CoordinatorClient.decodeTag(tag) { finish(key, .rejected(rejection)) }
                case .statusReply(let tag, let body):
                    if let key = CoordinatorClient.decodeTag(tag), let entry = statuses.removeValue(forKey: key) {
                        entry.continuation.resume(returning: try? JSONDecoder().decode(CoordinatorStatus.self, from: Data(body)))
                    }
                default:
                    break
                }
            }
            let now = Moment.now()
            for (tag, entry) in articles where entry.expires <= now {
                finish(tag, .lost("no answer from the coordinator at \(endpoint) within \(waitMs) ms"))
            }
            for (tag, entry) in statuses where entry.expires <= now {
                statuses[tag] = nil
                entry.continuation.resume(returning: nil)
            }
        }
        finished.withLock { $0 = true }
        done.withLock { $0?.resume(); $0 = nil }
    }
}
