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
        // The scheme is case-insensitive (RFC 9110 §11.1): `bearer` was refused (found from outside).
        let prefix = "bearer "
        guard header.lowercased().hasPrefix(prefix) else { throw APIError(.unauthorized, "the Authorization header must be 'Bearer <token>'") }
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

    /// Makes sure the secretariat can log in. A configured `token` becomes the secretariat's
    /// only token: any other is revoked, so replacing the file and restarting revokes a leaked
    /// one. Without one, `rotate` revokes every stored secretariat token and issues a new one;
    /// otherwise a token is generated only when none exists yet. Returns a newly generated
    /// token (to be shown once, never logged), or nil.
    func bootstrap(secretariatCode: String, token: String?, rotate: Bool = false) async throws -> String? {
        try await store.upsertParty(APIParty(code: secretariatCode, name: "Secretariat", isSecretariat: true))
        if let token {
            let hash = Self.hash(token)
            let current = try await store.party(tokenHash: hash)
            guard current == nil || current?.code == secretariatCode else {
                throw StoreError("the configured secretariat token (--secretariat-token-file or ARAL_SECRETARIAT_TOKEN) is already the token of party '\(current?.code ?? "")'; choose another")
            }
            _ = try await store.revokeTokens(party: secretariatCode)
            try await store.insertToken(hash: hash, party: secretariatCode)
            return nil
        }
        if rotate { return try await rotateSecretariatToken(secretariatCode) }
        guard try await !store.hasSecretariatToken() else { return nil }
        let fresh = Self.newToken()
        try await store.insertToken(hash: Self.hash(fresh), party: secretariatCode)
        return fresh
    }

    /// Revokes every token of the secretariat and issues a new one, returned once. Revoking
    /// first means a stolen token stops working even if issuing the new one then fails; the
    /// secretariat then recovers with `aral serve --rotate-secretariat-token`.
    func rotateSecretariatToken(_ secretariatCode: String) async throws -> String {
        _ = try await store.revokeTokens(party: secretariatCode)
        let fresh = Self.newToken()
        try await store.insertToken(hash: Self.hash(fresh), party: secretariatCode)
        return fresh
    }
}
