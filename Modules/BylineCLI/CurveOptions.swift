import AnalyzerRuntime
import ArgumentParser
import CoordinatorService
import Foundation
import Server
import ZeroMQ

#if canImport(Glibc)
import Glibc
#endif

/// CURVE settings of a coordinator: its secret key and who may connect.
struct ServerCurveOptions: ParsableArguments {
    @Option(help: "The coordinator's CURVE secret key file (from byline keygen); turns CURVE on for every endpoint.")
    var curveSecret: String?

    @Option(help: "Allowed client public keys: a file (one key per line) or a directory of .pub files.")
    var curveAllow: String?

    /// The secret key and allow-list from the options, else from the configuration (paths there are
    /// relative to the configuration file).
    func resolve(_ config: BylineConfig) throws -> (secret: String?, allow: CurveAllowList?) {
        func path(_ value: String) -> String {
            guard !value.hasPrefix("/"), let base = config.baseDirectory else { return value }
            return base + "/" + value
        }
        let secretPath = curveSecret ?? config.coordinator.curveSecret.map(path)
        let allowPath = curveAllow ?? config.coordinator.curveAllow.map(path)
        guard let secretPath else {
            if allowPath != nil { throw ValidationError("--curve-allow needs --curve-secret (curve_secret)") }
            return (nil, nil)
        }
        let secret = try CurveKeyFile.read(secretPath)
        guard CurveKeyPair.publicKey(forSecret: secret) != nil else {
            throw ValidationError("\(secretPath) does not hold a valid CURVE secret key")
        }
        return (secret, try allowPath.map(CurveAllowList.load))
    }
}

/// CURVE settings of a client of a remote coordinator.
struct ClientCurveOptions: ParsableArguments {
    @Option(help: "The coordinator's CURVE public key (file or Z85 text), when it requires CURVE.")
    var curveServerKey: String?

    @Option(help: "This client's CURVE secret key file (from byline keygen).")
    var curveSecret: String?

    func keys() throws -> CurveClientKeys? {
        guard let curveServerKey else {
            if curveSecret != nil { throw ValidationError("--curve-secret needs --curve-server-key") }
            return nil
        }
        guard let curveSecret else { throw ValidationError("--curve-server-key needs --curve-secret") }
        let secret = try CurveKeyFile.read(curveSecret)
        guard let publicKey = CurveKeyPair.publicKey(forSecret: secret) else {
            throw ValidationError("\(curveSecret) does not hold a valid CURVE secret key")
        }
        return CurveClientKeys(serverPublicKey: try CurveKeyFile.read(curveServerKey), publicKey: publicKey, secretKey: secret)
    }
}

struct KeygenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Make a CURVE key pair (NAME.key secret, NAME.pub public), or with --api an API key for `byline serve`.",
        discussion: """
            CURVE: give the coordinator its .key with --curve-secret and the workers' and clients' .pub files \
            with --curve-allow (a directory of .pub files works). Give workers and clients the \
            coordinator's .pub with --curve-server-key and their own .key with --curve-secret.
            API keys: `byline keygen --api NAME` adds a key named NAME to the keys file (--keys, default \
            byline-api.keys, readable by you only) and prints its token once; start the server with \
            `byline serve --keys FILE` and send `Authorization: Bearer TOKEN`.
            """)

    @Argument(help: "Path and base name of the CURVE key files.")
    var name: String?

    @Option(help: "Make an API key with this name instead of a CURVE pair.")
    var api: String?

    @Option(help: "The API keys file to add to.")
    var keys: String = "byline-api.keys"

    @Flag(help: "Overwrite existing files (CURVE) or replace a key of the same name (--api).")
    var force = false

    func validate() throws {
        if (name == nil) == (api == nil) { throw ValidationError("give either a NAME for CURVE key files or --api NAME") }
        if let api, api.isEmpty || api.contains(where: { $0.isWhitespace || $0 == "#" }) {
            throw ValidationError("--api NAME must be one word without '#'")
        }
    }

    func run() throws {
        if let api { return try makeAPIKey(api) }
        guard let name else { return }
        guard ZeroMQLibrary.hasCurve else { throw CLIError("this libzmq was built without CURVE support") }
        let secretPath = name + ".key"
        let publicPath = name + ".pub"
        for path in [secretPath, publicPath] where FileManager.default.fileExists(atPath: path) && !force {
            throw CLIError("\(path) exists; pass --force to overwrite")
        }
        let pair = try CurveKeyPair.generate()
        let previous = umask(0o077)
        defer { umask(previous) }
        try "# byline CURVE secret key: keep it private\n\(pair.secretKey)\n".write(toFile: secretPath, atomically: true, encoding: .utf8)
        chmod(secretPath, 0o600)
        umask(previous)
        try "# byline CURVE public key\n\(pair.publicKey)\n".write(toFile: publicPath, atomically: true, encoding: .utf8)
        print("wrote \(secretPath) (secret) and \(publicPath) (public: \(pair.publicKey))")
    }

    private func makeAPIKey(_ name: String) throws {
        var lines: [String] = []
        if let data = FileManager.default.contents(atPath: keys) {
            for line in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
                let first = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map(String.init)
                if first == name {
                    guard force else { throw CLIError("\(keys) already has a key named \(name); pass --force to replace it") }
                    continue
                }
                lines.append(line)
            }
            while lines.last == "" { lines.removeLast() }
        } else {
            lines = ["# byline serve API keys: NAME TOKEN per line. Keep this file private."]
        }
        let token = APIKeys.newToken()
        lines.append("\(name) \(token)")
        let previous = umask(0o077)
        defer { umask(previous) }
        try (lines.joined(separator: "\n") + "\n").write(toFile: keys, atomically: true, encoding: .utf8)
        chmod(keys, 0o600)
        printError("added key '\(name)' to \(keys); its token (send it as `Authorization: Bearer TOKEN`):")
        print(token)
    }
}
