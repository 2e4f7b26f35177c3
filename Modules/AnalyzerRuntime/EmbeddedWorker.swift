public import AnalyzerKit
public import WireProtocol

/// A worker with no socket: frames in, frames out, through the same session and codec as
/// ``WorkerRuntime``. Tests use it to run an analyzer exactly as it runs on the wire, the way
/// swift-nio's `EmbeddedChannel` runs a handler without I/O.
public struct EmbeddedWorker<A: Analyzer>: Sendable {
    public let runtime: WorkerRuntime<A>
    private var session: WorkerSession

    public init(analyzer: A, capacity: Int = 1, batch: Int = 1, limits: WireLimits = .default) {
        runtime = WorkerRuntime(
            analyzer: analyzer,
            configuration: WorkerConfiguration(endpoint: "inproc://embedded", capacity: capacity, batch: batch, limits: limits))
        session = WorkerSession(descriptor: runtime.wireDescriptor, limits: limits)
    }

    /// Connects: returns the READY frames.
    public mutating func connect(at now: Moment = .now()) -> [[[UInt8]]] {
        sends(session.connected(at: now))
    }

    /// Delivers a coordinator message; runs any request it starts to completion; returns what the
    /// worker sends back (REPLY, FAIL, …).
    public mutating func receive(_ frames: [[UInt8]], at now: Moment = .now()) async -> [[[UInt8]]] {
        var out: [[[UInt8]]] = []
        var pending = session.received(frames, at: now)
        while !pending.isEmpty {
            let action = pending.removeFirst()
            switch action {
            case .send(let frames):
                out.append(frames)
            case .start(let jobs):
                var outcomes: [(id: [UInt8], outcome: Result<[UInt8], WorkerFailure>)] = []
                for job in jobs { outcomes.append((job.id, await runtime.perform(job))) }
                pending += session.finished(outcomes, at: now)
            case .cancel, .reconnect, .stop, .hung, .log:
                break
            }
        }
        return out
    }

    /// Advances time (heartbeats, deadlines).
    public mutating func tick(at now: Moment) -> [[[UInt8]]] {
        sends(session.tick(at: now))
    }

    private func sends(_ actions: [WorkerSession.Action]) -> [[[UInt8]]] {
        actions.compactMap { if case .send(let frames) = $0 { frames } else { nil } }
    }
}
