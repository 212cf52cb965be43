public import AralModel

/// Turns a `BasinDocument` into a runnable `BasinModel`: checks every value, resolves names
/// into indices, and expands basin node kinds into the generic network.
///
/// A reservoir becomes a storage node whose water leaves through a `release` link (bounded
/// by the maximum release, through the turbines) and a `spill` link (unbounded, costs a
/// little), joined in an `outlet`. A demand becomes an output whose benefit depends on its
/// priority; with `returnTo`, it passes on `1 − consumptiveFraction` of what it receives.
///
/// Objective (per m³/s over a step): a demand of priority rank r from the lowest earns
/// `lowestPriorityBenefit × priorityRatio^r`, so a higher priority is always served first;
/// water kept in storage earns `storageValue` (below every demand); spills cost `spillCost`;
/// water lost on a link costs `lossCost` per m³/s lost. Without that cost the sink was not
/// worth reaching whole: water went down a lossy canal beside a lossless river, or round a
/// loop through a lossy link until it was gone (found from outside). It is far below every
/// other cost, so it only chooses between paths that are otherwise equal.
///
/// The compilation is one piece per concern, each in its own file (`BasinCompiler+Numbers`, `+Time`,
/// `+Parties`, `+Nodes`, `+Reservoir`, `+Edges`, `+Hydropower`, `+Checks`, `+Sharing`, `+Volumes`); what they share
/// travels in a `CompileContext`. Problems are collected, not thrown one at a time, so a
/// user fixes a model in one pass; their order is the order of these pieces.
public struct BasinCompiler {
    public var seriesSource: (any SeriesSource)?
    /// Refusals of absurd input (a timestepper of millions of steps, `maxSteps`), settable by
    /// a caller that takes models from strangers (the server).
    public var limits: InputLimits

    public init(seriesSource: (any SeriesSource)? = nil, limits: InputLimits = .standard) {
        self.seriesSource = seriesSource
        self.limits = limits
    }

    public static let defaultStorageValue = 1.0
    public static let defaultSpillCost = 0.1
    public static let lossCost = 0.01
    public static let defaultLowestPriorityBenefit = 10.0
    public static let defaultPriorityRatio = 10.0
    public static let defaultHydropowerEfficiency = 0.88

    public func compile(_ doc: BasinDocument) throws(ModelValidationError) -> BasinModel {
        // A timestepper problem does not stop the rest: with no steps, the series are still
        // opened and the names, edges and values checked, so one attempt reports every problem.
        var timeIssues = IssueCollector()
        let compiled = compileTime(doc.timestepper, issues: &timeIssues)
        let steps = timeIssues.issues.isEmpty ? compiled : []

        var c = CompileContext(document: doc, steps: steps, seriesSource: seriesSource, limits: limits)
        c.issues.issues.append(contentsOf: timeIssues.issues)
        checkNumbers(&c)
        compileSettings(&c)
        compileParties(&c)
        compileNames(&c)
        compilePriorities(&c)
        compileNodes(&c)
        compileEdges(&c)
        compileHydropower(&c)
        checkStructure(&c)
        compilePolicy(&c)
        compileVolumes(&c)
        compileSharing(&c)
        try c.reportedIssues.throwIfAny()
        return BasinModel(network: c.net, elements: c.elements, parties: c.parties, policy: c.policy, edges: doc.edges)
    }
}
