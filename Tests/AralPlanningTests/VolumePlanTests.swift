import Testing
import AralModel
import AralSchema
import AralPlanning

/// The plan treats a volume over a period as one constraint over its horizon (it sees ahead),
/// soft, with what it could not meet reported.
@Suite("Volumes over periods in a plan")
struct VolumePlanTests {
    /// Monthly steps, January–March 2001: k = days × 0.0864 Mm³ per m³/s.
    static let k = [31 * 0.0864, 28 * 0.0864, 31 * 0.0864]

    static func yaml(inflow: [Double], sanitaryMm3: Double) -> String {
        let monthly = (inflow + Array(repeating: 100, count: 12 - inflow.count)).map { String($0) }.joined(separator: ", ")
        return """
        timestepper: {start: 2001-01-01, end: 2001-03-31, step: monthly}
        nodes:
          - {name: river, kind: inflow, flow: [\(monthly)]}
          - {name: split, kind: confluence}
          - {name: d, kind: demand, priority: 1, maxFlow: 100}
          - {name: channel, kind: link}
          - {name: sea, kind: sink}
        edges: [[river, split], [split, d], [split, channel], [channel, sea]]
        policy:
          volumes:
            - {name: sanitary, nodes: [channel], period: {from: 01-01, to: 03-31}, min: \(sanitaryMm3), sanitary: true}
        """
    }

    @Test("Over the horizon: exactly the volume passes, and the demand gets all the rest")
    func horizonConstraint() throws {
        // Inflow 100, 10, 100 m³/s; the demand can take 100. The quarter must pass 200 Mm³.
        // The plan may pass it in any month: the channel carries 200 Mm³ in all and the demand
        // the rest of the quarter's 100 k₁ + 10 k₂ + 100 k₃ = 559.872 Mm³, i.e. 359.872 Mm³.
        let inflow = [100.0, 10, 100]
        let plan = try PlanFixture.planner(Self.yaml(inflow: inflow, sanitaryMm3: 200)).plan()
        let model = try PlanFixture.model(Self.yaml(inflow: inflow, sanitaryMm3: 200))
        let channel = try #require(model.element(named: "channel")?.node), d = try #require(model.element(named: "d")?.node)
        let total = zip(inflow, Self.k).reduce(0) { $0 + $1.0 * $1.1 }
        #expect(close(plan.volumeMm3(node: channel), 200, volumeTolerance))
        #expect(close(plan.volumeMm3(node: d), total - 200, volumeTolerance))
        let outcome = try #require(plan.volumeOutcomes.first)
        #expect(close(outcome.volume, 200, volumeTolerance))
        #expect(outcome.shortfall <= volumeTolerance)
    }

    @Test("A volume the river cannot carry is soft: the plan passes all it has and reports the rest short")
    func infeasibleIsSoftAndReported() throws {
        // 10 m³/s all quarter: 77.76 Mm³ against 100 owed; the sanitary volume outranks the
        // demand, so all of it goes down the channel, 22.24 short.
        let inflow = [10.0, 10, 10]
        let plan = try PlanFixture.planner(Self.yaml(inflow: inflow, sanitaryMm3: 100)).plan()
        let total = zip(inflow, Self.k).reduce(0) { $0 + $1.0 * $1.1 }
        let outcome = try #require(plan.volumeOutcomes.first)
        #expect(close(outcome.volume, total, volumeTolerance))
        #expect(close(outcome.shortfall, 100 - total, volumeTolerance))
    }
}
