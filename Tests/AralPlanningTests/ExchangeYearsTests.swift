import Testing
import AralModel
import AralPlanning

/// A plan over two exchange years owes per year: a horizon of several years wrote one
/// obligation per season spanning them all (2000-10 to 2002-04 for the winter energy), which no
/// annual protocol and no ledger period matches.
///
/// Hand-worked: four 183-day steps from 2000-10-01, winter, summer, winter, summer. Inflow 100
/// m³/s; storage 5,000 of 10,000 Mm³, back at 5,000 at the end, so 400 m³/s-steps leave the dam
/// in all; at most 200 per step. Fixed head 100 m, efficiency 1: 1 m³/s over 183 days is
/// 0.981 × 24 × 183 = 4,308.552 MWh and 15.8112 Mm³. Winter energy is worth 50, summer 10.
/// * Alone, UP turbines 200 in each winter and nothing in summer; DN gets nothing.
/// * The consortium gives DN its 200 m³/s in each summer (3,162.24 Mm³) and nothing is left for
///   the winters: each year UP forgoes 200 × 4,308.552 = 861,710.4 MWh of winter energy, and
///   the energy value it loses is exactly that at the winter price (its summer energy goes to DN).
let twoYears = """
name: two-years
timestepper: {start: 2000-10-01, end: 2002-10-02, step: 183}
parties: [{code: UP, name: Upstream}, {code: DN, name: Downstream}]
nodes:
  - {name: river, kind: inflow, flow: 100}
  - {name: dam, kind: reservoir, owner: UP, maxVolume: 10000, minVolume: 0, initialVolume: 5000, maxRelease: 200}
  - {name: plant, kind: hydropower, owner: UP, reservoir: dam, capacityMW: 1000, efficiency: 1.0, head: 100}
  - {name: fields, kind: demand, owner: DN, maxFlow: {monthly: [0, 0, 0, 200, 200, 200, 200, 200, 200, 0, 0, 0]}}
  - {name: sea, kind: sink}
edges: [[river, dam], [dam, fields], [dam, sea]]
policy:
  shares: {syr: {DN: 1.0}}
  sharing: proportional
exchange:
  energyPrices: {UP: [50, 50, 50, 10, 10, 10, 10, 10, 10, 50, 50, 50]}
"""

@Suite("The exchange over several years owes per exchange year")
struct ExchangeYearsTests {
    static let mwhPerCumecStep = 0.981 * 24 * 183   // 4,308.552 MWh
    static let mm3PerCumecStep = 0.0864 * 183      // 15.8112 Mm³

    @Test("two years: a water and an energy obligation in each, dated within its year; the totals are the horizon's")
    func perYear() throws {
        let planner = try PlanFixture.planner(twoYears)
        let exchange = ExchangeResult(inputs: planner.inputs, consortium: try planner.plan(),
                                      alone: try planner.planAlone(upstream: ["UP"]))
        let water = 200 * Self.mm3PerCumecStep, energy = 200 * Self.mwhPerCumecStep
        let up = try #require(exchange.upstream.first)
        #expect(closeRelative(up.extraVegetationReleaseMm3, 2 * water, energyRelativeTolerance))
        #expect(closeRelative(up.winterEnergyForgoneMWh, 2 * energy, energyRelativeTolerance))

        let expected: [(ExchangeResult.Obligation.Commodity, String, String, String, Double)] = [
            (.water, "UP", "2001-04-02", "2001-10-01", water),
            (.energy, "DN", "2000-10-01", "2001-04-01", energy),
            (.water, "UP", "2002-04-03", "2002-10-02", water),
            (.energy, "DN", "2001-10-02", "2002-04-02", energy),
        ]
        #expect(exchange.obligations.count == expected.count, "\(exchange.obligations)")
        for (o, e) in zip(exchange.obligations, expected) {
            #expect(o.commodity == e.0 && o.from == e.1 && o.start == e.2 && o.end == e.3, "\(o)")
            #expect(closeRelative(o.amount, e.4, energyRelativeTolerance), "\(o)")
            if o.commodity == .energy { #expect(closeRelative(o.value ?? 0, 50 * e.4, energyRelativeTolerance), "\(o)") }
        }
    }

    @Test("one water year: the same obligations as before, one per season")
    func oneYear() throws {
        let planner = try PlanFixture.planner(twoSeasons)
        let exchange = ExchangeResult(inputs: planner.inputs, consortium: try planner.plan(),
                                      alone: try planner.planAlone(upstream: ["UP"]))
        #expect(exchange.obligations.map(\.season) == ["vegetation", "non-vegetation"])
    }
}
