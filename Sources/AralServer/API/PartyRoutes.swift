import Hummingbird
import HTTPTypes
import HummingbirdCore
import NIOCore

/// `/api/parties`: the secretariat registers parties and issues or revokes their bearer
/// tokens; anyone may list them.
enum PartyRoutes {
    struct Issued: Encodable {
        var party: APIParty
        /// Shown once; the server keeps only its hash.
        var token: String
    }

    static func add(to router: Router<BasicRequestContext>, state: ServerState) {
        let api = router.group("api/parties")
        api.get { _, _ in try JSONResponse.make(["parties": try await state.store.parties()]) }
        api.post { request, _ in
            _ = try await state.auth.requireSecretariat(request)
            _ = try Query(request, allowed: [])
            let body = try await JSONBody.read(request, limit: state.config.maxBodyBytes, allowed: ["code", "name"])
            let code = try InputCheck.partyCode(try body.string("code"), path: "code")
            let name = try InputCheck.name(try body.string("name"), path: "name")
            if let existing = try await state.store.parties().first(where: { $0.code == code }) {
                if existing.isSecretariat { throw APIError(.conflict, "'\(code)' is the secretariat", path: "code") }
                // The same code and name issues one more token; another name renamed the party
                // without a word (found from outside).
                if existing.name != name {
                    throw APIError(.conflict, "party '\(code)' is registered as '\(existing.name)'; post that name to issue it another token", path: "name")
                }
            }
            let party = APIParty(code: code, name: name, isSecretariat: false)
            try await state.store.upsertParty(party)
            let token = Authenticator.newToken()
            try await state.store.insertToken(hash: Authenticator.hash(token), party: code)
            return try JSONResponse.make(Issued(party: party, token: token), status: .created)
        }
        api.delete(":code/tokens") { request, context in
            _ = try await state.auth.requireSecretariat(request)
            let code = try InputCheck.partyCode(context.parameters.get("code") ?? "", path: "code")
            if try await state.store.parties().contains(where: { $0.code == code && $0.isSecretariat }) {
                throw APIError(.conflict, "the secretariat's tokens are rotated, not deleted (that would lock it out): POST /api/secretariat/token, "
                    + "or 'aral serve --rotate-secretariat-token', or a new --secretariat-token-file", path: "code")
            }
            guard try await state.store.parties().contains(where: { $0.code == code }) else {
                throw APIError(.notFound, "no party '\(code)' is registered", path: "code")
            }
            let revoked = try await state.store.revokeTokens(party: code)
            return try JSONResponse.make(["revoked": revoked])
        }
    }
}
