import Testing
import AralModel
import AralSchema
import AralPlanning

/// A plan proves its water closes as a run does: every node and step, from the solution's
/// values (found from outside: a plan checked nothing after solving).
@Suite("A plan's mass balance")
struct PlanMassBalanceTests {
    static let yaml = """
    timestepper: {start: 2001-01-01, end: 2001-06-30, step: monthly}
    nodes:
      - {name: river, kind: inflow, flow: {monthly: [50, 50, 80, 200, 300, 250, 120, 80, 60, 50, 50, 50]}}
      - {name: dam, kind: reservoir, maxVolume: 900, minVolume: 100, initialVolume: 400, maxRelease: 400}
      - {name: farm, kind: demand, priority: 1, maxFlow: 150, consumptiveFraction: 0.75, returnTo: sea, returnDelay: {steps: 1, initialFlow: 20}}
      - {name: canal, kind: link, capacity: 180, lossFraction: 0.1}
      - {name: city, kind: demand, priority: 2, maxFlow: 40}
      - {name: sea, kind: sink}
    edges: [[river, dam], [dam, farm], [dam, canal], [canal, city], [canal, sea]]
    """

    @Test("the solved plan closes; a flow or a volume moved by 1 is named at its node and step")
    func closesAndCatches() throws {
        let model = try PlanFixture.model(Self.yaml)
        let plan = try PlanFixture.planner(Self.yaml).plan()
        #expect(plan.worstMassBalanceResidual < 1e-9, "\(plan.worstMassBalanceResidual)")
        let net = model.network
        func check(flows: [[Double]] = plan.nodeFlows, volumes: [[Double]] = plan.volumes) throws(PlanError) -> Double {
            try PlanMassBalance.check(network: net, steps: plan.steps, nodeFlows: flows, edgeFlows: plan.edgeFlows,
                                      volumes: volumes, evaporation: plan.evaporation)
        }
        #expect(try check() == plan.worstMassBalanceResidual)

        let city = try #require(model.element(named: "city")?.node)
        var flows = plan.nodeFlows
        flows[3][city] += 1
        do { _ = try check(flows: flows); Issue.record("a city given 1 m³/s more than reached it passed") } catch {
            guard case .massBalance(let node, let step, _, _, _) = error else { Issue.record("\(error)"); return }
            #expect(node == "city" && step == 3)
            #expect(error.description.contains("mass balance does not close at 'city', step 3 (2001-04-01)"), "\(error)")
        }
        var volumes = plan.volumes
        volumes[2][0] += 1
        do { _ = try check(volumes: volumes); Issue.record("a reservoir 1 Mm³ fuller than its flows passed") } catch {
            guard case .massBalance(let node, let step, _, _, _) = error else { Issue.record("\(error)"); return }
            #expect(node == "dam" && step == 2)
        }
    }
}
