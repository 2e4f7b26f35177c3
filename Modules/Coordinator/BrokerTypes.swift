public import WireProtocol

/// A peer's ZeroMQ routing id, as the ROUTER socket reports it.
public typealias PeerID = [UInt8]

/// Settings of the broker state machine.
public struct BrokerConfiguration: Sendable, Equatable {
    /// Deadline for an article when the client names none.
    public var defaultDeadlineMs: Int
    /// Largest deadline a client may ask for.
    public var maxDeadlineMs: Int
    /// Heartbeat intervals of silence after which a worker counts as dead.
    public var liveness: Int
    /// Instances one article may be sent to, per service, before that service counts as failed for it
    /// (a poison article that kills every instance it reaches stops here).
    public var maxAttempts: Int
    /// Services every article waits for, even while no instance is up (a supervisor is restarting it).
    public var requiredServices: Set<String>
    public var limits: WireLimits
    /// Articles accepted at once; beyond it SUBMIT is answered `busy`.
    public var maxArticlesInFlight: Int
    /// How long queued articles may wait to gather a whole batch for a busy instance that takes
    /// batches, in milliseconds. An idle instance gets what is queued at once.
    public var batchHoldMs: Int

    public init(
        defaultDeadlineMs: Int = 30_000, maxDeadlineMs: Int = 3_600_000, liveness: Int = 3, maxAttempts: Int = 3,
        requiredServices: Set<String> = [], limits: WireLimits = .default, maxArticlesInFlight: Int = 100_000,
        batchHoldMs: Int = 10
    ) {
        self.batchHoldMs = batchHoldMs
        self.defaultDeadlineMs = defaultDeadlineMs
        self.maxDeadlineMs = maxDeadlineMs
        self.liveness = liveness
        self.maxAttempts = maxAttempts
        self.requiredServices = requiredServices
        self.limits = limits
        self.maxArticlesInFlight = maxArticlesInFlight
    }
}

/// What happens to the broker.
public enum BrokerInput: Sendable {
    /// A message arrived on the ROUTER socket: the peer's routing id and the frames after it.
    case message(from: PeerID, frames: [[UInt8]])
    /// Sending to a peer failed because it is gone (`EHOSTUNREACH`).
    case peerUnreachable(PeerID)
    /// A supervisor saw the process with this instance id exit.
    case instanceExited(String)
    /// Time passed; check heartbeats and deadlines.
    case tick
    /// Stop taking articles and tell workers to go (they may reconnect to a successor).
    case shutdown
}

/// What the broker wants done.
public enum BrokerOutput: Sendable, Equatable {
    case send(to: PeerID, frames: [[UInt8]])
    case log(BrokerLogLevel, String)
}

public enum BrokerLogLevel: Sendable, Equatable {
    case debug, info, warning, error
}
