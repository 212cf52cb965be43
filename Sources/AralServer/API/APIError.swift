import Foundation
public import Hummingbird
import HTTPTypes
import Logging
import HummingbirdCore
import NIOCore

/// Every refusal the API gives: a status and one JSON body
/// `{"error": {"status": 422, "message": "…", "path": "nodes[2].capacity", "issues": […]}}`.
/// `path` names the offending field (key path in the body, or a query or path parameter);
/// `issues` carries the model validator's list, one item per problem, as `aral validate` prints them.
public struct APIError: HTTPResponseError, Sendable {
    public struct Issue: Codable, Sendable, Equatable {
        public var file: String?
        public var line: Int?
        public var column: Int?
        public var path: String?
        public var message: String
    }

    public var status: HTTPResponse.Status
    public var message: String
    public var path: String?
    public var issues: [Issue]?
    /// Seconds after which the same request may succeed: sent as `Retry-After` (429, 503).
    public var retryAfterSeconds: Int?

    public init(_ status: HTTPResponse.Status, _ message: String, path: String? = nil, issues: [Issue]? = nil,
                retryAfterSeconds: Int? = nil) {
        self.status = status
        self.message = message
        self.path = path
        self.issues = issues
        self.retryAfterSeconds = retryAfterSeconds
    }

    static func badRequest(_ message: String, path: String? = nil) -> APIError { APIError(.badRequest, message, path: path) }
    static func notFound(_ what: String) -> APIError { APIError(.notFound, "\(what) not found") }
    static let unauthenticated = APIError(.unauthorized, "this request needs a bearer token (Authorization: Bearer …) issued by the secretariat")
    static func forbidden(_ message: String) -> APIError { APIError(.forbidden, message) }

    struct Body: Encodable {
        struct Inner: Encodable {
            var status: Int
            var message: String
            var path: String?
            var issues: [Issue]?
        }
        var error: Inner
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = Body(error: .init(status: status.code, message: message, path: path, issues: issues))
        var response = try JSONResponse.make(body, status: status)
        if status == .unauthorized { response.headers[.wwwAuthenticate] = "Bearer realm=\"aral\"" }
        if let retryAfterSeconds { response.headers[.retryAfter] = String(max(1, retryAfterSeconds)) }
        return response
    }
}

/// Turns every error into a JSON error body: `APIError` as is, Hummingbird's own (404, 413…)
/// with their status, anything else as a 500 that reveals nothing but a request id.
struct JSONErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The routes' methods: a route asked with a method it does not take is a 405, not a 404.
    var routes: RouteMethods? = nil

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return try error.response(from: request, context: context)
        } catch let error as NIOTooManyBytesError {
            let bound = error.maxBytes.map { " (at most \($0) bytes here)" } ?? ""
            return try APIError(.contentTooLarge, "the request body is larger than the server accepts\(bound)").response(from: request, context: context)
        } catch let error as HTTPError {
            if error.status == .notFound, error.body == nil, let allowed = routes?.allowed(path: request.uri.path), !allowed.isEmpty {
                var response = try APIError(.methodNotAllowed, "\(request.uri.path) does not take \(request.method); it takes \(allowed.joined(separator: ", "))")
                    .response(from: request, context: context)
                response.headers[.allow] = allowed.joined(separator: ", ")
                return response
            }
            let message = error.body ?? (error.status == .notFound ? "no such route: \(request.method) \(request.uri.path)" : error.status.reasonPhrase)
            return try APIError(error.status, message).response(from: request, context: context)
        } catch let error as any HTTPResponseError {
            return try APIError(error.status, error.status.reasonPhrase).response(from: request, context: context)
        } catch {
            context.logger.error("request failed: \(error)")
            return try APIError(.internalServerError, "internal error (request \(context.id))").response(from: request, context: context)
        }
    }
}

/// JSON responses with the right content type; `Encodable` values or ready-made bytes.
enum JSONResponse {
    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }()

    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try encoder.encode(value)
        return bytes(data, status: status)
    }

    static func bytes(_ data: some Sequence<UInt8>, status: HTTPResponse.Status = .ok, contentType: String = "application/json") -> Response {
        let buffer = ByteBuffer(bytes: data)
        return Response(status: status, headers: [.contentType: contentType, .contentLength: String(buffer.readableBytes)],
                        body: ResponseBody(byteBuffer: buffer))
    }
}
