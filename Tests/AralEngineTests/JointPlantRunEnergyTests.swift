import Testing
import AralModel
import AralSchema
import AralEngine
import AralClp

/// A run's energy per state splits a jointly owned plant by its owners' shares, as the plan's
/// accounts do (models.md). Found from outside: the run counted all of it for the operator, so
/// `--scenario kambarata-1-joint` printed the same per-state energy as `with-kambarata-1`.
@Suite("A joint plant's energy in the run's accounts")
struct JointPlantRunEnergyTests {
    static let yaml = """
    name: joint
    timestepper: {start: 2001-01-01, end: 2001-02-28, step: monthly}
    parties: [{code: AA, name: A}, {code: BB, name: B}]
    nodes:
      - {name: river, kind: inflow, flow: 100}
      - {name: res, kind: reservoir, owner: AA, maxVolume: 1000, initialVolume: 500}
      - {name: plant, kind: hydropower, owner: AA, owners: {AA: 0.6, BB: 0.4}, reservoir: res, capacityMW: 100, head: 50, efficiency: 1}
      - {name: farm, kind: demand, owner: BB, maxFlow: 30, priority: 1}
      - {name: sea, kind: sink}
    edges: [[river, res], [res, farm], [res, sea]]
    """

    @Test("AA gets 60 % and BB 40 % of the plant's energy; together the plant's")
    func split() throws {
        let model = try compile(Self.yaml)
        let simulation = try Simulation(network: model.network, solver: ClpSolver())
        let recorder = MemoryRecorder()
        try simulation.run(recorders: [recorder])
        let report = SeasonalReport(BasinResults(model: model, recorder: recorder, worstMassBalanceResidual: simulation.worstMassBalanceResidual))
        let plant = try #require(report.plants.first { $0.name == "plant" }).gwh.total
        #expect(plant > 0)
        let aa = try #require(report.states.first { $0.name == "AA" }).gwh.total
        let bb = try #require(report.states.first { $0.name == "BB" }, "BB missing from \(report.states.map(\.name))").gwh.total
        #expect(close(aa, 0.6 * plant, 1e-9 * plant))
        #expect(close(bb, 0.4 * plant, 1e-9 * plant))
    }
}
