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
    actions.compactMap { if case .start(let job) = $0 { job.id } else { nil } }
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
