import Testing
import AralModel
import AralSchema
import AralSolver
import AralClp
import AralPlanning

/// The exchange on a shipped model: the consortium plan, each upstream state alone, and the
/// result, planned with the solver settings the CLI uses; and what both basins' exchange tests
/// check on them, computed here from the plans themselves (not from `ExchangeResult`'s own sums).
struct ExchangePlans {
    var inputs: PlanInputs
    var consortium: PlanSolution
    var alone: PlanSolution
    var exchange: ExchangeResult

    init(_ model: BasinModel) throws {
        inputs = try PlanInputs(model: model, policy: try PlanPolicy.resolve(model))
        let planner = Planner(inputs: inputs, makeSolver: {
            let solver = ClpSolver()
            solver.setScaling(3)
            return solver
        })
        consortium = try planner.plan()
        alone = try planner.planAlone(upstream: inputs.policy.upstream)
        exchange = ExchangeResult(inputs: inputs, consortium: consortium, alone: alone)
    }

    /// A party's energy in `solution` valued at its own prices (the model's `energyPrices`); a
    /// jointly owned plant counts with the party's share of it (`HydropowerPlant.share(of:)`).
    func energyValue(_ solution: PlanSolution, party: String) -> Double {
        var value = 0.0
        for (p, plant) in inputs.model.network.hydropower.enumerated() {
            let share = plant.share(of: party)
            guard share > 0 else { continue }
            for s in solution.steps {
                value += share * solution.energyMWh[p][s.index] * inputs.policy.price(owner: party, step: s.index)
            }
        }
        return value
    }

    /// USD owed to `party` in winter energy.
    func compensationUSD(to party: String) -> Double {
        exchange.obligations.filter { $0.to == party && $0.commodity == .energy }.compactMap(\.value).reduce(0, +)
    }

    /// After compensation no downstream state receives less water than alone, and no upstream
    /// state less energy value: its consortium energy, less the summer electricity it hands over,
    /// plus the winter compensation it receives, is worth at least its energy alone.
    func expectNobodyLoses(waterToleranceMm3: Double, valueToleranceUSD: Double) {
        for down in exchange.downstream {
            #expect(down.extraWaterMm3 >= -waterToleranceMm3, "\(down.party) extra water \(down.extraWaterMm3) Mm³")
        }
        for up in exchange.upstream {
            let received = compensationUSD(to: up.party)
            let given = exchange.summerElectricity.filter { $0.from == up.party }.compactMap(\.value).reduce(0, +)
            let aloneValue = energyValue(alone, party: up.party)
            let consortiumValue = energyValue(consortium, party: up.party)
            #expect(consortiumValue - given + received >= aloneValue - valueToleranceUSD,
                    "\(up.party): consortium \(consortiumValue) − summer electricity \(given) + compensation \(received) against alone \(aloneValue)")
        }
    }
}
