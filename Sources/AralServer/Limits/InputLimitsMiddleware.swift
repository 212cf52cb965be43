import AralSchema
import Hummingbird
import HTTPTypes
import HummingbirdCore
import NIOCore

/// Reads every API request body whole (at most `--max-body` bytes, else 413 before anything is
/// parsed) and scans its shape (`BodyShapeScan`) before any route parses it: a model upload or
/// validation as YAML (depth, alias references), every other JSON body as JSON (depth, array
/// items). A body over a limit is a 413 naming the limit, the line and the option, and the
/// parser never runs, so a 20,000-level model is refused in microseconds instead of ending the
/// process. The routes then read the body already in memory.
struct InputLimitsMiddleware<Context: RequestContext>: RouterMiddleware {
    let maxBodyBytes: Int
    let modelLimits: BodyShapeScan.Limits
    let jsonLimits: BodyShapeScan.Limits

    init(_ config: ServerConfiguration) {
        maxBodyBytes = config.maxBodyBytes
        modelLimits = .init(depth: config.maxNestingDepth, aliases: config.maxYAMLAliases, arrayItems: nil)
        jsonLimits = .init(depth: config.maxNestingDepth, aliases: nil, arrayItems: config.maxJSONArrayItems)
    }

    /// Which scan a body gets; nil for bodies that are not YAML or JSON (a corridor demand CSV).
    static func syntax(method: HTTPRequest.Method, path: String, contentType: String? = nil) -> BodyShapeScan.Syntax? {
        guard method == .post || method == .put || method == .patch, path.hasPrefix("/api/") else { return nil }
        let p = RoutePath.normalized(path)
        // A model with its CSVs: the upload route scans the model part itself.
        if p == "/api/models", ModelUploadParts.isMultipart(contentType) { return nil }
        // A traces CSV (and text fields): no YAML or JSON to scan; the traces reader checks every cell.
        if p == "/api/ensembles", ModelUploadParts.isMultipart(contentType) { return nil }
        if p == "/api/models" || p == "/api/models/validate" { return .yaml }
        if p.hasPrefix("/api/corridors/") { return nil }
        return .json
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let syntax = Self.syntax(method: request.method, path: request.uri.path, contentType: request.headers[.contentType]) else {
            return try await next(request, context)
        }
        let buffer = try await request.body.collect(upTo: maxBodyBytes)
        let limits = syntax == .yaml ? modelLimits : jsonLimits
        do {
            _ = try buffer.withUnsafeReadableBytes { raw in try BodyShapeScan.check(raw, syntax: syntax, limits: limits) }
        } catch let violation as BodyShapeScan.Violation {
            throw Self.refusal(violation, syntax: syntax)
        }
        var request = request
        request.body = RequestBody(buffer: buffer)
        return try await next(request, context)
    }

    static func refusal(_ violation: BodyShapeScan.Violation, syntax: BodyShapeScan.Syntax) -> APIError {
        let what = syntax == .yaml ? "the model" : "the JSON body"
        let message: String
        switch violation.kind {
        case .depth:
            message = "\(what) nests more than \(violation.limit) levels deep at line \(violation.line) (--max-depth)"
        case .aliases:
            message = "\(what) uses more than \(violation.limit) YAML alias references (*name) by line \(violation.line) (--max-yaml-aliases)"
        case .arrayItems:
            message = "\(what) has an array of more than \(violation.limit) items at line \(violation.line) (--max-array-items)"
        }
        return APIError(.contentTooLarge, message, issues: [APIError.Issue(file: syntax == .yaml ? "upload" : "body", line: violation.line,
                                                                           column: nil, path: nil, message: message)])
    }
}
