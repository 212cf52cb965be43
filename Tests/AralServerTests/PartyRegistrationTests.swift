import Foundation
@testable import AralServer
import Hummingbird
import HummingbirdTesting
import Testing

/// Registering a party again issues one more token; it does not rename the party, and revoking
/// the tokens of a party nobody registered is a 404 (found from outside: a rename answered 201,
/// a revocation of an unknown code `{"revoked": 0}`).
@Suite("Party registration")
struct PartyRegistrationTests {
    @Test("the same code and name issue another token; another name is a 409; an unknown party's tokens are a 404")
    func registration() async throws {
        try await TestServer().test { client in
            let first = try await client.issueToken(code: "KG", name: "Kyrgyzstan")
            let second = try await client.issueToken(code: "KG", name: "Kyrgyzstan")
            #expect(first != second && !second.isEmpty)
            let renamed = try await client.call(.post, "/api/parties", token: TestServer.secretariatToken, body: #"{"code":"KG","name":"Somewhere else"}"#)
            #expect(renamed.status == .conflict, "\(renamed.text)")
            #expect(renamed.errorMessage.contains("registered as 'Kyrgyzstan'"), "\(renamed.text)")
            let parties = try await client.call(.get, "/api/parties")
            #expect(parties.text.contains("Kyrgyzstan") && !parties.text.contains("Somewhere else"))
            let unknown = try await client.call(.delete, "/api/parties/ZZ/tokens", token: TestServer.secretariatToken)
            #expect(unknown.status == .notFound, "\(unknown.text)")
            // The scheme is case-insensitive: `bearer` authenticates as `Bearer` does.
            let lower = try await client.execute(uri: "/api/parties/ZZ/tokens", method: .delete,
                                                 headers: [.authorization: "bearer \(TestServer.secretariatToken)"], body: nil)
            #expect(lower.status == .notFound)
        }
    }
}
