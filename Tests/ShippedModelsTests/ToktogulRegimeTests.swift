import Testing
import AralModel
import AralSchema
import AralEngine

/// The Toktogul regimes negotiators argue about, each defined by its rule in a scenario
/// (models/scenarios/syr-darya/), checked by its outcome: the share of the year's release
/// that leaves in April–September.
@Suite("Toktogul release regimes on the shipped Syr Darya model")
struct ToktogulRegimeTests {
    /// Soviet 1984 protocol: ~75% of the annual discharge in April–September
    /// (DATA:hydrology.toktogul_release_regime), the band.
    static let sovietShare: ClosedRange<Double> = 0.70...0.80
    /// Energy mode: winter releases up to ~2.5× the Soviet 180 m³/s; the band.
    static let energyModeShare: ClosedRange<Double> = 0.35...0.50

    /// Toktogul's April–September outflow (release + spill) over its total, by volume.
    static func summerShare(_ scenario: String) throws -> Double {
        let r = try Models.run(Models.syrDarya, scenarios: [scenario])
        let flow = try #require(r.values("toktogul", "flow"))
        var summer = 0.0, total = 0.0
        for (t, step) in r.steps.enumerated() {
            let volume = flow[t] * step.mm3PerCumec
            total += volume
            if (4...9).contains(step.date.month) { summer += volume }
        }
        #expect(r.worstMassBalanceResidual <= Simulation.massBalanceTolerance)
        return total > 0 ? summer / total : 0
    }

    @Test("soviet-1984 (winter releases held near 180 m³/s) releases 70–80% of the year in April–September")
    func soviet1984() throws {
        let share = try Self.summerShare("soviet-1984")
        #expect(Self.sovietShare.contains(share), "share \(share)")
    }

    @Test("energy-mode releases 35–50% of the year in April–September")
    func energyMode() throws {
        let share = try Self.summerShare("energy-mode")
        #expect(Self.energyModeShare.contains(share), "share \(share)")
    }
}
