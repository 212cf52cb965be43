import Foundation
import AralLedger
@testable import AralServer
import Hummingbird
import HummingbirdTesting
import Testing

/// A plan whose exchange owes nothing proposes nothing: its "obligations for signature" page
/// was a 400 ("must hold at least one obligation") reached from the plan's own link (found
/// from outside).
@Suite("A plan without obligations")
struct SeasonNoObligationsTests {
    static let model = """
        name: zero
        timestepper: {start: 2000-01-01, end: 2000-12-31, step: monthly}
        parties:
          - {code: KG, name: K}
          - {code: UZ, name: U}
        policy:
          shares:
            basin: {KG: 0.5, UZ: 0.5}
          seasons: {vegetation: [4, 5, 6, 7, 8, 9]}
        exchange:
          upstream: [KG]
          energyPrices:
            KG: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
            UZ: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
        nodes:
          - {name: src, kind: inflow, flow: 0}
          - {name: res, kind: reservoir, maxVolume: 0.000001, minVolume: 0, initialVolume: 0, owner: KG}
          - {name: hpp, kind: hydropower, reservoir: res, capacityMW: 0.0001, head: 0.001, owner: KG}
          - {name: d0, kind: demand, maxFlow: 0, owner: UZ, priority: 1}
          - {name: d1, kind: demand, maxFlow: 5, owner: KG, priority: 1}
          - {name: sea, kind: sink}
        edges: [[src, res], [res, d0], [res, d1], [res, sea]]
        """

    @Test("its page says there is nothing to sign, and is no error")
    func nothingToSign() async throws {
        try await TestServer().test { client in
            let kg = try await client.issueToken(code: "KG", name: "K")
            let upload = try await client.call(.post, "/api/models", token: kg, body: Self.model, contentType: "application/yaml")
            #expect(upload.status == .created, "\(upload.text)")
            let model = try #require(upload.json?["id"]?.stringValue)
            let started = try await client.call(.post, "/api/plans", token: kg, body: #"{"model":"\#(model)"}"#)
            #expect(started.status == .accepted, "\(started.text)")
            let id = try #require(started.json?["id"]?.stringValue)
            let done = try await client.waitForRun(id)
            #expect(done.json?["status"]?.stringValue == "done", "\(done.text)")
            let page = try await client.call(.get, "/season/plans/\(id)")
            #expect(page.status == .ok, "\(page.text.prefix(300))")
            #expect(page.text.contains("makes no obligations"), "\(page.text.prefix(300))")
        }
    }
}
