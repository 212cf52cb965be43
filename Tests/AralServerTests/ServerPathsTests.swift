import Foundation
@testable import AralServer
import Hummingbird
import HummingbirdTesting
import Testing

/// A library model's errors name its files as the library does, not by the server's own
/// folders (a plan named `/srv/…/models/syr-darya.yaml`; found from outside), and the horizon's
/// error speaks of the horizon, not of the CLI's `--from`.
@Suite("Errors without the server's folders")
struct ServerPathsTests {
    @Test("a plan beyond the library model's data names hydrology/syr-darya.csv, not its absolute path")
    func libraryPlan() async throws {
        try await TestServer.withShippedLibrary().test { client in
            let up = try await client.issueToken(code: "UP", name: "Upstream")
            let late = try await client.call(.post, "/api/plans", token: up, body: #"{"model":"syr-darya","from":"2040-10-01","to":"2041-09-30"}"#)
            #expect(late.status == .unprocessableContent, "\(late.text)")
            #expect(late.text.contains("hydrology/syr-darya.csv"), "\(late.text)")
            #expect(!late.text.contains(ShippedModels.directory), "\(late.text)")
            let backwards = try await client.call(.post, "/api/plans", token: up, body: #"{"model":"syr-darya","from":"2019-01-01","to":"2018-01-01"}"#)
            #expect(backwards.text.contains("before the horizon's start") && !backwards.text.contains("--from"), "\(backwards.text)")
        }
    }
}
