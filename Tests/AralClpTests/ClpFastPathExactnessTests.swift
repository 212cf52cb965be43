import Testing
import AralSolver
import AralClp

/// Issue 17 item 12: the basis-reuse fast path reports exactly what CLP reports.
@Suite("Fast path is exactly CLP")
struct ClpFastPathExactnessTests {
    /// maximise x subject to the row 1·x ∈ [3, 5], x ∈ [0, 10]: optimum x = 5 with the row
    /// nonbasic at its upper bound.
    func boxedRow() -> LinearProgram {
        var lp = LinearProgram()
        let row = lp.addRow(name: "r", lower: 3, upper: 5)
        lp.addColumn(name: "x", lower: 0, upper: 10, cost: -1, coefficients: [(row, 1)])
        return lp
    }

    @Test("A row set to [8, 7] is infeasible, as CLP reports it, not solved at 7")
    func emptyRowBoxIsInfeasible() throws {
        for fast in [true, false] {
            let solver = ClpSolver(usesFastPath: fast)
            try solver.load(boxedRow())
            #expect(solver.solve() == .optimal)
            #expect(abs(solver.primal[0] - 5) <= Tolerance.value)
            solver.setRowBounds(0, lower: 8, upper: 7)
            #expect(solver.solve() == .primalInfeasible, "fast path \(fast): activity \(solver.rowActivity[0])")
            // And back: the next feasible change is solved again.
            solver.setRowBounds(0, lower: 3, upper: 6)
            #expect(solver.solve() == .optimal)
            #expect(abs(solver.primal[0] - 6) <= Tolerance.value)
            if !fast { #expect(solver.fastSolveCount == 0) }
        }
    }

    /// A storage-like LP: volume v ∈ [0, U] plus spill s ≥ 0 equals what is available (the
    /// row's fixed right-hand side); keeping water is worth 1 per unit. U = 225,694.4 is
    /// 19,500 Mm³ in flow units of a daily step.
    func storage(available: Double) -> LinearProgram {
        var lp = LinearProgram()
        let row = lp.addRow(name: "continuity", lower: available, upper: available)
        lp.addColumn(name: "v", lower: 0, upper: 19500 / 0.0864, cost: -1, coefficients: [(row, 1)])
        lp.addColumn(name: "s", lower: 0, upper: .infinity, cost: 0, coefficients: [(row, 1)])
        return lp
    }

    @Test("A basic variable 2e-4 above a bound of 225,694 is infeasible to CLP (absolute 1e-7), so the fast path defers to it")
    func absolutePrimalTolerance() throws {
        let upper = 19500 / 0.0864
        let solver = ClpSolver()
        try solver.load(storage(available: upper - 1))
        #expect(solver.solve() == .optimal)
        #expect(abs(solver.primal[0] - (upper - 1)) <= Tolerance.value)
        // The volume is basic in the interior; now 2e-4 more arrives than fits.
        solver.setRowBounds(0, lower: upper + 2e-4, upper: upper + 2e-4)
        #expect(solver.solve() == .optimal)
        #expect(solver.primal[0] <= upper + 1e-7, "volume \(solver.primal[0] - upper) above its bound")
        #expect(abs(solver.primal[1] - 2e-4) <= 1e-7, "spill \(solver.primal[1])")
    }
}
