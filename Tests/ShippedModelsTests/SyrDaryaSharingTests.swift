import Testing
import AralModel
import AralSchema
import AralEngine

/// The shipped Syr Darya shares the reach below Chardara between Kazakhstan's withdrawals and
/// the North Aral target (`policy.sharingGroups`, `allocations: [north-aral]`).
@Suite("Shortage sharing on the shipped Syr Darya model")
struct SyrDaryaSharingTests {
    @Test("Dry year: on every short step below Chardara, KZ and the North Aral get the same fraction of their limits")
    func dryYearFractionsAgree() throws {
        let r = try Models.run(Models.syrDarya, scenarios: ["dry-year"])
        let sharing = try #require(r.model.network.sharing, "the model states no sharing rule")
        #expect(sharing.rule == .proportional)
        #expect(sharing.groups.map(\.name) == ["below-chardara"])
        var shortSteps = 0
        for group in sharing.groups {
            #expect(Set(group.members.map(\.party)) == ["KZ", "north-aral"], "group \(group.name)")
            let fractions = try group.members.map { try AmuDaryaSharingTests.fractions(r, $0) }
            for t in r.steps.indices {
                let values = fractions.compactMap { $0[t] }
                guard let low = values.min(), let high = values.max(), low < AmuDaryaSharingTests.fullFraction else { continue }
                shortSteps += 1
                #expect(high - low <= AmuDaryaSharingTests.fractionTolerance,
                        "\(group.name) at \(r.steps[t].date): fractions \(values.map { ($0 * 1000).rounded() / 10 }) %")
            }
        }
        // The dry year does cut the reach (else this test would check nothing).
        #expect(shortSteps > 0)
        #expect(r.worstMassBalanceResidual <= Simulation.massBalanceTolerance)
    }
}
