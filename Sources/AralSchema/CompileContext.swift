import AralModel

/// What the pieces of one `BasinCompiler.compile` share: the document, the network being
/// built, the problems found so far, and the name tables each piece fills for the next.
/// One explicit value passed `inout` from piece to piece instead of closures over locals,
/// so each piece says what it reads and writes.
struct CompileContext {
    let document: BasinDocument
    let steps: [TimeStep]
    let schedules: ScheduleContext
    let limits: InputLimits
    var issues = IssueCollector()
    var net: Network
    /// Key paths already refused as not finite (`checkNumbers`): a later check of the same value
    /// ("must be > 0; got nan") would only repeat it.
    var nonFinitePaths = Set<String>()

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

    init(document: BasinDocument, steps: [TimeStep], seriesSource: (any SeriesSource)?, limits: InputLimits = .standard) {
        self.document = document
        self.steps = steps
        self.limits = limits
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
    /// outside), and every value, constant or not, is at most `limits.maxMagnitude` (an inflow
    /// of 1e308 validated and stopped the run at step 0). Limits keep `.inf` and any constant
    /// for "no limit"; their profiles and series stay below the solver's range.
    mutating func value(_ schedule: ScheduleDocument, path: String, label: String, nonNegative: Bool = true,
                        finite: Bool = false) -> ScheduledValue {
        if finite, case .constant(let v) = schedule, v == .infinity {
            add(path, "must be a finite flow; got \(v) (.inf means no limit, which a flow to be carried cannot be)")
            return .zero
        }
        return schedules.value(schedule, path: path, label: label, nonNegative: nonNegative,
                               atMost: finite ? limits.maxMagnitude : nil, issues: &issues, net: &net)
    }

    /// A volume (Mm³) read from the document, refused past `limits.maxMagnitude`; true when it is
    /// within it (a NaN is reported by `checkNumbers`, once).
    @discardableResult
    mutating func checkMagnitude(_ value: Double?, path: String, unit: String = "Mm³") -> Bool {
        guard let value, value.isFinite, abs(value) > limits.maxMagnitude else { return true }
        add(path, ScheduleContext.beyondBoundMessage(value, bound: limits.maxMagnitude, unit: unit))
        return false
    }

    /// `value` at every step (a constant at each), or nil when it cannot be told before a run.
    func stepValues(_ value: ScheduledValue) -> [Double]? {
        switch value {
        case .constant(let v): return Array(repeating: v, count: max(1, steps.count))
        case .parameter(let i):
            guard i < net.parameters.count else { return nil }
            let parameter = net.parameters[i]
            return steps.map { step in
                parameter.value(in: ParameterContext(step: step, scenario: [], volumes: [], virtualVolumes: [],
                                                     previousFlows: [], values: []))
            }
        }
    }

    /// A hard minimum above the maximum at some step stops the run there ("minimum flow … is
    /// above maximum flow"); refused here at the minimum's key path, naming the first such step,
    /// so `aral validate` refuses it too. A soft minimum (with a penalty) may exceed the maximum.
    mutating func checkMinimumNotAboveMaximum(_ node: Node, minPath: String, maxKey: String) {
        guard node.minFlowPenalty == nil, let lows = stepValues(node.minFlow), let highs = stepValues(node.maxFlow) else { return }
        for (k, (lo, hi)) in zip(lows, highs).enumerated() where lo > hi {
            let when = k < steps.count && !(node.minFlow.constantValue != nil && node.maxFlow.constantValue != nil)
                ? " at \(steps[k].date)" : ""
            add(minPath, "\(shortNumber(lo)) is above \(maxKey) \(shortNumber(hi))\(when): the minimum cannot be met without passing the maximum")
            return
        }
    }

    mutating func add(_ path: String, _ message: String) { issues.add(path, message) }

    /// The issues, with only the first at each path refused as not finite.
    var reportedIssues: IssueCollector {
        var seen = Set<String>()
        var kept = IssueCollector()
        for issue in issues.issues where !nonFinitePaths.contains(issue.path) || seen.insert(issue.path).inserted {
            kept.issues.append(issue)
        }
        return kept
    }
}
