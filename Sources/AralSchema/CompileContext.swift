import AralModel

/// What the pieces of one `BasinCompiler.compile` share: the document, the network being
/// built, the problems found so far, and the name tables each piece fills for the next.
/// One explicit value passed `inout` from piece to piece instead of closures over locals,
/// so each piece says what it reads and writes.
struct CompileContext {
    let document: BasinDocument
    let steps: [TimeStep]
    let schedules: ScheduleContext
    var issues = IssueCollector()
    var net: Network

    // Settings (defaults filled in).
    var storageValue = BasinCompiler.defaultStorageValue
    var spillCost = BasinCompiler.defaultSpillCost
    var lowestPriorityBenefit = BasinCompiler.defaultLowestPriorityBenefit
    var priorityRatio = BasinCompiler.defaultPriorityRatio

    // Parties and names.
    var parties: [PartyDocument] = []
    var partyCodes = Set<String>()
    /// Document index of every node name (the first one when a name is repeated).
    var indexByName: [String: Int] = [:]

    // Priorities: distinct ranks, lowest priority (largest number) first.
    var orderedPriorities: [Int] = []
    var lowestDemandPriority = 1

    // What the nodes became.
    var elements: [BasinElement] = []
    /// Network node receiving each element's in-edges.
    var entry: [String: Int] = [:]
    /// Network node sending each element's out-edges.
    var exit: [String: Int] = [:]
    /// Demands that return part of their water, connected once every node exists.
    var pendingReturns: [(from: Int, to: String, path: String)] = []
    /// Demands whose return water arrives whole steps later, joined after the same-step returns.
    var pendingDelays: [BasinCompiler.PendingDelay] = []
    /// Hydropower plants, compiled after the reservoirs and links they sit on.
    var plants: [(index: Int, node: NodeDocument)] = []
    /// The policy and exchange sections, checked.
    var policy = BasinPolicy()

    init(document: BasinDocument, steps: [TimeStep], seriesSource: (any SeriesSource)?) {
        self.document = document
        self.steps = steps
        self.schedules = ScheduleContext(steps: steps, source: seriesSource)
        self.net = Network(name: document.name ?? "basin", steps: steps, units: .cumecsAndMm3)
    }

    /// The objective benefit of serving `priority`: `lowestPriorityBenefit × priorityRatio^rank`.
    func benefit(_ priority: Int) -> Double {
        let rank = orderedPriorities.firstIndex(of: priority) ?? 0
        var b = lowestPriorityBenefit
        for _ in 0..<rank { b *= priorityRatio }
        return b
    }

    /// A schedule turned into a value (a constant or a new parameter), checked at `path`.
    /// `finite`: a flow that must be carried (an inflow, a minimum), where a constant `.inf`
    /// means no limit to nothing: it validated, then stopped the run at step 0 (found from
    /// outside). Limits keep `.inf` for "no limit"; a finite value beyond the solver's range
    /// is refused by the engine and the plan at its step, as before.
    mutating func value(_ schedule: ScheduleDocument, path: String, label: String, nonNegative: Bool = true,
                        finite: Bool = false) -> ScheduledValue {
        if finite, case .constant(let v) = schedule, v == .infinity {
            add(path, "must be a finite flow; got \(v) (.inf means no limit, which a flow to be carried cannot be)")
            return .zero
        }
        return schedules.value(schedule, path: path, label: label, nonNegative: nonNegative, issues: &issues, net: &net)
    }

    mutating func add(_ path: String, _ message: String) { issues.add(path, message) }
}
