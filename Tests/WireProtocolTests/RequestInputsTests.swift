import Testing
import WireProtocol

/// A REQUEST article for a service that consumes carries a fifth frame, announced by its control.
@Suite struct RequestInputsTests {
    @Test func anArticleWithInputsRoundTripsBesideOneWithout() throws {
        let with = WorkRequest(
            id: [1], control: RequestControl(deadlineMs: 900, attempt: 1), metadata: Array(#"{"id":"a"}"#.utf8), text: Array("x".utf8),
            inputs: Array(#"{"entities":[]}"#.utf8))
        let without = WorkRequest(id: [2], control: RequestControl(deadlineMs: 800, attempt: 2), metadata: Array(#"{"id":"b"}"#.utf8), text: [])
        let frames = WorkerMessage.request([with, without, with]).encoded()
        #expect(frames.count == 2 + 5 + 4 + 5)
        #expect(frames[3] == Array(#"{"attempt":1,"deadlineMs":900,"inputs":true}"#.utf8))
        #expect(frames[8] == Array(#"{"attempt":2,"deadlineMs":800}"#.utf8))
        #expect(try WorkerMessage.decode(frames) == .request([with, without, with]))
    }

    @Test func controlThatPromisesInputsWithoutTheFrameIsMalformed() {
        let frames = [ProtocolHeader.worker, [WorkerCommand.request.rawValue], [1], Array(#"{"attempt":1,"deadlineMs":9,"inputs":true}"#.utf8),
                      Array(#"{"id":"a"}"#.utf8), []]
        #expect(throws: WireError.self) { try WorkerMessage.decode(frames) }
        #expect((try? WorkerMessage.decode(Array(frames.prefix(5)))) == nil)
    }

    @Test func aDescriptorWithoutConsumesStillReads() throws {
        let json = #"{"service":"keywords","version":"1.0.0","produces":["extension"],"heartbeatMs":1000,"capacity":1}"#
        let frames = [ProtocolHeader.worker, [WorkerCommand.ready.rawValue], Array(json.utf8)]
        guard case .ready(let descriptor) = try WorkerMessage.decode(frames) else { Issue.record("not READY"); return }
        #expect(descriptor.consumes == nil)
        #expect(descriptor.consumedSections.isEmpty)
    }
}
