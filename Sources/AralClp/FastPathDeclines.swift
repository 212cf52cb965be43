/// Why the basis-reuse fast path handed solves to CLP's simplex, counted by the shim
/// (`ClpSolver.fastPathDeclines`). The first four are reasons; `zeroPivotSolves` counts the
/// warm solves CLP then ran that needed no pivot after all (declines that cost a CLP call
/// without a basis change).
public struct FastPathDeclines: Sendable, Equatable {
    /// 64 fast answers in a row: CLP re-solves so rounding in the in-place updates cannot build up.
    public var streak: Int
    /// A changed variable the path cannot follow (free, superbasic, open box with a fixed
    /// status, infinite or empty bounds).
    public var unsupported: Int
    /// A nonbasic reduced cost took the wrong sign after cost changes.
    public var reducedCost: Int
    /// A basic column or row activity left its bounds: the optimal basis changes (real pivots).
    public var basicColumn: Int
    public var basicRow: Int
    /// Warm CLP solves after a decline that ended without a pivot.
    public var zeroPivotSolves: Int

    /// Every decline (the solves the fast path handed to CLP after trying).
    public var total: Int { streak + unsupported + reducedCost + basicColumn + basicRow }
}
