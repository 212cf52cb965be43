import Foundation
import Hummingbird
import Logging
import AralSchema
import HTTPTypes
import HummingbirdCore
import NIOCore

/// What a person does in the dashboard, as forms (`DashboardForms`: anti-forgery token,
/// signed-in party): sign in and out, upload a model, start a run or a plan with a scenario,
/// rotate a party's token. Each action calls what its API route calls (`ModelRoutes.store`,
/// `RunStarter.start`, `Authenticator`), so a form and a `curl` are checked alike.
enum DashboardActions {
    struct SignIn: Decodable { var token: String }
    struct Upload: Decodable { var name: String?; var model: String }
    struct Start: Decodable { var name: String?; var scenario: String?; var from: String?; var to: String?; var startFromRun: String? }

    static func add(to router: Router<BasicRequestContext>, state: ServerState) {
        router.get("sign-in") { _, _ in state.pages.page("sign-in", title: "Sign in", [:]) }
        router.post("sign-in") { request, _ in try await DashboardRoutes.html(state) { try await signIn(request, state: state) } }
        router.post("sign-out") { request, _ in
            try await DashboardRoutes.html(state) {
                _ = try await DashboardForms.read(DashboardForms.Token.self, request, state: state)
                if let session = DashboardSession.current { state.sessions.signOut(session) }
                return DashboardForms.redirect("/")
            }
        }
        router.get("upload") { _, _ in state.pages.page("upload", title: "Upload a model", [:]) }
        router.post("models") { request, _ in
            try await DashboardRoutes.html(state) {
                if let contentType = request.headers[.contentType], ModelUploadParts.isMultipart(contentType) {
                    // The upload form with files: the model and its CSV series in one request.
                    let buffer = try await request.body.collect(upTo: state.config.maxBodyBytes)
                    let parts = try ModelUploadParts.parse(buffer, contentType: contentType)
                    try DashboardForms.check(parts.csrf)
                    let caller = try await DashboardForms.caller(state)
                    try scanModel(parts.model, state: state)
                    let (record, _) = try await ModelRoutes.store(parts.model, files: parts.files, name: parts.name, owner: caller, state: state)
                    return DashboardForms.redirect("/models/\(record.id)")
                }
                let form = try await DashboardForms.read(Upload.self, request, state: state)
                let caller = try await DashboardForms.caller(state)
                try scanModel(form.model, state: state)
                let (record, _) = try await ModelRoutes.store(form.model, name: form.name, owner: caller, state: state)
                return DashboardForms.redirect("/models/\(record.id)")
            }
        }
        for kind in [RunKind.run, .plan] {  // ensembles: EnsembleActions
            router.post(RouterPath(stringLiteral: "models/:id/\(kind.rawValue)s")) { request, context in
                try await DashboardRoutes.html(state) {
                    let form = try await DashboardForms.read(Start.self, request, state: state)
                    let caller = try await DashboardForms.caller(state)
                    let scenario = form.scenario.flatMap { $0.isEmpty ? nil : $0 }
                    let run = RunRequest(modelID: context.parameters.get("id") ?? "", name: form.name, scenarios: scenario.map { [$0] } ?? [],
                                         from: form.from.flatMap { $0.isEmpty ? nil : $0 }, to: form.to.flatMap { $0.isEmpty ? nil : $0 },
                                         startFromRun: kind == .plan && form.startFromRun == "true")
                    let record = try await RunStarter.start(run, kind: kind, caller: caller, state: state)
                    return DashboardForms.redirect("/runs/\(record.id)")
                }
            }
        }
        router.get("parties") { _, _ in try await DashboardRoutes.html(state) { try await parties(state) } }
        router.post("parties/:code/token") { request, context in
            try await DashboardRoutes.html(state) { try await rotate(request, context, state: state) }
        }
    }

    static func signIn(_ request: Request, state: ServerState) async throws -> Response {
        let form = try await DashboardForms.read(SignIn.self, request, state: state)
        let token = form.token.trimmingCharacters(in: .whitespacesAndNewlines)
        let hash = Authenticator.hash(token)
        guard !token.isEmpty, token.utf8.count <= 256, let party = try await state.store.party(tokenHash: hash),
              let session = DashboardSession.current else {
            throw APIError(.unauthorized, "unknown or revoked token")
        }
        let signedIn = state.sessions.signIn(replacing: session, party: party.code, tokenHash: hash)
        var response = DashboardForms.redirect("/")
        response.setCookie(DashboardSessions.cookie(signedIn, secure: state.config.tlsCertificateFile != nil))
        return response
    }

    /// A model typed or pasted into the form gets the shape scan an API upload gets in front of
    /// the router (`InputLimitsMiddleware`), before any parser sees it.
    static func scanModel(_ text: String, state: ServerState) throws {
        do {
            _ = try BodyShapeScan.check(Array(text.utf8), syntax: .yaml, limits: InputLimitsMiddleware<BasicRequestContext>(state.config).modelLimits)
        } catch {
            throw InputLimitsMiddleware<BasicRequestContext>.refusal(error, syntax: .yaml)
        }
    }

    static func parties(_ state: ServerState) async throws -> Response {
        let caller = DashboardSession.current?.party
        let isSecretariat = try await state.store.parties().contains { $0.code == caller && $0.isSecretariat }
        let rows: [[String: Any]] = try await state.store.parties().map { party in
            ["code": party.code, "name": party.name, "secretariat": party.isSecretariat,
             "canRotate": caller == party.code || isSecretariat]
        }
        return state.pages.page("parties", title: "Parties", ["parties": rows])
    }

    /// A party rotates its own token, the secretariat anyone's: every earlier token of that
    /// party is revoked and the new one is shown once. The secretariat's configured token is
    /// not rotated here (the file would undo it at the next start).
    static func rotate(_ request: Request, _ context: BasicRequestContext, state: ServerState) async throws -> Response {
        _ = try await DashboardForms.read(DashboardForms.Token.self, request, state: state)
        let caller = try await DashboardForms.caller(state)
        let code = try InputCheck.partyCode(context.parameters.get("code") ?? "", path: "code")
        guard let party = try await state.store.parties().first(where: { $0.code == code }) else { throw APIError.notFound("party \(code)") }
        guard caller.isSecretariat || caller.code == code else {
            throw APIError.forbidden("only the secretariat or '\(code)' itself may rotate its token; you are '\(caller.code)'")
        }
        let token: String
        if party.isSecretariat {
            guard state.config.secretariatToken == nil else {
                throw APIError(.conflict, "the secretariat's token is configured (--secretariat-token-file or ARAL_SECRETARIAT_TOKEN); "
                    + "replace it there and restart the server, which revokes the old one")
            }
            token = try await state.auth.rotateSecretariatToken(code)
            state.logger.notice("the secretariat's bearer token was rotated from the dashboard; earlier secretariat tokens are revoked")
        } else {
            _ = try await state.store.revokeTokens(party: code)
            token = Authenticator.newToken()
            try await state.store.insertToken(hash: Authenticator.hash(token), party: code)
        }
        if caller.code == code, let session = DashboardSession.current {
            state.sessions.replaceTokenHash(of: session, with: Authenticator.hash(token))
        }
        var response = state.pages.page("token", title: "New token for \(code)", ["party": code, "token": token])
        response.headers[.cacheControl] = "no-store"
        return response
    }
}
