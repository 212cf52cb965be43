import Testing
import AralModel
import AralEngine
import AralClp

/// A parameter that evaluates to NaN (a Pywr interpolation outside its table, a bad series
/// cell) must stop the run with the step and the node, never reach CLP.
@Suite("NaN from a parameter")
struct NotANumberTests {
    /// NaN from the given step on, `good` before.
    struct NaNFrom: Parameter {
        var step: Int
        var good: Double
        var label: String { "NaN from step \(step)" }
        func value(in context: ParameterContext) -> Double { context.step.index >= step ? .nan : good }
    }

    func network(maxFlow nanStep: Int? = nil, cost costStep: Int? = nil) -> Network {
        let steps = (0..<5).map { TimeStep(index: $0, date: CivilDate(year: 2000, month: 1, day: 1 + $0), days: 1) }
        var net = Network(name: "nan", steps: steps, units: .cumecsAndMm3)
        let inflow = net.addNode(Node(name: "river", kind: .input, role: .inflow, minFlow: .constant(10), maxFlow: .constant(10)))
        let demandMax = nanStep.map { net.addParameter(NaNFrom(step: $0, good: 6)) } ?? .constant(6)
        let demandCost = costStep.map { net.addParameter(NaNFrom(step: $0, good: -1)) } ?? .constant(-1)
        let demand = net.addNode(Node(name: "town", kind: .output, role: .demand(owner: nil, priority: 1),
                                      maxFlow: demandMax, cost: demandCost))
        let sink = net.addNode(Node(name: "sea", kind: .output, role: .sink))
        net.connect(inflow, demand)
        net.connect(inflow, sink)
        return net
    }

    @Test("a NaN maximum flow is reported with its step and node")
    func nanMaximum() throws {
        let simulation = try Simulation(network: network(maxFlow: 3), solver: ClpSolver())
        let recorder = MemoryRecorder()
        #expect {
            try simulation.run(recorders: [recorder])
        } throws: { error in
            guard case SimulationError.badBounds(let step, _, let node, let detail) = error else { return false }
            return step == 3 && node == "town" && detail.contains("maximum flow is not a number")
        }
        #expect(recorder.steps.count == 3)
        #expect(recorder.flow(step: 2, node: 1) == 6)
    }

    @Test("a NaN cost is reported too")
    func nanCost() throws {
        let simulation = try Simulation(network: network(cost: 0), solver: ClpSolver())
        #expect {
            try simulation.run(recorders: [])
        } throws: { error in
            guard case SimulationError.badBounds(let step, _, let node, let detail) = error else { return false }
            return step == 0 && node == "town" && detail.contains("cost is not a number")
        }
    }
}
