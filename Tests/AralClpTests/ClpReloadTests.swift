import AralClp
import AralSolver
import Testing

/// `ClpSolver.reload` (the next solve starts from the previous LP's basis) and presolved cold
/// starts: whatever changed between two LPs, the answer must be a fresh solve's.
@Suite("ClpSolver reload")
struct ClpReloadTests {
    /// The warm-start suite's comparison with a fresh solve (objective, primal, activities, duals).
    let compare = ClpWarmStartTests()

    /// `program` with its matrix given as (row, column, value) triples, rebuilt column-wise;
    /// lets a test append rows over existing columns and change coefficients.
    func rebuilt(_ program: LinearProgram, entries: [(row: Int, column: Int, value: Double)]) -> LinearProgram {
        var result = program
        var byColumn = [[(row: Int, value: Double)]](repeating: [], count: program.columnCount)
        for e in entries where e.value != 0 { byColumn[e.column].append((e.row, e.value)) }
        result.columnStarts = [0]
        result.rowIndices = []
        result.elements = []
        for column in byColumn {
            for (row, value) in column.sorted(by: { $0.row < $1.row }) {
                result.rowIndices.append(Int32(row))
                result.elements.append(value)
            }
            result.columnStarts.append(Int32(result.elements.count))
        }
        return result
    }

    func entries(_ program: LinearProgram) -> [(row: Int, column: Int, value: Double)] {
        (0..<program.columnCount).flatMap { j in program.column(j).map { (row: $0.row, column: j, value: $0.value) } }
    }

    /// One random change of the kinds a planner makes between two LPs, keeping the anchor
    /// feasible: rows appended (a level's optimum kept), a new objective, coefficients changed
    /// (a successive-LP linearisation), the last rows dropped, a column added, boxes moved.
    func randomEdit(_ random: inout RandomFeasibleLP, using rng: inout SplitMix64) -> String {
        var triples = entries(random.program)
        switch Int.random(in: 0..<6, using: &rng) {
        case 0:
            let count = Int.random(in: 1...3, using: &rng)
            for _ in 0..<count {
                let row = random.program.addRow(name: "added \(random.program.rowCount)", lower: 0, upper: 0)
                for j in 0..<random.program.columnCount where Double.random(in: 0..<1, using: &rng) < 0.4 {
                    triples.append((row, j, Double.random(in: -3...3, using: &rng)))
                }
            }
            random.program = rebuilt(random.program, entries: triples)
            for i in (random.program.rowCount - count)..<random.program.rowCount {
                (random.program.rowLower[i], random.program.rowUpper[i]) = random.randomRowBounds(i, using: &rng)
            }
            return "\(count) rows added"
        case 1:
            random.program.objective = random.program.objective.map { _ in Double.random(in: -10...10, using: &rng) }
            return "new objective"
        case 2:
            guard !triples.isEmpty else { return "nothing" }
            var rows = Set<Int>()
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                let k = Int.random(in: 0..<triples.count, using: &rng)
                triples[k].value *= Double.random(in: 0.5...1.5, using: &rng)
                rows.insert(triples[k].row)
            }
            random.program = rebuilt(random.program, entries: triples)
            for i in rows { (random.program.rowLower[i], random.program.rowUpper[i]) = random.randomRowBounds(i, using: &rng) }
            return "coefficients changed in rows \(rows.sorted())"
        case 3:
            let keep = max(1, random.program.rowCount - Int.random(in: 1...3, using: &rng))
            random.program.rowLower.removeLast(random.program.rowCount - keep)
            random.program.rowUpper.removeLast(random.program.rowUpper.count - keep)
            random.program.rowNames.removeLast(random.program.rowNames.count - keep)
            random.program = rebuilt(random.program, entries: triples.filter { $0.row < keep })
            return "rows dropped down to \(keep)"
        case 4:
            let coefficients = (0..<random.program.rowCount).compactMap { i in
                Double.random(in: 0..<1, using: &rng) < 0.3 ? (row: i, value: Double.random(in: -3...3, using: &rng)) : nil
            }
            // Anchor value 0 inside the box: the rows' bounds still hold the anchor's activity.
            random.program.addColumn(name: "added \(random.program.columnCount)", lower: 0,
                                     upper: Double.random(in: 1...10, using: &rng),
                                     cost: Double.random(in: -10...10, using: &rng), coefficients: coefficients)
            random.anchor.append(0)
            return "column added"
        default:
            let changes = (0..<Int.random(in: 1...6, using: &rng)).map { _ in random.randomChange(using: &rng) }
            return "\(changes)"
        }
    }

    @Test("after rows, objectives, coefficients, columns and bounds change, a reload solves like a fresh load (150 random LPs)")
    func reloadEqualsFresh() throws {
        var rng = SplitMix64(seed: 4242)
        var retries = 0
        for lpIndex in 0..<150 {
            var random = RandomFeasibleLP(columns: Int.random(in: 3...40, using: &rng), rows: Int.random(in: 2...25, using: &rng),
                                          density: 0.25, using: &rng)
            let solver = ClpSolver()
            if lpIndex % 3 == 0 { solver.setScaling(3) }  // as the planner's solver
            try solver.load(random.program)
            #expect(solver.solve() == .optimal)
            for step in 0..<8 {
                let edits = (0..<Int.random(in: 1...3, using: &rng)).map { _ in randomEdit(&random, using: &rng) }
                try solver.reload(random.program)
                _ = solver.solve()
                try compare.expectSameAnswer(solver, random.program, context: "LP \(lpIndex) step \(step): \(edits)")
                // Bound changes on the reloaded LP are ordinary warm solves again.
                solver.apply((0..<2).map { _ in random.randomChange(using: &rng) })
                _ = solver.solve()
                try compare.expectSameAnswer(solver, random.program, context: "LP \(lpIndex) step \(step) then changes")
            }
            retries += solver.coldRetryCount
        }
        // Only a feasible LP is ever reloaded here, so the carried basis never needs rescue.
        #expect(retries == 0)
    }

    @Test("a lexicographic sequence (keep each optimum as a row, change the objective) takes far fewer pivots reloaded")
    func levelsAreCheaperReloaded() throws {
        var rng = SplitMix64(seed: 31)
        var random = RandomFeasibleLP(columns: 300, rows: 150, density: 0.05, using: &rng)
        let solver = ClpSolver()
        try solver.load(random.program)
        #expect(solver.solve() == .optimal)
        var warmIterations = 0, coldIterations = 0
        for level in 0..<6 {
            // Keep the last optimum: objective ≤ z* + tolerance, as the planner's levels do.
            let optimum = solver.objectiveValue
            var triples = entries(random.program)
            let row = random.program.addRow(name: "level \(level)", lower: -.infinity, upper: optimum + 1e-7 * max(1, abs(optimum)))
            for (j, c) in random.program.objective.enumerated() where c != 0 { triples.append((row, j, c)) }
            random.program = rebuilt(random.program, entries: triples)
            random.program.objective = random.program.objective.map { _ in Double.random(in: -10...10, using: &rng) }
            try solver.reload(random.program)
            #expect(solver.solve() == .optimal)
            warmIterations += solver.iterationCount
            try compare.expectSameAnswer(solver, random.program, context: "level \(level)")
            let fresh = ClpSolver()
            try fresh.load(random.program)
            #expect(fresh.solve() == .optimal)
            coldIterations += fresh.iterationCount
        }
        #expect(warmIterations * 2 < coldIterations, "reloaded \(warmIterations) pivots, fresh \(coldIterations)")
    }

    @Test("reload before any solve is a load; an infeasible reload is reported and the next recovers")
    func reloadEdgeCases() throws {
        let solver = ClpSolver()
        try solver.reload(productionProblem())
        #expect(solver.solve() == .optimal)
        #expect(approximatelyEqual(solver.objectiveValue, -36, tolerance: Tolerance.objective))
        var infeasible = productionProblem()
        infeasible.rowLower[0] = 5  // doors ≥ 5 and doors ≤ 4
        infeasible.columnUpper[0] = 4
        try solver.reload(infeasible)
        #expect(solver.solve() == .primalInfeasible)
        try solver.reload(productionProblem())
        #expect(solver.solve() == .optimal)
        #expect(approximatelyEqual(solver.objectiveValue, -36, tolerance: Tolerance.objective))
        var malformed = productionProblem()
        malformed.rowIndices[0] = 99
        #expect(throws: LPSolverError.self) { try solver.reload(malformed) }
        #expect(solver.features.contains(.basisCarryOver))
    }

    @Test("a presolved cold start equals the dual simplex's, and warm solves (fast path included) follow it")
    func presolvedColdStart() throws {
        var rng = SplitMix64(seed: 606)
        for lpIndex in 0..<30 {
            var random = RandomFeasibleLP(columns: Int.random(in: 20...60, using: &rng), rows: Int.random(in: 10...30, using: &rng),
                                          density: 0.2, using: &rng)
            let solver = ClpSolver()
            solver.presolveRowThreshold = 1  // every cold start presolved
            try solver.load(random.program)
            #expect(solver.solve() == .optimal)
            try compare.expectSameAnswer(solver, random.program, context: "LP \(lpIndex) presolved")
            for step in 0..<6 {
                solver.apply((0..<3).map { _ in random.randomChange(using: &rng) })
                _ = solver.solve()
                try compare.expectSameAnswer(solver, random.program, context: "LP \(lpIndex) step \(step) after presolve")
            }
            #expect(solver.coldRetryCount == 0)
        }
    }
}
