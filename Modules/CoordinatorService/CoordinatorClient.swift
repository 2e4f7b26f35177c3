public import ArticleModel
public import WireProtocol
public import ZeroMQ
import Foundation

/// What became of one submitted article.
public enum ArticleOutcome: Sendable {
    /// The merged analysis as JSON (an ``ArticleAnalysis``).
    case analysis([UInt8])
    /// The coordinator refused the article.
    case rejected(Rejection)
    /// No answer came (the coordinator went away or the client gave up waiting).
    case lost(String)
}

/// A client of the coordinator: one DEALER socket, used from one thread.
///
/// Not `Sendable`: create it, use it and drop it on the same thread (``ClientThread`` runs work on a
/// dedicated thread for async callers).
public final class CoordinatorClient {
    private let socket: Socket
    public let endpoint: String
    public let limits: WireLimits
    private var nextTag: UInt64 = 1

    public init(context: Context, endpoint: String, limits: WireLimits = .default, curve: CurveClientKeys? = nil) throws {
        socket = try Socket(context, .dealer)
        try socket.setOption(.maxMessageSize, limits.transportFrameCap)
        try socket.setOption(.sendHighWaterMark, Int32(0))
        try socket.setOption(.receiveHighWaterMark, Int32(0))
        if let curve {
            try socket.setOption(.curveServerKey, string: curve.serverPublicKey)
            try socket.setOption(.curvePublicKey, string: curve.publicKey)
            try socket.setOption(.curveSecretKey, string: curve.secretKey)
        }
        try socket.connect(endpoint)
        self.endpoint = endpoint
        self.limits = limits
    }

    /// Asks the coordinator for its status; `nil` if no answer within `timeoutMs`.
    public func status(timeoutMs: Int) throws -> CoordinatorStatus? {
        let tag = Array("status-\(nextTag)".utf8)
        nextTag += 1
        try socket.send(ClientMessage.status(tag: tag).encoded())
        let end = Moment.now().adding(milliseconds: timeoutMs)
        while true {
            let left = Int(end.milliseconds(since: .now()))
            guard left > 0, let message = try receive(timeoutMs: left) else { return nil }
            if case .statusReply(tag, let body) = message {
                return try? JSONDecoder().decode(CoordinatorStatus.self, from: Data(body))
            }
        }
    }

    /// Sends a STATUS request; its answer arrives through ``receive(timeoutMs:)`` as `.statusReply`.
    public func sendStatus(tag: [UInt8]) throws {
        try socket.send(ClientMessage.status(tag: tag).encoded())
    }

    /// Sends one article under `tag` (at most 255 bytes); the answer carries the same tag.
    public func submit(_ article: Article, tag: [UInt8], options: SubmitOptions) throws {
        let metadata = WireJSON.encode(article.metadata)
        try socket.send(ClientMessage.submit(tag: tag, options: options, metadata: metadata, text: Array(article.text.utf8)).encoded())
    }

    /// The next message from the coordinator, or `nil` after `timeoutMs`. Malformed messages are skipped.
    public func receive(timeoutMs: Int) throws -> ClientMessage? {
        try receive(timeoutMs: timeoutMs, waker: nil)
    }

    /// The next message from the coordinator; `nil` after `timeoutMs` or as soon as `waker` is
    /// woken from another thread (its wake-ups are then drained). Malformed messages are skipped.
    public func receive(timeoutMs: Int, waker: Waker?) throws -> ClientMessage? {
        let end = Moment.now().adding(milliseconds: timeoutMs)
        while true {
            if let message = try socket.receive() {
                if let decoded = try? ClientMessage.decode(message.frames, limits: limits) { return decoded }
                continue
            }
            let left = Int(end.milliseconds(since: .now()).rounded(.up))
            if left <= 0 { return nil }
            var items = [PollItem(readable: socket)]
            if let waker { items.append(waker.pollItem) }
            try poll(&items, timeoutMilliseconds: left)
            if let waker, items[1].isReadable {
                waker.drain()
                return nil
            }
        }
    }

    /// Waits until every service in `services` has at least one live instance, or `timeoutMs` passes.
    /// Returns the last status seen (nil if the coordinator never answered).
    public func waitForServices(_ services: Set<String>, timeoutMs: Int) throws -> CoordinatorStatus? {
        let end = Moment.now().adding(milliseconds: timeoutMs)
        var last: CoordinatorStatus?
        while true {
            let left = Int(end.milliseconds(since: .now()))
            if left <= 0 { return last }
            if let status = try status(timeoutMs: min(left, 1000)) {
                last = status
                let live = Set(status.services.filter { !$0.instances.isEmpty }.map(\.name))
                if services.isSubset(of: live) { return status }
                Thread.sleep(forTimeInterval: 0.01)
            }
        }
    }

    /// Analyses `articles`, keeping at most `window` in flight, and reports each outcome with the
    /// article's position in the input as soon as it arrives.
    ///
    /// Every article gets exactly one outcome: an answer, a rejection, or `lost` if nothing came
    /// back within its deadline plus `graceMs` (the coordinator answers every accepted article by
    /// its deadline, so silence means it is gone).
    public func analyze(
        _ articles: some Sequence<Article>, window: Int, options: SubmitOptions, graceMs: Int = 5000,
        shouldStop: () -> Bool = { false }, onOutcome: (Int, Article, ArticleOutcome) throws -> Void
    ) throws {
        var iterator = articles.makeIterator()
        var pending: [UInt64: (index: Int, article: Article, expires: Moment)] = [:]
        var nextIndex = 0
        var exhausted = false
        let waitMs = (options.deadlineMs ?? 30_000) + graceMs
        let window = max(1, window)
        let burst = Self.refillBurst(window: window)
        while !shouldStop() {
            // Top up in bursts (see ``refillBurst(window:)``).
            let refill = pending.count <= window - burst
            while refill, !exhausted, pending.count < window {
                guard let article = iterator.next() else {
                    exhausted = true
                    break
                }
                let index = nextIndex
                nextIndex += 1
                let utf8Count = article.text.utf8.count
                if utf8Count > limits.maxTextBytes {
                    try onOutcome(index, article, .rejected(Rejection(
                        code: "too-large", message: "article text is \(utf8Count) bytes, over the limit of \(limits.maxTextBytes) bytes")))
                    continue
                }
                let tag = nextTag
                nextTag += 1
                try submit(article, tag: Self.encodeTag(tag), options: options)
                pending[tag] = (index, article, Moment.now().adding(milliseconds: waitMs))
            }
            if pending.isEmpty && exhausted { return }
            let soonest = pending.values.map(\.expires).min()!
            let timeout = max(1, Int(soonest.milliseconds(since: .now()).rounded(.up)))
            if let message = try receive(timeoutMs: min(timeout, 1000)) {
                let tag: [UInt8]
                let outcome: ArticleOutcome
                switch message {
                case .result(let t, let analysis): (tag, outcome) = (t, .analysis(analysis))
                case .reject(let t, let rejection): (tag, outcome) = (t, .rejected(rejection))
                default: continue
                }
                guard let key = Self.decodeTag(tag), let entry = pending.removeValue(forKey: key) else { continue }
                try onOutcome(entry.index, entry.article, outcome)
            }
            let now = Moment.now()
            for (key, entry) in pending where entry.expires <= now {
                pending[key] = nil
                try onOutcome(entry.index, entry.article, .lost("no answer from the coordinator at \(endpoint) within \(waitMs) ms"))
            }
        }
        for entry in pending.values.sorted(by: { $0.index < $1.index }) {
            try onOutcome(entry.index, entry.article, .lost("interrupted before the answer came"))
        }
    }

    /// How many free slots a client waits for before it refills its window: an eighth of the
    /// window, at most 16. Articles submitted together reach the coordinator together, so it can
    /// send each worker a whole batch (PROTOCOL.md §3.2) at once instead of one article per
    /// answer that frees a slot; a window refilled one article at a time keeps batches near one
    /// for fast analyzers. The window stays at least seven eighths full.
    public static func refillBurst(window: Int) -> Int {
        max(1, min(16, window / 8))
    }

    /// A request tag as the 8 big-endian bytes the wire carries; every client of the coordinator uses these two.
    public static func encodeTag(_ tag: UInt64) -> [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: tag >> (56 - 8 * $0)) }
    }

    /// The tag ``encodeTag(_:)`` made, or `nil` for bytes it did not make.
    public static func decodeTag(_ bytes: [UInt8]) -> UInt64? {
        guard bytes.count == 8 else { return nil }
        return bytes.reduce(0) { $0 << 8 | UInt64($1) }
    }
}

/// Runs blocking client work on a dedicated thread, so that no ZeroMQ call blocks Swift's
/// cooperative pool.
public enum ClientThread {
    public static func run<T: Sendable>(_ name: String = "byline-client", _ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result { try body() })
            }
            thread.name = name
            thread.start()
        }
    }
}
