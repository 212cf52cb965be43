import Testing
import Foundation
import AralModel
import AralSchema
import AralPlanning

/// `twoSeasons` with the plant owned half by UP (its operator) and half by DN, DN's energy priced
/// 30 in winter and 5 in summer (UP's 50 and 10). Hand-worked (706.32 MWh per m³/s and step):
/// * UP alone values only its half, at its prices: the same schedule as when the plant is all
///   UP's (200 m³/s in winter, none in summer; 141,264 MWh); the consortium gives DN its 150 in
///   summer, 50 in winter (35,316 + 105,948 MWh).
/// * UP forgoes half of the 105,948 MWh of winter energy, 52,974 MWh, and hands half the summer
///   energy over; it loses 0.5·141,264·50 − (0.5·35,316·50 + 0.5·105,948·10) + 0.5·105,948·10
///   = 2,648,700, which at its winter price 50 is again 52,974 MWh: what DN owes.
/// * In the report the plant is worth each owner's share at that owner's price: winter 35,316 ×
///   (0.5·50 + 0.5·30) + summer 105,948 × (0.5·10 + 0.5·5) = 2,207,250.
let jointPlant = """
name: joint-plant
timestepper: {start: 2001-03-02, end: 2001-04-30, step: 30}
parties: [{code: UP, name: Upstream}, {code: DN, name: Downstream}]
nodes:
  - {name: river, kind: inflow, flow: 100}
  - {name: dam, kind: reservoir, owner: UP, maxVolume: 1000, minVolume: 0, initialVolume: 500, maxRelease: 200}
  - {name: plant, kind: hydropower, owner: UP, owners: {UP: 0.5, DN: 0.5}, reservoir: dam, capacityMW: 1000, efficiency: 1.0, head: 100}
  - {name: fields, kind: demand, owner: DN, maxFlow: {monthly: [0, 0, 0, 150, 150, 150, 150, 150, 150, 0, 0, 0]}}
  - {name: sea, kind: sink}
edges: [[river, dam], [dam, fields], [dam, sea]]
policy:
  shares: {syr: {DN: 1.0}}
  sharing: proportional
exchange:
  energyPrices:
    UP: [50, 50, 50, 10, 10, 10, 10, 10, 10, 50, 50, 50]
    DN: [30, 30, 30, 5, 5, 5, 5, 5, 5, 30, 30, 30]
"""

@Suite("A jointly owned plant in the plan and the exchange")
struct JointPlantExchangeTests {
    static let mwhPerCumecStep = 0.981 * 720

    @Test("an upstream state is owed for its share of the plant's energy, and the report values each owner's share at its price")
    func shareOfTheEnergy() throws {
        let planner = try PlanFixture.planner(jointPlant)
        let release = try #require(planner.inputs.model.element(named: "dam")?.releaseNode)
        let alone = try planner.planAlone(upstream: ["UP"])
        let consortium = try planner.plan()
        #expect(close(alone.flow(node: release)[0], 200, volumeTolerance))
        #expect(close(consortium.flow(node: release)[1], 150, volumeTolerance))

        let exchange = ExchangeResult(inputs: planner.inputs, consortium: consortium, alone: alone)
        let half = 0.5 * 150 * Self.mwhPerCumecStep   // 52,974 MWh
        let up = try #require(exchange.upstream.first)
        #expect(closeRelative(up.winterEnergyForgoneMWh, half, energyRelativeTolerance), "UP forgoes \(up.winterEnergyForgoneMWh) MWh")
        let energy = try #require(exchange.obligations.first { $0.commodity == .energy })
        #expect(energy.from == "DN" && energy.to == "UP")
        #expect(closeRelative(energy.amount, half, energyRelativeTolerance), "DN owes \(energy.amount) MWh")

        let report = PlanReport(inputs: planner.inputs, plan: consortium)
        let plant = try #require(report.plants.first)
        let value = 50 * Self.mwhPerCumecStep * (0.5 * 50 + 0.5 * 30) + 150 * Self.mwhPerCumecStep * (0.5 * 10 + 0.5 * 5)
        #expect(closeRelative(plant.value, value, energyRelativeTolerance), "plant worth \(plant.value)")
    }

    @Test("a share owner without a price is named")
    func shareOwnerWithoutPrice() throws {
        let yaml = jointPlant.replacingOccurrences(of: "\n    DN: [30, 30, 30, 5, 5, 5, 5, 5, 5, 30, 30, 30]", with: "")
        #expect(yaml != jointPlant)
        let issues = PlanFixture.issues(yaml)
        #expect(issues.contains { $0.path == "exchange.energyPrices" && $0.message.contains("add exchange.energyPrices.DN") }, "\(issues)")
    }
}
