public import AralSolver
import CClpShim

/// `LPSolver` over COIN-OR CLP's dual simplex, through the `CClpShim` C++ shim.
///
/// Why CLP's C++ API and not its C interface: step LPs are tiny and rarely pivot, so the cost
/// of a solve is set-up, not pivoting. Keeping CLP's work arrays and factorization between
/// calls (`ClpSimplex::dual(0, 7)`) makes a solve several times cheaper than `Clp_dual`.
/// After `load`, bound and cost changes go through CLP's own setters and the next `solve`
/// starts from the previous basis; the result equals a cold solve of the same LP (tested on
/// random LP sequences). A warm solve that does not end optimal is re-done from a slack
/// basis before its status is reported, so a non-optimal status is never a warm-start artifact.
/// For the planner's large LPs: `reload` carries the basis from one LP to the next (primal
/// simplex from it), and a cold solve of a large LP is presolved (`presolveRowThreshold`).
///
/// Not `Sendable` and not thread-safe: use one solver per worker. Results (`primal`,
/// `rowActivity`, `rowDuals`) point straight into CLP's arrays, without a copy, and are valid
/// until the next mutating call.
public final class ClpSolver: LPSolver {
    public let features: SolverFeatures = [.warmStart, .duals, .mps, .basisCarryOver]

    private let handle: OpaquePointer
    private var columns = 0
    private var rows = 0
    private var lastStatus: SolveStatus = .unknown(-1)

    /// Creates an empty solver with logging and scaling off (scaling gains nothing on the
    /// small, well-scaled step LPs and costs time; see `setScaling`). `usesFastPath: false`
    /// for diagnosis (`aral run --no-fast-path`): every solve then runs CLP's simplex.
    public init(usesFastPath: Bool = true) {
        guard let handle = aral_clp_create() else {
            // Only a failed C++ allocation gets here — the same condition on which Swift's own
            // allocator traps; no input can cause it.
            preconditionFailure("ClpSolver: out of memory creating ClpSimplex")
        }
        self.handle = handle
        // Property observers do not run in an initializer: hand the setting to the shim here.
        self.usesFastPath = usesFastPath
        aral_clp_set_fast_path(handle, usesFastPath ? 1 : 0)
        aral_clp_set_presolve_rows(handle, Int32(clamping: presolveRowThreshold))
    }

    deinit {
        aral_clp_free(handle)
    }

    public func load(_ program: LinearProgram) throws {
        try install(program, keepingBasis: false)
    }

    /// Checks `program`, hands it to CLP (with or without the current basis) and resets the
    /// Swift-side state.
    private func install(_ program: LinearProgram, keepingBasis: Bool) throws {
        if let problem = ClpSolver.structuralProblem(in: program) {
            throw LPSolverError.loadFailed(problem)
        }
        let status = ClpSolver.loadInto(handle, program, keepingBasis: keepingBasis)
        guard status == 0 else {
            throw LPSolverError.loadFailed(String(cString: aral_clp_last_error(handle)))
        }
        columns = program.columnCount
        rows = program.rowCount
        lastStatus = .unknown(-1)
        // Names only matter for MPS files; they are handed to CLP when one is written, so
        // loading (once per ensemble member) does not pay for copying hundreds of strings.
        pendingNames = (program.rowNames, program.columnNames)
    }

    /// Loads `program` in place of the current LP and starts the next solve from the current
    /// basis (columns and rows matched by index; new rows with their slack basic), with CLP's
    /// primal simplex. For a sequence of related LPs — the planner's levels each add a row and
    /// change the objective, its successive-LP iterations change coefficients and bounds — a
    /// solve then takes hundreds to a few thousand pivots instead of ~50,000. The answer is that
    /// of a fresh `load` and `solve` of `program` (tested on random LP sequences); only where
    /// the simplex starts differs. Before any solve this is `load`.
    public func reload(_ program: LinearProgram) throws {
        try install(program, keepingBasis: true)
    }

    /// A solve from scratch (after `load`, no basis yet) of an LP with at least this many rows
    /// goes through CLP's presolve and `initialSolve` instead of the dual simplex from a slack
    /// basis: on a one-year daily plan LP (42,000 rows) 0.1 s instead of 5 s. Below it — the
    /// simulation's step LPs, a few hundred rows, solved cold once and then warm — presolve
    /// would only add set-up. `Int.max` turns it off.
    public var presolveRowThreshold = 5_000 {
        didSet { aral_clp_set_presolve_rows(handle, Int32(clamping: presolveRowThreshold)) }
    }

    /// Row and column names of the loaded program, not yet given to CLP.
    private var pendingNames: (rows: [String], columns: [String])?

    private func applyNames() throws {
        guard let names = pendingNames else { return }
        let named = withCStringArray(names.rows) { rowNames in
            withCStringArray(names.columns) { columnNames in
                aral_clp_set_names(handle, rowNames, columnNames)
            }
        }
        guard named == 0 else {
            throw LPSolverError.writeFailed(path: "", reason: "names: " + String(cString: aral_clp_last_error(handle)))
        }
        pendingNames = nil
    }

    public func setColumnBounds(_ column: Int, lower: Double, upper: Double) {
        precondition(column >= 0 && column < columns, "column \(column) out of range 0..<\(columns)")
        aral_clp_set_column_bounds(handle, Int32(truncatingIfNeeded: column), lower, upper)
    }

    public func setRowBounds(_ row: Int, lower: Double, upper: Double) {
        precondition(row >= 0 && row < rows, "row \(row) out of range 0..<\(rows)")
        aral_clp_set_row_bounds(handle, Int32(truncatingIfNeeded: row), lower, upper)
    }

    public func setObjectiveCoefficient(_ column: Int, _ value: Double) {
        precondition(column >= 0 && column < columns, "column \(column) out of range 0..<\(columns)")
        aral_clp_set_objective_coefficient(handle, Int32(truncatingIfNeeded: column), value)
    }

    /// Replaces every column's bounds in one call across the C boundary; for engines that
    /// recompute all bounds each step anyway. Both arrays must have `columnCount` entries.
    public func setAllColumnBounds(lower: [Double], upper: [Double]) {
        precondition(lower.count == columns && upper.count == columns, "need \(columns) bounds")
        aral_clp_set_all_column_bounds(handle, lower, upper)
    }

    /// Replaces every row's bounds in one call. Both arrays must have `rowCount` entries.
    public func setAllRowBounds(lower: [Double], upper: [Double]) {
        precondition(lower.count == rows && upper.count == rows, "need \(rows) bounds")
        aral_clp_set_all_row_bounds(handle, lower, upper)
    }

    /// Replaces the whole objective in one call. `objective` must have `columnCount` entries.
    public func setObjective(_ objective: [Double]) {
        precondition(objective.count == columns, "need \(columns) costs")
        aral_clp_set_all_objective(handle, objective)
    }

    /// CLP scaling mode (0 off — the default —, 1 equilibrium, 2 geometric, 3 automatic).
    /// Badly scaled LPs (e.g. mixing m³/s with Mm³ and MWh without care) may want 3.
    /// The next solve is a cold start.
    public func setScaling(_ mode: Int32) {
        aral_clp_set_scaling(handle, mode)
    }

    public func solve() -> SolveStatus {
        let status = ClpSolver.map(aral_clp_solve(handle))
        lastStatus = status
        return status
    }

    /// Solves from a slack basis with fresh work arrays, ignoring any warm-start state.
    /// For diagnosis (and tests): the answer should equal `solve()`'s.
    public func solveCold() -> SolveStatus {
        let status = ClpSolver.map(aral_clp_solve_cold(handle))
        lastStatus = status
        return status
    }

    /// Status of the last solve (`.unknown(-1)` before any).
    public var status: SolveStatus { lastStatus }

    public var objectiveValue: Double { aral_clp_objective_value(handle) }

    public var primal: UnsafeBufferPointer<Double> {
        UnsafeBufferPointer(start: aral_clp_primal(handle), count: columns)
    }

    public var rowActivity: UnsafeBufferPointer<Double> {
        UnsafeBufferPointer(start: aral_clp_row_activity(handle), count: rows)
    }

    public var rowDuals: UnsafeBufferPointer<Double> {
        UnsafeBufferPointer(start: aral_clp_row_duals(handle), count: rows)
    }

    /// Column reduced costs of the last solve (CLP's array, no copy).
    public var reducedCosts: UnsafeBufferPointer<Double> {
        UnsafeBufferPointer(start: aral_clp_reduced_costs(handle), count: columns)
    }

    public var iterationCount: Int { Int(aral_clp_iterations(handle)) }

    /// CLP's secondary status of the last solve (why it stopped; see `ClpModel::secondaryStatus`).
    public var secondaryStatus: Int32 { aral_clp_secondary_status(handle) }

    /// Whether a solve first checks if the previous optimal basis is still optimal after the
    /// changes (on by default). Most steps of a simulation only move a few bounds, and then
    /// the new solution follows from the old one along a few columns of B⁻¹A without running
    /// the simplex at all; otherwise CLP's warm dual simplex runs as usual. Off gives plain
    /// `ClpSimplex::dual` on every solve — the bare-loop benchmark's reference.
    public var usesFastPath = true {
        didSet { aral_clp_set_fast_path(handle, usesFastPath ? 1 : 0) }
    }

    /// How many solves the fast path answered without running the simplex.
    public var fastSolveCount: Int { Int(aral_clp_fast_solves(handle)) }

    /// Why the fast path handed solves to CLP since this solver was made (`aral-bench engine`
    /// prints them; counting changes no answer).
    public var fastPathDeclines: FastPathDeclines {
        func count(_ reason: Int) -> Int { Int(aral_clp_fast_declines(handle, Int32(reason))) }
        return FastPathDeclines(streak: count(Int(ARAL_CLP_DECLINE_STREAK)), unsupported: count(Int(ARAL_CLP_DECLINE_UNSUPPORTED)),
                                reducedCost: count(Int(ARAL_CLP_DECLINE_REDUCED_COST)),
                                basicColumn: count(Int(ARAL_CLP_DECLINE_BASIC_COLUMN)), basicRow: count(Int(ARAL_CLP_DECLINE_BASIC_ROW)),
                                zeroPivotSolves: count(Int(ARAL_CLP_DECLINE_ZERO_PIVOT_SOLVES)))
    }

    /// How many solves that did not start from a slack basis (warm, from a basis carried by
    /// `reload`, or presolved) ended non-optimal and were re-done cold; a health counter.
    public var coldRetryCount: Int { Int(aral_clp_cold_retries(handle)) }

    public func writeMPS(to path: String) throws {
        try applyNames()
        let status = path.withCString { aral_clp_write_mps(handle, $0) }
        guard status == 0 else {
            throw LPSolverError.writeFailed(path: path, reason: String(cString: aral_clp_last_error(handle)))
        }
    }

    // MARK: - Shared with ClpBareLoop

    /// Maps CLP's `problemStatus()` (and the shim's exception code) to `SolveStatus`.
    static func map(_ code: Int32) -> SolveStatus {
        switch code {
        case 0: return .optimal
        case 1: return .primalInfeasible
        case 2: return .dualInfeasible
        case 3: return .iterationLimit
        case 4, 5: return .stopped
        default: return .unknown(code)
        }
    }

    /// Why `program` cannot be handed to CLP, or nil if it can. Checked in Swift because the
    /// shim trusts its arrays (a wrong count would read out of bounds).
    static func structuralProblem(in program: LinearProgram) -> String? {
        let n = program.columnCount, m = program.rowCount
        guard n <= Int(Int32.max), m <= Int(Int32.max), program.nonzeroCount <= Int(Int32.max) else {
            return "too large for CLP's 32-bit indices"
        }
        guard program.columnUpper.count == n, program.objective.count == n else {
            return "columnLower/columnUpper/objective have \(n)/\(program.columnUpper.count)/\(program.objective.count) entries"
        }
        guard program.rowUpper.count == m else {
            return "rowLower/rowUpper have \(m)/\(program.rowUpper.count) entries"
        }
        guard program.columnNames.isEmpty || program.columnNames.count == n else {
            return "\(program.columnNames.count) column names for \(n) columns"
        }
        guard program.rowNames.isEmpty || program.rowNames.count == m else {
            return "\(program.rowNames.count) row names for \(m) rows"
        }
        guard program.columnStarts.count == n + 1, program.columnStarts.first == 0 else {
            return "columnStarts must have \(n + 1) entries starting at 0"
        }
        guard program.rowIndices.count == program.elements.count,
              Int(program.columnStarts[n]) == program.elements.count
        else {
            return "columnStarts ends at \(program.columnStarts[n]) but there are \(program.rowIndices.count) row indices and \(program.elements.count) elements"
        }
        for j in 0..<n where program.columnStarts[j] > program.columnStarts[j + 1] {
            return "columnStarts decreases at column \(j)"
        }
        for (k, row) in program.rowIndices.enumerated() where row < 0 || Int(row) >= m {
            return "row index \(row) at nonzero \(k) is out of range 0..<\(m)"
        }
        for (k, value) in program.elements.enumerated() where !value.isFinite {
            return "coefficient at nonzero \(k) is not finite"
        }
        for j in 0..<n where program.columnLower[j].isNaN || program.columnUpper[j].isNaN || !program.objective[j].isFinite {
            return "column \(j) has a NaN bound or a non-finite cost"
        }
        for i in 0..<m where program.rowLower[i].isNaN || program.rowUpper[i].isNaN {
            return "row \(i) has a NaN bound"
        }
        // What CLP cannot compute with (it asserts, or crashes): `SolverRange`.
        func name(_ names: [String], _ k: Int, _ what: String) -> String { k < names.count ? "'\(names[k])'" : "\(what) \(k)" }
        for j in 0..<n where SolverRange.boundsBeyond(lower: program.columnLower[j], upper: program.columnUpper[j]) {
            return "\(name(program.columnNames, j, "column")) has bounds [\(program.columnLower[j]), \(program.columnUpper[j])] (\(SolverRange.boundsReason))"
        }
        for j in 0..<n where SolverRange.costBeyond(program.objective[j]) {
            return "\(name(program.columnNames, j, "column")) has cost \(program.objective[j]) (\(SolverRange.costReason))"
        }
        for i in 0..<m where SolverRange.boundsBeyond(lower: program.rowLower[i], upper: program.rowUpper[i]) {
            return "\(name(program.rowNames, i, "row")) has bounds [\(program.rowLower[i]), \(program.rowUpper[i])] (\(SolverRange.boundsReason))"
        }
        return nil
    }

    /// Loads a checked `program` into a shim handle; returns the shim's status.
    /// With `keepingBasis`, the shim's `aral_clp_reload` (the next solve starts from the old basis).
    static func loadInto(_ handle: OpaquePointer, _ program: LinearProgram, keepingBasis: Bool = false) -> Int32 {
        let load = keepingBasis ? aral_clp_reload : aral_clp_load
        return program.columnStarts.withUnsafeBufferPointer { starts in
            program.rowIndices.withUnsafeBufferPointer { indices in
                program.elements.withUnsafeBufferPointer { elements in
                    load(
                        handle, Int32(program.columnCount), Int32(program.rowCount),
                        starts.baseAddress, indices.baseAddress, elements.baseAddress,
                        program.columnLower, program.columnUpper, program.objective,
                        program.rowLower, program.rowUpper)
                }
            }
        }
    }
}

/// Calls `body` with a C array of NUL-terminated copies of `strings` (NULL if `strings` is
/// empty, which tells the shim to generate names). One buffer holds all the bytes.
func withCStringArray<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> R) -> R {
    guard !strings.isEmpty else { return body(nil) }
    var bytes: [CChar] = []
    var offsets: [Int] = []
    offsets.reserveCapacity(strings.count)
    for string in strings {
        offsets.append(bytes.count)
        for unit in string.utf8 { bytes.append(CChar(bitPattern: unit == 0 ? UInt8(ascii: "_") : unit)) }
        bytes.append(0)
    }
    return bytes.withUnsafeBufferPointer { buffer in
        let pointers: [UnsafePointer<CChar>?] = offsets.map { offset in buffer.baseAddress.map { $0 + offset } }
        return pointers.withUnsafeBufferPointer { body($0.baseAddress) }
    }
}
