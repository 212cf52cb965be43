import AralLedger
@testable import AralServer
import Hummingbird
import HummingbirdTesting
import Testing

/// The same API over a real TCP connection on loopback (the server binds 127.0.0.1, port 0).
@Suite("Live server on loopback")
struct LiveServerTests {
    @Test("upload, run and ledger append over a real socket")
    func live() async throws {
        let keys = LedgerFixture()
        try await TestServer().test(.live) { client in
            #expect(client.port != nil)
            let health = try await client.call(.get, "/health")
            #expect(health.status == .ok)
            let token = try await client.issueToken(code: "UP", name: "Upstream")
            let model = try await client.uploadExample(token: token)
            let (id, done) = try await client.finishedRun(token: token, body: #"{"model":"\#(model)"}"#)
            #expect(done.json?["status"]?.stringValue == "done")
            let genesis = try await client.call(.post, "/api/ledger/entries", token: TestServer.secretariatToken, body: LedgerFixture.text(try keys.genesis()))
            #expect(genesis.status == .created)
            let head = try await client.call(.get, "/api/ledger/head")
            #expect(head.json?["current"]?["size"] == .number("1"))
            let page = try await client.call(.get, "/runs/\(id)")
            #expect(page.text.contains("Reservoir storage"))
        }
    }
}
