public import AnalyzerKit
public import Logging
public import ServiceLifecycle
public import WireProtocol
public import ZeroMQ
import ArticleModel
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// How a worker connects and behaves on the wire.
public struct WorkerConfiguration: Sendable {
    /// Coordinator endpoint (`ipc:///run/byline/coordinator.sock`, `tcp://host:5555`).
    public var endpoint: String
    public var heartbeatMs: Int
    /// Heartbeats of silence after which the coordinator counts as gone and the worker reconnects.
    public var liveness: Int
    /// Requests accepted at once (default 8). They run concurrently on the cooperative pool; more
    /// than one batch's worth keeps the next batch waiting at the worker while it finishes the last.
    public var capacity: Int
    /// Most articles one REQUEST may carry (default 4, at most `capacity`): the coordinator groups
    /// queued articles, and the worker answers a batch in one REPLY, which saves messages and
    /// wake-ups on both sides. A slow batch's answers go out as they finish (see ``WorkerRuntime``).
    public var batch: Int
    /// Reconnect backoff: starts here, doubles up to `reconnectMaxMs`, with ±25% jitter.
    public var reconnectInitialMs: Int
    public var reconnectMaxMs: Int
    public var limits: WireLimits
    /// Opaque id a supervisor gives each process it starts (``WorkerOptions`` reads `BYLINE_INSTANCE`).
    public var instance: String?
    /// Exit when the process with this id is gone (``WorkerOptions`` reads `BYLINE_PARENT_PID`), so that a
    /// killed supervisor leaves no orphans.
    public var parentPID: Int32?
    /// How long past its deadline an analysis may ignore cancellation before the worker exits
    /// (status 75) so that its supervisor replaces it.
    public var hangGraceMs: Int = 5_000
    /// CURVE keys for tcp endpoints that require them.
    public var curve: CurveClientKeys?
    /// A context to share (tests over `inproc://`); `nil` makes one.
    public var context: Context?

    public init(
        endpoint: String, heartbeatMs: Int = 1000, liveness: Int = 3, capacity: Int = 8, batch: Int = 4,
        reconnectInitialMs: Int = 100, reconnectMaxMs: Int = 5000, limits: WireLimits = .default,
        instance: String? = nil, parentPID: Int32? = nil,
        curve: CurveClientKeys? = nil, context: Context? = nil
    ) {
        self.endpoint = endpoint
        self.heartbeatMs = heartbeatMs
        self.liveness = liveness
        self.capacity = capacity
        self.batch = min(batch, capacity)
        self.reconnectInitialMs = reconnectInitialMs
        self.reconnectMaxMs = reconnectMaxMs
        self.limits = limits
        self.instance = instance
        self.parentPID = parentPID
        self.curve = curve
        self.context = context
    }
}

/// Serves one ``Analyzer`` to a coordinator: the process-level runtime every worker uses.
///
/// A dedicated thread owns the DEALER socket and runs the zmq_poll loop around a ``WorkerSession``
/// (no ZeroMQ call ever runs on Swift's cooperative pool); analyses run as tasks and hand their
/// results back through a mailbox that wakes the thread. On graceful shutdown (SIGTERM under a
/// `ServiceGroup`) the worker finishes the requests in flight, replies, then sends DISCONNECT.
public struct WorkerRuntime<A: Analyzer>: Service, CustomStringConvertible {
    public let analyzer: A
    public let configuration: WorkerConfiguration
    public let logger: Logger

    public init(analyzer: A, configuration: WorkerConfiguration, logger: Logger = Logger(label: "byline.worker")) {
        self.analyzer = analyzer
        self.configuration = configuration
        self.logger = logger
    }

    /// A short name. ServiceLifecycle describes every service when it is configured; the default
    /// description would print the analyzer's whole model (a second of start-up for a large one).
    public var description: String {
        "WorkerRuntime(\(analyzer.descriptor.name) \(analyzer.descriptor.version))"
    }

    /// The READY descriptor this worker announces.
    public var wireDescriptor: WorkerDescriptor {
        WorkerDescriptor(
            service: analyzer.descriptor.name, version: analyzer.descriptor.version,
            produces: analyzer.descriptor.produces.sorted(),
            consumes: analyzer.descriptor.consumes.isEmpty ? nil : analyzer.descriptor.consumes.sorted(),
            heartbeatMs: configuration.heartbeatMs,
            capacity: configuration.capacity, batch: configuration.batch, instance: configuration.instance, pid: Int(getpid()),
            summary: analyzer.descriptor.summary.isEmpty ? nil : Self.truncated(analyzer.descriptor.summary, toUTF8: 200))
    }

    /// `text` cut at a character boundary to at most `limit` UTF-8 bytes.
    static func truncated(_ text: String, toUTF8 limit: Int) -> String {
        var result = ""
        for character in text {
            if result.utf8.count + character.utf8.count > limit { break }
            result.append(character)
        }
        return result
    }

    public func run() async throws {
        let descriptor = wireDescriptor
        let problems = descriptor.validationProblems()
        guard problems.isEmpty else {
            throw AnalyzerError("analyzer '\(descriptor.service)' cannot register: " + problems.joined(separator: "; "))
        }
        let context = try configuration.context ?? Context()
        let mailbox = try WorkerMailbox()
        let jobs = JobTable()
        let costs = AnalysisCosts()
        let inline = analyzer.descriptor.pureComputation
        let watchdog = inline ? InlineWatchdog(logger: logger) : nil
        // For an analyzer of pure computation, a short batch that arrives while no analysis runs is
        // analysed on the socket thread itself: handing it to the pool and back costs two thread
        // wake-ups, which on a loaded machine cost more than a short analysis. The watchdog ends the
        // process if one of those analyses hangs, as the session's deadline does for a task (a busy
        // socket thread cannot heartbeat).
        //
        // Otherwise the socket thread starts each analysis as a task directly (a relay task in
        // between cost a context switch per request). The articles of one REQUEST run as separate
        // tasks, so a slow or stuck one holds up no other; the last of them to finish wakes the
        // socket thread, which then answers them all in one REPLY.
        let startJobs: @Sendable ([WorkerSession.Job]) -> Void = { batch in
            if let watchdog, jobs.isEmpty, let cost = costs.estimateNanoseconds(bytes: batch.reduce(0) { $0 + $1.text.count }),
                cost < AnalysisCosts.inlineBudgetNanoseconds
            {
                for job in batch {
                    watchdog.arm(until: job.deadline.adding(milliseconds: configuration.hangGraceMs), request: job.id)
                    // Runs here until its first suspension, which pure computation never reaches.
                    Task.immediate {
                        let outcome = await perform(job, costs: costs)
                        mailbox.post(.finished(job.id, outcome))
                    }
                    watchdog.disarm()
                }
                return
            }
            let group = BatchGroup(count: batch.count)
            for job in batch {
                jobs.start(job.id) {
                    Task {
                        let outcome = await perform(job, costs: costs)
                        jobs.remove(job.id)
                        mailbox.post(.finished(job.id, outcome), wake: group.finishOne())
                    }
                }
            }
        }
        let loop = WorkerLoop(
            configuration: configuration, descriptor: descriptor, context: context, mailbox: mailbox,
            jobs: jobs, startJobs: startJobs, logger: logger)

        defer { watchdog?.stop() }
        try await withGracefulShutdownHandler {
            try await loop.runOnDedicatedThread()
            await jobs.waitForAll()
        } onGracefulShutdown: {
            mailbox.post(.shutdown)
        }
    }

    /// Decodes a request, runs the analyzer, checks and encodes its output; records what that cost
    /// per byte of text in `costs`.
    func perform(_ job: WorkerSession.Job, costs: AnalysisCosts? = nil) async -> Result<[UInt8], WorkerFailure> {
        let started = Moment.now()
        let outcome = await performUntimed(job)
        costs?.record(bytes: job.text.count, nanoseconds: Moment.now().nanoseconds - started.nanoseconds)
        return outcome
    }

    private func performUntimed(_ job: WorkerSession.Job) async -> Result<[UInt8], WorkerFailure> {
        let metadata: ArticleMetadata
        do {
            metadata = try WireJSON.decode(job.metadata, "article metadata")
        } catch {
            return .failure(WorkerFailure(code: "invalid-request", message: "\(error)"))
        }
        guard let text = String(validating: job.text, as: UTF8.self) else {
            return .failure(WorkerFailure(code: "invalid-request", message: "article text is not valid UTF-8"))
        }
        let article = Article(metadata: metadata, text: text)
        var inputs: AnalyzerOutput?
        if let bytes = job.inputs {
            do {
                inputs = try WireJSON.decode(bytes, "request inputs")
            } catch {
                return .failure(WorkerFailure(code: "invalid-request", message: "\(error)"))
            }
        } else if !analyzer.descriptor.consumes.isEmpty {
            inputs = AnalyzerOutput()
        }
        let remaining = max(0, job.deadline.nanoseconds - Moment.now().nanoseconds)
        let request = AnalysisRequest(
            article: article, deadline: .now + .nanoseconds(remaining), attempt: job.control.attempt, inputs: inputs)
        do {
            switch try await analyzer.analyzeChecked(request) {
            case .success(let output):
                return .success(try WireJSON.encodeThrowing(output))
            case .failure(let failure):
                logger.error("analyzer output broke its contract", metadata: ["article": "\(metadata.id)", "problems": "\(failure.problems)"])
                return .failure(WorkerFailure(code: "invalid-output", message: failure.description))
            }
        } catch is CancellationError {
            return .failure(WorkerFailure(code: "deadline", message: "analysis cancelled at the request deadline"))
        } catch let error as AnalyzerError {
            return .failure(WorkerFailure(code: "analyzer-error", message: error.message))
        } catch {
            return .failure(WorkerFailure(code: "analyzer-error", message: String(describing: error)))
        }
    }
}

/// Messages from tasks to the socket thread.
enum WorkerMail: Sendable {
    case finished([UInt8], Result<[UInt8], WorkerFailure>)
    case shutdown
}

/// A queue any thread can post to; posting wakes the socket thread's poll unless told not to.
final class WorkerMailbox: Sendable {
    private struct State {
        var items: [WorkerMail] = []
        /// A wake-up was sent that the socket thread has not taken yet.
        var wakePending = false
    }

    private let state = Mutex(State())
    let waker: Waker

    init() throws {
        waker = try Waker()
    }

    /// Queues `mail`. With `wake`, wakes the socket thread unless a wake-up is already pending
    /// (it takes everything queued when it runs). Without, the mail waits for the thread's next
    /// wake-up for any reason: at the latest ``BatchGroup/holdMs`` later, as the socket thread looks
    /// that often while requests are in flight.
    func post(_ mail: WorkerMail, wake: Bool = true) {
        let mustWake = state.withLock { state in
            state.items.append(mail)
            guard wake, !state.wakePending else { return false }
            state.wakePending = true
            return true
        }
        if mustWake { waker.wake() }
    }

    /// Everything queued; call after draining the waker, so that a later post wakes the thread again.
    func take() -> [WorkerMail] {
        state.withLock { state in
            state.wakePending = false
            defer { state.items.removeAll(keepingCapacity: true) }
            return state.items
        }
    }
}

/// What analyses have cost this worker per byte of text (a moving average), to tell a short batch
/// from a long one before running it.
final class AnalysisCosts: Sendable {
    private let nanosecondsPerByte = Mutex<Double?>(nil)
    /// A batch estimated under this runs on the socket thread when the pool is idle (6 ms). The
    /// hand-off it saves costs tens of microseconds; a longer batch is better spread over the
    /// pool's threads: run on the socket thread alone, a slow analyzer's batches ran one after
    /// another on one core while the other idled (1–3% of the machine idle in bench-batch with
    /// 20 ms, under 1% with 6 ms).
    static let inlineBudgetNanoseconds: Int64 = 6_000_000

    func record(bytes: Int, nanoseconds: Int64) {
        // Short texts cost more per byte (fixed costs); counting at least 1 KB keeps them from
        // inflating the estimate for long ones.
        let sample = Double(max(0, nanoseconds)) / Double(max(bytes, 1024))
        nanosecondsPerByte.withLock { average in
            average = average.map { $0 * 0.9 + sample * 0.1 } ?? sample
        }
    }

    /// `nil` until an analysis has been measured.
    func estimateNanoseconds(bytes: Int) -> Int64? {
        nanosecondsPerByte.withLock { $0 }.map { Int64($0 * Double(max(bytes, 1024))) }
    }
}

/// Ends the process when an analysis running on the socket thread outlives its deadline by the
/// hang grace: nothing else can stop it, and the blocked thread sends no heartbeats.
final class InlineWatchdog: Sendable {
    private let due = Mutex<(moment: Moment, request: [UInt8])?>(nil)
    private let stopped = Atomic(false)

    init(logger: Logger) {
        let thread = Thread { [self] in
            while !stopped.load(ordering: .acquiring) {
                usleep(100_000)
                guard let (moment, request) = due.withLock({ $0 }), Moment.now() > moment else { continue }
                let id = request.map { String($0, radix: 16) }.joined()
                logger.critical(
                    "worker is stuck; exiting so that its supervisor replaces it",
                    metadata: ["reason": "an analysis on the socket thread ran past its deadline and the hang grace (request \(id))"])
                exit(75)
            }
        }
        thread.name = "byline-worker-watchdog"
        thread.start()
    }

    func arm(until moment: Moment, request: [UInt8]) {
        due.withLock { $0 = (moment, request) }
    }

    func disarm() {
        due.withLock { $0 = nil }
    }

    /// Ends the watchdog's thread (within 100 ms) when the worker stops.
    func stop() {
        stopped.store(true, ordering: .releasing)
    }
}

/// The articles of one REQUEST: says which finishing task wakes the socket thread.
final class BatchGroup: Sendable {
    private let remaining: Atomic<Int>
    private let started = Moment.now()
    /// A batch that has run this long stops holding answers back: each goes out as it finishes.
    static let holdMs = 50.0

    init(count: Int) {
        remaining = Atomic(count)
    }

    /// Counts one article done; true if this one should wake the socket thread: it is the last of
    /// the batch, or the batch is slow and its answers should not wait for the rest.
    func finishOne() -> Bool {
        let left = remaining.subtract(1, ordering: .acquiringAndReleasing).newValue
        return left == 0 || Moment.now().milliseconds(since: started) > Self.holdMs
    }
}

/// Running analysis tasks by request id, so the socket thread can cancel one.
final class JobTable: Sendable {
    private let tasks = Mutex<[[UInt8]: Task<Void, Never>]>([:])

    /// Starts a job's task while holding the lock, so that the task's own `remove` (which needs the
    /// lock) cannot run before it is in the table.
    func start(_ id: [UInt8], _ makeTask: () -> Task<Void, Never>) {
        tasks.withLock { $0[id] = makeTask() }
    }

    func remove(_ id: [UInt8]) {
        _ = tasks.withLock { $0.removeValue(forKey: id) }
    }

    func cancel(_ id: [UInt8]) {
        tasks.withLock { $0[id] }?.cancel()
    }

    /// No task is running: the pool is idle as far as this worker is concerned.
    var isEmpty: Bool { tasks.withLock { $0.isEmpty } }

    func waitForAll() async {
        while let task = tasks.withLock({ $0.first?.value }) {
            await task.value
            tasks.withLock { table in
                for (id, candidate) in table where candidate == task { table[id] = nil }
            }
        }
    }
}

/// The socket thread: connects, runs the session, reconnects with backoff.
struct WorkerLoop: Sendable {
    let configuration: WorkerConfiguration
    let descriptor: WorkerDescriptor
    let context: Context
    let mailbox: WorkerMailbox
    let jobs: JobTable
    /// Runs the analyses of one REQUEST off this thread; each posts its outcome to ``mailbox``.
    let startJobs: @Sendable ([WorkerSession.Job]) -> Void
    let logger: Logger

    func runOnDedicatedThread() async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let thread = Thread {
                let result = Result { try self.run() }
                continuation.resume(with: result)
            }
            thread.name = "byline-worker-io"
            thread.start()
        }
    }

    private func run() throws {
        var session = WorkerSession(
            descriptor: descriptor, liveness: configuration.liveness, limits: configuration.limits,
            hangGraceMs: configuration.hangGraceMs)
        var backoffMs = configuration.reconnectInitialMs
        var generator = SystemRandomNumberGenerator()
        while true {
            let outcome = try runConnection(&session)
            switch outcome {
            case .stopped:
                return
            case .reconnect(let heardFromCoordinator):
                if heardFromCoordinator { backoffMs = configuration.reconnectInitialMs }
                let jitter = Double.random(in: 0.75...1.25, using: &generator)
                let wait = Int(Double(backoffMs) * jitter)
                logger.info("reconnecting", metadata: ["endpoint": "\(configuration.endpoint)", "in_ms": "\(wait)"])
                if sleepUnlessShutdown(milliseconds: wait, &session) { return }
                backoffMs = min(configuration.reconnectMaxMs, backoffMs * 2)
            }
        }
    }

    private enum ConnectionOutcome {
        case stopped
        case reconnect(heardFromCoordinator: Bool)
    }

    private func runConnection(_ session: inout WorkerSession) throws -> ConnectionOutcome {
        let socket = try Socket(context, .dealer)
        try socket.setOption(.maxMessageSize, configuration.limits.transportFrameCap)
        try socket.setOption(.receiveHighWaterMark, Int32(0))
        try socket.setOption(.sendHighWaterMark, Int32(0))
        if let curve = configuration.curve {
            try socket.setOption(.curveServerKey, string: curve.serverPublicKey)
            try socket.setOption(.curvePublicKey, string: curve.publicKey)
            try socket.setOption(.curveSecretKey, string: curve.secretKey)
        }
        try socket.connect(configuration.endpoint)
        var heard = false
        var actions = session.connected(at: .now())
        logger.debug("connecting", metadata: ["endpoint": "\(configuration.endpoint)", "service": "\(descriptor.service)"])
        while true {
            for action in actions {
                switch action {
                case .send(let frames):
                    do {
                        try socket.send(frames)
                    } catch {
                        logger.warning("send failed", metadata: ["error": "\(error)"])
                    }
                case .start(let batch):
                    startJobs(batch)
                case .cancel(let id):
                    jobs.cancel(id)
                case .reconnect(let reason):
                    logger.info("connection reset", metadata: ["reason": "\(reason)"])
                    return .reconnect(heardFromCoordinator: heard)
                case .stop:
                    return .stopped
                case .hung(let reason):
                    // Nothing can stop a task that ignores cancellation; a fresh process is the only cure.
                    logger.critical("worker is stuck; exiting so that its supervisor replaces it", metadata: ["reason": "\(reason)"])
                    exit(75)
                case .log(let level, let message):
                    logger.log(level: level.swiftLog, "\(message)")
                }
            }
            actions = []
            var items = [PollItem(readable: socket), mailbox.waker.pollItem]
            var timeout = session.nextTimeout(at: .now())
            // Answers of an unfinished batch wait in the mailbox without a wake-up: look at least
            // this often while requests are in flight, so none waits longer.
            if session.inFlightCount > 0 { timeout = min(timeout, Int(BatchGroup.holdMs)) }
            try poll(&items, timeoutMilliseconds: timeout)
            // Mail is taken on every wake-up, not only the mailbox's: answers posted without a
            // wake-up (a batch not yet complete) go out with the next message sent.
            if items[1].isReadable { mailbox.waker.drain() }
            var outcomes: [(id: [UInt8], outcome: Result<[UInt8], WorkerFailure>)] = []
            var shutdown = false
            for mail in mailbox.take() {
                switch mail {
                case .finished(let id, let outcome): outcomes.append((id, outcome))
                case .shutdown: shutdown = true
                }
            }
            if !outcomes.isEmpty { actions += session.finished(outcomes, at: .now()) }
            if shutdown { actions += session.shutdown(at: .now()) }
            if items[0].isReadable {
                while let message = try socket.receive(maxFrames: WorkerMessage.maxFrames, maxBytes: configuration.limits.maxMessageBytes) {
                    heard = true
                    if message.discardedFrames > 0 {
                        logger.warning("dropped a message with too many frames")
                        continue
                    }
                    actions += session.received(message.frames, at: .now())
                }
            }
            if let parent = configuration.parentPID, !processExists(parent), !session.isDraining {
                logger.warning("parent process is gone; shutting down")
                actions += session.shutdown(at: .now())
            }
            actions += session.tick(at: .now())
        }
    }

    /// Waits out a reconnect backoff; returns `true` if a shutdown arrived meanwhile.
    private func sleepUnlessShutdown(milliseconds: Int, _ session: inout WorkerSession) -> Bool {
        let end = Moment.now().adding(milliseconds: milliseconds)
        while Moment.now() < end {
            var items = [mailbox.waker.pollItem]
            _ = try? poll(&items, timeoutMilliseconds: max(1, Int(end.milliseconds(since: Moment.now()))))
            mailbox.waker.drain()
            for mail in mailbox.take() {
                if case .shutdown = mail, session.shutdown(at: .now()).contains(.stop) { return true }
            }
            if let parent = configuration.parentPID, !processExists(parent) { return true }
        }
        return false
    }
}

/// Whether a process with this id exists (signal 0 probes without sending anything).
func processExists(_ pid: Int32) -> Bool {
    kill(pid, 0) == 0 || errno == EPERM
}

extension WorkerSession.LogLevel {
    var swiftLog: Logger.Level {
        switch self {
        case .debug: .debug
        case .info: .info
        case .warning: .warning
        case .error: .error
        }
    }
}
