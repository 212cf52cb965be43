import Testing
import Foundation
import AralModel
import AralSchema
import AralPlanning

/// One upstream reservoir (UP) and one downstream demand (DN) over two 30-day seasons: a
/// winter step starting 2 March and a summer step starting 1 April.
///
/// Hand-worked: inflow 100 m³/s; storage 500 of 1000 Mm³, which must be back at 500 at the
/// end, so 200 m³/s-steps leave the dam in all. Fixed head 100 m, efficiency 1, so a plant
/// flow of 1 m³/s gives 0.981 MW, 706.32 MWh per 30 days. Winter energy is worth 50, summer 10.
/// * Alone, UP turbines all 200 in winter (141,264 MWh) and nothing in summer; DN gets 0.
/// * The consortium gives DN its 150 m³/s in summer (388.8 Mm³), leaving 50 for winter
///   (35,316 MWh): UP forgoes 105,948 MWh of winter energy, which DN owes it.
let twoSeasons = """
name: two-seasons
timestepper: {start: 2001-03-02, end: 2001-04-30, step: 30}
parties: [{code: UP, name: Upstream}, {code: DN, name: Downstream}]
nodes:
  - {name: river, kind: inflow, flow: 100}
  - {name: dam, kind: reservoir, owner: UP, maxVolume: 1000, minVolume: 0, initialVolume: 500, maxRelease: 200}
  - {name: plant, kind: hydropower, owner: UP, reservoir: dam, capacityMW: 1000, efficiency: 1.0, head: 100}
  - {name: fields, kind: demand, owner: DN, maxFlow: {monthly: [0, 0, 0, 150, 150, 150, 150, 150, 150, 0, 0, 0]}}
  - {name: sea, kind: sink}
edges: [[river, dam], [dam, fields], [dam, sea]]
policy:
  shares: {syr: {DN: 1.0}}
  sharing: proportional
exchange:
  energyPrices: {UP: [50, 50, 50, 10, 10, 10, 10, 10, 10, 50, 50, 50]}
"""

@Suite("Water-for-energy exchange")
struct ExchangeTests {
    static let mwhPerCumecStep = 0.981 * 720   // 706.32 MWh per m³/s over 30 days
    static let mm3PerCumecStep = 2.592

    @Test("alone releases in winter, the consortium in summer")
    func schedules() throws {
        let planner = try PlanFixture.planner(twoSeasons)
        let release = try #require(planner.inputs.model.element(named: "dam")?.releaseNode)
        let alone = try planner.planAlone(upstream: ["UP"])
        let consortium = try planner.plan()
        #expect(close(alone.flow(node: release)[0], 200, volumeTolerance))
        #expect(close(alone.flow(node: release)[1], 0, volumeTolerance))
        #expect(close(consortium.flow(node: release)[0], 50, volumeTolerance))
        #expect(close(consortium.flow(node: release)[1], 150, volumeTolerance))
        #expect(closeRelative(alone.energyMWh[0][0], 200 * Self.mwhPerCumecStep, energyRelativeTolerance))
        #expect(closeRelative(consortium.energyMWh[0][0], 50 * Self.mwhPerCumecStep, energyRelativeTolerance))
    }

    @Test("compensation equals the winter energy forgone")
    func compensation() throws {
        let planner = try PlanFixture.planner(twoSeasons)
        let exchange = ExchangeResult(inputs: planner.inputs, consortium: try planner.plan(),
                                      alone: try planner.planAlone(upstream: ["UP"]))
        let forgone = 150 * Self.mwhPerCumecStep   // 105,948 MWh
        let extra = 150 * Self.mm3PerCumecStep      // 388.8 Mm³
        let up = try #require(exchange.upstream.first)
        #expect(closeRelative(up.winterEnergyForgoneMWh, forgone, energyRelativeTolerance))
        #expect(close(up.extraVegetationReleaseMm3, extra, volumeTolerance))
        #expect(close(try #require(exchange.downstream.first).extraWaterMm3, extra, volumeTolerance))
        let energy = try #require(exchange.obligations.first { $0.commodity == .energy })
        #expect(energy.from == "DN" && energy.to == "UP")
        #expect(closeRelative(energy.amount, forgone, energyRelativeTolerance))
        let water = try #require(exchange.obligations.first { $0.commodity == .water })
        #expect(water.from == "UP" && water.to == "DN" && water.season == "vegetation")
        #expect(close(water.amount, extra, volumeTolerance))
    }

    @Test("a fixed rate prices the extra water")
    func fixedRate() throws {
        let yaml = twoSeasons.replacingOccurrences(of: "exchange:\n", with: "exchange:\n  rateMWhPerMm3: 200\n")
        let planner = try PlanFixture.planner(yaml)
        let exchange = ExchangeResult(inputs: planner.inputs, consortium: try planner.plan(),
                                      alone: try planner.planAlone(upstream: ["UP"]))
        let energy = try #require(exchange.obligations.first { $0.commodity == .energy })
        #expect(closeRelative(energy.amount, 200 * 150 * Self.mm3PerCumecStep, energyRelativeTolerance))  // 77,760 MWh
    }

    @Test("the obligations are in the ledger's import shape")
    func ledgerShape() throws {
        let planner = try PlanFixture.planner(twoSeasons)
        let exchange = ExchangeResult(inputs: planner.inputs, consortium: try planner.plan(),
                                      alone: try planner.planAlone(upstream: ["UP"]))
        let doc = LedgerObligations(plan: LedgerObligations.planID(model: "two seasons", from: "2001-03", to: "2001-04"),
                                    exchange: exchange, note: "test")
        #expect(doc.plan == "two-seasons-2001-03-2001-04")
        #expect(doc.obligations.count == 2)
        let water = try #require(doc.obligations.first { $0.water != nil })
        #expect(water.period.start == "2001-04-01" && water.period.end == "2001-04-30")
        #expect(water.water?.volumeMm3 == 388.8)
    }
}
