import ArticleModel
import Foundation
import Testing
@testable import WireProtocol

private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

@Suite struct GoldenFrameTests {
    @Test func readyFrames() throws {
        let descriptor = WorkerDescriptor(service: "entities", version: "1.0", produces: [.entities, .structure], heartbeatMs: 500, capacity: 2)
        let frames = WorkerMessage.ready(descriptor).encoded()
        #expect(frames == [
            bytes("BYLW01"), [0x01],
            bytes(#"{"capacity":2,"heartbeatMs":500,"produces":["entities","structure"],"service":"entities","version":"1.0"}"#),
        ])
        #expect(try WorkerMessage.decode(frames) == .ready(descriptor))
    }

    @Test func requestFrames() throws {
        let message = WorkerMessage.request(
            id: [0, 0, 0, 0, 0, 0, 0, 7], control: RequestControl(deadlineMs: 1500, attempt: 2),
            metadata: bytes(#"{"id":"a1"}"#), text: bytes("Iran said."))
        let frames = message.encoded()
        #expect(frames == [
            bytes("BYLW01"), [0x02], [0, 0, 0, 0, 0, 0, 0, 7], bytes(#"{"attempt":2,"deadlineMs":1500}"#),
            bytes(#"{"id":"a1"}"#), bytes("Iran said."),
        ])
        #expect(try WorkerMessage.decode(frames) == message)
    }

    @Test func replyFailHeartbeatDisconnectFrames() throws {
        let reply = WorkerMessage.reply(id: [9], output: bytes("{}"))
        #expect(reply.encoded() == [bytes("BYLW01"), [0x03], [9], bytes("{}")])
        let fail = WorkerMessage.fail(id: [9], failure: WorkerFailure(code: "deadline", message: "late"))
        #expect(fail.encoded() == [bytes("BYLW01"), [0x06], [9], bytes(#"{"code":"deadline","message":"late"}"#)])
        #expect(WorkerMessage.heartbeat.encoded() == [bytes("BYLW01"), [0x04]])
        #expect(WorkerMessage.disconnect(reason: "bye").encoded() == [bytes("BYLW01"), [0x05], bytes("bye")])
        #expect(WorkerMessage.disconnect(reason: nil).encoded() == [bytes("BYLW01"), [0x05]])
        for message in [reply, fail, .heartbeat, .disconnect(reason: "bye"), .disconnect(reason: nil)] {
            #expect(try WorkerMessage.decode(message.encoded()) == message)
        }
    }

    /// A REQUEST carries its articles as consecutive groups of four frames, a REPLY its answers as
    /// groups of two; `batch` in READY says how many articles a worker takes in one REQUEST.
    @Test func batchedRequestAndReplyFrames() throws {
        let descriptor = WorkerDescriptor(service: "entities", version: "1.0", produces: [.entities], heartbeatMs: 500, capacity: 8, batch: 4)
        #expect(WorkerMessage.ready(descriptor).encoded()[2] == bytes(
            #"{"batch":4,"capacity":8,"heartbeatMs":500,"produces":["entities"],"service":"entities","version":"1.0"}"#))
        let request = WorkerMessage.request([
            WorkRequest(id: [1], control: RequestControl(deadlineMs: 900, attempt: 1), metadata: bytes(#"{"id":"a"}"#), text: bytes("First.")),
            WorkRequest(id: [2], control: RequestControl(deadlineMs: 800, attempt: 3), metadata: bytes(#"{"id":"b"}"#), text: bytes("Second.")),
        ])
        #expect(request.encoded() == [
            bytes("BYLW01"), [0x02],
            [1], bytes(#"{"attempt":1,"deadlineMs":900}"#), bytes(#"{"id":"a"}"#), bytes("First."),
            [2], bytes(#"{"attempt":3,"deadlineMs":800}"#), bytes(#"{"id":"b"}"#), bytes("Second."),
        ])
        #expect(try WorkerMessage.decode(request.encoded()) == request)
        let reply = WorkerMessage.reply([WorkReply(id: [2], output: bytes("{}")), WorkReply(id: [1], output: bytes("[]"))])
        #expect(reply.encoded() == [bytes("BYLW01"), [0x03], [2], bytes("{}"), [1], bytes("[]")])
        #expect(try WorkerMessage.decode(reply.encoded()) == reply)
    }

    @Test func clientFrames() throws {
        let submit = ClientMessage.submit(
            tag: [1], options: SubmitOptions(deadlineMs: 100, services: ["a"]), metadata: bytes(#"{"id":"x"}"#), text: bytes("t"))
        #expect(submit.encoded() == [
            bytes("BYLC01"), [0x01], [1], bytes(#"{"deadlineMs":100,"services":["a"]}"#), bytes(#"{"id":"x"}"#), bytes("t"),
        ])
        let reject = ClientMessage.reject(tag: [1], rejection: Rejection(code: "busy", message: "later"))
        #expect(reject.encoded() == [bytes("BYLC01"), [0x03], [1], bytes(#"{"code":"busy","message":"later"}"#)])
        for message in [submit, reject, .result(tag: [1], analysis: bytes("{}")), .status(tag: [2]), .statusReply(tag: [2], status: bytes("{}"))] {
            #expect(try ClientMessage.decode(message.encoded()) == message)
        }
    }
}

@Suite struct RejectionTests {
    private func code(_ frames: [[UInt8]], limits: WireLimits = .default) -> WireError.Code? {
        do {
            _ = try WorkerMessage.decode(frames, limits: limits)
            return nil
        } catch {
            return error.code
        }
    }

    @Test func emptyAndTruncatedMessages() {
        #expect(code([]) == .emptyMessage)
        #expect(code([bytes("BYLW01")]) == .missingCommand)
        #expect(code([bytes("BYLW01"), [0x02], [1], bytes("{}")]) == .wrongFrameCount)  // REQUEST cut short
        #expect(code([bytes("BYLW01"), [0x03], [1]]) == .wrongFrameCount)
        #expect(code([bytes("BYLW01"), [0x04], [0]]) == .wrongFrameCount)  // HEARTBEAT with a body
    }

    @Test func malformedBatches() {
        let article: [[UInt8]] = [[1], bytes(#"{"attempt":1,"deadlineMs":5}"#), bytes(#"{"id":"a"}"#), bytes("text")]
        let header: [[UInt8]] = [bytes("BYLW01"), [0x02]]
        #expect(code(header + article + article) == nil)
        #expect(code(header + article + article.prefix(3)) == .wrongFrameCount)  // a group cut short
        #expect(code(header) == .wrongFrameCount)  // no article at all
        let most = WorkerDescriptor.maxBatch
        #expect(code(header + Array(repeating: article, count: most).flatMap { $0 }) == nil)
        #expect(code(header + Array(repeating: article, count: most + 1).flatMap { $0 }) == .wrongFrameCount)
        // Each text is within the limit, together they are not.
        let limits = WireLimits(maxTextBytes: 6)
        #expect(code(header + article, limits: limits) == nil)
        #expect(code(header + article + article, limits: limits) == .frameTooLarge)
        // The second article's bad control names it.
        var second = article
        second[1] = bytes("{}")
        let error = #expect(throws: WireError.self) { try WorkerMessage.decode(header + article + second) }
        #expect(error?.message.contains("REQUEST control 2") == true, "\(String(describing: error))")
        // REPLY: pairs, at most maxBatch of them, each id valid.
        let answer: [[UInt8]] = [[1], bytes("{}")]
        #expect(code([bytes("BYLW01"), [0x03]] + answer + answer + [[2]]) == .wrongFrameCount)
        #expect(code([bytes("BYLW01"), [0x03]] + Array(repeating: answer, count: most + 1).flatMap { $0 }) == .wrongFrameCount)
        #expect(code([bytes("BYLW01"), [0x03]] + answer + [[], bytes("{}")]) == .invalidField)
    }

    @Test func wrongVersionIsNamed() throws {
        let error = #expect(throws: WireError.self) { try WorkerMessage.decode([bytes("BYLW02"), [0x04]]) }
        #expect(error?.code == .wrongProtocol)
        #expect(error?.message.contains("BYLW02") == true)
        #expect(code([bytes("MDPW01"), [0x04]]) == .wrongProtocol)
        #expect(code([bytes("BYLC01"), [0x04]]) == .wrongProtocol)  // client protocol on the worker decoder
    }

    @Test func unknownCommands() {
        #expect(code([bytes("BYLW01"), [0x7F]]) == .unknownCommand)
        #expect(code([bytes("BYLW01"), [0x01, 0x02]]) == .unknownCommand)
        #expect(code([bytes("BYLW01"), []]) == .unknownCommand)
    }

    @Test func oversizedFrames() {
        let limits = WireLimits(maxTextBytes: 10, maxJSONFrameBytes: 64, maxPayloadBytes: 100)
        let request: [[UInt8]] = [bytes("BYLW01"), [0x02], [1], bytes(#"{"attempt":1,"deadlineMs":5}"#), bytes(#"{"id":"a"}"#), [UInt8](repeating: 65, count: 11)]
        #expect(code(request, limits: limits) == .frameTooLarge)
        #expect(code([bytes("BYLW01"), [0x03], [1], [UInt8](repeating: 32, count: 101)], limits: limits) == .frameTooLarge)
        #expect(code([bytes("BYLW01"), [0x03], [UInt8](repeating: 1, count: 256), bytes("{}")]) == .frameTooLarge)
        #expect(code([bytes("BYLW01"), [0x03], [], bytes("{}")]) == .invalidField)
    }

    @Test func invalidDescriptors() {
        #expect(code([bytes("BYLW01"), [0x01], bytes("not json")]) == .invalidJSON)
        #expect(code([bytes("BYLW01"), [0x01], bytes(#"{"service":"x"}"#)]) == .invalidJSON)
        let bad = [
            #"{"service":"Bad Name","version":"1","produces":["entities"],"heartbeatMs":1000,"capacity":1}"#,
            #"{"service":"x","version":"1","produces":[],"heartbeatMs":1000,"capacity":1}"#,
            #"{"service":"x","version":"1","produces":["entities"],"heartbeatMs":1,"capacity":1}"#,
            #"{"service":"x","version":"1","produces":["entities"],"heartbeatMs":1000,"capacity":0}"#,
            #"{"service":"x","version":"1","produces":["entities"],"heartbeatMs":1000,"capacity":4,"batch":0}"#,
            #"{"service":"x","version":"1","produces":["entities"],"heartbeatMs":1000,"capacity":4,"batch":5}"#,
            #"{"service":"x","version":"1","produces":["entities"],"heartbeatMs":1000,"capacity":256,"batch":65}"#,
        ]
        for json in bad {
            #expect(code([bytes("BYLW01"), [0x01], bytes(json)]) == .invalidField)
        }
        #expect(code([bytes("BYLW01"), [0x01], bytes(#"{"service":"x","version":"1","produces":["mood"],"heartbeatMs":1000,"capacity":1}"#)]) == .invalidJSON)
    }

    @Test func randomAndMutatedFramesNeverCrash() throws {
        var generator = SeededGenerator(seed: 0xB1_11E)
        let valid = [
            WorkerMessage.request(id: [1, 2], control: RequestControl(deadlineMs: 5, attempt: 1), metadata: bytes(#"{"id":"a"}"#), text: bytes("text")).encoded(),
            WorkerMessage.ready(WorkerDescriptor(service: "a", version: "1", produces: [.quotes])).encoded(),
            ClientMessage.submit(tag: [1], options: SubmitOptions(), metadata: bytes(#"{"id":"a"}"#), text: bytes("t")).encoded(),
        ]
        var decoded = 0
        for round in 0..<20_000 {
            var frames: [[UInt8]]
            if round % 2 == 0 {
                frames = (0..<Int.random(in: 0...7, using: &generator)).map { _ in
                    (0..<Int.random(in: 0...12, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
                }
                if round % 4 == 0, !frames.isEmpty { frames[0] = bytes(Bool.random(using: &generator) ? "BYLW01" : "BYLC01") }
            } else {
                frames = valid[round % valid.count]
                let frame = Int.random(in: 0..<frames.count, using: &generator)
                if !frames[frame].isEmpty {
                    let position = Int.random(in: 0..<frames[frame].count, using: &generator)
                    frames[frame][position] ^= UInt8.random(in: 1...255, using: &generator)
                }
                if Bool.random(using: &generator) { frames.removeLast(Int.random(in: 0...frames.count, using: &generator)) }
            }
            if (try? WorkerMessage.decode(frames)) != nil { decoded += 1 }
            if (try? ClientMessage.decode(frames)) != nil { decoded += 1 }
        }
        #expect(decoded > 0)  // some mutations stay valid: the decoder is not rejecting everything
    }
}

/// SplitMix64: a reproducible generator for fuzz rounds.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
