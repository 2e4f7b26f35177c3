import AnalyzerRuntime
import ArgumentParser
import CoordinatorService
import Foundation
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
        abstract: "Make a CURVE key pair: NAME.key (secret, readable by you only) and NAME.pub (public).",
        discussion: """
            Give the coordinator its .key with --curve-secret and the workers' and clients' .pub files \
            with --curve-allow (a directory of .pub files works). Give workers and clients the \
            coordinator's .pub with --curve-server-key and their own .key with --curve-secret.
            """)

    @Argument(help: "Path and base name of the key files.")
    var name: String

    @Flag(help: "Overwrite existing files.")
    var force = false

    func run() throws {
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
}
