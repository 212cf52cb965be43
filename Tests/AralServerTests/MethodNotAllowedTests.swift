import AralLedger
@testable import AralServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// A route asked with a method it does not take exists: the answer is a 405 with `Allow`
/// naming the methods it takes, not a 404 that says there is no such route (found from
/// outside: `DELETE /api/models` was "no such route").
@Suite("Methods a route does not take")
struct MethodNotAllowedTests {
    @Test("a known route with another method is a 405 naming what it takes; an unknown route stays a 404",
          arguments: [("DELETE", "/api/models", "GET, POST"), ("PUT", "/api/ledger/entries", "GET, POST"),
                      ("POST", "/health", "GET"), ("DELETE", "/api/runs/r-1", "GET"), ("GET", "/api/runs/r-1/cancel", "POST"),
                      ("PATCH", "/api/models/", "GET, POST")])
    func methodNotAllowed(_ method: String, _ path: String, _ allowed: String) async throws {
        try await TestServer().test { client in
            let reply = try await client.call(try #require(HTTPRequest.Method(method)), path, token: TestServer.secretariatToken)
            #expect(reply.status == .methodNotAllowed, "\(method) \(path): \(reply.status) \(reply.text)")
            #expect(reply.headers[.allow] == allowed, "\(reply.headers)")
            #expect(reply.json?["error"]?["message"]?.stringValue?.contains("takes \(allowed)") == true, "\(reply.text)")
            #expect(reply.headers[.xContentTypeOptions] == "nosniff")
            let unknown = try await client.call(.get, path + "/no-such-thing/at-all")
            #expect(unknown.status == .notFound, "\(unknown.text)")
        }
    }
}
