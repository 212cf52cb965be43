/// The outcome of one solve, mapped from a backend's raw status code.
public enum SolveStatus: Sendable, Equatable {
    case optimal
    case primalInfeasible
    case dualInfeasible
    case iterationLimit
    case stopped
    /// A backend code this enum does not name; kept so nothing is lost in translation.
    case unknown(Int32)

    public var isOptimal: Bool { self == .optimal }
}

/// What a solver backend can do. The engine checks these before relying on a feature,
/// so another backend can be added later without the engine guessing.
public struct SolverFeatures: OptionSet, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    /// Keeps its basis (and factorization) between solves after bound/cost changes.
    public static let warmStart = SolverFeatures(rawValue: 1 << 0)
    /// Reports row duals (shadow prices).
    public static let duals = SolverFeatures(rawValue: 1 << 1)
    /// Writes the loaded problem as MPS.
    public static let mps = SolverFeatures(rawValue: 1 << 2)
    /// `reload` starts the next solve from the basis of the LP loaded before.
    public static let basisCarryOver = SolverFeatures(rawValue: 1 << 3)
}

/// A linear-programming backend that the engine talks to.
///
/// Life cycle: `load` the structure once, then per time step change bounds and costs and
/// call `solve`; results are read back through `primal`/`rowDuals`/`rowActivity` until the
/// next change. The matrix never changes after `load`; rebuild with another `load` (or
/// `reload`, which keeps the basis as the next solve's start).
///
/// An instance is not thread-safe: use one per worker (ensembles run one solver per task).
/// Indices are 0-based and must be in range; backends may trap on out-of-range indices,
/// since those are programming errors, not input errors.
public protocol LPSolver: AnyObject {
    var features: SolverFeatures { get }

    /// Replaces whatever was loaded with `program`.
    func load(_ program: LinearProgram) throws

    /// Replaces the loaded LP with `program`, a changed version of it (rows appended,
    /// objective, bounds or coefficients changed), and starts the next solve from the current
    /// basis where the backend can (`features.contains(.basisCarryOver)`).
    ///
    /// Why: a planner solves a sequence of large LPs that differ by a row or an objective
    /// (lexicographic levels, successive-LP iterations); from the previous optimal basis each
    /// takes a few hundred pivots instead of a full solve. Rows and columns are matched by
    /// index, so appending keeps the most. The optimum is that of `load` + `solve`; only the
    /// starting point differs. The default implementation is `load`.
    func reload(_ program: LinearProgram) throws

    func setColumnBounds(_ column: Int, lower: Double, upper: Double)
    func setRowBounds(_ row: Int, lower: Double, upper: Double)
    func setObjectiveCoefficient(_ column: Int, _ value: Double)

    /// Solves from the current basis (warm start where the backend supports it).
    func solve() -> SolveStatus

    /// Objective value of the last solve.
    var objectiveValue: Double { get }
    /// Column values of the last solve; valid until the next mutating call.
    var primal: UnsafeBufferPointer<Double> { get }
    /// Row activities (A·x) of the last solve.
    var rowActivity: UnsafeBufferPointer<Double> { get }
    /// Row duals of the last solve (sign convention: d(objective)/d(rhs) for minimization).
    var rowDuals: UnsafeBufferPointer<Double> { get }
    /// Simplex iterations of the last solve.
    var iterationCount: Int { get }

    /// Writes the currently loaded problem (with current bounds and costs) as MPS,
    /// using the row and column names given at `load`.
    func writeMPS(to path: String) throws
}

/// Errors a solver backend raises at load or write time.
public enum LPSolverError: Error, Sendable, CustomStringConvertible {
    case loadFailed(String)
    case writeFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case .loadFailed(let reason): return "could not load the LP: \(reason)"
        case .writeFailed(let path, let reason): return "could not write \(path): \(reason)"
        }
    }
}

extension LPSolver {
    /// A backend without basis carry-over loads the LP afresh.
    public func reload(_ program: LinearProgram) throws {
        try load(program)
    }
}
