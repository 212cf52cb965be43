import Testing
import AralModel
import AralSchema
import AralEngine

/// `with-qosh-tepa` (issue 15): Afghanistan's canal above Termez takes water no ICWC limit
/// counts, and what it takes is missing below: at Kerki, in the lower reach and at the sea.
@Suite("Amu Darya scenario: the Qosh Tepa canal")
struct AmuDaryaQoshTepaTests {
    /// Volume through a node over the run, km³ per year.
    static func km3PerYear(_ r: BasinResults, _ node: String) throws -> Double {
        let flow = try #require(r.values(node, "flow"))
        return zip(flow, r.steps).reduce(0) { $0 + $1.0 * $1.1.mm3PerCumec } / 1000 / r.years
    }

    @Test("what the canal takes is missing at Kerki and at the sea; the lower reach is shorter; the water balances")
    func canalTakesFromBelow() throws {
        let baseline = try Models.run(Models.amuDarya)
        let qoshTepa = try Models.run(Models.amuDarya, scenarios: ["with-qosh-tepa"])
        let taken = try Self.km3PerYear(qoshTepa, "af-qosh-tepa")
        #expect(taken > 1, "the canal takes \(taken) km³/yr")
        let kerkiLoss = try Self.km3PerYear(baseline, "kerki") - Self.km3PerYear(qoshTepa, "kerki")
        let seaLoss = try Self.km3PerYear(baseline, "aral-sea-south") - Self.km3PerYear(qoshTepa, "aral-sea-south")
        #expect(kerkiLoss > 0 && kerkiLoss <= taken * 1.0001, "Kerki loses \(kerkiLoss) of the \(taken) km³/yr taken")
        #expect(seaLoss > 0, "the sea loses \(seaLoss) km³/yr")
        for demand in ["tm-dashoguz", "uz-khorezm-karakalpakstan"] {
            let before = try #require(baseline.values(demand, "flow")).reduce(0, +)
            let after = try #require(qoshTepa.values(demand, "flow")).reduce(0, +)
            #expect(after < before, "\(demand) receives less with the canal")
        }
        #expect(qoshTepa.worstMassBalanceResidual < 1e-6)
    }
}
