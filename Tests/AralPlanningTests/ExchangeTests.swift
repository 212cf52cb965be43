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

/// The consortium costs UP summer energy, not winter energy: a plant of 98.1 MW passes at most
/// 100 m³/s into energy, and DN asks for 200 m³/s in April only (winter March, summer April and
/// May, 30 days each; inflow 100, storage 500 of 1000 back at 500, so 300 m³/s-steps leave).
/// * Alone, UP turbines 100 in every step (the capacity; nothing more is worth anything):
///   70,632 MWh each, DN gets 100 in April.
/// * The consortium releases 200 in April (100 of it past the full turbines) and so 100 less
///   in the rest: UP keeps its winter energy (100 in March) and releases nothing in May. Its
///   seasonal release is the same (200 in April–May) and it forgoes no winter energy, but it
///   makes 70,632 MWh less in summer, worth 706,320 at 10.
/// The rule pays what UP loses: 706,320 ÷ the winter price 50 = 14,126.4 MWh of winter energy
/// (the old rule, the winter energy forgone, paid nothing: the Amu Darya's median year).
let summerTiming = """
name: summer-timing
timestepper: {start: 2001-03-02, end: 2001-05-30, step: 30}
parties: [{code: UP, name: Upstream}, {code: DN, name: Downstream}]
nodes:
  - {name: river, kind: inflow, flow: 100}
  - {name: dam, kind: reservoir, owner: UP, maxVolume: 1000, minVolume: 0, initialVolume: 500, maxRelease: 200}
  - {name: plant, kind: hydropower, owner: UP, reservoir: dam, capacityMW: 98.1, efficiency: 1.0, head: 100}
  - {name: fields, kind: demand, owner: DN, maxFlow: {monthly: [0, 0, 0, 200, 0, 0, 0, 0, 0, 0, 0, 0]}}
  - {name: sea, kind: sink}
edges: [[river, dam], [dam, fields], [dam, sea]]
policy:
  shares: {syr: {DN: 1.0}}
  sharing: proportional
exchange:
  energyPrices: {UP: [50, 50, 50, 10, 10, 10, 10, 10, 10, 50, 50, 50]}
"""

/// The floor of the rule: the winter energy UP forgoes falls in its cheaper winter month, so the
/// value it loses, at its mean winter price, is less than that energy. Steps of 30 days from 1
/// February (February 50, March 20, April 10 per MWh); inflow 100, storage 500 back at 500, so
/// 300 m³/s-steps leave; at most 200 in a step.
/// * Alone: 200 in February, 100 in March, nothing in April.
/// * The consortium gives DN 150 in April, so 150 in the winter, all in February.
/// UP forgoes 50 in February and 100 in March, 150 × 706.32 = 105,948 MWh, and hands its 105,948
/// MWh of April energy over: it loses (50 × 50 + 100 × 20) × 706.32 = 3,178,440, which at the
/// mean winter price 35 is 90,812.6 MWh — less than the energy forgone, so it is owed 105,948.
let cheapWinterMonth = """
name: cheap-winter-month
timestepper: {start: 2001-02-01, end: 2001-05-01, step: 30}
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
  energyPrices: {UP: [50, 50, 20, 10, 10, 10, 10, 10, 10, 50, 50, 50]}
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

    @Test("the compensation pays the energy value UP loses, also when it is summer energy")
    func compensationOfSummerEnergyLost() throws {
        let planner = try PlanFixture.planner(summerTiming)
        let release = try #require(planner.inputs.model.element(named: "dam")?.releaseNode)
        let alone = try planner.planAlone(upstream: ["UP"])
        let consortium = try planner.plan()
        for (step, flow) in [100.0, 100, 100].enumerated() { #expect(close(alone.flow(node: release)[step], flow, volumeTolerance)) }
        for (step, flow) in [100.0, 200, 0].enumerated() { #expect(close(consortium.flow(node: release)[step], flow, volumeTolerance)) }
        let exchange = ExchangeResult(inputs: planner.inputs, consortium: consortium, alone: alone)
        let up = try #require(exchange.upstream.first)
        let summerLost = 100 * Self.mwhPerCumecStep          // 70,632 MWh in May
        let winterPrice = 50.0, summerPrice = 10.0
        #expect(close(up.winterEnergyForgoneMWh, 0, volumeTolerance * Self.mwhPerCumecStep))
        #expect(closeRelative(up.summerEnergyMWh, -summerLost, energyRelativeTolerance))
        #expect(close(up.extraVegetationReleaseMm3, 0, volumeTolerance))
        #expect(closeRelative(try #require(up.energyValueLost), summerLost * summerPrice, energyRelativeTolerance))
        #expect(close(try #require(exchange.downstream.first).extraWaterMm3, 100 * Self.mm3PerCumecStep, volumeTolerance))
        #expect(exchange.summerElectricity.isEmpty)
        let energy = try #require(exchange.obligations.first { $0.commodity == .energy })
        #expect(energy.from == "DN" && energy.to == "UP")
        #expect(closeRelative(energy.amount, summerLost * summerPrice / winterPrice, energyRelativeTolerance))  // 14,126.4 MWh
        #expect(closeRelative(try #require(energy.value), summerLost * summerPrice, energyRelativeTolerance))
    }

    @Test("the compensation is never less than the winter energy forgone")
    func compensationFloor() throws {
        let planner = try PlanFixture.planner(cheapWinterMonth)
        let release = try #require(planner.inputs.model.element(named: "dam")?.releaseNode)
        let alone = try planner.planAlone(upstream: ["UP"])
        let consortium = try planner.plan()
        for (step, flow) in [200.0, 100, 0].enumerated() { #expect(close(alone.flow(node: release)[step], flow, volumeTolerance)) }
        for (step, flow) in [150.0, 0, 150].enumerated() { #expect(close(consortium.flow(node: release)[step], flow, volumeTolerance)) }
        let exchange = ExchangeResult(inputs: planner.inputs, consortium: consortium, alone: alone)
        let up = try #require(exchange.upstream.first)
        let forgone = 150 * Self.mwhPerCumecStep                      // 105,948 MWh
        let lost = (50 * 50 + 100 * 20) * Self.mwhPerCumecStep        // 3,178,440
        #expect(closeRelative(up.winterEnergyForgoneMWh, forgone, energyRelativeTolerance))
        #expect(closeRelative(try #require(up.energyValueLost), lost, energyRelativeTolerance))
        #expect(lost / 35 < forgone)
        let energy = try #require(exchange.obligations.first { $0.commodity == .energy })
        #expect(closeRelative(energy.amount, forgone, energyRelativeTolerance))
        #expect(closeRelative(try #require(energy.value), forgone * 35, energyRelativeTolerance))
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
