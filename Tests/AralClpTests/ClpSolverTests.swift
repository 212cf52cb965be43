import AralClp
import AralSolver
import Foundation
import Testing

@Suite("ClpSolver")
struct ClpSolverTests {
    @Test("hand-solvable production problem: optimum, activities and shadow prices")
    func productionOptimum() throws {
        let solver = ClpSolver()
        try solver.load(productionProblem())
        #expect(solver.solve() == .optimal)
        #expect(approximatelyEqual(solver.objectiveValue, -36, tolerance: Tolerance.objective))
        #expect(approximatelyEqual(solver.primal[0], 2, tolerance: Tolerance.value))
        #expect(approximatelyEqual(solver.primal[1], 6, tolerance: Tolerance.value))
        #expect(Array(solver.rowActivity).count == 3)
        let expectedActivity = [2.0, 12, 18]
        for (row, value) in expectedActivity.enumerated() {
            #expect(approximatelyEqual(solver.rowActivity[row], value, tolerance: Tolerance.value))
        }
        // Minimising −profit: one more hour at plant 2 lowers the objective by 1.5, at plant 3 by 1.
        let expectedDuals = [0.0, -1.5, -1]
        for (row, value) in expectedDuals.enumerated() {
            #expect(approximatelyEqual(solver.rowDuals[row], value, tolerance: Tolerance.value))
        }
        #expect(solver.features.contains([.warmStart, .duals, .mps]))
    }

    @Test("row duals are d(objective)/d(rhs): a finite-difference check")
    func dualsMatchFiniteDifference() throws {
        let solver = ClpSolver()
        try solver.load(productionProblem())
        #expect(solver.solve() == .optimal)
        let base = solver.objectiveValue
        let dual = solver.rowDuals[2]
        solver.setRowBounds(2, lower: -.infinity, upper: 18.5)
        #expect(solver.solve() == .optimal)
        #expect(approximatelyEqual((solver.objectiveValue - base) / 0.5, dual, tolerance: Tolerance.value))
    }

    @Test("infeasible LP is primalInfeasible, and the solver recovers after a fix")
    func infeasible() throws {
        var lp = LinearProgram()
        let r = lp.addRow(name: "need at least 5", lower: 5, upper: .infinity)
        lp.addColumn(name: "x", lower: 0, upper: 3, cost: 1, coefficients: [(r, 1)])
        let solver = ClpSolver()
        try solver.load(lp)
        #expect(solver.solve() == .primalInfeasible)
        solver.setColumnBounds(0, lower: 0, upper: 10)
        #expect(solver.solve() == .optimal)
        #expect(approximatelyEqual(solver.primal[0], 5, tolerance: Tolerance.value))
        solver.setRowBounds(0, lower: 20, upper: .infinity)
        #expect(solver.solve() == .primalInfeasible)
        solver.setRowBounds(0, lower: 7, upper: 7)
        #expect(solver.solve() == .optimal)
        #expect(approximatelyEqual(solver.objectiveValue, 7, tolerance: Tolerance.objective))
    }

    @Test("unbounded LP is dualInfeasible, and the solver recovers after a fix")
    func unbounded() throws {
        var lp = LinearProgram()
        let r = lp.addRow(name: "x minus y at most 1", lower: -.infinity, upper: 1)
        lp.addColumn(name: "x", lower: 0, upper: .infinity, cost: -1, coefficients: [(r, 1)])
        lp.addColumn(name: "y", lower: 0, upper: .infinity, cost: 0, coefficients: [(r, -1)])
        let solver = ClpSolver()
        try solver.load(lp)
        #expect(solver.solve() == .dualInfeasible)
        solver.setColumnBounds(1, lower: 0, upper: 4)
        #expect(solver.solve() == .optimal)
        #expect(approximatelyEqual(solver.objectiveValue, -5, tolerance: Tolerance.objective))
    }

    @Test("solving twice without changes gives the same answer and no pivots")
    func solveTwice() throws {
        let solver = ClpSolver()
        try solver.load(productionProblem())
        #expect(solver.solve() == .optimal)
        let first = Array(solver.primal)
        #expect(solver.solve() == .optimal)
        #expect(solver.iterationCount == 0)
        #expect(Array(solver.primal) == first)
    }

    @Test("an LP with no rows, and an empty LP, solve")
    func degenerateShapes() throws {
        var lp = LinearProgram()
        lp.addColumn(name: "x", lower: 1, upper: 2, cost: 1, coefficients: [])
        let solver = ClpSolver()
        try solver.load(lp)
        #expect(solver.solve() == .optimal)
        #expect(approximatelyEqual(solver.primal[0], 1, tolerance: Tolerance.value))
        try solver.load(LinearProgram())
        #expect(solver.solve() == .optimal)
        #expect(solver.primal.isEmpty)
    }

    @Test("malformed programs are rejected at load, not passed to C")
    func malformed() {
        let solver = ClpSolver()
        var wrongCounts = productionProblem()
        wrongCounts.objective.removeLast()
        #expect(throws: LPSolverError.self) { try solver.load(wrongCounts) }
        var badIndex = productionProblem()
        badIndex.rowIndices[0] = 99
        #expect(throws: LPSolverError.self) { try solver.load(badIndex) }
        var badStarts = productionProblem()
        badStarts.columnStarts = [0]
        #expect(throws: LPSolverError.self) { try solver.load(badStarts) }
        var badNames = productionProblem()
        badNames.rowNames = ["only one"]
        #expect(throws: LPSolverError.self) { try solver.load(badNames) }
        var nanCoefficient = productionProblem()
        nanCoefficient.elements[0] = .nan
        #expect(throws: LPSolverError.self) { try solver.load(nanCoefficient) }
    }

    @Test("reloading replaces the problem and its basis")
    func reload() throws {
        let solver = ClpSolver()
        var rng = SplitMix64(seed: 7)
        let random = RandomFeasibleLP(columns: 12, rows: 8, density: 0.4, using: &rng)
        try solver.load(random.program)
        #expect(solver.solve() == .optimal)
        try solver.load(productionProblem())
        #expect(solver.solve() == .optimal)
        #expect(approximatelyEqual(solver.objectiveValue, -36, tolerance: Tolerance.objective))
        #expect(solver.primal.count == 2)
        #expect(solver.rowDuals.count == 3)
    }
}

@Suite("ClpSolver warm start")
struct ClpWarmStartTests {
    /// Compares a warm solver's last answer with a fresh solver's answer on the same LP.
    func expectSameAnswer(_ warm: ClpSolver, _ program: LinearProgram, context: String) throws {
        let fresh = ClpSolver()
        try fresh.load(program)
        let freshStatus = fresh.solve()
        #expect(freshStatus == .optimal, "fresh solve not optimal: \(context)")
        #expect(warm.status == freshStatus, "status differs: \(context)")
        guard warm.status == .optimal, freshStatus == .optimal else { return }
        #expect(approximatelyEqual(warm.objectiveValue, fresh.objectiveValue, tolerance: Tolerance.objective),
                "objective \(warm.objectiveValue) vs \(fresh.objectiveValue): \(context)")
        for j in 0..<program.columnCount {
            #expect(approximatelyEqual(warm.primal[j], fresh.primal[j], tolerance: Tolerance.value),
                    "column \(j): \(warm.primal[j]) vs \(fresh.primal[j]): \(context)")
        }
        for i in 0..<program.rowCount {
            #expect(approximatelyEqual(warm.rowActivity[i], fresh.rowActivity[i], tolerance: Tolerance.value),
                    "row \(i) activity: \(context)")
        }
        // Random LPs are often dual-degenerate (more equality rows than columns, empty rows),
        // where many duals are optimal; so check that the warm duals are *an* optimal dual
        // solution, by complementary slackness against the (unique) primal.
        let violations = dualViolations(warm, program)
        #expect(violations.isEmpty, "warm duals not optimal: \(violations): \(context)")
    }

    /// Where `solver`'s row duals break the optimality conditions of the minimisation
    /// `program` at `solver.primal`: a row strictly inside its bounds has dual 0, a row at
    /// its lower bound a dual ≥ 0, at its upper bound ≤ 0; and the reduced costs
    /// c − Aᵀy, computed here, have the same signs with respect to the column bounds.
    func dualViolations(_ solver: ClpSolver, _ program: LinearProgram) -> [String] {
        let tolerance = Tolerance.value
        var violations: [String] = []
        func check(_ what: String, value: Double, sign: Double, lower: Double, upper: Double) {
            let scale = tolerance * max(1, abs(lower), abs(upper))
            let atLower = value <= lower + scale
            let atUpper = value >= upper - scale
            if atLower && atUpper { return }  // fixed or equality: any sign
            if atLower && sign < -tolerance { violations.append("\(what) at lower with \(sign)") }
            if atUpper && sign > tolerance { violations.append("\(what) at upper with \(sign)") }
            if !atLower && !atUpper && abs(sign) > tolerance { violations.append("\(what) inside with \(sign)") }
        }
        for i in 0..<program.rowCount {
            check("row \(i)", value: solver.rowActivity[i], sign: solver.rowDuals[i],
                  lower: program.rowLower[i], upper: program.rowUpper[i])
        }
        for j in 0..<program.columnCount {
            var reducedCost = program.objective[j]
            for (i, a) in program.column(j) { reducedCost -= a * solver.rowDuals[i] }
            check("column \(j)", value: solver.primal[j], sign: reducedCost,
                  lower: program.columnLower[j], upper: program.columnUpper[j])
        }
        return violations
    }

    @Test("after bound, rhs and cost changes, warm solves equal fresh solves (200 random LPs)")
    func warmEqualsCold() throws {
        var rng = SplitMix64(seed: 2024)
        for lpIndex in 0..<200 {
            let columns = Int.random(in: 3...40, using: &rng)
            let rows = Int.random(in: 2...25, using: &rng)
            var random = RandomFeasibleLP(columns: columns, rows: rows, density: 0.25, using: &rng)
            let warm = ClpSolver()
            try warm.load(random.program)
            #expect(warm.solve() == .optimal)
            #expect(warm.solve() == .optimal)
            try expectSameAnswer(warm, random.program, context: "LP \(lpIndex), solved twice")
            for step in 0..<8 {
                let changes = (0..<Int.random(in: 1...6, using: &rng)).map { _ in random.randomChange(using: &rng) }
                warm.apply(changes)
                _ = warm.solve()
                try expectSameAnswer(warm, random.program, context: "LP \(lpIndex) step \(step) \(changes)")
            }
            #expect(warm.coldRetryCount == 0)
        }
    }

    /// Solves `lps` random LPs through `steps` rounds of `changes` with the fast path on,
    /// checking every answer against a fresh solve; returns (solves, solves the fast path took).
    func fastPathRounds(seed: UInt64, lps: Int, steps: Int, columns: ClosedRange<Int>, rows: ClosedRange<Int>,
                        changes: (inout RandomFeasibleLP, inout SplitMix64) -> [LPChange]) throws -> (solves: Int, fast: Int) {
        var rng = SplitMix64(seed: seed)
        var solves = 0, fast = 0
        for lpIndex in 0..<lps {
            var random = RandomFeasibleLP(columns: Int.random(in: columns, using: &rng), rows: Int.random(in: rows, using: &rng),
                                          density: 0.3, using: &rng)
            let solver = ClpSolver()
            try solver.load(random.program)
            #expect(solver.solve() == .optimal)
            for step in 0..<steps {
                let round = changes(&random, &rng)
                let before = solver.fastSolveCount
                solver.apply(round)
                _ = solver.solve()
                solves += 1
                if solver.fastSolveCount > before {
                    fast += 1
                    #expect(solver.iterationCount == 0)
                }
                try expectSameAnswer(solver, random.program, context: "LP \(lpIndex) step \(step), \(round.count) changes: \(round)")
            }
        }
        return (solves, fast)
    }

    /// Moves column `j`'s box a little, keeping the anchor inside (so the LP stays feasible).
    func nudgeColumn(_ j: Int, by size: Double, _ random: inout RandomFeasibleLP, _ rng: inout SplitMix64) -> LPChange {
        let x = random.anchor[j]
        let lo = min(random.program.columnLower[j] + Double.random(in: -size...size, using: &rng), x)
        let up = max(random.program.columnUpper[j] + Double.random(in: -size...size, using: &rng), x)
        random.program.columnLower[j] = lo
        random.program.columnUpper[j] = up
        return .columnBounds(j, lo, up)
    }

    @Test("the basis-reuse fast path answers small moves, and its answers equal fresh solves")
    func fastPathEqualsFresh() throws {
        // Like a daily step: a few boxes and right-hand sides move, now and then a cost.
        let (solves, fast) = try fastPathRounds(seed: 77, lps: 60, steps: 30, columns: 5...40, rows: 3...20) { random, rng in
            (0..<Int.random(in: 1...3, using: &rng)).map { _ in
                switch Int.random(in: 0..<10, using: &rng) {
                case 0..<5:
                    return nudgeColumn(Int.random(in: 0..<random.program.columnCount, using: &rng), by: 0.2, &random, &rng)
                case 5..<9:
                    let i = Int.random(in: 0..<random.program.rowCount, using: &rng)
                    let (lo, up) = random.randomRowBounds(i, using: &rng)
                    random.program.rowLower[i] = lo
                    random.program.rowUpper[i] = up
                    return .rowBounds(i, lo, up)
                default:
                    let j = Int.random(in: 0..<random.program.columnCount, using: &rng)
                    random.program.objective[j] += Double.random(in: -0.3...0.3, using: &rng)
                    return .cost(j, random.program.objective[j])
                }
            }
        }
        // The path must actually be taken, or this test would prove nothing about it.
        #expect(fast > solves / 5, "only \(fast) of \(solves) solves took the fast path")
    }

    @Test("many small moves per step (one FTRAN of the whole right-hand side) also equal fresh solves")
    func fastPathManyMoves() throws {
        // Like a monthly step: a third of the boxes move a little, and a few costs (basic or not).
        let (solves, fast) = try fastPathRounds(seed: 91, lps: 40, steps: 25, columns: 20...50, rows: 8...20) { random, rng in
            var round: [LPChange] = []
            for j in 0..<random.program.columnCount where Int.random(in: 0..<3, using: &rng) == 0 {
                round.append(nudgeColumn(j, by: 0.05, &random, &rng))
            }
            for _ in 0..<Int.random(in: 0...2, using: &rng) {
                let j = Int.random(in: 0..<random.program.columnCount, using: &rng)
                random.program.objective[j] *= 1 + Double.random(in: -0.02...0.02, using: &rng)
                round.append(.cost(j, random.program.objective[j]))
            }
            return round
        }
        #expect(fast > solves / 10, "only \(fast) of \(solves) solves took the fast path")
    }

    @Test("with the fast path off, every solve runs CLP and the answers are the same")
    func fastPathOff() throws {
        var rng = SplitMix64(seed: 78)
        var random = RandomFeasibleLP(columns: 30, rows: 15, density: 0.3, using: &rng)
        let on = ClpSolver(), off = ClpSolver()
        off.usesFastPath = false
        try on.load(random.program)
        try off.load(random.program)
        for _ in 0..<40 {
            let i = Int.random(in: 0..<random.program.rowCount, using: &rng)
            let (lo, up) = random.randomRowBounds(i, using: &rng)
            random.program.rowLower[i] = lo
            random.program.rowUpper[i] = up
            on.apply([.rowBounds(i, lo, up)])
            off.apply([.rowBounds(i, lo, up)])
            #expect(on.solve() == off.solve())
            #expect(approximatelyEqual(on.objectiveValue, off.objectiveValue, tolerance: Tolerance.objective))
        }
        #expect(off.fastSolveCount == 0)
        #expect(on.fastSolveCount > 0)
    }

    @Test("batch setters equal one-by-one setters")
    func batchSetters() throws {
        var rng = SplitMix64(seed: 99)
        var random = RandomFeasibleLP(columns: 20, rows: 12, density: 0.3, using: &rng)
        let warm = ClpSolver()
        try warm.load(random.program)
        #expect(warm.solve() == .optimal)
        for _ in 0..<30 { _ = random.randomChange(using: &rng) }
        warm.setAllColumnBounds(lower: random.program.columnLower, upper: random.program.columnUpper)
        warm.setAllRowBounds(lower: random.program.rowLower, upper: random.program.rowUpper)
        warm.setObjective(random.program.objective)
        #expect(warm.solve() == .optimal)
        try expectSameAnswer(warm, random.program, context: "batch")
    }

    @Test("with scaling on, warm solves still equal fresh solves")
    func scaledWarmStart() throws {
        var rng = SplitMix64(seed: 5)
        for _ in 0..<20 {
            var random = RandomFeasibleLP(columns: 15, rows: 10, density: 0.3, using: &rng)
            let warm = ClpSolver()
            warm.setScaling(3)
            try warm.load(random.program)
            #expect(warm.solve() == .optimal)
            for step in 0..<5 {
                warm.apply((0..<3).map { _ in random.randomChange(using: &rng) })
                _ = warm.solve()
                try expectSameAnswer(warm, random.program, context: "scaled step \(step)")
            }
        }
    }

    @Test("solveCold agrees with solve")
    func coldAgrees() throws {
        var rng = SplitMix64(seed: 11)
        var random = RandomFeasibleLP(columns: 25, rows: 15, density: 0.3, using: &rng)
        let solver = ClpSolver()
        try solver.load(random.program)
        #expect(solver.solve() == .optimal)
        solver.apply((0..<5).map { _ in random.randomChange(using: &rng) })
        #expect(solver.solve() == .optimal)
        let warmObjective = solver.objectiveValue
        #expect(solver.solveCold() == .optimal)
        #expect(approximatelyEqual(solver.objectiveValue, warmObjective, tolerance: Tolerance.objective))
    }
}

@Suite("ClpSolver MPS")
struct ClpMPSTests {
    func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory
            .appendingPathComponent("aral-clp-\(ProcessInfo.processInfo.processIdentifier)-\(name).mps").path
    }

    @Test("MPS keeps row and column names (blanks replaced) and current bounds")
    func namesKept() throws {
        let solver = ClpSolver()
        try solver.load(productionProblem())
        solver.setColumnBounds(0, lower: 0, upper: 3.25)
        let path = temporaryPath("names")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try solver.writeMPS(to: path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        for name in ["plant_1_hours", "plant_2_hours", "plant_3_hours", "doors", "windows"] {
            #expect(text.contains(name), "missing \(name)")
        }
        #expect(!text.contains("plant 1"))
        #expect(text.contains("3.25"))
    }

    @Test("odd names — spaces, tabs, unicode, empty, duplicates — do not crash")
    func oddNames() throws {
        var lp = LinearProgram()
        let a = lp.addRow(name: "Amu Darya → Aral", lower: 0, upper: 10)
        let b = lp.addRow(name: "", lower: 0, upper: 10)
        let c = lp.addRow(name: "dup", lower: -.infinity, upper: 10)
        let d = lp.addRow(name: "dup", lower: -.infinity, upper: 10)
        lp.addColumn(name: "Nurek\treservoir release", lower: 0, upper: 5, cost: -1, coefficients: [(a, 1), (c, 1)])
        lp.addColumn(name: "Тоҳтағул $ (m³/s)", lower: 0, upper: 5, cost: -2, coefficients: [(b, 1), (d, 1)])
        lp.addColumn(name: String(repeating: "very long name ", count: 20), lower: 0, upper: 1, cost: 1,
                     coefficients: [(a, 1)])
        lp.addColumn(name: String(repeating: "very long name ", count: 20) + "2", lower: 0, upper: 1, cost: 1,
                     coefficients: [(b, 1)])
        lp.addColumn(name: "nul\u{0}inside", lower: 0, upper: 1, cost: 1, coefficients: [(b, 1)])
        let solver = ClpSolver()
        try solver.load(lp)
        #expect(solver.solve() == .optimal)
        let path = temporaryPath("odd")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try solver.writeMPS(to: path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("Amu_Darya_→_Aral"))
        #expect(text.contains("Nurek_reservoir_release"))
        #expect(text.contains("R1"))
        #expect(text.contains("dup#2"))
        #expect(text.contains("very_long_name_very"))
        for line in text.split(separator: "\n") {
            #expect(!line.contains("\t"))
            // CoinMpsIO crashes on names over 100 bytes; the shim truncates them.
            for token in line.split(separator: " ") {
                #expect(token.utf8.count <= 64, "token too long: \(token)")
            }
        }
    }

    @Test("names may be omitted")
    func noNames() throws {
        var lp = productionProblem()
        lp.rowNames = []
        lp.columnNames = []
        let solver = ClpSolver()
        try solver.load(lp)
        let path = temporaryPath("unnamed")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try solver.writeMPS(to: path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("C0") && text.contains("R2"))
    }

    @Test("writing to an impossible path throws")
    func badPath() throws {
        let solver = ClpSolver()
        try solver.load(productionProblem())
        #expect(throws: LPSolverError.self) {
            try solver.writeMPS(to: "/nonexistent-dir-aral/x/y.mps")
        }
    }
}
