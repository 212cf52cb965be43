/// One change an engine makes to a loaded LP between solves.
///
/// The engine's step loop only ever changes bounds and costs (the matrix is fixed at `load`),
/// so a step is fully described by a list of these. Recording them lets a benchmark replay
/// exactly what the engine asked of the solver, without the engine around it, and so tell
/// solver time from engine time.
public enum LPChange: Sendable, Equatable {
    /// `setColumnBounds(column, lower:, upper:)`.
    case columnBounds(Int, Double, Double)
    /// `setRowBounds(row, lower:, upper:)` — a right-hand-side change.
    case rowBounds(Int, Double, Double)
    /// `setObjectiveCoefficient(column, value)`.
    case cost(Int, Double)
}

extension LPSolver {
    /// Applies one recorded change through the ordinary setters, so any backend can replay
    /// a recording (a backend-specific replay may be faster; see `ClpBareLoop`).
    public func apply(_ change: LPChange) {
        switch change {
        case .columnBounds(let column, let lower, let upper):
            setColumnBounds(column, lower: lower, upper: upper)
        case .rowBounds(let row, let lower, let upper):
            setRowBounds(row, lower: lower, upper: upper)
        case .cost(let column, let value):
            setObjectiveCoefficient(column, value)
        }
    }

    /// Applies recorded changes in order.
    public func apply(_ changes: some Sequence<LPChange>) {
        for change in changes { apply(change) }
    }
}
