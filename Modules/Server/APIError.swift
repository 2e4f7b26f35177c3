public import Hummingbird
import JSONCoding
import Logging
import NIOCore

/// An error the API answers with: an HTTP status and `{"error": CODE, "detail": TEXT}`.
public struct APIError: Error, Sendable, CustomStringConvertible {
    public var status: HTTPResponse.Status
    /// A short, stable code clients can branch on (`bad-request`, `too-large`, …).
    public var code: String
    /// What went wrong, for a person.
    public var detail: String
    /// Extra response headers (`Retry-After`, `WWW-Authenticate`).
    public var headers: HTTPFields = [:]

    public init(_ status: HTTPResponse.Status, _ code: String, _ detail: String, headers: HTTPFields = [:]) {
        self.status = status
        self.code = code
        self.detail = detail
        self.headers = headers
    }

    public var description: String { "\(status.code) \(code): \(detail)" }

    static func badRequest(_ detail: String) -> APIError { APIError(.badRequest, "bad-request", detail) }

    /// The error as the JSON body every error response carries.
    func body() -> [UInt8] {
        var out = JSONOutput(reservingCapacity: detail.utf8.count + 64)
        out.beginObject()
        out.key("error")
        out.string(code)
        out.key("detail")
        out.string(detail)
        out.endObject()
        return out.bytes
    }

    func response() -> Response {
        var headers = self.headers
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body())))
    }
}

/// Turns every error a route or the router throws into a JSON error response with the right
/// status: ``APIError`` as it is, Hummingbird's own errors (404, 405, 413 from a body limit) with
/// their status, anything else as 500 without internals.
struct JSONErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The methods a path answers to, so that a known path asked with another method gets 405.
    let allowedMethods: @Sendable (String) -> [String]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return error.response()
        } catch let error as HTTPError {
            if error.status == .notFound {
                let allowed = allowedMethods(request.uri.path)
                if !allowed.isEmpty, !allowed.contains(request.method.rawValue) {
                    return APIError(
                        .methodNotAllowed, "method-not-allowed", "\(request.uri.path) answers \(allowed.joined(separator: ", ")) only",
                        headers: [.allow: allowed.joined(separator: ", ")]).response()
                }
            }
            let code: String
            switch error.status {
            case .notFound: code = "not-found"
            case .methodNotAllowed: code = "method-not-allowed"
            case .contentTooLarge: code = "too-large"
            case .badRequest: code = "bad-request"
            case .unsupportedMediaType: code = "unsupported-media-type"
            default: code = error.status.code >= 500 ? "internal" : "error"
            }
            let detail = error.body ?? (error.status == .notFound ? "no route for \(request.method) \(request.uri.path)" : error.status.reasonPhrase)
            return APIError(error.status, code, detail, headers: error.headers).response()
        } catch {
            context.logger.error("\(request.method) \(request.uri.path): \(error)")
            return APIError(.internalServerError, "internal", "the server failed on this request; see its log").response()
        }
    }
}
