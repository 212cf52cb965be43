import Testing
import AralModel
import AralSchema
import AralPlanning

/// The plan, like the run, lets evaporation take a reservoir below its minimum (a physical
/// shortfall) and takes only the evaporation there is water for. Found from outside: both
/// cases stopped with "the LP of level 'terminal storage' did not solve (primalInfeasible)".
///
/// Evaporation 10 mm/day over a constant 100 km² is 1 Mm³ a day, 31 Mm³ in July and August;
/// 1 m³/s over 31 days is k = 2.6784 Mm³.
@Suite("Evaporation in the plan")
struct PlanEvaporationTests {
    static func model(initial: Double, minVolume: Double, inflow: Double, end: String) -> String {
        """
        timestepper: {start: 2001-07-01, end: \(end), step: monthly}
        nodes:
          - {name: river, kind: inflow, flow: \(inflow)}
          - name: res
            kind: reservoir
            maxVolume: 1000
            minVolume: \(minVolume)
            initialVolume: \(initial)
            table: {volume: [0, 1000], area: [100, 100]}
            evaporationMmPerDay: 10
          - {name: farm, kind: demand, maxFlow: 5, priority: 1}
        edges: [[river, res], [res, farm]]
        """
    }

    static let k = 31 * 0.0864

    @Test("Evaporation takes what the reservoir holds when it holds it, and no more")
    func emptied() throws {
        let plan = try PlanFixture.planner(Self.model(initial: 5, minVolume: 0, inflow: 0, end: "2001-09-30")).plan()
        // July's 31 Mm³ would take 5: all of it, in July; nothing is left for August and September.
        #expect(zip(plan.volumes.map { $0[0] }, [0, 0, 0]).allSatisfy { close($0, $1, volumeTolerance) }, "\(plan.volumes)")
        #expect(zip(plan.evaporation[0], [5, 0, 0]).allSatisfy { close($0, $1, volumeTolerance) }, "\(plan.evaporation)")
        #expect(plan.belowMinimum.isEmpty)
        #expect(plan.worstMassBalanceResidual < 1e-9)
    }

    @Test("Below its minimum the reservoir releases nothing, and each step below it is reported")
    func belowMinimum() throws {
        let yaml = Self.model(initial: 210, minVolume: 200, inflow: 1, end: "2001-08-31")
        let plan = try PlanFixture.planner(yaml).plan()
        // July: 210 + k − 31 = 181.6784; August: 181.6784 + k − 31 = 153.3568; the farm gets nothing.
        let july = 210 + Self.k - 31, august = july + Self.k - 31
        #expect(close(plan.volumes[0][0], july, volumeTolerance) && close(plan.volumes[1][0], august, volumeTolerance), "\(plan.volumes)")
        let model = try PlanFixture.model(yaml)
        let farm = try #require(model.element(named: "farm")?.node)
        #expect(plan.flow(node: farm).allSatisfy { abs($0) < volumeTolerance })
        #expect(plan.belowMinimum.map(\.step) == [0, 1])
        #expect(zip(plan.belowMinimum.map(\.volumeMm3), [200 - july, 200 - august]).allSatisfy { close($0, $1, volumeTolerance) })
        #expect(plan.worstMassBalanceResidual < 1e-9)
    }
}
