import AralModel

/// `policy.volumes` compiled into the network's volume targets (`Network.volumeTargets`),
/// which the run carries as state and the plan as one constraint per period.
extension BasinCompiler {
    /// The named periods: first and last day, each year (`to` before `from`: into the next year).
    static let namedVolumePeriods: [String: (from: (month: Int, day: Int), to: (month: Int, day: Int))] = [
        "water-year": ((10, 1), (9, 30)),
        "growing": ((4, 1), (9, 30)),
        "non-growing": ((10, 1), (3, 31)),
    ]

    /// Checks each volume (its nodes, its period against the timestepper, min ≤ max, its rank
    /// in the policy order) and adds it to `c.net.volumeTargets`. Runs after the priorities
    /// and nodes are compiled.
    func compileVolumes(_ c: inout CompileContext) {
        guard let volumes = c.document.policy?.volumes else { return }
        var names = Set<String>()
        for (v, volume) in volumes.enumerated() {
            let path = "policy.volumes[\(v)]"
            let before = c.issues.issues.count
            if !names.insert(volume.name).inserted { c.add("\(path).name", "volume '\(volume.name)' is named twice") }
            let nodes = volumeNodes(volume, path: path, &c)
            if volume.min == nil && volume.max == nil { c.add(path, "a volume needs min, max or both (Mm³ over the period)") }
            for (key, value) in [("min", volume.min), ("max", volume.max)] {
                if let value, !(value.isFinite && value >= 0) { c.add("\(path).\(key)", "must be a volume ≥ 0 (Mm³); got \(value)") }
            }
            if let lo = volume.min, let hi = volume.max, lo > hi {
                c.add("\(path).min", "the minimum \(lo) Mm³ is above the maximum \(hi) Mm³")
            }
            let penalty = volumePenalty(volume, path: path, &c)
            let periods = volumePeriods(volume, path: "\(path).period", &c)
            guard c.issues.issues.count == before, let penalty, let periods else { continue }
            c.net.volumeTargets.append(VolumeTarget(name: volume.name, nodes: nodes, periods: periods, penalty: penalty,
                                                    excessPenalty: penalty * c.priorityRatio, isSenior: volume.sanitary == true))
        }
    }

    /// The network nodes of a volume's named nodes: those with a flow of their own.
    private func volumeNodes(_ volume: VolumeDocument, path: String, _ c: inout CompileContext) -> [Int] {
        if volume.nodes.isEmpty { c.add("\(path).nodes", "a volume needs at least one node") }
        var nodes: [Int] = []
        for (i, name) in volume.nodes.enumerated() {
            guard c.indexByName[name] != nil, let element = c.elements.first(where: { $0.name == name }) else {
                c.add("\(path).nodes[\(i)]", "'\(name)' is not a node\(didYouMean(name, among: c.indexByName.keys))")
                continue
            }
            switch element.kind {
            case .reservoir, .hydropower:
                c.add("\(path).nodes[\(i)]", "'\(name)' is a \(element.kind.rawValue): a volume counts the flow through a node; name the link or confluence below it")
            default:
                // A switched-off node passes nothing of its own; it counts for nothing.
                if element.enabled, let node = element.node, !nodes.contains(node) { nodes.append(node) }
            }
        }
        return nodes
    }

    /// Cost per flow unit short: a sanitary volume outranks every demand; otherwise it costs
    /// what a demand of its priority earns, so it sits with the quotas of that priority. A
    /// unit above the maximum costs one priority step more (`excessPenalty`).
    private func volumePenalty(_ volume: VolumeDocument, path: String, _ c: inout CompileContext) -> Double? {
        switch (volume.sanitary == true, volume.priority) {
        case (true, nil):
            return c.benefit(c.orderedPriorities.last ?? c.lowestDemandPriority) * c.priorityRatio
        case (true, .some):
            c.add("\(path).priority", "a sanitary volume is senior to every demand; give priority or sanitary: true, not both")
        case (false, let p?):
            if c.orderedPriorities.contains(p) { return c.benefit(p) }
            let known = c.orderedPriorities.sorted().map(String.init).joined(separator: ", ")
            c.add("\(path).priority", "no demand or rule curve has priority \(p); the model's priorities are \(known.isEmpty ? "none" : known)")
        case (false, nil):
            c.add(path, "give priority (the quota deliveries it ranks with) or sanitary: true (senior to every demand)")
        }
        return nil
    }

    /// The period's occurrences within the run, as steps. Each must begin and end on step
    /// boundaries (or outside the run, whose share of it is then scaled by days).
    private func volumePeriods(_ volume: VolumeDocument, path: String, _ c: inout CompileContext) -> [VolumeTarget.Period]? {
        let bounds: (from: (month: Int, day: Int), to: (month: Int, day: Int))
        switch volume.period {
        case .named(let name):
            guard let named = Self.namedVolumePeriods[name] else {
                c.add(path, "unknown period '\(name)'\(didYouMean(name, among: Self.namedVolumePeriods.keys)); use water-year, growing, non-growing or {from: MM-DD, to: MM-DD}")
                return nil
            }
            bounds = named
        case .dates(let from, let to):
            let f = Self.monthDay(from), t = Self.monthDay(to)
            if f == nil { c.add("\(path).from", "'\(from)' is not a day of every year as MM-DD (01-01 … 12-31, not 02-29)") }
            if t == nil { c.add("\(path).to", "'\(to)' is not a day of every year as MM-DD (01-01 … 12-31, not 02-29)") }
            guard let f, let t else { return nil }
            bounds = (f, t)
        }
        let steps = c.steps
        guard let firstStep = steps.first, let lastStep = steps.last else { return [] }
        let runStart = firstStep.date.dayNumber, runEnd = lastStep.date.dayNumber + lastStep.days - 1
        let stepStarting = Dictionary(steps.map { ($0.date.dayNumber, $0.index) }, uniquingKeysWith: { a, _ in a })
        let wraps = (bounds.to.month, bounds.to.day) < (bounds.from.month, bounds.from.day)
        var periods: [VolumeTarget.Period] = []
        for year in (firstStep.date.year - 1)...lastStep.date.year {
            let from = CivilDate(year: year, month: bounds.from.month, day: bounds.from.day)
            let to = CivilDate(year: wraps ? year + 1 : year, month: bounds.to.month, day: bounds.to.day)
            let start = from.dayNumber, end = to.dayNumber
            guard start <= runEnd, end >= runStart else { continue }
            if start > runStart, stepStarting[start] == nil {
                c.add(path, "the period starting \(from) begins inside the step of \(Self.stepContaining(start, steps)); a period must begin and end on step boundaries")
                return nil
            }
            if end < runEnd, stepStarting[end + 1] == nil {
                c.add(path, "the period ending \(to) ends inside the step of \(Self.stepContaining(end, steps)); a period must begin and end on step boundaries")
                return nil
            }
            guard let first = stepStarting[max(start, runStart)] else { continue }
            let last = end >= runEnd ? steps.count - 1 : (stepStarting[end + 1] ?? steps.count) - 1
            guard last >= first else { continue }
            let covered = Double(min(end, runEnd) - max(start, runStart) + 1), whole = Double(end - start + 1)
            let scale = covered / whole
            periods.append(VolumeTarget.Period(first: first, last: last, minVolume: volume.min.map { $0 * scale },
                                               maxVolume: volume.max.map { $0 * scale }, isPartial: covered < whole,
                                               from: from, to: to))
        }
        return periods
    }

    /// `MM-DD` as a day that every year has, or nil.
    static func monthDay(_ text: String) -> (month: Int, day: Int)? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 }), let m = Int(parts[0]), let d = Int(parts[1]),
              (1...12).contains(m), d >= 1, d <= CivilDate.daysIn(month: m, year: 2001) else { return nil }
        return (m, d)
    }

    private static func stepContaining(_ day: Int, _ steps: [TimeStep]) -> String {
        let step = steps.last { $0.date.dayNumber <= day } ?? steps[0]
        return "\(step.date) (\(step.days) days)"
    }
}
