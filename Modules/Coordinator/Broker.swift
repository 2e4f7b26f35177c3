import ArticleModel
public import WireProtocol
import DequeModule
import HeapModule

/// The coordinator as a pure state machine: messages and time in, messages out.
///
/// It registers workers (READY), balances each service's load over its instances, sends every
/// article to one instance of every service, requeues the requests of a worker that dies
/// (heartbeat silence, DISCONNECT, unreachable, or its process seen exiting) up to
/// ``BrokerConfiguration/maxAttempts``, answers every article by its deadline with what arrived,
/// and merges the replies with ``Merger``. A service that consumes other services' sections
/// (`consumes` in READY) gets an article only once they have arrived, with them attached; when a
/// producer fails or times out on an article, its consumers are skipped for that article. It never touches a socket or reads a clock, so tests feed
/// it inputs and moments and check what it sends.
public struct Broker: Sendable {
    public let configuration: BrokerConfiguration

    private var workers: [PeerID: WorkerState] = [:]
    private var services: [String: ServiceState] = [:]
    private var jobs: [UInt64: Job] = [:]
    private var requests: [UInt64: RequestRecord] = [:]
    private var deadlines = Heap<DeadlineEntry>()
    private var nextJobID: UInt64 = 1
    private var nextRequestID: UInt64 = 1
    private var startedAt: Moment?
    private var completedArticles = 0
    private var droppedMessages = 0
    private var shuttingDown = false
    /// Services whose queue or instances changed since the last ``dispatchQueued(at:into:)``.
    private var pendingDispatch: Set<String> = []

    public init(configuration: BrokerConfiguration = BrokerConfiguration()) {
        self.configuration = configuration
        for name in configuration.requiredServices {
            services[name] = ServiceState(name: name, produces: nil, required: true)
        }
    }

    // MARK: Queries

    /// Articles accepted and not yet answered.
    public var articlesInFlight: Int { jobs.count }
    /// Live worker count per service.
    public var liveInstances: [String: Int] { services.mapValues { $0.workers.count } }
    /// Whether a shutdown was requested.
    public var isShuttingDown: Bool { shuttingDown }

    /// The earliest moment at which ``handle(_:at:into:)`` with `.tick` has work: a deadline, a
    /// heartbeat to send, a worker to expire, articles held for a batch, or articles to dispatch
    /// (then a moment in the past).
    public func nextWakeup() -> Moment? {
        if !pendingDispatch.isEmpty { return Moment(nanoseconds: 0) }
        var next = deadlines.min?.deadline
        for service in services.values {
            if let since = service.holdingSince {
                let release = since.adding(milliseconds: configuration.batchHoldMs)
                next = min(next ?? release, release)
            }
        }
        for worker in workers.values {
            let heartbeat = worker.lastSent.adding(milliseconds: worker.descriptor.heartbeatMs)
            let expiry = worker.lastHeard.adding(milliseconds: worker.descriptor.heartbeatMs * configuration.liveness + 1)
            next = min(next ?? heartbeat, heartbeat, expiry)
        }
        return next
    }

    // MARK: Events

    /// Feeds one input; appends what to send and log to `out`.
    public mutating func handle(_ input: BrokerInput, at now: Moment, into out: inout [BrokerOutput]) {
        if startedAt == nil { startedAt = now }
        switch input {
        case .message(let peer, let frames):
            receive(frames, from: peer, at: now, into: &out)
        case .peerUnreachable(let peer):
            if workers[peer] != nil {
                removeWorker(peer, reason: "unreachable", notify: false, at: now, into: &out)
            }
        case .instanceExited(let instance):
            for (peer, worker) in workers where worker.descriptor.instance == instance {
                removeWorker(peer, reason: "its process exited", notify: false, at: now, into: &out)
            }
        case .tick:
            tick(at: now, into: &out)
            dispatchQueued(at: now, into: &out)
        case .shutdown:
            shuttingDown = true
        }
    }

    /// Sends DISCONNECT to every worker and forgets them; their unfinished requests are requeued
    /// (and time out unless a worker registers again). Used when the coordinator stops.
    public mutating func disconnectAllWorkers(at now: Moment, into out: inout [BrokerOutput]) {
        for peer in workers.keys.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            removeWorker(peer, reason: "coordinator shutting down", notify: true, at: now, into: &out)
        }
    }

    private mutating func receive(_ frames: [[UInt8]], from peer: PeerID, at now: Moment, into out: inout [BrokerOutput]) {
        let kind: ProtocolKind
        do {
            kind = try ProtocolKind.of(frames)
        } catch {
            drop(error, from: peer, into: &out)
            return
        }
        switch kind {
        case .worker:
            do {
                let message = try WorkerMessage.decode(frames, limits: configuration.limits)
                receiveWorker(message, from: peer, at: now, into: &out)
            } catch {
                drop(error, from: peer, into: &out)
                if workers[peer] != nil {
                    // A registered worker speaking nonsense is not to be trusted with articles.
                    removeWorker(peer, reason: "sent a malformed message (\(error))", notify: true, at: now, into: &out)
                } else if frames.count >= 2, frames[1] == [WorkerCommand.ready.rawValue] {
                    // Tell a worker why it cannot register, rather than leave it guessing.
                    out.append(.send(to: peer, frames: WorkerMessage.disconnect(reason: "READY refused: \(error.message)").encoded()))
                }
            }
        case .client:
            do {
                let message = try ClientMessage.decode(frames, limits: configuration.limits)
                receiveClient(message, from: peer, at: now, into: &out)
            } catch {
                drop(error, from: peer, into: &out)
                if frames.count > 2, !frames[2].isEmpty, frames[2].count <= configuration.limits.maxTagBytes {
                    out.append(.send(to: peer, frames: ClientMessage.reject(
                        tag: frames[2], rejection: Rejection(code: "malformed", message: "\(error)")
                    ).encoded()))
                }
            }
        }
    }

    private mutating func drop(_ error: WireError, from peer: PeerID, into out: inout [BrokerOutput]) {
        droppedMessages += 1
        // Log the first few and then every thousandth, so a flood of garbage cannot flood the log.
        if droppedMessages <= 10 || droppedMessages % 1000 == 0 {
            let note = droppedMessages == 10 ? " (from now on every 1000th drop is logged)" : ""
            out.append(.log(.warning, "dropped message #\(droppedMessages) from peer \(hex(peer)): \(error)\(note)"))
        }
    }

    // MARK: Workers

    private mutating func receiveWorker(_ message: WorkerMessage, from peer: PeerID, at now: Moment, into out: inout [BrokerOutput]) {
        if case .ready(let descriptor) = message {
            register(peer, descriptor, at: now, into: &out)
            return
        }
        guard workers[peer] != nil else {
            switch message {
            case .disconnect:
                break
            default:
                // Most likely a worker of a previous coordinator: make it reconnect and register.
                out.append(.send(to: peer, frames: WorkerMessage.disconnect(reason: "not registered; send READY").encoded()))
            }
            return
        }
        workers[peer]!.lastHeard = now
        switch message {
        case .heartbeat:
            break
        case .reply(let answers):
            // Every answer first, then one dispatch: the freed capacity goes out as one batch.
            for reply in answers {
                answer(reply.id, from: peer, at: now, into: &out) { job, worker in
                    Broker.decodeOutput(reply.output, for: job, declared: Set(worker.descriptor.produces))
                }
            }
            pendingDispatch.insert(workers[peer]!.descriptor.service)
        case .fail(let id, let failure) where failure.code == "over-capacity" || failure.code == "shutting-down":
            // Not the article's fault: send it to another instance (attempts still count).
            guard let requestID = RequestRecord.decodeID(id), let record = requests[requestID], record.worker == peer else { return }
            requests[requestID] = nil
            workers[peer]!.inFlight.remove(requestID)
            if failure.code == "shutting-down" { workers[peer]!.draining = true }
            if workers[peer]!.isolating == requestID { workers[peer]!.isolating = nil }
            requeue(record, because: "an instance answered \(failure.code)", lostAlone: nil, at: now, into: &out)
            pendingDispatch.insert(record.service)
        case .fail(let id, let failure):
            answer(id, from: peer, at: now, into: &out) { _, _ in
                .failure(OutputProblem(message: "\(failure.code): \(failure.message)", isTimeout: failure.code == "deadline"))
            }
            pendingDispatch.insert(workers[peer]!.descriptor.service)
        case .disconnect(let reason):
            removeWorker(peer, reason: "sent DISCONNECT" + (reason.map { " (\($0))" } ?? ""), notify: false, at: now, into: &out)
        case .request:
            removeWorker(peer, reason: "sent REQUEST, which only the coordinator sends", notify: true, at: now, into: &out)
        case .ready:
            break  // handled above
        }
    }

    private mutating func register(_ peer: PeerID, _ descriptor: WorkerDescriptor, at now: Moment, into out: inout [BrokerOutput]) {
        if workers[peer] != nil {
            removeWorker(peer, reason: "registered again", notify: false, at: now, into: &out)
        }
        if let problem = registrationConflict(descriptor) {
            // A consumer that started before its producer is refused until the producer is up,
            // and retries by itself: not worth an error.
            let level: BrokerLogLevel = problem.hasSuffix("which no registered service produces") ? .info : .error
            out.append(.log(level, "refused worker \(hex(peer)) of '\(descriptor.service)': \(problem)"))
            out.append(.send(to: peer, frames: WorkerMessage.disconnect(reason: problem).encoded()))
            return
        }
        let name = descriptor.service
        var service = services[name] ?? ServiceState(name: name, produces: nil, required: false)
        service.produces = descriptor.produces
        service.consumes = descriptor.consumedSections
        service.workers.append(peer)
        services[name] = service
        workers[peer] = WorkerState(
            peer: peer, descriptor: descriptor, lastHeard: now, lastSent: now, lastDispatch: Moment(nanoseconds: 0))
        if !service.consumes.isEmpty {
            // Articles queued for this service before any instance said what it consumes (a
            // required service still starting) wait for their sections like any other.
            var held: [UInt64] = []
            while let jobID = services[name]!.queue.popFirst() {
                if jobs[jobID]?.tasks[name]?.phase == .queued {
                    jobs[jobID]!.tasks[name]!.phase = .waiting
                    held.append(jobID)
                }
            }
            for jobID in held { releaseConsumers(jobID, at: now) }
        }
        out.append(.log(.info, "registered \(name) \(descriptor.version) instance \(descriptor.instance ?? hex(peer)) (capacity \(descriptor.capacity), batch \(descriptor.effectiveBatch), \(service.workers.count) live)"))
        pendingDispatch.insert(name)
    }

    private func registrationConflict(_ descriptor: WorkerDescriptor) -> String? {
        if let existing = services[descriptor.service], let produces = existing.produces, !existing.workers.isEmpty,
            Set(produces) != Set(descriptor.produces)
        {
            return "service '\(descriptor.service)' is registered producing \(produces.map(\.rawValue)); this instance declares \(descriptor.produces.map(\.rawValue))"
        }
        if let existing = services[descriptor.service], !existing.workers.isEmpty,
            Set(existing.consumes) != Set(descriptor.consumedSections)
        {
            return "service '\(descriptor.service)' is registered consuming \(existing.consumes.map(\.rawValue)); this instance declares \(descriptor.consumedSections.map(\.rawValue))"
        }
        for section in descriptor.produces where section != .extension {
            for other in services.values where other.name != descriptor.service && !other.workers.isEmpty {
                if other.produces?.contains(section) == true {
                    return "section '\(section.rawValue)' is already produced by service '\(other.name)'"
                }
            }
        }
        for section in descriptor.consumedSections.sorted() where producer(of: section, excluding: descriptor.service) == nil {
            return "service '\(descriptor.service)' consumes section '\(section.rawValue)', which no registered service produces"
        }
        if let cycle = cycle(through: descriptor) {
            return "service '\(descriptor.service)' would close a cycle of consumers: \(cycle.joined(separator: " → "))"
        }
        return nil
    }

    /// The live service producing `section` (other than `excluded`), first by name.
    private func producer(of section: Section, excluding excluded: String) -> String? {
        services.values.filter { $0.name != excluded && !$0.workers.isEmpty && $0.produces?.contains(section) == true }
            .map(\.name).min()
    }

    /// A path of services from `descriptor`'s back to it, each consuming a section the next one
    /// produces, when registering it would make one.
    private func cycle(through descriptor: WorkerDescriptor) -> [String]? {
        func needs(_ name: String) -> [String] {
            let consumes = name == descriptor.service ? descriptor.consumedSections : (services[name]?.consumes ?? [])
            var names: Set<String> = []
            for section in consumes {
                if descriptor.produces.contains(section) && name != descriptor.service { names.insert(descriptor.service) }
                for other in services.values where other.name != descriptor.service && !other.workers.isEmpty
                    && other.produces?.contains(section) == true
                {
                    names.insert(other.name)
                }
            }
            return names.sorted()
        }
        var visited: Set<String> = []
        func search(_ path: [String]) -> [String]? {
            for next in needs(path.last!) {
                if next == descriptor.service { return path + [next] }
                if visited.insert(next).inserted, let found = search(path + [next]) { return found }
            }
            return nil
        }
        return search([descriptor.service])
    }

    private mutating func removeWorker(_ peer: PeerID, reason: String, notify: Bool, at now: Moment, into out: inout [BrokerOutput]) {
        guard let worker = workers.removeValue(forKey: peer) else { return }
        let name = worker.descriptor.service
        services[name]?.workers.removeAll { $0 == peer }
        if notify {
            out.append(.send(to: peer, frames: WorkerMessage.disconnect(reason: reason).encoded()))
        }
        out.append(.log(
            worker.inFlight.isEmpty ? .info : .warning,
            "lost \(name) instance \(worker.descriptor.instance ?? hex(peer)): \(reason); \(worker.inFlight.count) request(s) to requeue"))
        // A worker that dies with one article is charged to that article (a strike); with several,
        // none is blamed yet, but each goes back as a suspect to be retried alone.
        let heldAlone = worker.inFlight.count == 1
        for requestID in worker.inFlight.sorted() {
            guard let record = requests.removeValue(forKey: requestID) else { continue }
            requeue(record, because: reason, lostAlone: heldAlone, at: now, into: &out)
        }
        // The service stays known while the coordinator runs: `byline plugins` shows it DOWN and
        // articles say in their provenance that it was not available.
        pendingDispatch.insert(name)
    }

    /// Puts a request whose instance went away back in its service's queue.
    ///
    /// `lostAlone`: the instance died holding only this article (a strike against it); `false`: it
    /// held others too (the article becomes a suspect, retried alone); `nil`: the instance handed
    /// it back without dying. After ``BrokerConfiguration/maxAttempts`` strikes the article's
    /// section fails: a poison article cannot loop.
    private mutating func requeue(
        _ record: RequestRecord, because reason: String, lostAlone: Bool?, at now: Moment, into out: inout [BrokerOutput]
    ) {
        guard var job = jobs[record.job], var task = job.tasks[record.service], task.phase == .dispatched(record.id) else {
            return
        }
        if let worker = workers[record.worker], worker.isolating == record.id { workers[record.worker]!.isolating = nil }
        switch lostAlone {
        case true?: task.strikes += 1
        case false?: task.suspect = true
        case nil: break
        }
        if task.strikes >= configuration.maxAttempts || task.attempts >= 3 * configuration.maxAttempts {
            complete(
                &task, .failed,
                error: task.strikes >= configuration.maxAttempts
                    ? "gave up after \(task.strikes) instances were lost while analysing this article alone (last: \(reason))"
                    : "gave up after \(task.attempts) attempts (last: \(reason))",
                at: now)
            job.tasks[record.service] = task
            job.pending -= 1
            jobs[record.job] = job
            finishIfDone(record.job, at: now, into: &out)
            return
        }
        task.phase = .queued
        job.tasks[record.service] = task
        jobs[record.job] = job
        services[record.service]?.queue.prepend(record.job)
        pendingDispatch.insert(record.service)
    }

    // MARK: Replies

    private mutating func answer(
        _ idBytes: [UInt8], from peer: PeerID, at now: Moment, into out: inout [BrokerOutput],
        outcome: (Job, WorkerState) -> Result<AnalyzerOutput, OutputProblem>
    ) {
        guard let id = RequestRecord.decodeID(idBytes), let record = requests[id], record.worker == peer else {
            out.append(.log(.debug, "ignored a reply for an unknown, late or reassigned request from \(hex(peer))"))
            return
        }
        requests[id] = nil
        workers[peer]!.inFlight.remove(id)
        if workers[peer]!.isolating == id { workers[peer]!.isolating = nil }
        if var job = jobs[record.job], var task = job.tasks[record.service], task.phase == .dispatched(id) {
            switch outcome(job, workers[peer]!) {
            case .success(let output):
                workers[peer]!.completed += 1
                task.output = output
                complete(&task, .ok, error: nil, at: now)
            case .failure(let error):
                workers[peer]!.failed += 1
                complete(&task, error.isTimeout ? .timeout : .failed, error: error.message, at: now)
            }
            task.version = workers[peer]!.descriptor.version
            job.tasks[record.service] = task
            job.pending -= 1
            jobs[record.job] = job
            finishIfDone(record.job, at: now, into: &out)
        } else {
            out.append(.log(.debug, "ignored a reply that came after its article's deadline"))
        }
    }

    private static func decodeOutput(_ bytes: [UInt8], for job: Job, declared: Set<Section>) -> Result<AnalyzerOutput, OutputProblem> {
        let output: AnalyzerOutput
        do {
            output = try WireJSON.decode(bytes, "REPLY output")
        } catch {
            return .failure(OutputProblem(message: "invalid output: \(error.message)"))
        }
        let problems = output.validationProblems(textLength: job.textLength, declared: declared)
        if !problems.isEmpty {
            return .failure(OutputProblem(message: "invalid output: " + problems.joined(separator: "; ")))
        }
        return .success(output)
    }

    private func complete(_ task: inout TaskState, _ status: AnalyzerStatus, error: String?, at now: Moment) {
        task.phase = .done
        task.status = status
        task.error = error
        task.finishedAt = now
    }

    // MARK: Clients

    private mutating func receiveClient(_ message: ClientMessage, from peer: PeerID, at now: Moment, into out: inout [BrokerOutput]) {
        switch message {
        case .submit(let tag, let options, let metadata, let text):
            if let rejection = submit(peer, tag, options, metadata, text, at: now, into: &out) {
                out.append(.send(to: peer, frames: ClientMessage.reject(tag: tag, rejection: rejection).encoded()))
            }
        case .status(let tag):
            out.append(.send(to: peer, frames: ClientMessage.statusReply(tag: tag, status: WireJSON.encode(status(at: now))).encoded()))
        case .result, .reject, .statusReply:
            out.append(.log(.warning, "ignored a \(message.command) command from a client; only the coordinator sends it"))
        }
    }

    private mutating func submit(
        _ client: PeerID, _ tag: [UInt8], _ options: SubmitOptions, _ metadataBytes: [UInt8], _ text: [UInt8],
        at now: Moment, into out: inout [BrokerOutput]
    ) -> Rejection? {
        if shuttingDown {
            return Rejection(code: "shutting-down", message: "the coordinator is shutting down")
        }
        if jobs.count >= configuration.maxArticlesInFlight {
            return Rejection(code: "busy", message: "\(jobs.count) articles in flight, the limit; retry later")
        }
        if text.count > configuration.limits.maxTextBytes {
            return Rejection(
                code: "too-large",
                message: "article text is \(text.count) bytes, over the limit of \(configuration.limits.maxTextBytes) bytes")
        }
        let (scalars, badOffset) = UTF8Scalars.validate(text)
        guard let textLength = scalars else {
            return Rejection(code: "invalid-utf8", message: "article text is not valid UTF-8 (first bad byte at offset \(badOffset ?? 0))")
        }
        let metadata: ArticleMetadata
        do {
            metadata = try WireJSON.decode(metadataBytes, "metadata")
        } catch {
            return Rejection(code: "invalid-metadata", message: error.message)
        }
        let problems = metadata.validationProblems()
        if !problems.isEmpty {
            return Rejection(code: "invalid-metadata", message: problems.joined(separator: "; "))
        }
        let deadlineMs = options.deadlineMs ?? configuration.defaultDeadlineMs
        guard (1...configuration.maxDeadlineMs).contains(deadlineMs) else {
            return Rejection(code: "invalid-options", message: "deadlineMs \(deadlineMs) is not in 1...\(configuration.maxDeadlineMs)")
        }
        var names: [String]
        if let requested = options.services {
            let unknown = requested.filter { services[$0] == nil }
            if !unknown.isEmpty {
                return Rejection(
                    code: "unknown-service",
                    message: "no service named \(unknown.map { "'\($0)'" }.joined(separator: ", ")); known: \(services.keys.sorted().joined(separator: ", "))")
            }
            // A consumer brings the services producing what it consumes.
            var wanted = Set(requested)
            var frontier = Array(wanted)
            while let name = frontier.popLast() {
                for section in services[name]?.consumes ?? [] {
                    if let producer = producer(of: section, excluding: name), wanted.insert(producer).inserted {
                        frontier.append(producer)
                    }
                }
            }
            names = wanted.sorted()
        } else {
            names = services.keys.sorted()
        }
        // A known service with no instance up is not waited for unless required: its section is
        // absent and provenance says it was down.
        let down = names.filter { !services[$0]!.required && services[$0]!.workers.isEmpty }
        names.removeAll { down.contains($0) }

        let id = nextJobID
        nextJobID += 1
        var job = Job(
            id: id, client: client, tag: tag, metadataBytes: metadataBytes, metadata: metadata, text: text,
            textLength: textLength, submitted: now, deadline: now.adding(milliseconds: deadlineMs))
        for name in names {
            var task = TaskState()
            if !(services[name]?.consumes.isEmpty ?? true) { task.phase = .waiting }
            job.tasks[name] = task
        }
        for name in down {
            var task = TaskState()
            complete(&task, .failed, error: "no instance of '\(name)' was up", at: now)
            job.tasks[name] = task
        }
        job.pending = names.count
        jobs[id] = job
        deadlines.insert(DeadlineEntry(deadline: job.deadline, job: id))
        for name in names where job.tasks[name]?.phase == .queued {
            services[name]!.queue.append(id)
            pendingDispatch.insert(name)
        }
        finishIfDone(id, at: now, into: &out)
        return nil
    }

    // MARK: Dispatch

    /// Sends what the inputs since the last call made sendable. The broker collects them rather than
    /// dispatching after each message, so that articles that arrive together (a client's burst of
    /// SUBMITs, a batch of answers freeing capacity) leave together: call this after each burst
    /// of input, as ``handle(_:at:into:)`` with `.tick` does.
    public mutating func dispatchQueued(at now: Moment, into out: inout [BrokerOutput]) {
        for (name, service) in services {
            if let since = service.holdingSince, now.milliseconds(since: since) >= Double(configuration.batchHoldMs) {
                pendingDispatch.insert(name)
            }
        }
        guard !pendingDispatch.isEmpty else { return }
        let names = pendingDispatch.sorted()
        pendingDispatch.removeAll()
        for name in names { dispatch(name, at: now, into: &out) }
    }

    /// Sends queued articles of `name` to its instances while they have free capacity: as many in
    /// one REQUEST as the instance's batch, its free capacity and the text limit allow. A suspect
    /// article always travels alone.
    ///
    /// An instance with work in flight gets a partial batch only after the service has held its
    /// queue for ``BrokerConfiguration/batchHoldMs``; until then the articles wait for a whole
    /// batch to gather or room for one to free up (answers bring the broker back here). Sending
    /// each freed slot its own article would keep every batch at one.
    private mutating func dispatch(_ name: String, at now: Moment, into out: inout [BrokerOutput]) {
        guard services[name] != nil else { return }
        // A hold lasts only while this finds reason to hold again (not once the queue emptied or
        // the instances went away).
        let heldSince = services[name]!.holdingSince
        services[name]!.holdingSince = nil
        while let (jobID, task) = nextQueued(name) {
            guard let peer = pickWorker(name, isolated: task.suspect) else { return }
            let worker = workers[peer]!
            let free = worker.descriptor.capacity - worker.inFlight.count
            let batchSize = worker.descriptor.effectiveBatch
            if !task.suspect, batchSize > 1, !worker.inFlight.isEmpty,
                free < batchSize || services[name]!.queue.count < batchSize
            {
                let since = heldSince ?? now
                if now.milliseconds(since: since) < Double(configuration.batchHoldMs) {
                    services[name]!.holdingSince = since
                    return
                }
            }
            services[name]!.queue.removeFirst()
            var batch = [jobID]
            if !task.suspect {
                let room = min(worker.descriptor.effectiveBatch, free)
                var textBytes = jobs[jobID]!.text.count
                while batch.count < room, let (nextID, next) = nextQueued(name), !next.suspect,
                    textBytes + jobs[nextID]!.text.count <= configuration.limits.maxTextBytes
                {
                    services[name]!.queue.removeFirst()
                    batch.append(nextID)
                    textBytes += jobs[nextID]!.text.count
                }
            }
            send(batch, to: peer, service: name, at: now, into: &out)
        }
    }

    /// The first article in `name`'s queue still waiting for it, dropping entries that finished
    /// meanwhile (deadline, or a duplicate entry).
    private mutating func nextQueued(_ name: String) -> (UInt64, TaskState)? {
        while let jobID = services[name]!.queue.first {
            if let task = jobs[jobID]?.tasks[name], task.phase == .queued { return (jobID, task) }
            services[name]!.queue.removeFirst()
        }
        return nil
    }

    /// The instance with the most free capacity; among equals, the one idle longest. A suspect
    /// article (`isolated`) needs an idle instance, which then takes nothing else until it answers.
    private func pickWorker(_ name: String, isolated: Bool) -> PeerID? {
        var best: WorkerState?
        for peer in services[name]!.workers {
            let worker = workers[peer]!
            guard !worker.draining, worker.isolating == nil, worker.inFlight.count < worker.descriptor.capacity else { continue }
            if isolated && !worker.inFlight.isEmpty { continue }
            if let current = best {
                let free = worker.descriptor.capacity - worker.inFlight.count
                let currentFree = current.descriptor.capacity - current.inFlight.count
                if free > currentFree || (free == currentFree && worker.lastDispatch < current.lastDispatch) {
                    best = worker
                }
            } else {
                best = worker
            }
        }
        return best?.peer
    }

    /// Sends these queued articles to `peer` in one REQUEST.
    private mutating func send(_ jobIDs: [UInt64], to peer: PeerID, service: String, at now: Moment, into out: inout [BrokerOutput]) {
        var articles: [WorkRequest] = []
        articles.reserveCapacity(jobIDs.count)
        for jobID in jobIDs {
            let requestID = nextRequestID
            nextRequestID += 1
            let job = jobs[jobID]!
            var task = job.tasks[service]!
            task.phase = .dispatched(requestID)
            task.attempts += 1
            if task.firstDispatch == nil { task.firstDispatch = now }
            jobs[jobID]!.tasks[service] = task
            requests[requestID] = RequestRecord(id: requestID, job: jobID, service: service, worker: peer)
            workers[peer]!.inFlight.insert(requestID)
            if task.suspect { workers[peer]!.isolating = requestID }
            let remaining = max(1, Int((job.deadline.nanoseconds - now.nanoseconds) / 1_000_000))
            articles.append(WorkRequest(
                id: RequestRecord.encodeID(requestID), control: RequestControl(deadlineMs: remaining, attempt: task.attempts),
                metadata: job.metadataBytes, text: job.text, inputs: inputs(for: service, of: job)))
        }
        workers[peer]!.lastDispatch = now
        workers[peer]!.lastSent = now
        workers[peer]!.requests += 1
        out.append(.send(to: peer, frames: WorkerMessage.request(articles).encoded()))
    }

    // MARK: Time

    private mutating func tick(at now: Moment, into out: inout [BrokerOutput]) {
        for peer in workers.keys.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            guard let worker = workers[peer] else { continue }
            let silence = now.milliseconds(since: worker.lastHeard)
            if silence > Double(worker.descriptor.heartbeatMs * configuration.liveness) {
                removeWorker(peer, reason: "no heartbeat for \(Int(silence)) ms", notify: true, at: now, into: &out)
            } else if now.milliseconds(since: worker.lastSent) >= Double(worker.descriptor.heartbeatMs) {
                workers[peer]!.lastSent = now
                out.append(.send(to: peer, frames: WorkerMessage.heartbeat.encoded()))
            }
        }
        while let first = deadlines.min, first.deadline <= now {
            deadlines.removeMin()
            guard var job = jobs[first.job] else { continue }
            for name in job.tasks.keys.sorted() {
                guard var task = job.tasks[name], task.phase != .done, task.phase != .waiting else { continue }
                let error: String
                switch task.phase {
                case .queued where (services[name]?.workers.isEmpty ?? true):
                    error = "no instance of '\(name)' was available before the deadline"
                case .queued:
                    error = "still queued behind other articles at the deadline"
                default:
                    error = "no reply within the deadline of \(Int(job.deadline.milliseconds(since: job.submitted))) ms"
                }
                complete(&task, .timeout, error: error, at: now)
                job.tasks[name] = task
                job.pending -= 1
            }
            jobs[first.job] = job
            releaseConsumers(first.job, atDeadline: true, at: now)
            finishIfDone(first.job, at: now, into: &out)
        }
    }

    // MARK: Completion

    /// Moves the article's waiting consumers on: to their queue once every section they consume
    /// has arrived, or to `skipped` once a producer of one failed, timed out or is not running
    /// (`atDeadline`: nothing is queued any more; whatever still waits is skipped).
    private mutating func releaseConsumers(_ jobID: UInt64, atDeadline: Bool = false, at now: Moment) {
        guard var job = jobs[jobID] else { return }
        var changed = true
        while changed {
            changed = false
            for name in job.tasks.keys.sorted() where job.tasks[name]?.phase == .waiting {
                var skip: String?
                var ready = true
                for section in (services[name]?.consumes ?? []).sorted() {
                    let producers = job.tasks.keys.filter { $0 != name && services[$0]?.produces?.contains(section) == true }.sorted()
                    guard let producer = producers.first, let task = job.tasks[producer] else {
                        skip = "skipped: no service producing '\(section.rawValue)' ran"
                        break
                    }
                    if task.phase != .done {
                        ready = false
                        if atDeadline { skip = "skipped: \(producer) had not answered by the deadline" }
                        continue
                    }
                    switch task.status {
                    case .ok?: continue
                    case .timeout?: skip = "skipped: \(producer) timed out"
                    case .skipped?: skip = "skipped: \(producer) was skipped"
                    default: skip = "skipped: \(producer) failed" + (task.error.map { " (\($0))" } ?? "")
                    }
                    break
                }
                if var task = job.tasks[name], let skip {
                    complete(&task, .skipped, error: skip, at: now)
                    job.tasks[name] = task
                    job.pending -= 1
                    changed = true
                } else if ready && !atDeadline {
                    job.tasks[name]!.phase = .queued
                    services[name]?.queue.append(jobID)
                    pendingDispatch.insert(name)
                    changed = true
                }
            }
        }
        jobs[jobID] = job
    }

    /// The sections `service` consumes, from this article's producers, as one JSON object.
    private func inputs(for service: String, of job: Job) -> [UInt8]? {
        guard let consumes = services[service]?.consumes, !consumes.isEmpty else { return nil }
        var combined = AnalyzerOutput()
        for name in job.tasks.keys.sorted() where name != service {
            guard let task = job.tasks[name], task.status == .ok, let output = task.output else { continue }
            combined.add(output.restricted(to: Set(consumes)))
        }
        return WireJSON.encode(combined)
    }

    private mutating func finishIfDone(_ jobID: UInt64, at now: Moment, into out: inout [BrokerOutput]) {
        releaseConsumers(jobID, at: now)
        guard let job = jobs[jobID], job.pending == 0 else { return }
        jobs[jobID] = nil
        completedArticles += 1
        let results = job.tasks.map { name, task in
            ServiceResult(
                service: name, version: task.version, status: task.status ?? .timeout,
                ms: task.elapsedMs(submitted: job.submitted), attempts: task.attempts, error: task.error, output: task.output)
        }
        let analysis = Merger.merge(metadata: job.metadata, textLength: job.textLength, results: results)
        let frames: [[UInt8]]
        do {
            let encoded = try WireJSON.encodeThrowing(analysis)
            if encoded.count > configuration.limits.maxPayloadBytes {
                frames = ClientMessage.reject(tag: job.tag, rejection: Rejection(
                    code: "too-large",
                    message: "merged result is \(encoded.count) bytes, over the limit of \(configuration.limits.maxPayloadBytes)")
                ).encoded()
            } else {
                frames = ClientMessage.result(tag: job.tag, analysis: encoded).encoded()
            }
        } catch {
            frames = ClientMessage.reject(tag: job.tag, rejection: Rejection(code: "internal", message: "could not encode the result: \(error)")).encoded()
        }
        out.append(.send(to: job.client, frames: frames))
    }

    // MARK: Status

    /// What `byline plugins` shows.
    public func status(at now: Moment) -> CoordinatorStatus {
        let serviceStatuses = services.values.sorted { $0.name < $1.name }.map { service in
            ServiceStatus(
                name: service.name, summary: service.workers.first.flatMap { workers[$0]?.descriptor.summary },
                produces: (service.produces ?? []).map(\.rawValue),
                consumes: service.consumes.isEmpty ? nil : service.consumes.map(\.rawValue), required: service.required,
                queued: service.queue.count { jobs[$0]?.tasks[service.name]?.phase == .queued },
                instances: service.workers.compactMap { workers[$0] }.map { worker in
                    InstanceStatus(
                        instance: worker.descriptor.instance, pid: worker.descriptor.pid, version: worker.descriptor.version,
                        capacity: worker.descriptor.capacity, inFlight: worker.inFlight.count,
                        lastSeenMs: now.milliseconds(since: worker.lastHeard), completed: worker.completed, failed: worker.failed,
                        batch: worker.descriptor.effectiveBatch, requests: worker.requests)
                })
        }
        return CoordinatorStatus(
            services: serviceStatuses, articlesInFlight: jobs.count, articlesCompleted: completedArticles,
            uptimeMs: startedAt.map { now.milliseconds(since: $0) } ?? 0,
            limits: .init(maxTextBytes: configuration.limits.maxTextBytes, defaultDeadlineMs: configuration.defaultDeadlineMs))
    }
}

// MARK: - State

struct WorkerState: Sendable {
    let peer: PeerID
    let descriptor: WorkerDescriptor
    var inFlight: Set<UInt64> = []
    var lastHeard: Moment
    var lastSent: Moment
    var lastDispatch: Moment
    /// Said it is shutting down: gets no new requests.
    var draining = false
    /// Holds a suspect article alone (see `requeue`): gets nothing else until it answers.
    var isolating: UInt64?
    var completed = 0
    var failed = 0
    /// REQUEST messages sent.
    var requests = 0
}

struct ServiceState: Sendable {
    let name: String
    /// What its instances declared; `nil` for a required service no instance has registered yet.
    var produces: [Section]?
    /// Sections of other services it needs before it gets an article.
    var consumes: [Section] = []
    let required: Bool
    var workers: [PeerID] = []
    /// Articles waiting for an instance with free capacity.
    var queue = Deque<UInt64>()
    /// Since when the queue has been held back to gather a batch for a busy instance.
    var holdingSince: Moment?
}

struct Job: Sendable {
    let id: UInt64
    let client: PeerID
    let tag: [UInt8]
    let metadataBytes: [UInt8]
    let metadata: ArticleMetadata
    let text: [UInt8]
    let textLength: Int
    let submitted: Moment
    let deadline: Moment
    var tasks: [String: TaskState] = [:]
    var pending = 0
}

/// One article's progress at one service.
struct TaskState: Sendable {
    enum Phase: Equatable, Sendable {
        /// A consumer waiting for the sections it consumes.
        case waiting
        case queued
        case dispatched(UInt64)
        case done
    }

    var phase = Phase.queued
    /// Dispatches so far.
    var attempts = 0
    /// Instances that died while analysing this article alone.
    var strikes = 0
    /// An instance died while holding this and other articles: retry it alone.
    var suspect = false
    var firstDispatch: Moment?
    var finishedAt: Moment?
    var status: AnalyzerStatus?
    var version: String?
    var error: String?
    var output: AnalyzerOutput?

    /// Dispatch to answer for replies; submission to deadline for timeouts.
    func elapsedMs(submitted: Moment) -> Double {
        guard let finishedAt else { return 0 }
        let start = status == .timeout ? submitted : (firstDispatch ?? submitted)
        return (finishedAt.milliseconds(since: start) * 1000).rounded() / 1000
    }
}

/// Why a reply counts as failed.
struct OutputProblem: Error, Sendable {
    let message: String
    /// The worker gave up at the deadline: the section timed out rather than failed.
    var isTimeout = false
}

struct RequestRecord: Sendable {
    let id: UInt64
    let job: UInt64
    let service: String
    let worker: PeerID

    /// Request ids travel as 8 bytes, big-endian.
    static func encodeID(_ id: UInt64) -> [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: id >> (56 - 8 * $0)) }
    }

    static func decodeID(_ bytes: [UInt8]) -> UInt64? {
        guard bytes.count == 8 else { return nil }
        return bytes.reduce(0) { $0 << 8 | UInt64($1) }
    }
}

struct DeadlineEntry: Comparable, Sendable {
    let deadline: Moment
    let job: UInt64

    static func < (lhs: DeadlineEntry, rhs: DeadlineEntry) -> Bool {
        (lhs.deadline, lhs.job) < (rhs.deadline, rhs.job)
    }
}

/// A routing id as hex, for logs.
func hex(_ bytes: [UInt8]) -> String {
    bytes.prefix(16).map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
}
