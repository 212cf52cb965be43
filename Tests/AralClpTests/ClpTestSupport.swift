import AralSolver

/// Tolerances shared by the CLP tests.
enum Tolerance {
    /// Objective values and hand-computed optima (CLP's default feasibility tolerance is 1e-7).
    static let objective = 1e-6
    /// Column values, row activities and duals compared between two solves.
    static let value = 1e-5
}

/// A small deterministic generator (SplitMix64) so random tests are reproducible.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

func approximatelyEqual(_ a: Double, _ b: Double, tolerance: Double) -> Bool {
    abs(a - b) <= tolerance * max(1, abs(a), abs(b))
}

/// The classic two-product problem (Hillier & Lieberman's Wyndor Glass), as a minimisation:
///
///     maximise 3x + 5y  s.t.  x ≤ 4,  2y ≤ 12,  3x + 2y ≤ 18,  x, y ≥ 0
///
/// Optimum x = 2, y = 6, profit 36; shadow prices 0, 1.5, 1 (per unit of each capacity).
func productionProblem() -> LinearProgram {
    var lp = LinearProgram()
    let plant1 = lp.addRow(name: "plant 1 hours", lower: -.infinity, upper: 4)
    let plant2 = lp.addRow(name: "plant 2 hours", lower: -.infinity, upper: 12)
    let plant3 = lp.addRow(name: "plant 3 hours", lower: -.infinity, upper: 18)
    lp.addColumn(name: "doors", lower: 0, upper: .infinity, cost: -3,
                 coefficients: [(plant1, 1), (plant3, 3)])
    lp.addColumn(name: "windows", lower: 0, upper: .infinity, cost: -5,
                 coefficients: [(plant2, 2), (plant3, 2)])
    return lp
}

/// A random LP that is feasible and bounded by construction: every column has a finite box,
/// and every row's bounds contain the activity of a hidden point `anchor` inside the boxes.
/// Changes keep that invariant, so every LP in a sequence stays feasible.
struct RandomFeasibleLP {
    var program: LinearProgram
    var anchor: [Double]

    init(columns: Int, rows: Int, density: Double, using rng: inout SplitMix64) {
        var lp = LinearProgram()
        for i in 0..<rows { lp.addRow(name: "r\(i)", lower: 0, upper: 0) }
        var anchor: [Double] = []
        for j in 0..<columns {
            var coefficients: [(row: Int, value: Double)] = []
            for i in 0..<rows where Double.random(in: 0..<1, using: &rng) < density {
                coefficients.append((i, Double.random(in: -3...3, using: &rng)))
            }
            let lower = Double.random(in: 0..<1, using: &rng) < 0.7 ? 0 : Double.random(in: -5...5, using: &rng)
            let upper = lower + Double.random(in: 0.5...20, using: &rng)
            lp.addColumn(name: "c\(j)", lower: lower, upper: upper,
                         cost: Double.random(in: -10...10, using: &rng), coefficients: coefficients)
            anchor.append(Double.random(in: lower...upper, using: &rng))
        }
        self.program = lp
        self.anchor = anchor
        for i in 0..<rows {
            let (lower, upper) = randomRowBounds(i, using: &rng)
            program.rowLower[i] = lower
            program.rowUpper[i] = upper
        }
    }

    func activity(ofRow row: Int) -> Double {
        var sum = 0.0
        for j in 0..<program.columnCount {
            for (i, value) in program.column(j) where i == row { sum += value * anchor[j] }
        }
        return sum
    }

    /// Bounds containing the anchor's activity: an equality, a one-sided or a ranged row.
    func randomRowBounds(_ row: Int, using rng: inout SplitMix64) -> (Double, Double) {
        let a = activity(ofRow: row)
        switch Int.random(in: 0..<4, using: &rng) {
        case 0: return (a, a)
        case 1: return (-.infinity, a + Double.random(in: 0...5, using: &rng))
        case 2: return (a - Double.random(in: 0...5, using: &rng), .infinity)
        default: return (a - Double.random(in: 0...5, using: &rng), a + Double.random(in: 0...5, using: &rng))
        }
    }

    /// A random change that keeps the LP feasible; applied to `program` and returned.
    mutating func randomChange(using rng: inout SplitMix64) -> LPChange {
        switch Int.random(in: 0..<3, using: &rng) {
        case 0:
            let j = Int.random(in: 0..<program.columnCount, using: &rng)
            let x = anchor[j]
            // Strictly around the anchor: bounds through it would make the LP degenerate,
            // and a degenerate optimum has many valid dual solutions.
            let lower = x - Double.random(in: 0.1...10, using: &rng)
            let upper = x + Double.random(in: 0.1...10, using: &rng)
            program.columnLower[j] = lower
            program.columnUpper[j] = upper
            return .columnBounds(j, lower, upper)
        case 1:
            let i = Int.random(in: 0..<program.rowCount, using: &rng)
            let (lower, upper) = randomRowBounds(i, using: &rng)
            program.rowLower[i] = lower
            program.rowUpper[i] = upper
            return .rowBounds(i, lower, upper)
        default:
            let j = Int.random(in: 0..<program.columnCount, using: &rng)
            let cost = Double.random(in: -10...10, using: &rng)
            program.objective[j] = cost
            return .cost(j, cost)
        }
    }
}

/// A network-shaped step LP like the engine builds: `rows` nodes with mass balance, `columns`
/// arcs each leaving one node and entering another, finite capacities, and a few inflows and
/// demands set per step by bound changes.
func networkLP(columns: Int, rows: Int, using rng: inout SplitMix64) -> LinearProgram {
    var lp = LinearProgram()
    for i in 0..<rows { lp.addRow(name: "node \(i) balance", lower: -5, upper: 5) }
    for j in 0..<columns {
        let from = j < rows - 1 ? j : Int.random(in: 0..<rows - 1, using: &rng)
        let to = j < rows - 1 ? j + 1 : Int.random(in: (from + 1)..<rows, using: &rng)
        lp.addColumn(name: "arc \(j) (\(from)→\(to))", lower: 0, upper: Double.random(in: 10...50, using: &rng),
                     cost: Double.random(in: -5...5, using: &rng), coefficients: [(from, -1), (to, 1)])
    }
    return lp
}
