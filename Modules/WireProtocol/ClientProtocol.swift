public import JSONCoding
import Foundation

/// Commands of the client protocol (`BYLC01`): the second frame, one byte.
public enum ClientCommand: UInt8, Sendable, CaseIterable {
    /// Client → coordinator: [tag][options JSON][metadata JSON][text].
    case submit = 0x01
    /// Coordinator → client: [tag][analysis JSON].
    case result = 0x02
    /// Coordinator → client: [tag][error JSON]. The article was not analysed.
    case reject = 0x03
    /// Client → coordinator: [tag].
    case status = 0x04
    /// Coordinator → client: [tag][status JSON].
    case statusReply = 0x05
}

/// What a client may ask for with one article.
public struct SubmitOptions: Codable, Hashable, Sendable {
    /// Milliseconds the coordinator waits for analyzers; it answers with what arrived by then.
    public var deadlineMs: Int?
    /// Only these services (default: every registered service).
    public var services: [String]?

    public init(deadlineMs: Int? = nil, services: [String]? = nil) {
        self.deadlineMs = deadlineMs
        self.services = services
    }
}

/// Why the coordinator refused an article.
public struct Rejection: Codable, Hashable, Sendable, Error, CustomStringConvertible {
    /// `too-large`, `invalid-utf8`, `invalid-metadata`, `invalid-options`, `unknown-service`, `busy`, `shutting-down`, `malformed`.
    public var code: String
    public var message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}

/// One instance of a service, as the coordinator sees it.
public struct InstanceStatus: Codable, Hashable, Sendable {
    public var instance: String?
    public var pid: Int?
    public var version: String
    public var capacity: Int
    public var inFlight: Int
    /// Milliseconds since the coordinator last heard from it.
    public var lastSeenMs: Double
    public var completed: Int
    public var failed: Int
    /// Most articles one REQUEST to it may carry (its READY `batch`).
    public var batch: Int?
    /// REQUEST messages sent to it: `(completed + failed) / requests` is its mean batch.
    public var requests: Int?

    public init(
        instance: String?, pid: Int?, version: String, capacity: Int, inFlight: Int, lastSeenMs: Double, completed: Int,
        failed: Int, batch: Int? = nil, requests: Int? = nil
    ) {
        self.batch = batch
        self.requests = requests
        self.instance = instance
        self.pid = pid
        self.version = version
        self.capacity = capacity
        self.inFlight = inFlight
        self.lastSeenMs = lastSeenMs
        self.completed = completed
        self.failed = failed
    }
}

/// One service and its live instances.
public struct ServiceStatus: Codable, Hashable, Sendable {
    public var name: String
    /// What the service does, as its instances describe it.
    public var summary: String?
    public var produces: [String]
    /// Sections of other services it needs (absent: none).
    public var consumes: [String]?
    public var required: Bool
    public var queued: Int
    public var instances: [InstanceStatus]

    public init(
        name: String, summary: String? = nil, produces: [String], consumes: [String]? = nil, required: Bool, queued: Int,
        instances: [InstanceStatus]
    ) {
        self.name = name
        self.summary = summary
        self.produces = produces
        self.consumes = consumes
        self.required = required
        self.queued = queued
        self.instances = instances
    }
}

/// The coordinator's answer to STATUS.
public struct CoordinatorStatus: Codable, Hashable, Sendable {
    public var services: [ServiceStatus]
    public var articlesInFlight: Int
    public var articlesCompleted: Int
    public var uptimeMs: Double
    public var limits: StatusLimits

    public struct StatusLimits: Codable, Hashable, Sendable {
        public var maxTextBytes: Int
        public var defaultDeadlineMs: Int

        public init(maxTextBytes: Int, defaultDeadlineMs: Int) {
            self.maxTextBytes = maxTextBytes
            self.defaultDeadlineMs = defaultDeadlineMs
        }
    }

    public init(services: [ServiceStatus], articlesInFlight: Int, articlesCompleted: Int, uptimeMs: Double, limits: StatusLimits) {
        self.services = services
        self.articlesInFlight = articlesInFlight
        self.articlesCompleted = articlesCompleted
        self.uptimeMs = uptimeMs
        self.limits = limits
    }
}

/// One decoded client-protocol message.
public enum ClientMessage: Equatable, Sendable {
    case submit(tag: [UInt8], options: SubmitOptions, metadata: [UInt8], text: [UInt8])
    case result(tag: [UInt8], analysis: [UInt8])
    case reject(tag: [UInt8], rejection: Rejection)
    case status(tag: [UInt8])
    case statusReply(tag: [UInt8], status: [UInt8])

    public var command: ClientCommand {
        switch self {
        case .submit: .submit
        case .result: .result
        case .reject: .reject
        case .status: .status
        case .statusReply: .statusReply
        }
    }

    /// The frames of this message, starting with the protocol header.
    public func encoded() -> [[UInt8]] {
        let head = [ProtocolHeader.client, [command.rawValue]]
        switch self {
        case .submit(let tag, let options, let metadata, let text):
            return head + [tag, WireJSON.encode(options), metadata, text]
        case .result(let tag, let analysis):
            return head + [tag, analysis]
        case .reject(let tag, let rejection):
            return head + [tag, WireJSON.encode(rejection)]
        case .status(let tag):
            return head + [tag]
        case .statusReply(let tag, let status):
            return head + [tag, status]
        }
    }

    /// Decodes a whole message (protocol header first, no routing id), enforcing `limits`.
    ///
    /// A SUBMIT text up to twice `maxTextBytes` decodes, so that the coordinator can answer it with a
    /// `too-large` rejection naming the limit; the caller checks the real limit.
    public static func decode(_ frames: [[UInt8]], limits: WireLimits = .default) throws(WireError) -> ClientMessage {
        guard let header = frames.first else { throw WireError(.emptyMessage, "message has no frames") }
        guard header == ProtocolHeader.client else {
            _ = try ProtocolKind.of(frames)
            throw WireError(.wrongProtocol, "expected the client protocol BYLC01, got the worker protocol")
        }
        guard frames.count >= 2 else { throw WireError(.missingCommand, "message has no command frame") }
        let commandFrame = frames[1]
        guard commandFrame.count == 1 else {
            throw WireError(.unknownCommand, "command frame must be one byte, got \(commandFrame.count)")
        }
        guard let command = ClientCommand(rawValue: commandFrame[0]) else {
            throw WireError(.unknownCommand, "unknown client command 0x\(String(commandFrame[0], radix: 16))")
        }
        let body = frames[2...]
        switch command {
        case .submit:
            try FrameCheck.count(body, 4, "SUBMIT")
            try FrameCheck.tag(body[2], limits, "SUBMIT tag")
            try FrameCheck.size(body[3], limits.maxJSONFrameBytes, "SUBMIT options")
            try FrameCheck.size(body[4], limits.maxJSONFrameBytes, "SUBMIT metadata")
            try FrameCheck.size(body[5], 2 * limits.maxTextBytes, "SUBMIT text")
            let options: SubmitOptions = try WireJSON.decode(body[3], "SUBMIT options")
            return .submit(tag: body[2], options: options, metadata: body[4], text: body[5])
        case .result:
            try FrameCheck.count(body, 2, "RESULT")
            try FrameCheck.tag(body[2], limits, "RESULT tag")
            try FrameCheck.size(body[3], limits.maxPayloadBytes, "RESULT analysis")
            return .result(tag: body[2], analysis: body[3])
        case .reject:
            try FrameCheck.count(body, 2, "REJECT")
            try FrameCheck.tag(body[2], limits, "REJECT tag")
            try FrameCheck.size(body[3], limits.maxJSONFrameBytes, "REJECT error")
            let rejection: Rejection = try WireJSON.decode(body[3], "REJECT error")
            return .reject(tag: body[2], rejection: rejection)
        case .status:
            try FrameCheck.count(body, 1, "STATUS")
            try FrameCheck.tag(body[2], limits, "STATUS tag")
            return .status(tag: body[2])
        case .statusReply:
            try FrameCheck.count(body, 2, "STATUS-REPLY")
            try FrameCheck.tag(body[2], limits, "STATUS-REPLY tag")
            try FrameCheck.size(body[3], limits.maxPayloadBytes, "STATUS-REPLY status")
            return .statusReply(tag: body[2], status: body[3])
        }
    }
}

extension SubmitOptions: JSONDecodable {
    /// Read with every SUBMIT, so without Codable's containers.
    public init(json input: inout JSONInput) throws {
        var deadlineMs: Int??, services: [String]??
        try input.readObject { input, key in
            switch key {
            case "deadlineMs": try input.decode(&deadlineMs)
            case "services": try input.decode(&services)
            default: try input.skipValue()
            }
        }
        self.init(deadlineMs: deadlineMs ?? nil, services: services ?? nil)
    }
}
