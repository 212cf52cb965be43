import Testing
import AralModel
import AralSchema
import AralSolver
import AralEngine
import AralClp

/// A solver that answers as CLP does, except that at one solve it reports one column's value
/// shifted by `shift`: an inconsistent solution, as a wrong formulation or a sloppy solve would
/// give. The engine must not trust the LP's own rows, so its mass-balance check has to catch it.
final class InconsistentSolver: LPSolver {
    let base = ClpSolver()
    let column: Int
    let shift: Double
    /// 0-based index of the solve whose answer is falsified.
    let atSolve: Int
    private var solves = 0
    /// The falsified copy of the solution, owned by this solver (freed in deinit).
    private var falsified = UnsafeMutableBufferPointer<Double>(start: nil, count: 0)
    private var shifted = false

    init(column: Int, shift: Double, atSolve: Int) {
        self.column = column
        self.shift = shift
        self.atSolve = atSolve
    }

    deinit { falsified.deallocate() }

    var features: SolverFeatures { base.features }
    func load(_ program: LinearProgram) throws { try base.load(program) }
    func setColumnBounds(_ column: Int, lower: Double, upper: Double) { base.setColumnBounds(column, lower: lower, upper: upper) }
    func setRowBounds(_ row: Int, lower: Double, upper: Double) { base.setRowBounds(row, lower: lower, upper: upper) }
    func setObjectiveCoefficient(_ column: Int, _ value: Double) { base.setObjectiveCoefficient(column, value) }

    func solve() -> SolveStatus {
        let status = base.solve()
        shifted = solves == atSolve
        solves += 1
        if shifted {
            falsified.deallocate()
            falsified = .allocate(capacity: base.primal.count)
            _ = falsified.initialize(from: base.primal)
            falsified[column] += shift
        }
        return status
    }

    var objectiveValue: Double { base.objectiveValue }
    var primal: UnsafeBufferPointer<Double> {
        shifted ? UnsafeBufferPointer(falsified) : base.primal
    }
    var rowActivity: UnsafeBufferPointer<Double> { base.rowActivity }
    var rowDuals: UnsafeBufferPointer<Double> { base.rowDuals }
    var iterationCount: Int { base.iterationCount }
    func writeMPS(to path: String) throws { try base.writeMPS(to: path) }
}

/// The per-node mass-balance check, made to fire: without these tests a check that accepted
/// everything would pass the suite, since every real run balances.
@Suite("Mass-balance check")
struct MassBalanceCheckTests {
    /// river (10 m³/s every day) → sea, five days. Node 0 is `river`, edge 0 is river → sea.
    static let yaml = """
    \(daily(5))
    nodes:
      - {name: river, kind: inflow, flow: 10}
      - {name: sea, kind: sink}
    edges: [[river, sea]]
    """

    static func simulate(shift: Double, atSolve: Int) throws -> (Simulation, Result<Void, SimulationError>) {
        let model = try compile(yaml)
        let edge = AllocationProblem(network: model.network).edgeColumn[0]
        let simulation = try Simulation(network: model.network,
                                        solver: InconsistentSolver(column: edge, shift: shift, atSolve: atSolve))
        let outcome = Result { () throws(SimulationError) in try simulation.run(recorders: [MemoryRecorder()]) }
        return (simulation, outcome)
    }

    @Test("An edge flow that does not match its nodes' flows stops the run at that step and node")
    func inconsistentSolutionThrows() throws {
        // Step 2 reports 11 m³/s on river → sea while the river node gives 10: at `river`
        // (an input node) the residual is flow − out = 10 − 11 = −1 on a scale of 11, far
        // above the 1e-6 relative tolerance.
        let (simulation, outcome) = try Self.simulate(shift: 1, atSolve: 2)
        guard case .failure(.massBalance(let step, _, let node, let residual, let scale)) = outcome else {
            Issue.record("expected a mass-balance error at step 2, got \(outcome)")
            return
        }
        #expect(step == 2)
        #expect(node == "river")
        #expect(close(residual, -1))
        #expect(close(scale, 11))
        #expect(simulation.stepsDone == 2, "steps 0 and 1 balance and are done; step 2 is not")
    }

    @Test("A residual below the tolerance passes and is reported as the worst residual")
    func residualBelowToleranceIsMeasured() throws {
        // 1e-8 m³/s on a flow of 10: relative residual 1e-8 / (10 + 1e-8) ≈ 1e-9 < 1e-6.
        let shift = 1e-8
        let (simulation, outcome) = try Self.simulate(shift: shift, atSolve: 3)
        if case .failure(let error) = outcome { Issue.record("a residual of 1e-9 must pass: \(error)") }
        #expect(simulation.stepsDone == 5)
        let expected = shift / (10 + shift)
        #expect(abs(simulation.worstMassBalanceResidual - expected) <= Self.residualTolerance * expected)
    }

    /// The measured residual is the difference of two numbers near 10, so it carries their
    /// rounding error (about 1e-15 absolute): compared to 1e-9 at 1e-4 relative.
    static let residualTolerance = 1e-4
}
