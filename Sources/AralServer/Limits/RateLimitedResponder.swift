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
/// plans, ledger appends and heads, verify, proofs, a corridor assignment of a posted demand) take a token from their client's bucket first, and a
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
    let maxBodyBytes: Int
    let bodyReadSeconds: Double

    init(inner: Inner, limiter: ClientRateLimiter?, inFlight: InFlightLimit, maxBodyBytes: Int = 4 * 1024 * 1024, bodyReadSeconds: Double = 30) {
        self.inner = inner
        self.limiter = limiter
        self.inFlight = inFlight
        self.maxBodyBytes = maxBodyBytes
        self.bodyReadSeconds = bodyReadSeconds
    }

    func respond(to request: Request, context: ClientAddressContext) async throws -> Response {
        guard Self.isExpensive(method: request.method, path: request.uri.path) else {
            return try await inner.respond(to: request, context: BasicRequestContext(source: context.source))
        }
        if let limiter {
            let client = Self.clientKey(context.remoteAddress)
            if case .refused(let seconds) = limiter.take(client: client) {
                return try APIError(.tooManyRequests,
                                    "too many requests to expensive endpoints from \(client): at most \(limiter.burst) at once and "
                                    + "\(Self.format(limiter.perSecond)) per second (--rate-limit, --rate-burst); retry after \(seconds) s",
                                    retryAfterSeconds: seconds)
                    .response(from: request, context: context)
            }
        }
        // The body first, within its deadline: a slot is held only by a request that has
        // arrived whole, not by a connection trickling its body in.
        var request = request
        if request.method == .post {
            switch await Self.collect(request.body, upTo: maxBodyBytes, within: bodyReadSeconds) {
            case .body(let buffer):
                request.body = RequestBody(buffer: buffer)
            case .tooLarge:
                return try APIError(.contentTooLarge, "the request body is larger than the server accepts (at most \(maxBodyBytes) bytes here, --max-body)")
                    .response(from: request, context: context)
            case .late:
                var response = try APIError(.requestTimeout, "the request body did not arrive within \(Self.format(bodyReadSeconds)) s")
                    .response(from: request, context: context)
                response.headers[.connection] = "close"
                return response
            case .failed(let error):
                throw error
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

    enum Collected: Sendable {
        case body(ByteBuffer), tooLarge, late, failed(any Error)
    }

    /// The whole body, or why not: larger than `limit`, or not arrived within `seconds`.
    static func collect(_ body: RequestBody, upTo limit: Int, within seconds: Double) async -> Collected {
        await withTaskGroup(of: Collected.self) { group in
            group.addTask {
                do { return .body(try await body.collect(upTo: limit)) } catch is NIOTooManyBytesError {
                    return .tooLarge
                } catch {
                    return .failed(error)
                }
            }
            group.addTask {
                try? await Task.sleep(for: .seconds(seconds))
                return .late
            }
            let first = await group.next() ?? .late
            group.cancelAll()
            return first
        }
    }

    /// Whose bucket a request takes from: an IPv4 address, or an IPv6 client's /64 (one host
    /// usually holds a whole /64 and could otherwise take a fresh address per request).
    static func clientKey(_ address: SocketAddress?) -> String {
        guard let address else { return "unknown" }
        if case .v6 = address, let text = address.ipAddress, let groups = ipv6Groups(text) {
            // IPv4-mapped (::ffff:a.b.c.d) is an IPv4 client: its whole address.
            let mapped = groups.prefix(5).allSatisfy { $0 == 0 } && groups[5] == 0xFFFF
            if !mapped { return groups.prefix(4).map { String($0, radix: 16) }.joined(separator: ":") + "::/64" }
        }
        return address.ipAddress ?? "unknown"
    }

    /// The eight 16-bit groups of an IPv6 address as text (`::` compression, an IPv4 tail and a
    /// `%zone` allowed), or nil if it is not one.
    static func ipv6Groups(_ text: String) -> [UInt16]? {
        let address = text.split(separator: "%", maxSplits: 1, omittingEmptySubsequences: false)[0]
        func groups(_ part: Substring) -> [UInt16]? {
            guard !part.isEmpty else { return [] }
            var out: [UInt16] = []
            for piece in part.split(separator: ":", omittingEmptySubsequences: false) {
                if piece.contains(".") {
                    let octets = piece.split(separator: ".", omittingEmptySubsequences: false).compactMap { UInt8($0) }
                    guard octets.count == 4 else { return nil }
                    out += [UInt16(octets[0]) << 8 | UInt16(octets[1]), UInt16(octets[2]) << 8 | UInt16(octets[3])]
                } else {
                    guard piece.count <= 4, let value = UInt16(piece, radix: 16) else { return nil }
                    out.append(value)
                }
            }
            return out
        }
        let halves = address.split(separator: "::", omittingEmptySubsequences: false)
        switch halves.count {
        case 1:
            guard let all = groups(halves[0]), all.count == 8 else { return nil }
            return all
        case 2:
            guard let head = groups(halves[0]), let tail = groups(halves[1]), head.count + tail.count < 8 else { return nil }
            return head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        default:
            return nil
        }
    }

    /// The endpoints whose cost is far above a read of a stored row: each compiles a model,
    /// queues a solver run, checks signatures or walks the Merkle tree.
    static func isExpensive(method: HTTPRequest.Method, path: String) -> Bool {
        switch method {
        case .post:
            let p = RoutePath.normalized(path)
            return ["/api/models", "/api/models/validate", "/api/runs", "/api/plans", "/api/ensembles", "/api/ledger/entries", "/api/ledger/heads", "/models",
                    "/season/entries", "/season/deliveries"]
                .contains(p) || (p.hasPrefix("/api/corridors/") && p.hasSuffix("/assignment"))
                // the dashboard's forms that upload a model or start a run or a plan
                || (p.hasPrefix("/models/") && (p.hasSuffix("/runs") || p.hasSuffix("/plans") || p.hasSuffix("/ensembles")))
        case .get:
            let p = RoutePath.normalized(path)
            return p == "/api/ledger/verify" || p == "/ledger/verify" || p.hasPrefix("/api/ledger/proofs/")
        default:
            return false
        }
    }

    private static func format(_ rate: Double) -> String {
        rate == rate.rounded() ? String(Int(rate)) : String(rate)
    }
}
