import Foundation
import AralLedger
@testable import AralServer
import Hummingbird
import HummingbirdTesting
import Testing

/// Cancellation and shutdown need a run that is still going when they happen. The example basin
/// finishes within milliseconds, so the server holds each run after its first step until it is
/// asked to stop (a test-only gate, bounded at 120 s): the run cannot finish before the cancel or
/// the shutdown reaches it, however loaded the machine.
@Suite("Run cancellation and shutdown")
struct RunLifecycleTests {
    static func longModel() throws -> String { try Fixture.exampleBasin(named: "slow") }

    static func slowServer() throws -> TestServer {
        var server = try TestServer()
        server.config.holdRunsUntilStoppedForTesting = .seconds(120)
        return server
    }

    @Test("a cancelled run stops at its next step and is marked cancelled, with no results")
    func cancelRunning() async throws {
        try await Self.slowServer().test { client in
            let token = try await client.issueToken(code: "UP", name: "Upstream")
            let upload = try await client.call(.post, "/api/models", token: token, body: try Self.longModel(), contentType: "application/yaml")
            let model = try #require(upload.json?["id"]?.stringValue, "\(upload.text)")
            let started = try await client.call(.post, "/api/runs", token: token, body: #"{"model":"\#(model)"}"#)
            let id = try #require(started.json?["id"]?.stringValue)
            let cancel = try await client.call(.post, "/api/runs/\(id)/cancel", token: TestServer.secretariatToken)
            #expect(cancel.status == .accepted, "\(cancel.text)")
            let finished = try await client.waitForRun(id)
            #expect(finished.json?["status"]?.stringValue == "cancelled", "\(finished.text)")
            let summary = try await client.call(.get, "/api/runs/\(id)/summary")
            #expect(summary.status == .conflict)
        }
    }

    @Test("shutting the server down stops runs in progress and marks them interrupted")
    func shutdownInterrupts() async throws {
        let server = try Self.slowServer()
        defer { server.cleanUp() }
        let app = try await buildApplication(server.config)
        let id = try await app.test(.router) { client in
            let token = try await client.issueToken(code: "UP", name: "Upstream")
            let upload = try await client.call(.post, "/api/models", token: token, body: try Self.longModel(), contentType: "application/yaml")
            let model = try #require(upload.json?["id"]?.stringValue)
            let started = try await client.call(.post, "/api/runs", token: token, body: #"{"model":"\#(model)"}"#)
            return try #require(started.json?["id"]?.stringValue)
        }
        // The test framework shut the application down gracefully when the closure returned.
        guard case .sqlite(let path) = server.config.database else { return }
        let store = try SQLiteServerStore(path: path)
        let run = try await store.run(id: id)
        #expect(run?.status == .interrupted, "\(String(describing: run))")
        #expect(run?.message?.contains("shut down") == true)
        try await store.close()
    }
}
