import Hummingbird
import HummingbirdCore
import NIOCore
import HTTPTypes
import Logging

/// The request context of the outermost responder: Hummingbird's basic context plus the
/// client's address, which the rate limit is keyed by (`BasicRequestContext` does not keep it).
struct ClientAddressContext: RequestContext, RemoteAddressRequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel
    let remoteAddress: SocketAddress?

    init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.channel = source.channel
        self.remoteAddress = source.channel.remoteAddress
    }

    /// The source the router's `BasicRequestContext` is made from: the same channel and logger.
    var source: ApplicationRequestContextSource { ApplicationRequestContextSource(channel: channel, logger: logger) }
}

/// Sits in front of the router: requests to the expensive endpoints (validate, upload, runs,
/// plans, ledger appends, verify, proofs) take a token from their client's bucket first, and a
/// client without one gets a 429 with `Retry-After` before any work is done, and at most
/// `InFlightLimit.limit` of them are worked on at once, all clients together (503 beyond). Everything else
/// goes straight to the router, which sees a `BasicRequestContext` as before.
///
/// Behind a reverse proxy every request comes from the proxy's address, so the proxy should
/// apply its own per-client limit (see docs/server.md, "Behind a reverse proxy").
struct RateLimitedResponder<Inner: HTTPResponder>: HTTPResponder where Inner.Context == BasicRequestContext {
    typealias Context = ClientAddressContext
    let inner: Inner
    let limiter: ClientRateLimiter?
    let inFlight: InFlightLimit

    init(inner: Inner, limiter: ClientRateLimiter?, inFlight: InFlightLimit) {
        self.inner = inner
        self.limiter = limiter
        self.inFlight = inFlight
    }

    func respond(to request: Request, context: ClientAddressContext) async throws -> Response {
        guard Self.isExpensive(method: request.method, path: request.uri.path) else {
            return try await inner.respond(to: request, context: BasicRequestContext(source: context.source))
        }
        if let limiter {
            let client = context.remoteAddress?.ipAddress ?? "unknown"
            if case .refused(let seconds) = limiter.take(client: client) {
                return try APIError(.tooManyRequests,
                                    "too many requests to expensive endpoints from \(client): at most \(limiter.burst) at once and "
                                    + "\(Self.format(limiter.perSecond)) per second (--rate-limit, --rate-burst); retry after \(seconds) s",
                                    retryAfterSeconds: seconds)
                    .response(from: request, context: context)
            }
        }
        guard inFlight.tryAcquire() else {
            return try APIError(.serviceUnavailable,
                                "the server is busy with \(inFlight.limit) expensive requests (--max-expensive-in-flight); retry in a second",
                                retryAfterSeconds: 1)
                .response(from: request, context: context)
        }
        defer { inFlight.release() }
        return try await inner.respond(to: request, context: BasicRequestContext(source: context.source))
    }

    /// The endpoints whose cost is far above a read of a stored row: each compiles a model,
    /// queues a solver run, checks signatures or walks the Merkle tree.
    static func isExpensive(method: HTTPRequest.Method, path: String) -> Bool {
        switch method {
        case .post:
            return ["/api/models", "/api/models/validate", "/api/runs", "/api/plans", "/api/ledger/entries", "/api/ledger/heads"]
                .contains(trimmed(path))
        case .get:
            let p = trimmed(path)
            return p == "/api/ledger/verify" || p == "/ledger/verify" || p.hasPrefix("/api/ledger/proofs/")
        default:
            return false
        }
    }

    private static func trimmed(_ path: String) -> String {
        path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
    }

    private static func format(_ rate: Double) -> String {
        rate == rate.rounded() ? String(Int(rate)) : String(rate)
    }
}
