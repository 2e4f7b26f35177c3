import Foundation
public import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import NIOSSL
public import Logging
import NIOCore
import ServiceLifecycle
import UnixSignals

/// Where and how the HTTP server listens.
public struct ListenSettings: Sendable {
    public var host: String
    /// 0 picks a free port; the one chosen is printed.
    public var port: Int
    /// A connection idle this long is closed (slow or stalled clients).
    public var idleTimeout: Duration
    /// On SIGTERM or SIGINT: how long requests in flight may take to finish before the server stops anyway.
    public var drainTimeout: Duration
    /// PEM files of the certificate chain and its private key: HTTPS instead of HTTP.
    public var tls: (certificate: String, key: String)?

    public init(host: String, port: Int, idleTimeout: Duration = .seconds(60), drainTimeout: Duration = .seconds(30)) {
        self.host = host
        self.port = port
        self.idleTimeout = idleTimeout
        self.drainTimeout = drainTimeout
    }

    /// `HOST:PORT`, `[V6]:PORT`, or `:PORT` (loopback).
    public init?(parsing text: String) {
        var host = "127.0.0.1"
        var portText = Substring(text)
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            host = String(text[text.index(after: text.startIndex)..<close])
            portText = text[text.index(after: close)...].drop { $0 == ":" }
        } else if let colon = text.lastIndex(of: ":") {
            if colon != text.startIndex { host = String(text[..<colon]) }
            portText = text[text.index(after: colon)...]
        }
        guard let port = Int(portText), (0...65535).contains(port), !host.isEmpty else { return nil }
        self.init(host: host, port: port)
    }
}

/// Runs the API until SIGTERM or SIGINT: then it stops accepting connections, lets the requests in
/// flight finish (at most ``ListenSettings/drainTimeout``) and returns.
public enum HTTPServer {
    public static func run(
        api: BylineAPI, listen: ListenSettings, logger: Logger, onListening: @escaping @Sendable (_ port: Int) -> Void
    ) async throws {
        let seconds = listen.idleTimeout.components.seconds
        var server = HTTPServerBuilder.http1(configuration: .init(idleTimeout: .seconds(max(1, seconds))))
        if let tls = listen.tls { server = try .tls(server, tlsConfiguration: try tlsConfiguration(tls)) }
        let app = Application(
            router: api.router(),
            server: server,
            configuration: ApplicationConfiguration(address: .hostname(listen.host, port: listen.port), serverName: "byline"),
            onServerRunning: { channel in onListening(channel.localAddress?.port ?? listen.port) },
            logger: logger)
        var configuration = ServiceGroupConfiguration(
            services: [.init(service: app)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        configuration.maximumGracefulShutdownDuration = listen.drainTimeout
        try await ServiceGroup(configuration: configuration).run()
    }

    /// Throws an error naming the file when the certificate chain or the key cannot be read.
    public static func checkTLS(_ files: (certificate: String, key: String)) throws {
        _ = try tlsConfiguration(files)
    }

    /// The server side of TLS from PEM files; an error that names the file when one cannot be read.
    static func tlsConfiguration(_ files: (certificate: String, key: String)) throws -> TLSConfiguration {
        let chain: [NIOSSLCertificate]
        do {
            chain = try NIOSSLCertificate.fromPEMFile(files.certificate)
        } catch {
            throw APIError(.internalServerError, "tls", "cannot read the certificate chain \(files.certificate): \(error)")
        }
        guard !chain.isEmpty else { throw APIError(.internalServerError, "tls", "\(files.certificate) holds no PEM certificate") }
        let key: NIOSSLPrivateKey
        do {
            key = try NIOSSLPrivateKey(file: files.key, format: .pem)
        } catch {
            throw APIError(.internalServerError, "tls", "cannot read the private key \(files.key): \(error)")
        }
        var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        configuration.minimumTLSVersion = .tlsv12
        return configuration
    }
}
