import Testing
import AralModel
import AralSchema
import AralPlanning

/// Delayed return water in a plan: each step's arrival is tied to the demand's planned flow
/// steps earlier (not to the run's history, which a plan does not have), volumes are kept
/// across months of different lengths, and what arrives after the horizon is reported.
@Suite("Delayed return water in a plan")
struct PlanReturnDelayTests {
    /// Monthly steps, January–March 2001: k = days × 0.0864 Mm³ per m³/s.
    static let k = [31 * 0.0864, 28 * 0.0864, 31 * 0.0864]

    static let yaml = """
    timestepper: {start: 2001-01-01, end: 2001-03-31, step: monthly}
    nodes:
      - {name: river, kind: inflow, flow: 100}
      - {name: split, kind: confluence}
      - {name: farm, kind: demand, priority: 1, maxFlow: 60, consumptiveFraction: 0.75, returnTo: lower, returnDelay: {steps: 1, initialFlow: 40}}
      - {name: lower, kind: confluence}
      - {name: sea, kind: sink}
    edges: [[river, split], [split, farm], [split, lower], [lower, sea]]
    """

    @Test("Return water arrives one month later in the plan, by volume, and the last month's is reported in transit")
    func arrivesOneMonthLater() throws {
        let model = try PlanFixture.model(Self.yaml)
        let plan = try PlanFixture.planner(Self.yaml).plan()
        let farm = try #require(model.element(named: "farm")?.node), sea = try #require(model.element(named: "sea")?.node)
        let k = Self.k
        // The farm takes its 60 each month; 40 pass it. What arrives: December's 0.25 × 40
        // (initialFlow, over January's length) in January, then the month before's 0.25 × 60
        // scaled by the months' lengths.
        let arrival = [10.0, 15 * k[0] / k[1], 15 * k[1] / k[2]]
        for t in 0..<3 {
            #expect(close(plan.nodeFlows[t][farm], 60, volumeTolerance))
            #expect(close(plan.nodeFlows[t][sea], 40 + arrival[t], volumeTolerance), "month \(t): sea \(plan.nodeFlows[t][sea])")
        }
        // March's return, 15 m³/s over March, arrives in April, after the horizon.
        let transit = try #require(plan.volumesInTransitAtEnd(of: model.network).first)
        #expect(close(transit, 15 * k[2], volumeTolerance))
    }
}
