public import Hummingbird
public import Logging
import HTTPTypes
import HummingbirdCore
import NIOCore

/// Builds the consortium server: API, dashboard, OpenAPI document, with the database and the
/// run manager as lifecycle services. In front of the router, the per-client rate limit of the
/// expensive endpoints (`RateLimitedResponder`); over HTTPS when the configuration names a
/// certificate and key (`ServerTLS`). Testable without a network (`app.test(.router)`); the
/// CLI's `aral serve` only calls this and `runService()`.
public func buildApplication(_ config: ServerConfiguration, logger: Logger? = nil) async throws -> some ApplicationProtocol {
    let logger = logger ?? {
        var l = Logger(label: "aral.server")
        l.logLevel = .info
        return l
    }()
    let server = try ServerTLS.serverBuilder(config)  // bad TLS files stop the start before the database opens
    let state = try await ServerState.open(config, logger: logger)
    let router = buildRouter(state)
    let limiter = config.rateLimitPerSecond > 0 ? ClientRateLimiter(perSecond: config.rateLimitPerSecond, burst: config.rateLimitBurst) : nil
    return Application(
        responder: RateLimitedResponder(inner: router.buildResponder(), limiter: limiter,
                                        inFlight: InFlightLimit(limit: config.maxExpensiveInFlight),
                                        maxBodyBytes: config.maxBodyBytes, bodyReadSeconds: config.bodyReadSeconds),
        server: server,
        configuration: .init(address: .hostname(config.host, port: config.port), serverName: "aral"),
        services: [state.databaseService, state.runs],
        logger: logger)
}

/// Every route, in one place: the OpenAPI test walks this router's routes.
func buildRouter(_ state: ServerState) -> Router<BasicRequestContext> {
    let router = Router(context: BasicRequestContext.self)
    let routes = RouteMethods()
    // Outermost, so the error answers JSONErrorMiddleware makes carry the headers too.
    router.add(middleware: SecurityHeadersMiddleware(servesTLS: state.config.tlsCertificateFile != nil))
    router.add(middleware: JSONErrorMiddleware(routes: routes))
    router.add(middleware: InputLimitsMiddleware(state.config))
    router.add(middleware: DashboardSessionMiddleware(sessions: state.sessions, secureCookies: state.config.tlsCertificateFile != nil))
    router.get("openapi.json") { _, _ in JSONResponse.bytes(state.openAPI) }
    router.get("health") { _, _ in JSONResponse.bytes(Array(#"{"ok":true}"#.utf8)) }
    ModelRoutes.add(to: router, state: state)
    RunRoutes.add(to: router, state: state)
    EnsembleRoutes.add(to: router, state: state)
    LedgerRoutes.add(to: router, state: state)
    PartyRoutes.add(to: router, state: state)
    SecretariatTokenRoutes.add(to: router, state: state)
    CorridorRoutes.add(to: router, state: state)
    DashboardRoutes.add(to: router, state: state)
    DashboardActions.add(to: router, state: state)
    ComparePages.add(to: router, state: state)
    routes.set(router.routes)
    return router
}

/// Pages and API answers are never framed or sniffed, and pages load nothing from elsewhere
/// (no CDN: everything the dashboard needs is served by this server). Served over TLS, browsers
/// are told to use HTTPS only (`Strict-Transport-Security`), so a bearer token typed into a
/// page never travels in clear after the first visit.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    static var frameOptions: HTTPField.Name? { HTTPField.Name("X-Frame-Options") }
    static var strictTransportSecurity: HTTPField.Name? { HTTPField.Name("Strict-Transport-Security") }
    var servesTLS = false
    /// No inline script or style, nothing from elsewhere; forms post only to this server and a
    /// page cannot change where its relative links go (`base-uri`).
    static var contentSecurityPolicy: String {
        "default-src 'self'; style-src 'self'; img-src 'self' data:; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.xContentTypeOptions] = "nosniff"
        if let frameOptions = Self.frameOptions { response.headers[frameOptions] = "DENY" }
        if servesTLS, let hsts = Self.strictTransportSecurity { response.headers[hsts] = "max-age=31536000" }
        response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
        return response
    }
}

/// What `aral serve` calls: builds the application and runs it until SIGTERM or SIGINT.
public enum ServerRunner {
    public static let logLevels = Logger.Level.allCases.map(\.rawValue)

    public static func run(_ config: ServerConfiguration, logLevel: String) async throws {
        var logger = Logger(label: "aral.server")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        let app = try await buildApplication(config, logger: logger)
        try await app.runService()
    }
}
