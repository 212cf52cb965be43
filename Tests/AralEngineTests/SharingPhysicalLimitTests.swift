import Testing
import AralModel
import AralSchema
import AralEngine
import AralClp

/// A party that cannot take its share — a canal too small, not a demand too low — leaves the
/// rest to the others in equal fractions (water-filling), under `proportional` as under
/// `maxmin`. Found from outside: behind a 10 m³/s canal one party of three got 10, and the
/// other two 30 and 60 of the remaining 90 — the LP's tie-break, not the rule.
///
/// 100 m³/s for three parties asking 60 each at the same priority; A's canal carries 10. A
/// gets 10; B and C share the other 90: 45 each (75 % of their limits).
@Suite("Sharing when a party cannot take its share")
struct SharingPhysicalLimitTests {
    static func yaml(_ rule: String) -> String {
        """
        name: canal
        timestepper: {start: 2001-01-01, end: 2001-01-31, step: monthly}
        parties: [{code: AA, name: Alpha}, {code: BB, name: Beta}, {code: CC, name: Gamma}]
        nodes:
          - {name: river, kind: inflow, flow: 100}
          - {name: fork, kind: confluence}
          - {name: canal, kind: link, capacity: 10}
          - {name: a-farm, kind: demand, owner: AA, maxFlow: 60, priority: 2}
          - {name: b-farm, kind: demand, owner: BB, maxFlow: 60, priority: 2}
          - {name: c-farm, kind: demand, owner: CC, maxFlow: 60, priority: 2}
          - {name: sea, kind: sink}
        edges: [[river, fork], [fork, canal], [canal, a-farm], [fork, b-farm], [fork, c-farm], [fork, sea]]
        policy:
          sharing: \(rule)
          sharingGroups:
            - {name: g1, demands: [a-farm, b-farm, c-farm]}
        """
    }

    @Test("A gets what its canal carries, B and C 45 each", arguments: ["proportional", "maxmin"])
    func canal(_ rule: String) throws {
        let model = try compile(Self.yaml(rule))
        let simulation = try Simulation(network: model.network, solver: ClpSolver())
        let recorder = MemoryRecorder()
        try simulation.run(recorders: [recorder])
        let results = BasinResults(model: model, recorder: recorder, worstMassBalanceResidual: simulation.worstMassBalanceResidual)
        func flow(_ name: String) throws -> Double { try #require(results.values(name, "flow"))[0] }
        let a = try flow("a-farm"), b = try flow("b-farm"), c = try flow("c-farm"), sea = try flow("sea")
        #expect(close(a, 10))
        #expect(close(b, 45), "b-farm \(b)")
        #expect(close(c, 45), "c-farm \(c)")
        #expect(close(sea, 0))
        #expect(simulation.sharedSteps == 1)
    }
}
