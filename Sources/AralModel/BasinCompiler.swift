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
/// water kept in storage earns `storageValue` (below every demand); spills cost `spillCost`.
public struct BasinCompiler {
    public var seriesSource: (any SeriesSource)?

    public init(seriesSource: (any SeriesSource)? = nil) {
        self.seriesSource = seriesSource
    }

    public static let defaultStorageValue = 1.0
    public static let defaultSpillCost = 0.1
    public static let defaultLowestPriorityBenefit = 10.0
    public static let defaultPriorityRatio = 10.0
    public static let defaultHydropowerEfficiency = 0.88

    public func compile(_ doc: BasinDocument) throws(ModelValidationError) -> BasinModel {
        var issues = IssueCollector()

        // Time steps.
        let start = CivilDate(parsing: doc.timestepper.start)
        let end = CivilDate(parsing: doc.timestepper.end)
        if start == nil { issues.add("timestepper.start", "'\(doc.timestepper.start)' is not a date; write YYYY-MM-DD") }
        if end == nil { issues.add("timestepper.end", "'\(doc.timestepper.end)' is not a date; write YYYY-MM-DD") }
        var length = StepLength.monthly
        switch doc.timestepper.step {
        case "monthly", "month", "M": length = .monthly
        case "daily", "day", "D", "1": length = .daily
        default:
            if let k = Int(doc.timestepper.step), k > 0 { length = .days(k) }
            else { issues.add("timestepper.step", "'\(doc.timestepper.step)' is not a step; use daily, monthly or a number of days") }
        }
        var steps: [TimeStep] = []
        if let start, let end {
            if end < start { issues.add("timestepper.end", "end \(end) is before start \(start)") }
            else { steps = TimeStepper(start: start, end: end, length: length).steps() }
        }
        try issues.throwIfAny()

        var net = Network(name: doc.name ?? "basin", steps: steps, units: .cumecsAndMm3)
        let settings = doc.settings
        let storageValue = settings?.storageValue ?? Self.defaultStorageValue
        let spillCost = settings?.spillCost ?? Self.defaultSpillCost
        let lowest = settings?.lowestPriorityBenefit ?? Self.defaultLowestPriorityBenefit
        let ratio = settings?.priorityRatio ?? Self.defaultPriorityRatio
        if ratio <= 1 { issues.add("settings.priorityRatio", "must be greater than 1 so higher priorities are served first") }
        if storageValue < 0 { issues.add("settings.storageValue", "must be ≥ 0") }
        if spillCost < 0 { issues.add("settings.spillCost", "must be ≥ 0") }

        // Parties and owners.
        let parties = doc.parties ?? []
        var partyCodes = Set<String>()
        for (i, p) in parties.enumerated() {
            if p.code.isEmpty { issues.add("parties[\(i)].code", "a party needs a code") }
            if !partyCodes.insert(p.code).inserted { issues.add("parties[\(i)].code", "party code '\(p.code)' appears twice") }
        }

        // Names.
        var indexByName: [String: Int] = [:]
        for (i, node) in doc.nodes.enumerated() {
            let path = "nodes[\(i)]"
            if node.name.isEmpty { issues.add("\(path).name", "a node needs a name") }
            if let first = indexByName[node.name] {
                issues.add("\(path).name", "node name '\(node.name)' is already used by nodes[\(first)]")
            } else {
                indexByName[node.name] = i
            }
            if let owner = node.owner, !parties.isEmpty, !partyCodes.contains(owner) {
                issues.add("\(path).owner", "owner '\(owner)' is not a party; parties are: \(partyCodes.sorted().joined(separator: ", "))")
            }
        }

        // Priority ranks (demands, rule curves, soft sink minimums).
        var priorities = Set<Int>()
        for node in doc.nodes {
            if let p = node.priority { priorities.insert(p) }
            if let p = node.ruleCurve?.priority { priorities.insert(p) }
        }
        let ordered = priorities.sorted(by: >)  // lowest priority (largest number) first
        let lowestDemandPriority = ordered.first ?? 1
        func benefit(_ priority: Int) -> Double {
            let rank = ordered.firstIndex(of: priority) ?? 0
            var b = lowest
            for _ in 0..<rank { b *= ratio }
            return b
        }

        let ctx = ScheduleContext(steps: steps, source: seriesSource)
        var elements: [BasinElement] = []
        var entry: [String: Int] = [:]   // node receiving the element's in-edges
        var exit: [String: Int] = [:]    // node sending the element's out-edges
        var pendingReturns: [(from: Int, to: String, path: String)] = []
        var plants: [(Int, NodeDocument)] = []
        let volumePerFlow = steps.map { $0.mm3PerCumec }
        /// A node's minimum flow, hard or soft: soft with an explicit `minFlowPenalty`, or with
        /// the benefit of `priority` where one applies; the same rules for every kind.
        func applyMinimum(_ nd: NodeDocument, _ path: String, to node: inout Node, priority: Int?) {
            guard let minFlow = nd.minFlow else { return }
            node.minFlow = ctx.value(minFlow, path: "\(path).minFlow", label: "minimum flow of '\(nd.name)'", nonNegative: true, issues: &issues, net: &net)
            if let penalty = nd.minFlowPenalty {
                if !(penalty >= 0) { issues.add("\(path).minFlowPenalty", "must be ≥ 0; got \(penalty)") }
                node.minFlowPenalty = penalty
            } else if let priority {
                node.minFlowPenalty = benefit(priority)
            }
        }

        for (i, nd) in doc.nodes.enumerated() {
            let path = "nodes[\(i)]"
            let enabled = nd.enabled ?? true
            var element = BasinElement(name: nd.name, kind: nd.kind, owner: nd.owner, enabled: enabled)
            element.priority = nd.priority
            element.system = nd.system
            switch nd.kind {
            case .inflow:
                guard let flow = nd.flow else {
                    issues.add(path, "inflow '\(nd.name)' needs 'flow' (m³/s: a number, 12 monthly values or a CSV column)")
                    break
                }
                let value = ctx.value(flow, path: "\(path).flow", label: "inflow '\(nd.name)'", nonNegative: true, issues: &issues, net: &net)
                let n = net.addNode(Node(name: nd.name, kind: .input, role: .inflow, minFlow: value, maxFlow: value, owner: nd.owner))
                element.node = n
                exit[nd.name] = n

            case .confluence:
                let n = net.addNode(Node(name: nd.name, kind: .link, role: .confluence, owner: nd.owner))
                element.node = n
                entry[nd.name] = n
                exit[nd.name] = n

            case .link:
                var node = Node(name: nd.name, kind: .link, role: .link, owner: nd.owner)
                if let cap = nd.capacity {
                    node.maxFlow = ctx.value(cap, path: "\(path).capacity", label: "capacity of '\(nd.name)'", nonNegative: true, issues: &issues, net: &net)
                }
                if let loss = nd.lossFraction {
                    if !(0...1).contains(loss) || loss == 1 { issues.add("\(path).lossFraction", "must be in [0, 1); got \(loss)") }
                    node.efficiency = 1 - loss
                }
                applyMinimum(nd, path, to: &node, priority: nil)
                if let cost = nd.cost { node.cost = .constant(cost) }
                let n = net.addNode(node)
                element.node = n
                entry[nd.name] = n
                exit[nd.name] = n

            case .sink:
                var node = Node(name: nd.name, kind: .output, role: .sink, owner: nd.owner)
                applyMinimum(nd, path, to: &node, priority: nd.priority)
                if let cost = nd.cost { node.cost = .constant(cost) }
                let n = net.addNode(node)
                element.node = n
                entry[nd.name] = n

            case .demand:
                guard let maxFlow = nd.maxFlow else {
                    issues.add(path, "demand '\(nd.name)' needs 'maxFlow' (m³/s)")
                    break
                }
                let priority = nd.priority ?? lowestDemandPriority
                if nd.priority == nil, !ordered.isEmpty {
                    // A demand without a priority ranks with the lowest one; that is allowed.
                }
                var node = Node(name: nd.name, kind: .output, role: .demand(owner: nd.owner, priority: priority), owner: nd.owner)
                node.maxFlow = ctx.value(maxFlow, path: "\(path).maxFlow", label: "demand '\(nd.name)'", nonNegative: true, issues: &issues, net: &net)
                node.cost = .constant(nd.cost ?? -benefit(priority))
                applyMinimum(nd, path, to: &node, priority: nil)
                let consumptive = nd.consumptiveFraction ?? 1
                if !(0...1).contains(consumptive) {
                    issues.add("\(path).consumptiveFraction", "must be between 0 and 1; got \(consumptive)")
                }
                if let target = nd.returnTo, consumptive < 1 {
                    node.kind = .link
                    node.efficiency = 1 - consumptive
                    pendingReturns.append((net.nodes.count, target, "\(path).returnTo"))
                } else if consumptive < 1 {
                    issues.add("\(path).returnTo", "demand '\(nd.name)' returns \(1 - consumptive) of its water but names no 'returnTo' node")
                }
                element.priority = priority
                let n = net.addNode(node)
                element.node = n
                entry[nd.name] = n

            case .reservoir:
                if !enabled {
                    // Switched off: water passes straight through.
                    let n = net.addNode(Node(name: nd.name, kind: .link, role: .confluence, owner: nd.owner))
                    element.node = n
                    entry[nd.name] = n
                    exit[nd.name] = n
                    break
                }
                guard let maxVolume = nd.maxVolume else {
                    issues.add(path, "reservoir '\(nd.name)' needs 'maxVolume' (million m³)")
                    break
                }
                let minVolume = nd.minVolume ?? 0
                let initial = nd.initialVolume ?? maxVolume
                if maxVolume <= 0 { issues.add("\(path).maxVolume", "must be > 0; got \(maxVolume)") }
                if minVolume < 0 { issues.add("\(path).minVolume", "must be ≥ 0; got \(minVolume)") }
                if minVolume > maxVolume { issues.add("\(path).minVolume", "\(minVolume) is above maxVolume \(maxVolume)") }
                if initial < 0 || initial > maxVolume {
                    issues.add("\(path).initialVolume", "\(initial) is outside [0, maxVolume \(maxVolume)]")
                }
                var table: VolumeTable?
                if let t = nd.table {
                    table = Self.checkTable(t, path: "\(path).table", issues: &issues)
                }
                var storage = Storage(minVolume: .constant(minVolume), maxVolume: .constant(maxVolume), initialVolume: initial,
                                      table: table, deadVolume: nd.deadVolume ?? nd.minVolume)
                storage.cost = net.addParameter(StepSeriesParameter(label: "storage value of '\(nd.name)'",
                                                                   values: volumePerFlow.map { -storageValue / $0 }))
                if let evap = nd.evaporationMmPerDay {
                    if table?.areas == nil {
                        issues.add("\(path).evaporationMmPerDay", "evaporation needs a surface area: give 'table' with 'volume' and 'area'")
                    }
                    storage.evaporationMmPerDay = ctx.value(evap, path: "\(path).evaporationMmPerDay", label: "evaporation of '\(nd.name)'", nonNegative: true, issues: &issues, net: &net)
                }
                if let rc = nd.ruleCurve {
                    storage.target = ctx.value(rc.target, path: "\(path).ruleCurve.target", label: "rule curve of '\(nd.name)'", nonNegative: true, issues: &issues, net: &net)
                    // Penalties are per Mm³ of deviation; scaled per step so that being one
                    // m³/s-equivalent below target costs like an unmet demand of that priority.
                    let below = benefit(rc.priority ?? lowestDemandPriority) * 0.5
                    storage.belowTargetPenalty = below
                    storage.aboveTargetPenalty = rc.abovePenalty ?? 0
                }
                let s = net.addStorage(storage, node: Node(name: nd.name, kind: .link, role: .reservoir(owner: nd.owner), owner: nd.owner))
                var release = Node(name: "\(nd.name).release", kind: .link, role: .internalPart(parent: nd.name, part: "release"), owner: nd.owner)
                if let maxRelease = nd.maxRelease {
                    release.maxFlow = ctx.value(maxRelease, path: "\(path).maxRelease", label: "maximum release of '\(nd.name)'", nonNegative: true, issues: &issues, net: &net)
                }
                if let minRelease = nd.minRelease {
                    release.minFlow = ctx.value(minRelease, path: "\(path).minRelease", label: "minimum release of '\(nd.name)'", nonNegative: true, issues: &issues, net: &net)
                }
                let r = net.addNode(release)
                let sp = net.addNode(Node(name: "\(nd.name).spill", kind: .link, role: .internalPart(parent: nd.name, part: "spill"),
                                          cost: .constant(nd.spillCost ?? spillCost), owner: nd.owner))
                let outlet = net.addNode(Node(name: "\(nd.name).outlet", kind: .link, role: .internalPart(parent: nd.name, part: "outlet"), owner: nd.owner))
                net.connect(s, r)
                net.connect(s, sp)
                net.connect(r, outlet)
                net.connect(sp, outlet)
                element.node = outlet
                element.storage = net.storages.count - 1
                element.releaseNode = r
                element.spillNode = sp
                entry[nd.name] = s
                exit[nd.name] = outlet

            case .hydropower:
                plants.append((i, nd))
            }
            elements.append(element)
        }

        // Edges.
        var seenEdges = Set<EdgeDocument>()
        for (i, e) in doc.edges.enumerated() {
            let path = "edges[\(i)]"
            guard let fromIndex = indexByName[e.from] else {
                issues.add(path, "edge from '\(e.from)', which is not a node\(Self.suggest(e.from, in: indexByName.keys))")
                continue
            }
            guard let toIndex = indexByName[e.to] else {
                issues.add(path, "edge to '\(e.to)', which is not a node\(Self.suggest(e.to, in: indexByName.keys))")
                continue
            }
            if e.from == e.to { issues.add(path, "edge from '\(e.from)' to itself"); continue }
            if !seenEdges.insert(e).inserted { issues.add(path, "edge \(e.from) → \(e.to) is listed twice"); continue }
            let fromKind = doc.nodes[fromIndex].kind, toKind = doc.nodes[toIndex].kind
            guard let a = exit[e.from] else {
                switch fromKind {
                case .demand: issues.add(path, "'\(e.from)' is a demand: water it does not consume goes back through 'returnTo', not an edge")
                case .sink: issues.add(path, "'\(e.from)' is a sink: nothing flows out of a sink")
                case .hydropower: issues.add(path, "'\(e.from)' is a hydropower plant: attach it with 'reservoir:' or 'link:' instead of edges")
                default: break  // its own definition was already reported
                }
                continue
            }
            guard let b = entry[e.to] else {
                switch toKind {
                case .inflow: issues.add(path, "'\(e.to)' is an inflow: inflows have no upstream; join rivers at a confluence")
                case .hydropower: issues.add(path, "'\(e.to)' is a hydropower plant: attach it with 'reservoir:' or 'link:' instead of edges")
                default: break
                }
                continue
            }
            net.connect(a, b)
        }
        for (from, target, path) in pendingReturns {
            guard let b = entry[target] else {
                issues.add(path, indexByName[target] == nil
                           ? "'\(target)' is not a node\(Self.suggest(target, in: indexByName.keys))"
                           : "'\(target)' cannot receive water")
                continue
            }
            net.connect(from, b)
        }

        // Hydropower plants.
        for (i, nd) in plants {
            let path = "nodes[\(i)]"
            let enabled = nd.enabled ?? true
            guard let capacity = nd.capacityMW else { issues.add(path, "plant '\(nd.name)' needs 'capacityMW'"); continue }
            if capacity <= 0 { issues.add("\(path).capacityMW", "must be > 0; got \(capacity)") }
            let efficiency = nd.efficiency ?? Self.defaultHydropowerEfficiency
            if !(efficiency > 0 && efficiency <= 1) { issues.add("\(path).efficiency", "must be in (0, 1]; got \(efficiency)") }
            var turbine: Int?
            var head: HydropowerPlant.Head?
            if let res = nd.reservoir {
                guard let ri = indexByName[res], doc.nodes[ri].kind == .reservoir else {
                    issues.add("\(path).reservoir", "'\(res)' is not a reservoir\(Self.suggest(res, in: indexByName.keys))")
                    continue
                }
                guard let element = elements.first(where: { $0.name == res }) else { continue }
                if let s = element.storage, let r = element.releaseNode {
                    turbine = r
                    if let h = nd.head {
                        head = .fixed(h)
                    } else if let ht = nd.headTable {
                        if let table = VolumeTable(volumes: ht.volume, areas: nil, levels: ht.head) { head = .headTable(storage: s, table: table) }
                        else { issues.add("\(path).headTable", "volumes must increase strictly and 'head' must have as many values as 'volume'") }
                    } else if let tw = nd.tailwaterLevel {
                        if net.storages[s].table?.levels == nil {
                            issues.add("\(path).tailwaterLevel", "a tailwater level needs reservoir '\(res)' to have a 'table' with 'level'")
                        }
                        head = .reservoirLevel(storage: s, tailwaterLevel: tw)
                    } else {
                        issues.add(path, "plant '\(nd.name)' needs a head: 'tailwaterLevel' (with the reservoir's level table), 'headTable' or a fixed 'head'")
                    }
                } else if let n = element.node {
                    // The reservoir is switched off: its plant, if on, runs on the pass-through at a fixed head.
                    turbine = n
                    if let h = nd.head { head = .fixed(h) } else if enabled {
                        issues.add(path, "reservoir '\(res)' is switched off; plant '\(nd.name)' needs a fixed 'head' or 'enabled: false'")
                    } else { head = .fixed(0) }
                }
            } else if let link = nd.link {
                guard let li = indexByName[link], [.link, .confluence].contains(doc.nodes[li].kind),
                      let element = elements.first(where: { $0.name == link }), let n = element.node else {
                    issues.add("\(path).link", "'\(link)' is not a link\(Self.suggest(link, in: indexByName.keys))")
                    continue
                }
                turbine = n
                guard let h = nd.head else { issues.add(path, "run-of-river plant '\(nd.name)' needs a fixed 'head' (m)"); continue }
                head = .fixed(h)
            } else {
                issues.add(path, "plant '\(nd.name)' must name a 'reservoir' or a 'link'")
                continue
            }
            if case .fixed(let h) = head, h < 0 { issues.add("\(path).head", "must be ≥ 0; got \(h)") }
            guard let turbine, let head else { continue }
            if !enabled { continue }
            net.hydropower.append(HydropowerPlant(name: nd.name, turbineNode: turbine, head: head, efficiency: efficiency,
                                                  capacityMW: capacity, owner: nd.owner))
            if let e = elements.firstIndex(where: { $0.name == nd.name }) { elements[e].plant = net.hydropower.count - 1 }
        }

        // Structure: every node that receives water must be able to pass it on.
        if issues.issues.isEmpty {
            for (n, node) in net.nodes.enumerated() {
                let outs = net.edges.contains { $0.from == n }
                let ins = net.edges.contains { $0.to == n }
                guard let i = indexByName[node.name] else { continue }
                switch node.kind {
                case .input where !outs:
                    issues.add("nodes[\(i)]", "inflow '\(node.name)' has no outgoing edge; add an edge from it")
                case .link where !outs && node.storageIndex == nil && node.efficiency > 0:
                    issues.add("nodes[\(i)]", "'\(node.name)' has no outgoing edge: water reaching it has nowhere to go")
                case .output where !ins, .link where !ins:
                    if case .reservoir = node.role {} else {
                        issues.add("nodes[\(i)]", "'\(node.name)' has no incoming edge, so it never receives water")
                    }
                default: break
                }
            }
        }

        // Policy references.
        if let policy = doc.policy {
            for (system, shares) in policy.shares ?? [:] {
                let total = shares.values.reduce(0, +)
                if abs(total - 1) > 1e-9 { issues.add("policy.shares.\(system)", "shares sum to \(total), not 1") }
                for (party, share) in shares {
                    if !parties.isEmpty, !partyCodes.contains(party) { issues.add("policy.shares.\(system).\(party)", "'\(party)' is not a party") }
                    if share < 0 { issues.add("policy.shares.\(system).\(party)", "a share must be ≥ 0; got \(share)") }
                }
            }
            if let sharing = policy.sharing, !["priority", "proportional", "maxmin"].contains(sharing) {
                issues.add("policy.sharing", "'\(sharing)' is not a sharing rule; use priority, proportional or maxmin")
            }
            for (i, flow) in (policy.environmentalFlows ?? []).enumerated() where indexByName[flow.node] == nil {
                issues.add("policy.environmentalFlows[\(i)].node", "'\(flow.node)' is not a node\(Self.suggest(flow.node, in: indexByName.keys))")
            }
            for (i, m) in (policy.seasons?.vegetation ?? []).enumerated() where !(1...12).contains(m) {
                issues.add("policy.seasons.vegetation[\(i)]", "\(m) is not a month (1–12)")
            }
        }

        try issues.throwIfAny()
        return BasinModel(network: net, elements: elements, parties: parties, document: doc)
    }

    static func checkTable(_ t: VolumeTableDocument, path: String, issues: inout IssueCollector) -> VolumeTable? {
        if t.volume.isEmpty { issues.add("\(path).volume", "the table has no points"); return nil }
        for i in 1..<max(1, t.volume.count) where !(t.volume[i] > t.volume[i - 1]) {
            issues.add("\(path).volume[\(i)]", "volumes must increase strictly: \(t.volume[i]) follows \(t.volume[i - 1])")
            return nil
        }
        if let a = t.area, a.count != t.volume.count {
            issues.add("\(path).area", "has \(a.count) values but 'volume' has \(t.volume.count)"); return nil
        }
        if let l = t.level {
            if l.count != t.volume.count { issues.add("\(path).level", "has \(l.count) values but 'volume' has \(t.volume.count)"); return nil }
            for i in 1..<max(1, l.count) where l[i] < l[i - 1] {
                issues.add("\(path).level[\(i)]", "levels must not fall as volume rises: \(l[i]) follows \(l[i - 1])"); return nil
            }
        }
        if let a = t.area, let bad = a.firstIndex(where: { $0 < 0 }) {
            issues.add("\(path).area[\(bad)]", "an area must be ≥ 0"); return nil
        }
        return VolumeTable(volumes: t.volume, areas: t.area, levels: t.level)
    }

    static func suggest(_ name: String, in names: Dictionary<String, Int>.Keys) -> String {
        guard let best = names.min(by: { editDistance($0, name) < editDistance($1, name) }),
              editDistance(best, name) <= max(2, name.count / 3) else { return "" }
        return " (did you mean '\(best)'?)"
    }
}

/// Turns schedules into values: constants stay constants; profiles and series become
/// parameters with one value per step, checked for coverage and sign.
struct ScheduleContext {
    var steps: [TimeStep]
    var source: (any SeriesSource)?

    init(steps: [TimeStep], source: (any SeriesSource)?) {
        self.steps = steps
        self.source = source
    }

    func value(_ schedule: ScheduleDocument, path: String, label: String, nonNegative: Bool,
               issues collector: inout IssueCollector, net: inout Network) -> Value {
        switch schedule {
        case .constant(let v):
            if !v.isFinite && !(v == .infinity) { collector.add(path, "must be a number; got \(v)") }
            if nonNegative && v < 0 { collector.add(path, "must be ≥ 0; got \(v)") }
            return .constant(v)
        case .monthly(let values):
            for (m, v) in values.enumerated() where (nonNegative && v < 0) || !v.isFinite {
                collector.add("\(path)[\(m)]", "must be a number ≥ 0; got \(v)")
            }
            return net.addParameter(MonthlyProfileParameter(label: label, values: values))
        case .csv(let file, let column, let scale):
            guard let source else {
                collector.add(path, "refers to CSV file '\(file)', but this model was not loaded from a file")
                return .zero
            }
            let series: TimeSeries
            do { series = try source.series(file: file, column: column) } catch {
                collector.add(path, "\(error)")
                return .zero
            }
            var values = [Double](repeating: 0, count: steps.count)
            for step in steps {
                guard let v = series.value(for: step) else {
                    let first = series.dates.first.map(\.description) ?? "nothing"
                    let last = series.dates.last.map(\.description) ?? "nothing"
                    collector.add(path, "\(series.origin) has no value for \(step.date) (it covers \(first) to \(last)); the run needs \(steps.first?.date.description ?? "") to \(steps.last?.date.description ?? "")")
                    return .zero
                }
                if nonNegative && v * scale < 0 {
                    collector.add(path, "\(series.origin) has a negative value \(v) at \(step.date)")
                    return .zero
                }
                values[step.index] = v * scale
            }
            return net.addParameter(StepSeriesParameter(label: label, values: values))
        }
    }
}
