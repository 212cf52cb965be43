import Foundation
import AralLedger
@testable import AralServer
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Security")
struct SecurityTests {
    static let injections = ["x'); DROP TABLE api_models; --", "\" OR 1=1 --", "'; DELETE FROM ledger_entries; --", "Robert'); DROP TABLE runs;--"]

    @Test("SQL injection in every text field is stored as text and harms nothing", arguments: injections)
    func sqlInjection(_ attack: String) async throws {
        try await TestServer().test { client in
            let token = try await client.issueToken(code: "UP", name: "Upstream")
            let escapedName = attack.replacingOccurrences(of: "\"", with: "\\\"")
            // A party name.
            let party = try await client.call(.post, "/api/parties", token: TestServer.secretariatToken, body: #"{"code":"KZ","name":"\#(escapedName)"}"#)
            #expect(party.status == .created)
            // A model name (query) and a run name (body).
            let model = try await client.uploadExample(token: token, name: attack)
            let run = try await client.call(.post, "/api/runs", token: token, body: #"{"model":"\#(model)","name":"\#(escapedName)"}"#)
            #expect(run.status == .accepted, "\(run.text)")
            // Filters and ids.
            let filtered = try await client.call(.get, "/api/runs/r-x/results?node=" + (attack.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""))
            // No run r-x: the filter never reaches a store.
            #expect(filtered.status == .notFound, "\(filtered.text)")
            let entry = try await client.call(.get, "/api/ledger/entries?id=" + (attack.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""))
            #expect(entry.status == .notFound)
            let models = try await client.call(.get, "/api/models")
            #expect(models.json?["models"]?.arrayValue?.first?["name"]?.stringValue == attack)
            let parties = try await client.call(.get, "/api/parties")
            #expect(parties.json?["parties"]?.arrayValue?.contains { $0["name"]?.stringValue == attack } == true)
        }
    }

    @Test("<script> in a model name, run name or entry note is shown escaped on every page")
    func scriptEscaped() async throws {
        let keys = LedgerFixture()
        try await TestServer().test { client in
            let script = "<script>alert('x')</script>"
            let token = try await client.issueToken(code: "UP", name: "Upstream")
            let model = try await client.uploadExample(token: token, name: script)
            let run = try await client.call(.post, "/api/runs", token: token, body: #"{"model":"\#(model)","name":"\#(script)"}"#)
            let id = try #require(run.json?["id"]?.stringValue)
            _ = try await client.waitForRun(id)
            _ = try await client.call(.post, "/api/ledger/entries", token: TestServer.secretariatToken, body: LedgerFixture.text(try keys.genesis()))
            _ = try await client.call(.post, "/api/ledger/entries", token: TestServer.secretariatToken, body: LedgerFixture.text(try keys.obligation(id: "ob-1", note: script)))
            for page in ["/", "/models/\(model)", "/runs/\(id)", "/runs/\(id)/exchange", "/ledger"] {
                let reply = try await client.call(.get, page)
                #expect(reply.status == .ok, "\(page)")
                #expect(!reply.text.contains("<script>"), "\(page) contains a raw <script>")
                #expect(reply.text.contains("&lt;script&gt;"), "\(page) does not show the escaped name")
            }
        }
    }

    /// An id that is not a valid id is refused as a bad request; under /static only the
    /// stylesheet exists, so anything else there is not found.
    @Test("path traversal in ids is refused before any store sees it", arguments: [
        ("/api/models/..%2F..%2Fetc%2Fpasswd", HTTPResponse.Status.badRequest), ("/api/models/%2e%2e", .badRequest),
        ("/api/runs/..%2Fsecret/summary", .badRequest), ("/models/..%2F..%2Fetc%2Fpasswd", .badRequest),
        ("/static/..%2F..%2FPackage.swift", .notFound), ("/static/../../Package.swift", .notFound),
    ])
    func pathTraversal(_ path: String, _ status: HTTPResponse.Status) async throws {
        try await TestServer().test { client in
            let reply = try await client.call(.get, path)
            #expect(reply.status == status, "\(path): \(reply.status)")
            #expect(!reply.text.contains("PackageDescription"))
            #expect(!reply.text.contains("root:x:0"))
        }
    }

    @Test("writes need a token; a wrong token is 401; a party cannot manage parties")
    func credentials() async throws {
        try await TestServer().test { client in
            let none = try await client.call(.post, "/api/models", body: try Fixture.exampleBasin(), contentType: "application/yaml")
            #expect(none.status == .unauthorized)
            #expect(none.headers[.wwwAuthenticate] != nil)
            let wrong = try await client.call(.post, "/api/models", token: "not-a-token", body: try Fixture.exampleBasin(), contentType: "application/yaml")
            #expect(wrong.status == .unauthorized)
            let up = try await client.issueToken(code: "UP", name: "Upstream")
            let manage = try await client.call(.post, "/api/parties", token: up, body: #"{"code":"KZ","name":"Kazakhstan"}"#)
            #expect(manage.status == .forbidden)
            let revoke = try await client.call(.delete, "/api/parties/DN/tokens", token: up)
            #expect(revoke.status == .forbidden)
            // Revoked tokens stop working.
            let revoked = try await client.call(.delete, "/api/parties/UP/tokens", token: TestServer.secretariatToken)
            #expect(revoked.json?["revoked"] == .number("1"))
            let after = try await client.call(.post, "/api/models", token: up, body: try Fixture.exampleBasin(), contentType: "application/yaml")
            #expect(after.status == .unauthorized)
            // Reads stay open.
            #expect(try await client.call(.get, "/api/models").status == .ok)
        }
    }

    @Test("oversized bodies get 413 and nothing is stored")
    func oversized() async throws {
        var server = try TestServer()
        server.config.maxBodyBytes = 64 * 1024
        try await server.test { client in
            let up = try await client.issueToken(code: "UP", name: "Upstream")
            let huge = try Fixture.exampleBasin() + "\n# " + String(repeating: "x", count: 128 * 1024) + "\n"
            let reply = try await client.call(.post, "/api/models", token: up, body: huge, contentType: "application/yaml")
            #expect(reply.status == .contentTooLarge)
            #expect(reply.errorMessage.contains("larger"))
            #expect(reply.errorMessage.contains("at most ") && reply.errorMessage.contains(" bytes"), "the bound is named: \(reply.text)")
            let list = try await client.call(.get, "/api/models")
            #expect(list.json?["models"]?.arrayValue?.isEmpty == true)
            let entry = try await client.call(.post, "/api/ledger/entries", token: up, body: "{\"id\":\"" + String(repeating: "a", count: 70_000) + "\"}")
            #expect(entry.status == .contentTooLarge)
        }
    }

    @Test("malformed JSON, unknown fields and wrong types are 400s naming the field")
    func malformed() async throws {
        try await TestServer().test { client in
            let up = try await client.issueToken(code: "UP", name: "Upstream")
            let broken = try await client.call(.post, "/api/runs", token: up, body: #"{"model": "m-1""#)
            #expect(broken.status == .badRequest)
            #expect(broken.errorMessage.contains("malformed JSON"))
            let unknown = try await client.call(.post, "/api/runs", token: up, body: #"{"model":"m-1","priority":9}"#)
            #expect(unknown.status == .badRequest)
            #expect(unknown.errorPath == "priority")
            let wrongType = try await client.call(.post, "/api/runs", token: up, body: #"{"model":17}"#)
            #expect(wrongType.status == .badRequest)
            #expect(wrongType.errorPath == "model")
            let duplicate = try await client.call(.post, "/api/runs", token: up, body: #"{"model":"a","model":"b"}"#)
            #expect(duplicate.status == .badRequest)
            let array = try await client.call(.post, "/api/parties", token: TestServer.secretariatToken, body: "[]")
            #expect(array.status == .badRequest)
            let wrongMedia = try await client.call(.post, "/api/models", token: up, body: "x", contentType: "image/png")
            #expect(wrongMedia.status == .unsupportedMediaType)
            let notFound = try await client.call(.get, "/api/nothing")
            #expect(notFound.status == .notFound)
            #expect(notFound.json?["error"] != nil)
        }
    }
}
