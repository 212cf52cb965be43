import Testing
import AralModel
import AralSchema
import AralEngine

/// The Syr Darya scenarios of issue 15 (models/scenarios/syr-darya/), each checked by what its
/// rule must do in a run.
@Suite("Syr Darya scenarios: Kairakkum modernised, the Koksaray counter-regulator")
struct SyrDaryaScenarioTests {
    /// Kairakkum's capacity before and after its rehabilitation (DATA: 126 -> 174 MW).
    static let kairakkumMW = 126.0, kairakkumModernisedMW = 174.0
    /// Energy is MWh per step; mean power is compared to the capacity with this slack, MW.
    static let powerToleranceMW = 1e-6

    /// The largest mean power of a plant over any step of a run, MW.
    static func peakMW(_ results: BasinResults, _ plant: String) throws -> Double {
        let energy = try #require(results.values(plant, "energy"))
        return zip(energy, results.steps).map { $0 / (Double($1.days) * 24) }.max() ?? 0
    }

    @Test("kairakkum-174 lets Kairakkum run above the 126 MW it is held to in the baseline")
    func kairakkumModernised() throws {
        let baseline = try Self.peakMW(try Models.run(Models.syrDarya), "kairakkum-hpp")
        let modern = try Self.peakMW(try Models.run(Models.syrDarya, scenarios: ["kairakkum-174"]), "kairakkum-hpp")
        #expect(baseline <= Self.kairakkumMW + Self.powerToleranceMW, "baseline peak \(baseline) MW")
        #expect(modern > Self.kairakkumMW + Self.powerToleranceMW, "modernised peak \(modern) MW")
        #expect(modern <= Self.kairakkumModernisedMW + Self.powerToleranceMW, "modernised peak \(modern) MW")
    }

    @Test("with-koksaray stores winter water and gives it back in the summer")
    func koksarayCounterRegulates() throws {
        let results = try Models.run(Models.syrDarya, scenarios: ["with-koksaray"])
        let volume = try #require(results.values("koksaray", "volume"))
        var endOfMarch: [Double] = [], endOfSeptember: [Double] = []
        for (t, step) in results.steps.enumerated() {
            if step.date.month == 3 { endOfMarch.append(volume[t]) }
            if step.date.month == 9 { endOfSeptember.append(volume[t]) }
        }
        let march = endOfMarch.reduce(0, +) / Double(max(1, endOfMarch.count))
        let september = endOfSeptember.reduce(0, +) / Double(max(1, endOfSeptember.count))
        #expect(march > september, "mean storage end of March \(march), end of September \(september) Mm³")
        #expect(results.worstMassBalanceResidual <= Simulation.massBalanceTolerance)
    }
}
