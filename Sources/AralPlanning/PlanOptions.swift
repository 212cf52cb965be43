/// Knobs of the planner that do not belong in the model file.
public struct PlanOptions: Sendable {
    /// Each level's optimum is kept by the next levels to within this relative tolerance
    /// (`objective ≤ optimum + tolerance·max(1, |optimum|)`), so solver noise cannot make a
    /// later level infeasible.
    public var levelTolerance = 1e-7
    /// The successive LP stops when the plan's energy changes by less than this fraction.
    public var energyConvergence = 0.001
    /// Upper limit of successive-LP iterations per evaporation pass.
    public var maxIterations = 25
    /// Evaporation depends on the volumes too; it is updated between passes (each pass
    /// re-solves every level), at most this many times.
    public var maxEvaporationPasses = 2
    /// Evaporation counts as converged when no reservoir's step value moves by more than this (Mm³).
    public var evaporationTolerance = 0.5
    /// Keep at least the initial volume in every reservoir at the end of the horizon
    /// (soft: a second level minimises the shortfall when inflows cannot refill them).
    public var terminalStorage = true
    /// A hard minimum counts as met when its total shortfall is below this (Mm³).
    public var shortfallTolerance = 1e-6
    /// Level 2 holds each entitlement per season (`SeasonEntitlements`: one common fraction in
    /// every season first, then the growing season, then the non-growing) instead of one over
    /// the horizon. Off by default: measured on the shipped Amu Darya (docs/planning.md,
    /// "Per season") it does not make the exchange and costs the downstream states growing-season
    /// water in the median year, so it is not the policy yet; a model-file key would be.
    public var seasonalEntitlements = false

    public init() {}
}
