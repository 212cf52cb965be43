import Foundation
import Testing
import AralSchema
@testable import AralLedger

/// Deliveries proposed from measurements (hand-computed figures).
@Suite("Measured deliveries")
struct MeasuredDeliveriesTests {
    static func file(_ text: String, _ name: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("aral-measured-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func obligation(_ from: String, _ to: String, _ commodity: Commodity, _ start: String, _ end: String) -> Obligation {
        Obligation(period: Period(start: start, end: end), transfer: Transfer(from: from, to: to, commodity: commodity, by: nil), agreement: nil, plan: "p")
    }

    @Test("a gauge's volume over a period: monthly means × days, pro rata at the period's edges; nil until covered")
    func gaugeVolume() throws {
        // 100 m³/s in April (30 days) and 200 m³/s in May (31 days).
        let flows = try MeasuredDeliveries.Flows.read(path: try Self.file("date,G\n2019-04,100\n2019-05,200\n", "flows.csv"))
        let whole = try #require(flows.volumeMm3(gauge: "G", period: Period(start: "2019-04-01", end: "2019-05-31")))
        #expect(abs(whole - (100 * 30 + 200 * 31) * 86_400 / 1e6) < 1e-9)
        let half = try #require(flows.volumeMm3(gauge: "G", period: Period(start: "2019-04-16", end: "2019-04-30")))
        #expect(abs(half - 100 * 15 * 86_400 / 1e6) < 1e-9)
        #expect(flows.volumeMm3(gauge: "G", period: Period(start: "2019-04-01", end: "2019-06-30")) == nil)
    }

    @Test("energy rows of the deliverer to the creditor in the period and form are summed; others are not")
    func energyReport() throws {
        let report = try MeasuredDeliveries.EnergyReport.read(path: try Self.file(
            "date,from,to,mwh,form\n2019-01-10,UZ,KG,100,\n2019-02-10,UZ,KG,50,electricity\n2019-02-11,UZ,KG,7,gas\n2019-05-01,UZ,KG,900,\n2019-02-12,KZ,KG,3,\n", "energy.csv"))
        let owed = Self.obligation("UZ", "KG", .energy(mwh: 150, form: "electricity"), "2018-10-01", "2019-03-31")
        let (entries, skipped) = MeasuredDeliveries.propose(deliverer: "UZ", obligations: [("p/1", owed)], answered: [], flows: nil, plan: nil, energy: report)
        #expect(skipped.isEmpty)
        let entry = try #require(entries.first)
        #expect(entry.id == "p/1/d")
        guard case let .delivery(d) = try entry.typedBody(source: "test") else { Issue.record("not a delivery"); return }
        #expect(d.transfer.commodity.amount == 150)
        #expect(d.date == "2019-03-31" && d.obligation == "p/1")
        let again = MeasuredDeliveries.propose(deliverer: "UZ", obligations: [("p/1", owed)], answered: ["p/1"], flows: nil, plan: nil, energy: report)
        #expect(again.entries.isEmpty, "an answered obligation is not proposed twice")
    }

    @Test("a bad report names the file, line and column")
    func badReport() throws {
        let path = try Self.file("date,from,to,mwh,form\n2019-01-10,UZ,KG,100,steam\n", "energy.csv")
        let error = #expect(throws: ModelFileError.self) { try MeasuredDeliveries.EnergyReport.read(path: path) }
        #expect(error?.description.contains("energy.csv:2") == true && error?.description.contains("steam") == true, "\(String(describing: error))")
        let noColumn = try Self.file("date,from,to\n2019-01-10,UZ,KG\n", "short.csv")
        let missing = #expect(throws: ModelFileError.self) { try MeasuredDeliveries.EnergyReport.read(path: noColumn) }
        #expect(missing?.description.contains("mwh") == true)
    }

    @Test("water without the plan's reference is not proposed: the whole river is not a delivery")
    func waterNeedsReference() throws {
        let flows = try MeasuredDeliveries.Flows.read(path: try Self.file("date,G\n2019-04,100\n", "flows.csv"))
        let owed = Self.obligation("KG", "UZ", .water(volumeMm3: 10, gauge: "G"), "2019-04-01", "2019-04-30")
        let (entries, skipped) = MeasuredDeliveries.propose(deliverer: "KG", obligations: [("p/1", owed)], answered: [], flows: flows, plan: nil, energy: nil)
        #expect(entries.isEmpty)
        #expect(skipped.first?.reason.contains("--plan") == true)
    }
}
