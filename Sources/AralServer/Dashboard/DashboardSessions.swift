import Foundation
import Hummingbird
import HTTPTypes
import Synchronization

/// A browser's session with the dashboard. Every visitor gets one (anonymous until it signs in
/// with a party's token) so that every form, the sign-in form included, carries the session's
/// anti-forgery token: a page on another site can make a browser post a form here, but cannot
/// read the token from our pages, and the cookie is `SameSite=Strict` besides.
struct DashboardSession: Sendable {
    /// The cookie's value: 32 random bytes, hex.
    var id: String
    /// The value every form's hidden `csrf` field must carry.
    var csrfToken: String
    /// The signed-in party, if any.
    var party: String?
    /// The hash of the bearer token it signed in with: a revoked or rotated token ends the
    /// session's right to act (checked on every form, `DashboardForms.caller`). The token itself
    /// is never kept.
    var tokenHash: String?
    var lastUsed: ContinuousClock.Instant

    /// The session of the request being handled (set by `DashboardSessionMiddleware`), for the
    /// pages (the forms' hidden token, who is signed in) and the form handlers.
    @TaskLocal static var current: DashboardSession?
}

/// The sessions of this server, in memory (a restart signs everyone out). Bounded: beyond
/// `capacity` the least recently used session is dropped, and a session idle for
/// `idleLimit` is gone.
final class DashboardSessions: Sendable {
    static let cookieName = "aral_session"
    static let capacity = 10_000
    static let idleLimit: Duration = .seconds(12 * 3600)

    private let table = Mutex<[String: DashboardSession]>([:])

    /// The live session named by the cookie, or a new anonymous one (`isNew`).
    func session(cookie: String?, now: ContinuousClock.Instant = .now) -> (session: DashboardSession, isNew: Bool) {
        table.withLock { sessions in
            if let cookie, var existing = sessions[cookie], now - existing.lastUsed < Self.idleLimit {
                existing.lastUsed = now
                sessions[cookie] = existing
                return (existing, false)
            }
            let fresh = DashboardSession(id: Authenticator.newToken(), csrfToken: Authenticator.newToken(), lastUsed: now)
            Self.insert(fresh, into: &sessions)
            return (fresh, true)
        }
    }

    /// Replaces `old` by a new session of `party` under a new id and a new form token, so an id
    /// or token seen before signing in is worth nothing after it (no session fixation).
    func signIn(replacing old: DashboardSession, party: String, tokenHash: String) -> DashboardSession {
        table.withLock { sessions in
            sessions[old.id] = nil
            let fresh = DashboardSession(id: Authenticator.newToken(), csrfToken: Authenticator.newToken(),
                                         party: party, tokenHash: tokenHash, lastUsed: .now)
            Self.insert(fresh, into: &sessions)
            return fresh
        }
    }

    /// Ends the session: the cookie now names nothing.
    func signOut(_ session: DashboardSession) {
        _ = table.withLock { $0.removeValue(forKey: session.id) }
    }

    /// After the signed-in party rotated its own token: the session keeps working with the new one.
    func replaceTokenHash(of session: DashboardSession, with hash: String) {
        table.withLock { sessions in sessions[session.id]?.tokenHash = hash }
    }

    private static func insert(_ session: DashboardSession, into sessions: inout [String: DashboardSession]) {
        if sessions.count >= capacity {
            let now = ContinuousClock.now
            sessions = sessions.filter { now - $0.value.lastUsed < idleLimit }
            if sessions.count >= capacity, let oldest = sessions.min(by: { $0.value.lastUsed < $1.value.lastUsed }) {
                sessions[oldest.key] = nil
            }
        }
        sessions[session.id] = session
    }

    /// The session cookie: not readable by scripts, never sent with a request another site
    /// starts, over HTTPS only when the server speaks it.
    static func cookie(_ session: DashboardSession, secure: Bool) -> Cookie {
        Cookie(name: cookieName, value: session.id, path: "/", secure: secure, httpOnly: true, sameSite: .strict)
    }
}

/// Gives every dashboard request its session (`DashboardSession.current`) and a new visitor
/// its cookie. The API (`/api/…`, bearer tokens) and static files have no session.
struct DashboardSessionMiddleware<Context: RequestContext>: RouterMiddleware {
    let sessions: DashboardSessions
    let secureCookies: Bool

    static func hasSession(path: String) -> Bool {
        !(path.hasPrefix("/api/") || path == "/api" || path.hasPrefix("/static/") || path == "/openapi.json" || path == "/health")
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard Self.hasSession(path: request.uri.path) else { return try await next(request, context) }
        let (session, isNew) = sessions.session(cookie: request.cookies[DashboardSessions.cookieName]?.value)
        var response = try await DashboardSession.$current.withValue(session) { try await next(request, context) }
        if isNew, !response.headers.contains(.setCookie) {
            response.setCookie(DashboardSessions.cookie(session, secure: secureCookies))
        }
        return response
    }
}
