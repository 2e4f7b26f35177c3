public import ArticleModel
public import JSONCoding
import Foundation

/// Commands of the worker protocol (`BYLW01`): the second frame, one byte.
public enum WorkerCommand: UInt8, Sendable, CaseIterable {
    /// Worker → coordinator: [descriptor JSON].
    case ready = 0x01
    /// Coordinator → worker: [request id][control JSON][metadata JSON][text], plus [inputs JSON] when the
    /// control says `inputs`, once per article (1 to `batch` articles).
    case request = 0x02
    /// Worker → coordinator: [request id][output JSON], once per answer (1 to ``WorkerDescriptor/maxBatch``).
    case reply = 0x03
    /// Both ways: no further frames.
    case heartbeat = 0x04
    /// Both ways: [reason, UTF-8] optional.
    case disconnect = 0x05
    /// Worker → coordinator: [request id][error JSON].
    case fail = 0x06
}

/// What a worker announces in READY.
public struct WorkerDescriptor: Codable, Hashable, Sendable {
    /// Service name: lower case letters, digits, `-` and `_`, starting with a letter, at most 64 bytes.
    public var service: String
    public var version: String
    /// Sections this service's replies contain; checked on every reply.
    public var produces: [Section]
    /// Sections of other services this one needs (`nil`: none): the coordinator sends it an article
    /// once they have arrived, attached as an inputs frame.
    public var consumes: [Section]?
    /// How often this worker sends heartbeats and expects them, in milliseconds (50...60000).
    public var heartbeatMs: Int
    /// Requests the worker accepts at once (1...256).
    public var capacity: Int
    /// Most articles one REQUEST may carry (1...``maxBatch``, at most `capacity`); `nil` means 1.
    public var batch: Int?
    /// Opaque instance identifier, unique per process start (a supervisor sets it).
    public var instance: String?
    /// Process id, informational.
    public var pid: Int?
    /// One line saying what the service does, for `byline plugins` (at most 200 bytes).
    public var summary: String?

    public init(
        service: String, version: String, produces: [Section], consumes: [Section]? = nil, heartbeatMs: Int = 1000,
        capacity: Int = 1, batch: Int? = nil, instance: String? = nil, pid: Int? = nil, summary: String? = nil
    ) {
        self.consumes = consumes
        self.summary = summary
        self.batch = batch
        self.service = service
        self.version = version
        self.produces = produces
        self.heartbeatMs = heartbeatMs
        self.capacity = capacity
        self.instance = instance
        self.pid = pid
    }

    /// Problems that make a READY unacceptable.
    public func validationProblems() -> [String] {
        var problems: [String] = []
        if !WorkerDescriptor.isValidServiceName(service) {
            problems.append("service name '\(service.prefix(80))' must match [a-z][a-z0-9_-]{0,63}")
        }
        if version.isEmpty || version.utf8.count > 64 { problems.append("version must be 1 to 64 bytes") }
        if produces.isEmpty { problems.append("produces is empty") }
        if Set(produces).count != produces.count { problems.append("produces lists a section twice") }
        if let consumes {
            if Set(consumes).count != consumes.count { problems.append("consumes lists a section twice") }
            if consumes.contains(.extension) { problems.append("consumes lists 'extension', which is each plugin's own") }
            let both = Set(consumes).intersection(produces)
            if !both.isEmpty { problems.append("it both produces and consumes \(both.map(\.rawValue).sorted().joined(separator: ", "))") }
        }
        if !(50...60_000).contains(heartbeatMs) { problems.append("heartbeatMs \(heartbeatMs) is not in 50...60000") }
        if !(1...256).contains(capacity) { problems.append("capacity \(capacity) is not in 1...256") }
        if let batch, !(1...WorkerDescriptor.maxBatch).contains(batch) || batch > capacity {
            problems.append("batch \(batch) is not in 1...\(min(capacity, WorkerDescriptor.maxBatch)) (at most the capacity)")
        }
        if let instance, instance.utf8.count > 128 { problems.append("instance is longer than 128 bytes") }
        if let summary, summary.utf8.count > 200 { problems.append("summary is longer than 200 bytes") }
        return problems
    }

    /// The largest `batch` a worker may declare, and the most answers one REPLY may carry.
    public static let maxBatch = 64

    /// Articles one REQUEST to this worker may carry.
    public var effectiveBatch: Int { batch ?? 1 }

    /// The sections it consumes; empty for an independent service.
    public var consumedSections: [Section] { consumes ?? [] }

    public static func isValidServiceName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard let first = bytes.first, bytes.count <= 64, (0x61...0x7A).contains(first) else { return false }
        return bytes.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D || $0 == 0x5F }
    }
}

/// Per-request instructions from the coordinator.
public struct RequestControl: Codable, Hashable, Sendable {
    /// Milliseconds the worker has from receipt to reply; after that the reply is ignored.
    public var deadlineMs: Int
    /// 1 for the first dispatch; higher when an earlier instance was lost.
    public var attempt: Int
    /// An inputs frame (the consumed sections) follows the text; only for a service that consumes.
    public var inputs: Bool

    public init(deadlineMs: Int, attempt: Int, inputs: Bool = false) {
        self.deadlineMs = deadlineMs
        self.attempt = attempt
        self.inputs = inputs
    }

    /// The control frame, written directly (it is on every request's path).
    public var encoded: [UInt8] {
        Array((inputs ? "{\"attempt\":\(attempt),\"deadlineMs\":\(deadlineMs),\"inputs\":true}" : "{\"attempt\":\(attempt),\"deadlineMs\":\(deadlineMs)}").utf8)
    }
}

/// Why an analyzer could not produce a result.
public struct WorkerFailure: Error, Codable, Hashable, Sendable {
    /// Machine-readable reason: `analyzer-error`, `deadline`, `invalid-output`, `invalid-request`, `shutting-down`.
    public var code: String
    public var message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }
}

/// One article of a REQUEST. `metadata` and `text` are left as bytes: the coordinator forwards them
/// without decoding.
public struct WorkRequest: Equatable, Sendable {
    public var id: [UInt8]
    public var control: RequestControl
    public var metadata: [UInt8]
    public var text: [UInt8]
    /// The consumed sections as one JSON object (`{"entities": […]}`), when `control.inputs`.
    public var inputs: [UInt8]?

    public init(id: [UInt8], control: RequestControl, metadata: [UInt8], text: [UInt8], inputs: [UInt8]? = nil) {
        self.id = id
        self.control = control
        self.metadata = metadata
        self.text = text
        self.inputs = inputs
        self.control.inputs = inputs != nil
    }
}

/// One answer of a REPLY: `output` is AnalyzerOutput JSON, decoded by the receiver.
public struct WorkReply: Equatable, Sendable {
    public var id: [UInt8]
    public var output: [UInt8]

    public init(id: [UInt8], output: [UInt8]) {
        self.id = id
        self.output = output
    }
}

/// One decoded worker-protocol message.
public enum WorkerMessage: Equatable, Sendable {
    case ready(WorkerDescriptor)
    /// One or more articles (a batch): never empty.
    case request([WorkRequest])
    /// One or more answers: never empty.
    case reply([WorkReply])
    case fail(id: [UInt8], failure: WorkerFailure)
    case heartbeat
    case disconnect(reason: String?)

    /// A REQUEST for one article.
    public static func request(id: [UInt8], control: RequestControl, metadata: [UInt8], text: [UInt8]) -> WorkerMessage {
        .request([WorkRequest(id: id, control: control, metadata: metadata, text: text)])
    }

    /// A REPLY with one answer.
    public static func reply(id: [UInt8], output: [UInt8]) -> WorkerMessage {
        .reply([WorkReply(id: id, output: output)])
    }

    /// Frames a REQUEST or REPLY may have at most: the header, the command and `maxBatch` groups
    /// (of at most five frames: a REQUEST article with inputs).
    public static let maxFrames = 2 + 5 * WorkerDescriptor.maxBatch

    public var command: WorkerCommand {
        switch self {
        case .ready: .ready
        case .request: .request
        case .reply: .reply
        case .fail: .fail
        case .heartbeat: .heartbeat
        case .disconnect: .disconnect
        }
    }

    /// The frames of this message, starting with the protocol header.
    public func encoded() -> [[UInt8]] {
        let head = [ProtocolHeader.worker, [command.rawValue]]
        switch self {
        case .ready(let descriptor):
            return head + [WireJSON.encode(descriptor)]
        case .request(let articles):
            var frames = head
            frames.reserveCapacity(2 + 4 * articles.count)
            for article in articles {
                frames += [article.id, article.control.encoded, article.metadata, article.text]
                if let inputs = article.inputs { frames.append(inputs) }
            }
            return frames
        case .reply(let answers):
            var frames = head
            frames.reserveCapacity(2 + 2 * answers.count)
            for answer in answers { frames += [answer.id, answer.output] }
            return frames
        case .fail(let id, let failure):
            return head + [id, WireJSON.encode(failure)]
        case .heartbeat:
            return head
        case .disconnect(let reason):
            return head + (reason.map { [Array($0.utf8.prefix(1024))] } ?? [])
        }
    }

    /// Decodes a whole message (protocol header first, no routing id), enforcing `limits`.
    public static func decode(_ frames: [[UInt8]], limits: WireLimits = .default) throws(WireError) -> WorkerMessage {
        guard let header = frames.first else { throw WireError(.emptyMessage, "message has no frames") }
        guard header == ProtocolHeader.worker else {
            _ = try ProtocolKind.of(frames)
            throw WireError(.wrongProtocol, "expected the worker protocol BYLW01, got the client protocol")
        }
        guard frames.count >= 2 else { throw WireError(.missingCommand, "message has no command frame") }
        let commandFrame = frames[1]
        guard commandFrame.count == 1 else {
            throw WireError(.unknownCommand, "command frame must be one byte, got \(commandFrame.count)")
        }
        guard let command = WorkerCommand(rawValue: commandFrame[0]) else {
            throw WireError(.unknownCommand, "unknown worker command 0x\(String(commandFrame[0], radix: 16))")
        }
        let body = frames[2...]
        switch command {
        case .ready:
            try FrameCheck.count(body, 1, "READY")
            try FrameCheck.size(body[2], limits.maxJSONFrameBytes, "READY descriptor")
            let descriptor: WorkerDescriptor = try WireJSON.decode(body[2], "READY descriptor")
            let problems = descriptor.validationProblems()
            if !problems.isEmpty { throw WireError(.invalidField, "READY: " + problems.joined(separator: "; ")) }
            return .ready(descriptor)
        case .request:
            // Four frames per article, five when its control says an inputs frame follows.
            var articles: [WorkRequest] = []
            var textBytes = 0
            var start = body.startIndex
            while start < body.endIndex {
                let which = " \(articles.count + 1)"
                guard articles.count < WorkerDescriptor.maxBatch else {
                    throw WireError(.wrongFrameCount, "REQUEST carries more than \(WorkerDescriptor.maxBatch) articles")
                }
                guard body.endIndex - start >= 4 else {
                    throw WireError(.wrongFrameCount, "REQUEST article\(which) has \(body.endIndex - start) frames, expected 4 (id, control, metadata, text)")
                }
                try FrameCheck.tag(body[start], limits, "REQUEST id" + which)
                try FrameCheck.size(body[start + 1], limits.maxJSONFrameBytes, "REQUEST control" + which)
                try FrameCheck.size(body[start + 2], limits.maxJSONFrameBytes, "REQUEST metadata" + which)
                try FrameCheck.size(body[start + 3], limits.maxTextBytes, "REQUEST text" + which)
                textBytes += body[start + 3].count
                let control: RequestControl = try WireJSON.decode(body[start + 1], "REQUEST control" + which)
                var inputs: [UInt8]?
                if control.inputs {
                    guard body.endIndex - start >= 5 else {
                        throw WireError(.wrongFrameCount, "REQUEST article\(which) says inputs follow, but its frames end")
                    }
                    try FrameCheck.size(body[start + 4], limits.maxPayloadBytes, "REQUEST inputs" + which)
                    inputs = body[start + 4]
                }
                articles.append(WorkRequest(id: body[start], control: control, metadata: body[start + 2], text: body[start + 3], inputs: inputs))
                start += control.inputs ? 5 : 4
            }
            guard !articles.isEmpty else { throw WireError(.wrongFrameCount, "REQUEST carries no article") }
            if articles.count > 1, textBytes > limits.maxTextBytes {
                throw WireError(.frameTooLarge, "REQUEST of \(articles.count) articles has \(textBytes) bytes of text, over the limit of \(limits.maxTextBytes)")
            }
            return .request(articles)
        case .reply:
            try FrameCheck.groups(body, of: 2, "REPLY", "answer")
            var answers: [WorkReply] = []
            answers.reserveCapacity(body.count / 2)
            var outputBytes = 0
            for start in stride(from: body.startIndex, to: body.endIndex, by: 2) {
                let which = body.count == 2 ? "" : " \(answers.count + 1)"
                try FrameCheck.tag(body[start], limits, "REPLY id" + which)
                try FrameCheck.size(body[start + 1], limits.maxPayloadBytes, "REPLY output" + which)
                outputBytes += body[start + 1].count
                answers.append(WorkReply(id: body[start], output: body[start + 1]))
            }
            if answers.count > 1, outputBytes > limits.maxPayloadBytes {
                throw WireError(.frameTooLarge, "REPLY of \(answers.count) answers has \(outputBytes) bytes of output, over the limit of \(limits.maxPayloadBytes)")
            }
            return .reply(answers)
        case .fail:
            try FrameCheck.count(body, 2, "FAIL")
            try FrameCheck.tag(body[2], limits, "FAIL id")
            try FrameCheck.size(body[3], limits.maxJSONFrameBytes, "FAIL error")
            let failure: WorkerFailure = try WireJSON.decode(body[3], "FAIL error")
            return .fail(id: body[2], failure: failure)
        case .heartbeat:
            try FrameCheck.count(body, 0, "HEARTBEAT")
            return .heartbeat
        case .disconnect:
            try FrameCheck.count(body, 0...1, "DISCONNECT")
            let reason = body.first.map { String(decoding: $0.prefix(1024), as: UTF8.self) }
            return .disconnect(reason: reason)
        }
    }
}

extension RequestControl: JSONDecodable {
    /// Read on every request by every worker, so without Codable's containers.
    public init(json input: inout JSONInput) throws {
        var deadlineMs: Int?, attempt: Int?, inputs: Bool?
        try input.readObject { input, key in
            switch key {
            case "deadlineMs": try input.decode(&deadlineMs)
            case "attempt": try input.decode(&attempt)
            case "inputs": try input.decode(&inputs)
            default: try input.skipValue()
            }
        }
        self.init(
            deadlineMs: try input.required(deadlineMs, "deadlineMs"), attempt: try input.required(attempt, "attempt"),
            inputs: inputs ?? false)
    }
}
