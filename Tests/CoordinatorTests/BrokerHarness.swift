import ArticleModel
import Coordinator
import Foundation
import WireProtocol

/// Drives a ``Broker`` with hand-made messages and a hand-moved clock.
struct BrokerHarness {
    var broker: Broker
    var now = Moment.milliseconds(1_000)
    /// Everything the broker sent, in order, not yet taken by a test.
    var sent: [(to: PeerID, message: Decoded)] = []
    var logs: [String] = []

    enum Decoded: Equatable {
        case worker(WorkerMessage)
        case client(ClientMessage)
    }

    init(_ configuration: BrokerConfiguration = BrokerConfiguration(defaultDeadlineMs: 5_000)) {
        broker = Broker(configuration: configuration)
    }

    /// One input, then the dispatch that ends a burst, as the coordinator's socket loop does.
    mutating func feed(_ input: BrokerInput) {
        feedBurst([input])
    }

    /// Inputs that arrive together (the socket loop reads them in one wake-up), then one dispatch.
    mutating func feedBurst(_ inputs: [BrokerInput]) {
        var out: [BrokerOutput] = []
        for input in inputs { broker.handle(input, at: now, into: &out) }
        broker.dispatchQueued(at: now, into: &out)
        for output in out {
            switch output {
            case .send(let peer, let frames):
                if let message = try? WorkerMessage.decode(frames) {
                    sent.append((peer, .worker(message)))
                } else if let message = try? ClientMessage.decode(frames) {
                    sent.append((peer, .client(message)))
                } else {
                    fatalError("broker sent undecodable frames \(frames)")
                }
            case .log(_, let message):
                logs.append(message)
            }
        }
    }

    mutating func advance(ms: Int) {
        now = now.adding(milliseconds: ms)
        feed(.tick)
    }

    // MARK: Workers

    mutating func ready(
        _ peer: String, service: String, produces: [Section] = [.extension], consumes: [Section]? = nil, heartbeatMs: Int = 1000,
        capacity: Int = 1, batch: Int? = nil, instance: String? = nil
    ) {
        let descriptor = WorkerDescriptor(
            service: service, version: "1.0", produces: produces, consumes: consumes, heartbeatMs: heartbeatMs, capacity: capacity,
            batch: batch, instance: instance)
        feed(.message(from: Self.peer(peer), frames: WorkerMessage.ready(descriptor).encoded()))
    }

    mutating func workerSends(_ peer: String, _ message: WorkerMessage) {
        feed(.message(from: Self.peer(peer), frames: message.encoded()))
    }

    mutating func reply(_ peer: String, to request: Request, _ output: AnalyzerOutput) {
        workerSends(peer, .reply(id: request.id, output: WireJSON.encode(output)))
    }

    mutating func reply(_ peer: String, to request: Request, json: String) {
        workerSends(peer, .reply(id: request.id, output: Array(json.utf8)))
    }

    struct Request: Equatable {
        var worker: String
        var id: [UInt8]
        var control: RequestControl
        var articleID: String
        var text: String
        /// The consumed sections sent with the article, decoded.
        var inputs: AnalyzerOutput? = nil
    }

    /// Takes the REQUESTs sent so far, in order, one article each.
    mutating func takeRequests() -> [Request] {
        takeRequestMessages().flatMap { $0 }
    }

    /// Takes the REQUEST messages sent so far, in order: the articles of each.
    mutating func takeRequestMessages() -> [[Request]] {
        var messages: [[Request]] = []
        sent.removeAll { entry in
            guard case .worker(.request(let articles)) = entry.message else { return false }
            messages.append(articles.map { article in
                let meta = try! JSONDecoder().decode(ArticleMetadata.self, from: Data(article.metadata))
                return Request(
                    worker: String(decoding: entry.to, as: UTF8.self), id: article.id, control: article.control, articleID: meta.id,
                    text: String(decoding: article.text, as: UTF8.self),
                    inputs: article.inputs.map { try! JSONDecoder().decode(AnalyzerOutput.self, from: Data($0)) })
            })
            return true
        }
        return messages
    }

    /// Takes the worker-protocol messages of one kind sent to `peer`.
    mutating func take(_ peer: String, where match: (WorkerMessage) -> Bool) -> [WorkerMessage] {
        var taken: [WorkerMessage] = []
        sent.removeAll { entry in
            guard entry.to == Self.peer(peer), case .worker(let message) = entry.message, match(message) else { return false }
            taken.append(message)
            return true
        }
        return taken
    }

    // MARK: Clients

    mutating func submit(_ client: String = "client", tag: String, id: String, text: String, options: SubmitOptions = SubmitOptions()) {
        let metadata = WireJSON.encode(ArticleMetadata(id: id))
        feed(.message(
            from: Self.peer(client),
            frames: ClientMessage.submit(tag: Array(tag.utf8), options: options, metadata: metadata, text: Array(text.utf8)).encoded()))
    }

    /// SUBMITs of these article ids that arrive together.
    mutating func submitBurst(_ ids: [String], text: String = "x") {
        feedBurst(ids.map { id in
            .message(
                from: Self.peer("client"),
                frames: ClientMessage.submit(
                    tag: Array(id.utf8), options: SubmitOptions(), metadata: WireJSON.encode(ArticleMetadata(id: id)), text: Array(text.utf8)
                ).encoded())
        })
    }

    mutating func submitRaw(_ client: String = "client", tag: String, metadata: [UInt8], text: [UInt8], options: SubmitOptions = SubmitOptions()) {
        feed(.message(from: Self.peer(client), frames: ClientMessage.submit(tag: Array(tag.utf8), options: options, metadata: metadata, text: text).encoded()))
    }

    /// Takes the RESULTs sent so far, decoded, by tag.
    mutating func takeResults() -> [(tag: String, analysis: ArticleAnalysis, bytes: [UInt8])] {
        var results: [(String, ArticleAnalysis, [UInt8])] = []
        sent.removeAll { entry in
            guard case .client(.result(let tag, let bytes)) = entry.message else { return false }
            results.append((String(decoding: tag, as: UTF8.self), try! JSONDecoder().decode(ArticleAnalysis.self, from: Data(bytes)), bytes))
            return true
        }
        return results
    }

    mutating func takeRejections() -> [(tag: String, rejection: Rejection)] {
        var rejections: [(String, Rejection)] = []
        sent.removeAll { entry in
            guard case .client(.reject(let tag, let rejection)) = entry.message else { return false }
            rejections.append((String(decoding: tag, as: UTF8.self), rejection))
            return true
        }
        return rejections
    }

    static func peer(_ name: String) -> PeerID { Array(name.utf8) }
}

extension AnalyzerOutput {
    static func keywords(_ words: String...) -> AnalyzerOutput {
        AnalyzerOutput(extension: .object(["keywords": .array(words.map { .string($0) })]))
    }
}
