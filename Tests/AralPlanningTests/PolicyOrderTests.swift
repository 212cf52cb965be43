import Testing
import AralModel
import AralSchema
import AralPlanning

/// One order for run and plan: a node's soft minimum outranks the quota deliveries only when
/// the run would serve it first (its penalty ≥ every demand's benefit); a junior one — an
/// energy-mode release — waits until the demands are served, in the plan as in the run.
///
/// 50 m³/s for a demand of 40 (benefit 10, the only priority) and a link whose soft minimum is
/// 30 m³/s: together they ask 70.
@Suite("One policy, one order")
struct PolicyOrderTests {
    static func model(penalty: Double) -> String {
        """
        name: order
        timestepper: {start: 2001-06-01, end: 2001-06-30, step: monthly}
        parties: [{code: A, name: A}]
        nodes:
          - {name: river, kind: inflow, flow: 50}
          - {name: split, kind: confluence}
          - {name: fields, kind: demand, owner: A, priority: 1, maxFlow: 40}
          - {name: energy-mode, kind: link, minFlow: 30, minFlowPenalty: \(penalty)}
          - {name: sea, kind: sink}
        edges: [[river, split], [split, fields], [split, energy-mode], [energy-mode, sea]]
        """
    }

    func flows(penalty: Double) throws -> (fields: Double, energyMode: Double) {
        let planner = try PlanFixture.planner(Self.model(penalty: penalty))
        let plan = try planner.plan()
        let model = planner.inputs.model
        let fields = try #require(model.element(named: "fields")?.node)
        let link = try #require(model.element(named: "energy-mode")?.node)
        return (plan.flow(node: fields)[0], plan.flow(node: link)[0])
    }

    @Test("a junior minimum (penalty 5 < the demand's benefit 10) gets what the demand leaves: 10 of its 30")
    func juniorAfterDemands() throws {
        let f = try flows(penalty: 5)
        #expect(close(f.fields, 40, volumeTolerance))
        #expect(close(f.energyMode, 10, volumeTolerance))
    }

    @Test("a senior minimum (penalty 50 > 10) is served first: 30, the demand 20")
    func seniorFirst() throws {
        let f = try flows(penalty: 50)
        #expect(close(f.energyMode, 30, volumeTolerance))
        #expect(close(f.fields, 20, volumeTolerance))
    }

    @Test("a sink's minimum (the Aral, the deltas) stays senior in the plan: 30 to the sea first, the demand 20")
    func sinkStaysSenior() throws {
        // The sea's minimum ranks with priority 2 (benefit 10), below the fields' priority 1
        // (benefit 100); the plan still serves it at level 1, as before.
        let planner = try PlanFixture.planner("""
        name: order
        timestepper: {start: 2001-06-01, end: 2001-06-30, step: monthly}
        parties: [{code: A, name: A}]
        nodes:
          - {name: river, kind: inflow, flow: 50}
          - {name: split, kind: confluence}
          - {name: fields, kind: demand, owner: A, priority: 1, maxFlow: 40}
          - {name: sea, kind: sink, minFlow: 30, priority: 2}
        edges: [[river, split], [split, fields], [split, sea]]
        """)
        let plan = try planner.plan()
        let sea = try #require(planner.inputs.model.element(named: "sea")?.node)
        let fields = try #require(planner.inputs.model.element(named: "fields")?.node)
        #expect(close(plan.flow(node: sea)[0], 30, volumeTolerance))
        #expect(close(plan.flow(node: fields)[0], 20, volumeTolerance))
    }
}
