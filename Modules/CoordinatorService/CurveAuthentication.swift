import Logging
import Foundation
import ZeroMQ

/// Which CURVE clients (workers and submitters) may talk to the coordinator.
public struct CurveAllowList: Sendable, Equatable {
    /// Allowed public keys (Z85); `nil` admits any client that completes the CURVE handshake
    /// (traffic is encrypted, but anyone holding the server's public key may connect).
    public var keys: Set<String>?

    public init(keys: Set<String>?) {
        self.keys = keys
    }

    public func allows(_ key: String) -> Bool {
        keys?.contains(key) ?? true
    }

    /// Reads keys from a file (one Z85 key per line; `#` comments) or from every `*.pub` file in a
    /// directory. Throws on anything that is not a 40-character key, naming the file and line.
    public static func load(_ path: String) throws -> CurveAllowList {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw SupervisorError("CURVE allow-list \(path) does not exist")
        }
        var files = [path]
        if isDirectory.boolValue {
            files = try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.hasSuffix(".pub") }.sorted().map { path + "/" + $0 }
        }
        var keys: Set<String> = []
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else { throw SupervisorError("cannot read \(file)") }
            for (number, raw) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let line = raw.trimmingCharacters(in: .whitespaces)
                if line.isEmpty || line.hasPrefix("#") { continue }
                guard line.utf8.count == 40 else {
                    throw SupervisorError("\(file):\(number + 1): not a 40-character Z85 CURVE public key")
                }
                keys.insert(line)
            }
        }
        return CurveAllowList(keys: keys)
    }
}

/// libzmq's ZAP handler (RFC 27) for the coordinator's CURVE socket: a REP socket on
/// `inproc://zeromq.zap.01`, polled by the coordinator thread, that admits a connecting peer only
/// if its public key is on the allow-list. Refused peers cannot complete the handshake, so they can
/// neither register as workers nor submit articles.
final class ZAPHandler {
    let socket: Socket
    private let allow: CurveAllowList
    private let logger: Logger
    private var refusals = 0

    init(context: Context, allow: CurveAllowList, logger: Logger) throws {
        socket = try Socket(context, .reply)
        try socket.bind("inproc://zeromq.zap.01")
        self.allow = allow
        self.logger = logger
    }

    /// Answers every waiting authentication request.
    func handlePending() {
        while let request = try? socket.receive() {
            let frames = request.frames
            // version, request id, domain, address, identity, mechanism, credentials…
            guard frames.count >= 6 else {
                _ = try? socket.send([Array("1.0".utf8), frames.count > 1 ? frames[1] : [], Array("500".utf8), Array("malformed ZAP request".utf8), [], []])
                continue
            }
            let requestID = frames[1]
            let address = String(decoding: frames[3], as: UTF8.self)
            let mechanism = String(decoding: frames[5], as: UTF8.self)
            var status = "400"
            var text = "not allowed"
            var user = ""
            if mechanism == "CURVE", frames.count >= 7, let key = CurveKeyPair.z85(frames[6]) {
                if allow.allows(key) {
                    status = "200"
                    text = "OK"
                    user = key
                } else {
                    refusals += 1
                    if refusals <= 10 || refusals % 1000 == 0 {
                        logger.warning("refused a CURVE client whose key is not allowed", metadata: ["key": "\(key)", "address": "\(address)"])
                    }
                }
            } else {
                text = "CURVE required"
            }
            _ = try? socket.send([Array("1.0".utf8), requestID, Array(status.utf8), Array(text.utf8), Array(user.utf8), []])
        }
    }
}
