import Foundation
public import Hummingbird
import Synchronization

/// API keys: a file of `NAME TOKEN` lines (`#` starts a comment), as `byline keygen --api NAME`
/// writes it. A request names its key with `Authorization: Bearer TOKEN`.
public struct APIKeys: Sendable {
    /// Key name by token.
    private let names: [String: String]

    public init(tokensByName: [String: String]) {
        var names: [String: String] = [:]
        for (name, token) in tokensByName { names[token] = name }
        self.names = names
    }

    public var isEmpty: Bool { names.isEmpty }

    /// Reads a keys file; throws with the line at fault.
    public init(file path: String) throws(APIError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw APIError(.internalServerError, "keys", "cannot read the keys file \(path)")
        }
        var tokens: [String: String] = [:]
        for (number, raw) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let parts = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard parts.count == 2, parts[1].count >= 32 else {
                throw APIError(.internalServerError, "keys", "\(path):\(number + 1): expected `NAME TOKEN` with a token of 32 characters or more")
            }
            tokens[String(parts[0])] = String(parts[1])
        }
        guard !tokens.isEmpty else { throw APIError(.internalServerError, "keys", "\(path) holds no keys") }
        self.init(tokensByName: tokens)
    }

    /// The name of the key `token` is, comparing every byte of every key (no early exit on a mismatch).
    func name(of token: Substring) -> String? {
        var found: String?
        let given = Array(token.utf8)
        for (candidate, name) in names {
            let expected = Array(candidate.utf8)
            var difference = UInt8(expected.count == given.count ? 0 : 1)
            for index in 0..<expected.count {
                difference |= expected[index] ^ (index < given.count ? given[index] : 0)
            }
            if difference == 0 { found = name }
        }
        return found
    }

    /// A new random token: 32 bytes from the system's generator, base64url without padding.
    public static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return "byl_" + Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}

/// A token bucket per key: `perMinute` requests a minute on average, bursts up to `burst`.
public final class RateLimiter: Sendable {
    public let perMinute: Int
    public let burst: Int
    private let buckets = Mutex<[String: (tokens: Double, updated: ContinuousClock.Instant)]>([:])
    private let clock = ContinuousClock()

    public init(perMinute: Int, burst: Int? = nil) {
        self.perMinute = max(1, perMinute)
        self.burst = max(1, burst ?? perMinute)
    }

    /// Takes one request from `key`'s bucket: `nil` when allowed, else the whole seconds until one is.
    public func take(_ key: String, now: ContinuousClock.Instant? = nil) -> Int? {
        let now = now ?? clock.now
        let rate = Double(perMinute) / 60
        return buckets.withLock { buckets in
            var bucket = buckets[key] ?? (Double(burst), now)
            let elapsed = bucket.updated.duration(to: now)
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            bucket.tokens = min(Double(burst), bucket.tokens + seconds * rate)
            bucket.updated = now
            defer { buckets[key] = bucket }
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                return nil
            }
            return max(1, Int(((1 - bucket.tokens) / rate).rounded(.up)))
        }
    }
}

/// Checks `Authorization: Bearer` against the keys and applies each key's rate limit. Probes
/// (`/healthz`, `/readyz`) stay open so that a load balancer needs no key.
struct AccessMiddleware<Context: RequestContext>: RouterMiddleware {
    let keys: APIKeys
    let limiter: RateLimiter?

    static var openPaths: Set<String> { ["/healthz", "/readyz"] }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if Self.openPaths.contains(request.uri.path) { return try await next(request, context) }
        let challenge: HTTPFields = [.wwwAuthenticate: "Bearer realm=\"byline\""]
        guard let header = request.headers[.authorization] else {
            throw APIError(.unauthorized, "unauthorized", "this server needs an API key: send `Authorization: Bearer TOKEN`", headers: challenge)
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer", let name = keys.name(of: parts[1]) else {
            throw APIError(.unauthorized, "unauthorized", "the API key is not valid", headers: challenge)
        }
        if let limiter, let wait = limiter.take(name) {
            throw APIError(
                .tooManyRequests, "rate-limited", "key '\(name)' is over its limit of \(limiter.perMinute) requests a minute; retry in \(wait) s",
                headers: [.retryAfter: String(wait)])
        }
        return try await next(request, context)
    }
}

/// Whether `host` is a loopback address (or `localhost`), where a server may listen without keys.
public func isLoopback(_ host: String) -> Bool {
    let host = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
    if host == "localhost" || host == "::1" { return true }
    let parts = host.split(separator: ".")
    return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
}
