import AnalyzerRuntime
import Testing
import WireProtocol

private let descriptor = WorkerDescriptor(service: "keywords", version: "1", produces: [.extension], heartbeatMs: 100, capacity: 2)

private func request(_ id: UInt8, deadlineMs: Int = 1_000) -> [[UInt8]] {
    WorkerMessage.request(
        id: [id], control: RequestControl(deadlineMs: deadlineMs, attempt: 1), metadata: Array(#"{"id":"a"}"#.utf8), text: Array("t".utf8)
    ).encoded()
}

private func sent(_ actions: [WorkerSession.Action]) -> [WorkerMessage] {
    actions.compactMap { if case .send(let frames) = $0 { try? WorkerMessage.decode(frames) } else { nil } }
}

private func started(_ actions: [WorkerSession.Action]) -> [[UInt8]] {
    actions.flatMap { action -> [[UInt8]] in
        guard case .start(let jobs) = action else { return [] }
        return jobs.map(\.id)
    }
}

@Suite struct WorkerSessionTests {
    @Test func announcesItselfAndRunsRequests() {
        var session = WorkerSession(descriptor: descriptor)
        let t0 = Moment.milliseconds(0)
        #expect(sent(session.connected(at: t0)) == [.ready(descriptor)])
        #expect(started(session.received(request(1), at: t0)) == [[1]])
        #expect(sent(session.finished([1], .success(Array("{}".utf8)), at: t0)) == [.reply(id: [1], output: Array("{}".utf8))])
        #expect(session.inFlightCount == 0)
        // A result for a request it no longer holds is dropped.
        #expect(session.finished([1], .success([]), at: t0).isEmpty)
    }

    @Test func refusesBeyondCapacityAndIgnoresDuplicates() {
        var session = WorkerSession(descriptor: descriptor)
        let t0 = Moment.milliseconds(0)
        _ = session.connected(at: t0)
        _ = session.received(request(1), at: t0)
        #expect(started(session.received(request(1), at: t0)).isEmpty)
        _ = session.received(request(2), at: t0)
        let third = session.received(request(3), at: t0)
        #expect(started(third).isEmpty)
        #expect(sent(third).first.map { if case .fail(_, let failure) = $0 { failure.code } else { "" } } == "over-capacity")
    }

    /// The articles of one REQUEST start together; their answers go back in one REPLY, failures
    /// each in a FAIL; a batch larger than the free capacity has its overflow refused.
    @Test func batchesStartTogetherAndAnswerInOneReply() {
        let batching = WorkerDescriptor(service: "keywords", version: "1", produces: [.extension], heartbeatMs: 100, capacity: 3, batch: 3)
        var session = WorkerSession(descriptor: batching)
        let t0 = Moment.milliseconds(0)
        _ = session.connected(at: t0)
        func article(_ id: UInt8) -> WorkRequest {
            WorkRequest(id: [id], control: RequestControl(deadlineMs: 1_000, attempt: 1), metadata: Array(#"{"id":"a"}"#.utf8), text: Array("t".utf8))
        }
        let actions = session.received(WorkerMessage.request([article(1), article(2)]).encoded(), at: t0)
        #expect(actions.count == 1)
        #expect(started(actions) == [[1], [2]])
        // Two more while two are in flight: one fits, one is over capacity.
        let more = session.received(WorkerMessage.request([article(3), article(4)]).encoded(), at: t0)
        #expect(started(more) == [[3]])
        #expect(sent(more) == [.fail(id: [4], failure: WorkerFailure(code: "over-capacity", message: "worker is at its capacity of 3"))])
        let finished = session.finished(
            [([2], .success(Array("{}".utf8))), ([1], .failure(WorkerFailure(code: "analyzer-error", message: "boom"))), ([3], .success(Array("[]".utf8)))],
            at: t0)
        #expect(sent(finished) == [
            .fail(id: [1], failure: WorkerFailure(code: "analyzer-error", message: "boom")),
            .reply([WorkReply(id: [2], output: Array("{}".utf8)), WorkReply(id: [3], output: Array("[]".utf8))]),
        ])
        #expect(session.inFlightCount == 0)
    }

    /// Answers that together exceed the output limit go out in several REPLYs.
    @Test func answersSplitAtTheOutputLimit() {
        let batching = WorkerDescriptor(service: "keywords", version: "1", produces: [.extension], heartbeatMs: 100, capacity: 4, batch: 4)
        var session = WorkerSession(descriptor: batching, limits: WireLimits(maxPayloadBytes: 10))
        let t0 = Moment.milliseconds(0)
        _ = session.connected(at: t0)
        let articles = (1...3).map { WorkRequest(id: [$0], control: RequestControl(deadlineMs: 1_000, attempt: 1), metadata: [], text: []) }
        _ = session.received(WorkerMessage.request(articles).encoded(), at: t0)
        let six = Array("123456".utf8)
        let finished = session.finished([([1], .success(six)), ([2], .success(six)), ([3], .success(Array("1234".utf8)))], at: t0)
        #expect(sent(finished) == [
            .reply([WorkReply(id: [1], output: six)]),
            .reply([WorkReply(id: [2], output: six), WorkReply(id: [3], output: Array("1234".utf8))]),
        ])
    }

    @Test func heartbeatsWhenIdleAndReconnectsWhenTheCoordinatorIsSilent() {
        var session = WorkerSession(descriptor: descriptor, liveness: 3)
        _ = session.connected(at: .milliseconds(0))
        #expect(sent(session.tick(at: .milliseconds(99))).isEmpty)
        #expect(sent(session.tick(at: .milliseconds(100))) == [.heartbeat])
        _ = session.received(WorkerMessage.heartbeat.encoded(), at: .milliseconds(250))
        #expect(session.tick(at: .milliseconds(550)).allSatisfy { if case .reconnect = $0 { false } else { true } })
        let actions = session.tick(at: .milliseconds(551))
        #expect(actions.contains { if case .reconnect = $0 { true } else { false } })
    }

    @Test func cancelsAtTheDeadlineAndGivesUpOnItselfIfTheTaskNeverReturns() {
        var session = WorkerSession(descriptor: descriptor, hangGraceMs: 1_000)
        _ = session.connected(at: .milliseconds(0))
        _ = session.received(request(7, deadlineMs: 50), at: .milliseconds(0))
        #expect(session.nextTimeout(at: .milliseconds(0)) == 50)
        _ = session.received(WorkerMessage.heartbeat.encoded(), at: .milliseconds(40))
        let atDeadline = session.tick(at: .milliseconds(50))
        #expect(atDeadline.contains(.cancel(id: [7])))
        #expect(sent(atDeadline).isEmpty)  // nothing to say until the task returns: it still holds its slot
        #expect(session.inFlightCount == 1)
        // A task that honours cancellation returns; its FAIL goes out then.
        let returned = session.finished([7], .failure(WorkerFailure(code: "deadline", message: "cancelled")), at: .milliseconds(60))
        #expect(sent(returned).contains { if case .fail([7], let failure) = $0 { failure.code == "deadline" } else { false } })

        // A task that never returns makes the worker give up on itself after the grace period.
        _ = session.received(request(8, deadlineMs: 50), at: .milliseconds(100))
        _ = session.received(WorkerMessage.heartbeat.encoded(), at: .milliseconds(150))
        _ = session.tick(at: .milliseconds(150))
        _ = session.received(WorkerMessage.heartbeat.encoded(), at: .milliseconds(1_100))
        #expect(!session.tick(at: .milliseconds(1_100)).contains { if case .hung = $0 { true } else { false } })
        #expect(session.tick(at: .milliseconds(1_151)).contains { if case .hung = $0 { true } else { false } })
    }

    @Test func drainsOnShutdownThenDisconnects() {
        var session = WorkerSession(descriptor: descriptor)
        _ = session.connected(at: .milliseconds(0))
        _ = session.received(request(1), at: .milliseconds(0))
        #expect(session.shutdown(at: .milliseconds(1)).isEmpty)  // one in flight: keep going
        #expect(started(session.received(request(2), at: .milliseconds(2))).isEmpty)  // no new work while draining
        let actions = session.finished([1], .success(Array("{}".utf8)), at: .milliseconds(3))
        #expect(sent(actions) == [.reply(id: [1], output: Array("{}".utf8)), .disconnect(reason: "worker shutting down")])
        #expect(actions.last == .stop)
    }

    @Test func coordinatorDisconnectResetsTheConnection() {
        var session = WorkerSession(descriptor: descriptor)
        _ = session.connected(at: .milliseconds(0))
        _ = session.received(request(1), at: .milliseconds(0))
        let actions = session.received(WorkerMessage.disconnect(reason: "bye").encoded(), at: .milliseconds(1))
        #expect(actions.first == .cancel(id: [1]))
        #expect(actions.contains { if case .reconnect(let reason) = $0 { reason.contains("bye") } else { false } })
    }

    @Test func malformedCoordinatorMessagesAreLoggedAndDropped() {
        var session = WorkerSession(descriptor: descriptor)
        _ = session.connected(at: .milliseconds(0))
        for frames in [[[UInt8]](), [Array("BYLW01".utf8), [0x99]], [Array("junk".utf8)], WorkerMessage.ready(descriptor).encoded()] {
            let actions = session.received(frames, at: .milliseconds(1))
            #expect(actions.count == 1)
            #expect(actions.allSatisfy { if case .log = $0 { true } else { false } })
        }
    }
}

@Suite struct WorkerOptionsTests {
    /// `--batch` defaults to 4, or to the capacity when that is lower; an explicit one above the
    /// capacity is an error that names the limit.
    @Test func batchFollowsCapacity() throws {
        #expect(try WorkerOptions.parse(["--connect", "ipc:///x"]).configuration().batch == 4)
        #expect(try WorkerOptions.parse(["--connect", "ipc:///x", "--capacity", "2"]).configuration().batch == 2)
        #expect(try WorkerOptions.parse(["--connect", "ipc:///x", "--capacity", "16", "--batch", "8"]).configuration().batch == 8)
        #expect(throws: (any Error).self) { try WorkerOptions.parse(["--connect", "ipc:///x", "--capacity", "4", "--batch", "5"]) }
        #expect(throws: (any Error).self) { try WorkerOptions.parse(["--connect", "ipc:///x", "--batch", "0"]) }
    }
}
