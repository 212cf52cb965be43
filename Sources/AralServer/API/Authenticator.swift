import AralLedger
import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdCore
import NIOCore

/// Bearer tokens per party, issued by the secretariat. Reads are open; writes need a party's
/// token; managing parties needs the secretariat's. Only SHA-256 hashes of tokens are stored,
/// so a copy of the database does not hand out credentials.
struct Authenticator: Sendable {
    let store: any ServerStore

    /// SHA-256 of the token (with a domain prefix), as hex.
    static func hash(_ token: String) -> String {
        LedgerEncoding.hex(Merkle.leafHash(Array(("aral-api-token-v1\n" + token).utf8)))
    }

    /// 32 random bytes from the system's CSPRNG, as hex.
    static func newToken() -> String {
        var rng = SystemRandomNumberGenerator()
        return LedgerEncoding.hex((0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) })
    }

    /// The caller, or nil without credentials; a wrong token is a 401, never anonymous access.
    func caller(_ request: Request) async throws -> APIParty? {
        guard let header = request.headers[.authorization] else { return nil }
        let prefix = "Bearer "
        guard header.hasPrefix(prefix) else { throw APIError(.unauthorized, "the Authorization header must be 'Bearer <token>'") }
        let token = String(header.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces)
        guard !token.isEmpty, token.utf8.count <= 256,
              let party = try await store.party(tokenHash: Self.hash(token)) else {
            throw APIError(.unauthorized, "unknown or revoked token")
        }
        return party
    }

    func requireParty(_ request: Request) async throws -> APIParty {
        guard let party = try await caller(request) else { throw APIError.unauthenticated }
        return party
    }

    func requireSecretariat(_ request: Request) async throws -> APIParty {
        let party = try await requireParty(request)
        guard party.isSecretariat else { throw APIError.forbidden("only the secretariat manages parties; '\(party.code)' is not the secretariat") }
        return party
    }

    /// Makes sure the secretariat can log in: registers `token` if given, otherwise creates one
    /// when none exists yet. Returns a newly generated token (to be shown once), or nil.
    func bootstrap(secretariatCode: String, token: String?) async throws -> String? {
        try await store.upsertParty(APIParty(code: secretariatCode, name: "Secretariat", isSecretariat: true))
        if let token {
            let hash = Self.hash(token)
            if try await store.party(tokenHash: hash) == nil { try await store.insertToken(hash: hash, party: secretariatCode) }
            return nil
        }
        guard try await !store.hasSecretariatToken() else { return nil }
        let fresh = Self.newToken()
        try await store.insertToken(hash: Self.hash(fresh), party: secretariatCode)
        return fresh
    }
}
