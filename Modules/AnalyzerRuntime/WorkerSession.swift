public import WireProtocol

/// The worker side of the protocol as a pure state machine: frames and time in, actions out.
///
/// It owns liveness (heartbeats both ways, reconnecting when the coordinator goes quiet), request
/// bookkeeping (capacity, per-request deadlines, duplicates) and graceful shutdown (finish what is
/// in flight, then DISCONNECT). The socket loop in ``WorkerRuntime`` only moves frames and runs jobs.
public struct WorkerSession: Sendable {
    /// A request handed to the analyzer.
    public struct Job: Equatable, Sendable {
        public var id: [UInt8]
        public var control: RequestControl
        public var metadata: [UInt8]
        public var text: [UInt8]
        /// The consumed sections (JSON object) for a service that consumes; `nil` otherwise.
        public var inputs: [UInt8]? = nil
        /// When the session gives up on this job and answers FAIL `deadline`.
        public var deadline: Moment
    }

    public enum Action: Equatable, Sendable {
        /// Send these frames to the coordinator.
        case send([[UInt8]])
        /// Run the analyzer on these jobs (the articles of one REQUEST, at least one); report each
        /// back with ``finished(_:at:)``.
        case start([Job])
        /// The job's result is no longer wanted (deadline passed or connection reset).
        case cancel(id: [UInt8])
        /// Close the socket and connect again after a backoff.
        case reconnect(reason: String)
        /// Shutdown complete: close the socket and end.
        case stop
        /// An analysis ignored its cancellation long past its deadline: the process is stuck and
        /// should exit so that its supervisor starts a fresh one.
        case hung(String)
        case log(LogLevel, String)
    }

    public enum LogLevel: Sendable, Equatable { case debug, info, warning, error }

    public let descriptor: WorkerDescriptor
    public let liveness: Int
    public let limits: WireLimits
    /// How long past its deadline an abandoned analysis may keep running before the worker gives up on itself.
    public let hangGraceMs: Int

    private var lastHeard = Moment(nanoseconds: 0)
    private var lastSent = Moment(nanoseconds: 0)
    private var inFlight: [[UInt8]: Moment] = [:]
    /// Requests past their deadline whose task was told to stop but has not returned yet. They still
    /// count against capacity: the coordinator hears about them when the task returns (FAIL
    /// `deadline`), or when the worker gives up on itself.
    private var cancelled: Set<[UInt8]> = []
    private var draining = false
    private var connected = false

    /// - Parameter liveness: heartbeat intervals of silence after which the coordinator counts as gone.
    public init(descriptor: WorkerDescriptor, liveness: Int = 3, limits: WireLimits = .default, hangGraceMs: Int = 5_000) {
        self.descriptor = descriptor
        self.liveness = max(2, liveness)
        self.limits = limits
        self.hangGraceMs = hangGraceMs
    }

    private var heartbeatNanoseconds: Int64 { Int64(descriptor.heartbeatMs) * 1_000_000 }

    /// Requests being analysed now.
    public var inFlightCount: Int { inFlight.count }
    public var isDraining: Bool { draining }

    /// A new connection is up: announce ourselves.
    public mutating func connected(at now: Moment) -> [Action] {
        connected = true
        lastHeard = now
        lastSent = now
        return [.send(WorkerMessage.ready(descriptor).encoded())]
    }

    /// A message arrived from the coordinator.
    public mutating func received(_ frames: [[UInt8]], at now: Moment) -> [Action] {
        let message: WorkerMessage
        do {
            message = try WorkerMessage.decode(frames, limits: limits)
        } catch {
            // A REQUEST we cannot take (text over our limit, bad control JSON) still gets an answer, so
            // that the article fails at once with the reason instead of timing out.
            if frames.count >= 3, frames[0] == ProtocolHeader.worker, frames[1] == [WorkerCommand.request.rawValue],
                !frames[2].isEmpty, frames[2].count <= limits.maxTagBytes, connected
            {
                lastHeard = now
                lastSent = now
                return [
                    .send(WorkerMessage.fail(id: frames[2], failure: WorkerFailure(code: "invalid-request", message: error.message)).encoded()),
                    .log(.warning, "refused a request: \(error)"),
                ]
            }
            return [.log(.warning, "dropped a malformed message from the coordinator: \(error)")]
        }
        lastHeard = now
        switch message {
        case .heartbeat:
            return []
        case .request(let articles):
            if draining {
                // Not started: the DISCONNECT that ends the drain makes the coordinator requeue them.
                return [.log(.debug, "shutting down; leaving \(articles.count) request(s) for the coordinator to requeue")]
            }
            var actions: [Action] = []
            var jobs: [Job] = []
            jobs.reserveCapacity(articles.count)
            for article in articles {
                if inFlight[article.id] != nil {
                    actions.append(.log(.warning, "ignored a duplicate request id"))
                    continue
                }
                if inFlight.count >= descriptor.capacity {
                    lastSent = now
                    actions.append(.send(WorkerMessage.fail(
                        id: article.id,
                        failure: WorkerFailure(code: "over-capacity", message: "worker is at its capacity of \(descriptor.capacity)")
                    ).encoded()))
                    actions.append(.log(.warning, "coordinator sent more requests than the declared capacity"))
                    continue
                }
                let deadline = now.adding(milliseconds: max(0, article.control.deadlineMs))
                inFlight[article.id] = deadline
                jobs.append(Job(
                    id: article.id, control: article.control, metadata: article.metadata, text: article.text, inputs: article.inputs,
                    deadline: deadline))
            }
            if !jobs.isEmpty { actions.append(.start(jobs)) }
            return actions
        case .disconnect(let reason):
            return resetConnection(reason: "coordinator sent DISCONNECT" + (reason.map { ": \($0)" } ?? ""))
        case .ready, .reply, .fail:
            return [.log(.warning, "ignored a \(message.command) command, which only workers send")]
        }
    }

    /// The analyzer finished jobs: each outcome is the REPLY payload, or the failure to report.
    /// Outputs go out together, in as few REPLYs as the batch and size limits allow; failures each
    /// in a FAIL.
    public mutating func finished(_ outcomes: [(id: [UInt8], outcome: Result<[UInt8], WorkerFailure>)], at now: Moment) -> [Action] {
        var actions: [Action] = []
        var answers: [WorkReply] = []
        var answerBytes = 0
        func flush() {
            if !answers.isEmpty { actions.append(.send(WorkerMessage.reply(answers).encoded())) }
            answers.removeAll()
            answerBytes = 0
        }
        for (id, outcome) in outcomes {
            cancelled.remove(id)
            // Not in flight: already answered at its deadline, or the connection was reset.
            guard inFlight.removeValue(forKey: id) != nil, connected else { continue }
            lastSent = now
            switch outcome {
            case .success(let output) where output.count > limits.maxPayloadBytes:
                let failure = WorkerFailure(
                    code: "invalid-output", message: "output of \(output.count) bytes is over the limit of \(limits.maxPayloadBytes)")
                actions.append(.send(WorkerMessage.fail(id: id, failure: failure).encoded()))
            case .success(let output):
                if answers.count == WorkerDescriptor.maxBatch || answerBytes + output.count > limits.maxPayloadBytes { flush() }
                answers.append(WorkReply(id: id, output: output))
                answerBytes += output.count
            case .failure(let failure):
                actions.append(.send(WorkerMessage.fail(id: id, failure: failure).encoded()))
            }
        }
        flush()
        actions += finishDrainIfDone()
        return actions
    }

    /// The analyzer finished one job.
    public mutating func finished(_ id: [UInt8], _ outcome: Result<[UInt8], WorkerFailure>, at now: Moment) -> [Action] {
        finished([(id, outcome)], at: now)
    }

    /// Time passed: heartbeats, coordinator liveness, request deadlines.
    public mutating func tick(at now: Moment) -> [Action] {
        guard connected else { return [] }
        if now.nanoseconds - lastHeard.nanoseconds > Int64(liveness) * heartbeatNanoseconds {
            let reason = "no word from the coordinator for \(liveness) heartbeats"
            return [.log(.warning, reason)] + resetConnection(reason: reason)
        }
        var actions: [Action] = []
        for (id, deadline) in inFlight where deadline <= now {
            if cancelled.insert(id).inserted {
                actions.append(.cancel(id: id))
            } else if now.milliseconds(since: deadline) > Double(hangGraceMs) {
                let request = id.map { String($0, radix: 16) }.joined()
                return [.hung("an analysis has ignored its cancellation for \(hangGraceMs) ms past its deadline (request \(request))")]
            }
        }
        if now.nanoseconds - lastSent.nanoseconds >= heartbeatNanoseconds {
            actions.append(.send(WorkerMessage.heartbeat.encoded()))
            lastSent = now
        }
        actions += finishDrainIfDone()
        return actions
    }

    /// Begin a graceful shutdown: take no new requests, finish those in flight, then DISCONNECT.
    public mutating func shutdown(at now: Moment) -> [Action] {
        draining = true
        return finishDrainIfDone()
    }

    /// Milliseconds until ``tick(at:)`` next has something to do.
    public func nextTimeout(at now: Moment) -> Int {
        guard connected else { return descriptor.heartbeatMs }
        var next = min(
            lastSent.nanoseconds + heartbeatNanoseconds,
            lastHeard.nanoseconds + Int64(liveness) * heartbeatNanoseconds + 1)
        for (id, deadline) in inFlight {
            let due = cancelled.contains(id) ? deadline.adding(milliseconds: hangGraceMs + 1) : deadline
            next = min(next, due.nanoseconds)
        }
        let wait = (next - now.nanoseconds + 999_999) / 1_000_000
        return Int(max(0, min(wait, Int64(descriptor.heartbeatMs))))
    }

    private mutating func finishDrainIfDone() -> [Action] {
        guard draining, inFlight.isEmpty else { return [] }
        var actions: [Action] = []
        if connected {
            actions.append(.send(WorkerMessage.disconnect(reason: "worker shutting down").encoded()))
            connected = false
        }
        actions.append(.stop)
        return actions
    }

    private mutating func resetConnection(reason: String) -> [Action] {
        connected = false
        var actions: [Action] = inFlight.keys.sorted { $0.lexicographicallyPrecedes($1) }.map { .cancel(id: $0) }
        inFlight.removeAll()
        cancelled.removeAll()
        if draining {
            actions.append(.stop)
        } else {
            actions.append(.reconnect(reason: reason))
        }
        return actions
    }
}
