import Testing
import Foundation
import AralLedger
import AralPlanning

/// The obligations `aral plan --exchange` writes are read by the ledger's own importer, so the
/// two stay in step (the shape is defined by `AralLedger.PlanImport`).
@Suite("Obligations import into the ledger")
struct LedgerImportTests {
    @Test("PlanImport accepts the exchange's obligations")
    func roundTrip() throws {
        let planner = try PlanFixture.planner(twoSeasons)
        let exchange = ExchangeResult(inputs: planner.inputs, consortium: try planner.plan(),
                                      alone: try planner.planAlone(upstream: ["UP"]))
        let document = LedgerObligations(plan: "two-seasons-2001", exchange: exchange, note: "test")
        let data = try JSONEncoder().encode(document)
        let value = try JSONParser.parse(String(decoding: data, as: UTF8.self), source: "obligations.json")
        let entries = try PlanImport.entries(from: value, source: "obligations.json")
        #expect(entries.map(\.id) == ["two-seasons-2001/1", "two-seasons-2001/2"])
    }
}
