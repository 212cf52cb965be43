import Testing
import AralModel
import AralEngine
import AralClp
import AralSolver

/// Numbers CLP cannot take crashed it (SIGSEGV on an inflow of 1e300 in a CSV, assertions on
/// `storageValue: 1e30`, a minimum flow of 1e30, a Pywr cost of -1e30): found by running
/// users' mistakes from outside. The run stops at the step with the node named; the planner's
/// LP is refused before CLP sees it.
@Suite("Numbers beyond the LP solver's range")
struct BeyondSolverRangeTests {
    /// river (fixed inflow `inflow` from step `from`) → town (demand, cost `cost`, minimum
    /// `minimum`) and the sea.
    func network(inflow: Double = 10, from: Int = 0, cost: Double = -1, minimum: Double = 0) -> Network {
        let steps = (0..<4).map { TimeStep(index: $0, date: CivilDate(year: 2000, month: 1, day: 1 + $0), days: 1) }
        var net = Network(name: "huge", steps: steps, units: .cumecsAndMm3)
        let flow = net.addParameter(StepSeriesParameter(label: "inflow", values: (0..<4).map { $0 >= from ? inflow : 10 }))
        let river = net.addNode(Node(name: "river", kind: .input, role: .inflow, minFlow: flow, maxFlow: flow))
        let town = net.addNode(Node(name: "town", kind: .output, role: .demand(owner: nil, priority: 1),
                                    minFlow: .constant(minimum), maxFlow: .constant(6), cost: .constant(cost)))
        let sea = net.addNode(Node(name: "sea", kind: .output, role: .sink))
        net.connect(river, town)
        net.connect(river, sea)
        return net
    }

    func refusal(_ net: Network) throws -> (step: Int, node: String, detail: String)? {
        let simulation = try Simulation(network: net, solver: ClpSolver())
        do {
            try simulation.run(recorders: [])
            return nil
        } catch .badBounds(let step, _, let node, let detail) {
            return (step, node, detail)
        } catch {
            Issue.record("expected badBounds, got \(error)")
            return nil
        }
    }

    @Test("an inflow of 1e300 from step 2 stops the run at step 2, naming the node")
    func hugeInflow() throws {
        let r = try #require(try refusal(network(inflow: 1e300, from: 2)))
        #expect(r.step == 2 && r.node == "river", "\(r)")
        #expect(r.detail.contains("its flow") && r.detail.contains("1e+300"), "\(r.detail)")
    }

    @Test("a cost of -1e30 is refused, naming the node")
    func hugeCost() throws {
        let r = try #require(try refusal(network(cost: -1e30)))
        #expect(r.step == 0 && r.node == "town" && r.detail.contains("cost -1e+30"), "\(r)")
    }

    @Test("a minimum flow of 1e30 is refused")
    func hugeMinimum() throws {
        let r = try #require(try refusal(network(minimum: 1e30)))
        #expect(r.node == "town", "\(r)")
    }

    @Test("values just inside the range still run: an inflow of 1e20 spills to the sea")
    func largeButRepresentable() throws {
        let simulation = try Simulation(network: network(inflow: 1e20), solver: ClpSolver())
        let recorder = MemoryRecorder()
        try simulation.run(recorders: [recorder])
        #expect(recorder.steps.count == 4)
        #expect(recorder.flow(step: 0, node: 1) == 6)
    }

    @Test("the LP binding refuses such a program before CLP loads it")
    func bindingRefuses() {
        var lp = LinearProgram()
        _ = lp.addColumn(name: "x[river]", lower: 1e30, upper: 1e30, cost: 0, coefficients: [])
        #expect(throws: (any Error).self) { try ClpSolver().load(lp) }
        var costly = LinearProgram()
        _ = costly.addColumn(name: "x[town]", lower: 0, upper: 1, cost: -1e30, coefficients: [])
        do {
            try ClpSolver().load(costly)
            Issue.record("a cost of -1e30 was loaded")
        } catch {
            #expect("\(error)".contains("'x[town]' has cost -1e+30"), "\(error)")
        }
    }
}
