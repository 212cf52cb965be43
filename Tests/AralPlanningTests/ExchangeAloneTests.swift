import Testing
import Foundation
import AralModel
import AralSchema
import AralPlanning

/// A midstream reservoir (MID) with a valley (DN) withdrawing above it, and fields (DN) below it,
/// over a winter and a summer 30-day step (as `twoSeasons`).
///
/// Hand-worked: inflow 100 m³/s; the valley takes up to 60 m³/s in each step, so the dam sees
/// 40. The dam starts at 500 of 1000 Mm³ and must end there, so 80 m³/s-steps leave it. MID
/// alone values winter energy at 50 and summer at 10: it releases all 80 in winter, nothing in
/// summer, and it cannot stop the valley above it taking its 60 in both steps (311.04 Mm³).
/// Planned as if the valley took nothing (the old definition), MID released 200 in winter, and
/// with that release fixed the valley got nothing, to keep the dam's end storage.
let valleyAbove = """
name: valley-above
timestepper: {start: 2001-03-02, end: 2001-04-30, step: 30}
parties: [{code: MID, name: Midstream}, {code: DN, name: Downstream}]
nodes:
  - {name: river, kind: inflow, flow: 100}
  - {name: valley, kind: demand, owner: DN, maxFlow: 60}
  - {name: dam, kind: reservoir, owner: MID, maxVolume: 1000, minVolume: 0, initialVolume: 500, maxRelease: 200}
  - {name: plant, kind: hydropower, owner: MID, reservoir: dam, capacityMW: 1000, efficiency: 1.0, head: 100}
  - {name: fields, kind: demand, owner: DN, maxFlow: {monthly: [0, 0, 0, 150, 150, 150, 150, 150, 150, 0, 0, 0]}}
  - {name: sea, kind: sink}
edges: [[river, valley], [river, dam], [dam, fields], [dam, sea]]
policy:
  shares: {syr: {DN: 1.0}}
  sharing: proportional
exchange:
  upstream: [MID]
  energyPrices:
    MID: [50, 50, 50, 10, 10, 10, 10, 10, 10, 50, 50, 50]
    DN: [50, 50, 50, 10, 10, 10, 10, 10, 10, 50, 50, 50]
"""

@Suite("Each upstream state alone")
struct ExchangeAloneTests {
    @Test("alone, a state cannot stop the withdrawals above its reservoirs")
    func withdrawalsAbove() throws {
        let planner = try PlanFixture.planner(valleyAbove)
        let model = planner.inputs.model
        let valley = try #require(model.element(named: "valley")?.node)
        let release = try #require(model.element(named: "dam")?.releaseNode)
        let alone = try planner.planAlone(upstream: ["MID"])
        #expect(close(alone.flow(node: valley)[0], 60, volumeTolerance))
        #expect(close(alone.flow(node: valley)[1], 60, volumeTolerance))
        #expect(close(alone.flow(node: release)[0], 80, volumeTolerance))
        #expect(close(alone.flow(node: release)[1], 0, volumeTolerance))
    }
}
