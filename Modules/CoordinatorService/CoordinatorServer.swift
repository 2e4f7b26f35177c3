public import Coordinator
public import Logging
public import ServiceLifecycle
public import WireProtocol
public import ZeroMQ
import Foundation
import Synchronization

/// Where and how the coordinator listens.
public struct CoordinatorConfiguration: Sendable {
    /// Endpoints the one ROUTER socket binds: workers and clients share them (`tcp://0.0.0.0:5555`,
    /// `ipc:///run/byline/c.sock`, `inproc://name`). `tcp://127.0.0.1:*` picks a free port.
    public var endpoints: [String]
    public var broker: BrokerConfiguration
    /// CURVE server secret key (Z85); when set, every peer must speak CURVE.
    public var curveSecretKey: String?
    /// With CURVE, which client keys are admitted (`nil`: any).
    public var curveAllowList: CurveAllowList?
    /// How long a graceful shutdown waits for articles in flight before answering them as they are.
    public var drainTimeoutMs: Int
    /// A context to share with in-process clients over `inproc://`; `nil` makes one.
    public var context: Context?
    /// The kernel scheduling policy of the loop thread (``SchedulingPolicy``), and of libzmq's
    /// threads when the loop's socket is the context's first and so starts them: `batch` by
    /// default, so that on a machine the workers keep busy its wake-ups wait for their time slices
    /// instead of preempting them; `normal` for the system default.
    public var scheduling: SchedulingPolicy

    public init(
        endpoints: [String], broker: BrokerConfiguration = BrokerConfiguration(), curveSecretKey: String? = nil,
        curveAllowList: CurveAllowList? = nil, drainTimeoutMs: Int = 30_000, context: Context? = nil,
        scheduling: SchedulingPolicy = .batch
    ) {
        self.endpoints = endpoints
        self.broker = broker
        self.curveSecretKey = curveSecretKey
        self.curveAllowList = curveAllowList
        self.drainTimeoutMs = drainTimeoutMs
        self.context = context
        self.scheduling = scheduling
    }
}

/// The coordinator process's socket loop: one ROUTER socket, one thread, one ``Broker``.
///
/// ``start()`` binds every endpoint before returning, so "address in use" and bad endpoints fail
/// at once with a clear error. The thread then polls the socket and a waker, feeds the broker
/// messages and ticks, and sends what it says. Other threads talk to it only through the mailbox.
public final class CoordinatorServer: Sendable {
    public let configuration: CoordinatorConfiguration
    public let context: Context
    private let logger: Logger
    private let mailbox: Mutex<[Control]>
    private let waker: Waker
    private let state = Mutex<State>(State())

    private enum Control: Sendable {
        case instanceExited(String)
        case shutdown
        case status(@Sendable (CoordinatorStatus) -> Void)
    }

    private struct State: Sendable {
        var boundEndpoints: [String] = []
        var finished = false
        var finishWaiters: [CheckedContinuation<Void, Never>] = []
        var failure: String?
    }

    public init(configuration: CoordinatorConfiguration, logger: Logger = Logger(label: "byline.coordinator")) throws {
        self.configuration = configuration
        self.context = try configuration.context ?? Context()
        self.logger = logger
        self.mailbox = Mutex([])
        self.waker = try Waker()
    }

    /// Endpoints actually bound, with wildcards resolved (`tcp://127.0.0.1:41873`).
    public var boundEndpoints: [String] { state.withLock { $0.boundEndpoints } }

    /// Binds the endpoints and starts the loop thread. Throws if any endpoint cannot be bound.
    public func start() async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let thread = Thread { [self] in
                self.threadMain(started: continuation)
            }
            thread.name = "byline-coordinator"
            thread.start()
        }
    }

    /// Tells the broker that a supervised worker process exited, so its requests are requeued now
    /// rather than after its heartbeats lapse.
    public func instanceExited(_ instance: String) {
        post(.instanceExited(instance))
    }

    /// Stops taking articles, lets those in flight finish (up to the drain timeout), disconnects
    /// the workers and ends the loop. Returns at once; ``waitUntilFinished()`` waits.
    public func shutdown() {
        post(.shutdown)
    }

    /// The broker's status, taken on the loop thread.
    public func status() async -> CoordinatorStatus {
        await withCheckedContinuation { continuation in
            post(.status { continuation.resume(returning: $0) })
        }
    }

    /// Waits until the loop has ended.
    public func waitUntilFinished() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = state.withLock { state -> Bool in
                if state.finished { return true }
                state.finishWaiters.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
    }

    private func post(_ control: Control) {
        mailbox.withLock { $0.append(control) }
        waker.wake()
    }

    // MARK: Loop thread

    private func threadMain(started: CheckedContinuation<Void, any Error>) {
        if !configuration.scheduling.applyToCurrentThread() {
            logger.warning("could not set the coordinator thread's scheduling policy", metadata: ["policy": "\(configuration.scheduling)"])
        }
        let socket: Socket
        var authenticator: ZAPHandler?
        do {
            // The ZAP handler must be listening before any CURVE handshake can start.
            if configuration.curveSecretKey != nil {
                authenticator = try ZAPHandler(
                    context: context, allow: configuration.curveAllowList ?? CurveAllowList(keys: nil), logger: logger)
            }
            socket = try openSocket()
        } catch {
            finish()
            started.resume(throwing: error)
            return
        }
        logger.info("coordinator listening", metadata: ["endpoints": "\(boundEndpoints.joined(separator: ", "))"])
        started.resume()
        run(socket, authenticator: authenticator)
        finish()
    }

    private func openSocket() throws -> Socket {
        let socket = try Socket(context, .router)
        try socket.setOption(.routerMandatory, Int32(1))
        try socket.setOption(.maxMessageSize, configuration.broker.limits.transportFrameCap)
        try socket.setOption(.sendHighWaterMark, Int32(0))
        try socket.setOption(.receiveHighWaterMark, Int32(0))
        if let secret = configuration.curveSecretKey {
            guard CurveKeyPair.publicKey(forSecret: secret) != nil else {
                throw CoordinatorError.invalidCurveKey
            }
            try socket.setOption(.curveServer, Int32(1))
            try socket.setOption(.curveSecretKey, string: secret)
            try socket.setOption(.zapDomain, string: "byline")
        }
        var bound: [String] = []
        for endpoint in configuration.endpoints {
            try EndpointCheck.ensureFree(endpoint)
            do {
                try socket.bind(endpoint)
            } catch {
                throw CoordinatorError.cannotBind(endpoint, error)
            }
            bound.append(socket.lastEndpoint)
        }
        state.withLock { $0.boundEndpoints = bound }
        return socket
    }

    private func run(_ socket: borrowing Socket, authenticator: ZAPHandler?) {
        var broker = Broker(configuration: configuration.broker)
        var outputs: [BrokerOutput] = []
        var drainUntil: Moment?
        while true {
            let now = Moment.now()
            var timeout = 1000
            if let next = broker.nextWakeup() {
                timeout = max(0, min(timeout, Int((next.nanoseconds - now.nanoseconds + 999_999) / 1_000_000)))
            }
            if drainUntil != nil { timeout = min(timeout, 50) }
            var items = [PollItem(readable: socket), waker.pollItem]
            if let authenticator { items.append(PollItem(readable: authenticator.socket)) }
            do {
                try poll(&items, timeoutMilliseconds: timeout)
            } catch {
                logger.critical("poll failed; coordinator stopping", metadata: ["error": "\(error)"])
                return
            }
            if items.count > 2, items[2].isReadable {
                authenticator?.handlePending()
            }
            if items[1].isReadable {
                waker.drain()
                for control in mailbox.withLock({ items in defer { items.removeAll() }; return items }) {
                    switch control {
                    case .instanceExited(let instance):
                        broker.handle(.instanceExited(instance), at: .now(), into: &outputs)
                    case .shutdown:
                        if drainUntil == nil {
                            logger.info("coordinator draining", metadata: ["in_flight": "\(broker.articlesInFlight)"])
                            broker.handle(.shutdown, at: .now(), into: &outputs)
                            drainUntil = Moment.now().adding(milliseconds: configuration.drainTimeoutMs)
                        }
                    case .status(let reply):
                        reply(broker.status(at: .now()))
                    }
                }
            }
            if items[0].isReadable {
                // Take a bounded batch so that ticks and sends interleave with a flood of input.
                for _ in 0..<512 {
                    let received: ReceivedMessage?
                    do {
                        // The routing id, then a REPLY of up to a full batch of answers.
                        received = try socket.receive(
                            maxFrames: 1 + WorkerMessage.maxFrames, maxBytes: configuration.broker.limits.maxMessageBytes)
                    } catch {
                        logger.error("receive failed", metadata: ["error": "\(error)"])
                        break
                    }
                    guard let message = received else { break }
                    guard message.frames.count >= 2, message.discardedFrames == 0 else {
                        logger.warning("dropped a message with \(message.frames.count + message.discardedFrames) frames")
                        continue
                    }
                    broker.handle(
                        .message(from: message.frames[0], frames: Array(message.frames.dropFirst())), at: .now(), into: &outputs)
                    perform(&outputs, on: socket, broker: &broker)
                }
            }
            broker.handle(.tick, at: .now(), into: &outputs)
            perform(&outputs, on: socket, broker: &broker)
            if let until = drainUntil, broker.articlesInFlight == 0 || Moment.now() >= until {
                if broker.articlesInFlight > 0 {
                    logger.warning("drain timeout: \(broker.articlesInFlight) article(s) still in flight are dropped")
                }
                broker.disconnectAllWorkers(at: .now(), into: &outputs)
                perform(&outputs, on: socket, broker: &broker)
                logger.info("coordinator stopped")
                return
            }
        }
    }

    private func perform(_ outputs: inout [BrokerOutput], on socket: borrowing Socket, broker: inout Broker) {
        var index = 0
        while index < outputs.count {
            switch outputs[index] {
            case .send(let peer, let frames):
                do {
                    if try !socket.send([peer] + frames) {
                        logger.warning("send queue full; message dropped", metadata: ["peer": "\(peer)"])
                    }
                } catch let error where error.isHostUnreachable {
                    // The broker forgets a vanished worker and requeues its requests; outputs append.
                    broker.handle(.peerUnreachable(peer), at: .now(), into: &outputs)
                } catch {
                    logger.error("send failed", metadata: ["error": "\(error)"])
                }
            case .log(let level, let message):
                logger.log(level: level.swiftLog, "\(message)")
            }
            index += 1
        }
        outputs.removeAll(keepingCapacity: true)
    }

    private func finish() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.finished = true
            defer { state.finishWaiters.removeAll() }
            return state.finishWaiters
        }
        for waiter in waiters { waiter.resume() }
    }
}

/// Runs a ``CoordinatorServer`` as a service: binds on start, drains on graceful shutdown.
public struct CoordinatorService: Service, CustomStringConvertible {
    public let server: CoordinatorServer

    public var description: String { "CoordinatorService" }

    public init(server: CoordinatorServer) {
        self.server = server
    }

    public func run() async throws {
        try await server.start()
        await withGracefulShutdownHandler {
            await server.waitUntilFinished()
        } onGracefulShutdown: {
            server.shutdown()
        }
    }
}

/// Errors of the coordinator service.
public enum CoordinatorError: Error, CustomStringConvertible {
    case cannotBind(String, ZMQError)
    case endpointInUse(String)
    case invalidCurveKey

    public var description: String {
        switch self {
        case .invalidCurveKey:
            "the CURVE secret key is not a valid 40-character Z85 key"
        case .endpointInUse(let endpoint):
            "cannot bind \(endpoint): another process is listening there (is another coordinator running?)"
        case .cannotBind(let endpoint, let error) where error.isAddressInUse:
            "cannot bind \(endpoint): the address is already in use (is another coordinator running?)"
        case .cannotBind(let endpoint, let error):
            "cannot bind \(endpoint): \(error)"
        }
    }
}

extension BrokerLogLevel {
    var swiftLog: Logger.Level {
        switch self {
        case .debug: .debug
        case .info: .info
        case .warning: .warning
        case .error: .error
        }
    }
}
