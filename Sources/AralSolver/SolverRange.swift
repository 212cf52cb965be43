/// The numbers an LP backend can compute with. CLP reads a bound at or past ±1e30 as infinite
/// (so a minimum there is an infinite one, which trips its assertions or crashes it) and
/// asserts costs below 1e25 in magnitude; 1e20 leaves room for its arithmetic. Input reaches
/// them (an inflow of 1e300 in a CSV, `storageValue: 1e30`, a Pywr cost of -1e30), so the
/// binding, the engine and the planner refuse the same values with this one rule, each
/// naming what it knows (an LP column, a node at a step, a node's key path).
public enum SolverRange {
    public static let infinity = 1e30
    public static let largestCost = 1e20

    /// Bounds no solution can meet in a backend's arithmetic: a lower bound at its +infinity
    /// or an upper bound at its −infinity.
    @inline(__always)
    public static func boundsBeyond(lower: Double, upper: Double) -> Bool { lower >= infinity || upper <= -infinity }

    @inline(__always)
    public static func costBeyond(_ cost: Double) -> Bool { !(abs(cost) < largestCost) }

    /// The explanation each refusal appends.
    public static let boundsReason = "beyond what the LP solver can represent: a minimum at or above 1e30 is infinite to it"
    public static let costReason = "beyond what the LP solver can represent: costs stay below 1e20 in magnitude"
}
