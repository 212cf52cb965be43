import AralModel

/// A reservoir: a storage node whose water leaves through a `release` link (the turbines'
/// path, bounded by the maximum release) and a `spill` link, joined in an `outlet`. The spill
/// is the storage's spillway (`Storage.spillway`): it carries water only when the reservoir
/// ends the step at its top, so no demand is served past the maximum release. Switched
/// off, it is a confluence: water passes straight through.
extension BasinCompiler {
    func compileReservoir(_ nd: NodeDocument, path: String, enabled: Bool, into element: inout BasinElement,
                          _ c: inout CompileContext) {
        if !enabled {
            let n = c.net.addNode(Node(name: nd.name, kind: .link, role: .confluence, owner: nd.owner))
            element.node = n
            c.entry[nd.name] = n
            c.exit[nd.name] = n
            return
        }
        guard let maxVolume = nd.maxVolume else {
            c.add(path, "reservoir '\(nd.name)' needs 'maxVolume' (million m³)")
            return
        }
        let minVolume = nd.minVolume ?? 0
        let initial = nd.initialVolume ?? maxVolume
        if maxVolume <= 0 { c.add("\(path).maxVolume", "must be > 0; got \(maxVolume)") }
        if minVolume < 0 { c.add("\(path).minVolume", "must be ≥ 0; got \(minVolume)") }
        if minVolume > maxVolume { c.add("\(path).minVolume", "\(minVolume) is above maxVolume \(maxVolume)") }
        // Volumes past any basin's (maxVolume: 1e308) are refused where they are written.
        for (key, value) in [("maxVolume", nd.maxVolume), ("minVolume", nd.minVolume), ("initialVolume", nd.initialVolume),
                             ("deadVolume", nd.deadVolume)] {
            c.checkMagnitude(value, path: "\(path).\(key)")
        }
        // Below minVolume it was accepted and the run began with a physical shortfall the
        // model itself had written (found from outside).
        if initial < max(0, minVolume) || initial > maxVolume {
            c.add("\(path).initialVolume", "\(shortNumber(initial)) is outside [minVolume \(shortNumber(minVolume)), maxVolume \(shortNumber(maxVolume))]: a reservoir starts within its bounds")
        }
        // A negative spill cost paid the LP to spill: water left through the spillway instead
        // of the turbines or the demands (found from outside).
        if let spill = nd.spillCost, spill < 0 { c.add("\(path).spillCost", "must be ≥ 0 (a cost per m³/s spilled); got \(shortNumber(spill))") }
        var table: VolumeTable?
        if let t = nd.table {
            for (k, v) in t.volume.enumerated() { c.checkMagnitude(v, path: "\(path).table.volume[\(k)]") }
            table = Self.checkTable(t, path: "\(path).table", issues: &c.issues)
            // Levels and areas outside the table were extrapolated from its end segments without
            // a word (found from outside): a table must span the storage's bounds.
            if table != nil, let top = t.volume.last, top < maxVolume {
                c.add("\(path).table.volume[\(t.volume.count - 1)]", "the table ends at \(shortNumber(top)) Mm³, below maxVolume \(shortNumber(maxVolume)): levels and areas above it would be guessed; extend the table to maxVolume")
            }
            if table != nil, let bottom = t.volume.first, bottom > minVolume {
                c.add("\(path).table.volume[0]", "the table starts at \(shortNumber(bottom)) Mm³, above minVolume \(shortNumber(minVolume)): levels and areas below it would be guessed; start the table at or below minVolume")
            }
        }
        var storage = Storage(minVolume: .constant(minVolume), maxVolume: .constant(maxVolume), initialVolume: initial,
                              table: table, deadVolume: nd.deadVolume ?? nd.minVolume)
        let storageValue = c.storageValue
        storage.cost = c.net.addParameter(StepSeriesParameter(label: "storage value of '\(nd.name)'",
                                                             values: c.steps.map { -storageValue / $0.mm3PerCumec }))
        if let evap = nd.evaporationMmPerDay {
            if table?.areas == nil {
                c.add("\(path).evaporationMmPerDay", "evaporation needs a surface area: give 'table' with 'volume' and 'area'")
            }
            storage.evaporationMmPerDay = c.value(evap, path: "\(path).evaporationMmPerDay", label: "evaporation of '\(nd.name)'")
        }
        if let rc = nd.ruleCurve {
            storage.target = c.value(rc.target, path: "\(path).ruleCurve.target", label: "rule curve of '\(nd.name)'")
            // Penalties are per Mm³ of deviation; scaled per step so that being one
            // m³/s-equivalent below target costs like an unmet demand of that priority.
            storage.belowTargetPenalty = c.benefit(rc.priority ?? c.lowestDemandPriority) * 0.5
            storage.aboveTargetPenalty = rc.abovePenalty ?? 0
        }
        let s = c.net.addStorage(storage, node: Node(name: nd.name, kind: .link, role: .reservoir(owner: nd.owner), owner: nd.owner))
        var release = Node(name: "\(nd.name).release", kind: .link, role: .internalPart(parent: nd.name, part: "release"), owner: nd.owner)
        if let maxRelease = nd.maxRelease {
            release.maxFlow = c.value(maxRelease, path: "\(path).maxRelease", label: "maximum release of '\(nd.name)'")
        }
        if let minRelease = nd.minRelease {
            release.minFlow = c.value(minRelease, path: "\(path).minRelease", label: "minimum release of '\(nd.name)'", finite: true)
        }
        // minRelease 200 with maxRelease 100 validated and stopped the run at its first step.
        c.checkMinimumNotAboveMaximum(release, minPath: "\(path).minRelease", maxKey: "maxRelease")
        let r = c.net.addNode(release)
        let sp = c.net.addNode(Node(name: "\(nd.name).spill", kind: .link, role: .internalPart(parent: nd.name, part: "spill"),
                                    cost: .constant(nd.spillCost ?? c.spillCost), owner: nd.owner))
        c.net.storages[c.net.storages.count - 1].spillway = sp
        let outlet = c.net.addNode(Node(name: "\(nd.name).outlet", kind: .link, role: .internalPart(parent: nd.name, part: "outlet"), owner: nd.owner))
        c.net.connect(s, r)
        c.net.connect(s, sp)
        c.net.connect(r, outlet)
        c.net.connect(sp, outlet)
        element.node = outlet
        element.storage = c.net.storages.count - 1
        element.releaseNode = r
        element.spillNode = sp
        c.entry[nd.name] = s
        c.exit[nd.name] = outlet
    }

    /// A volume table's points checked (volumes rising, levels not falling, as many areas and
    /// levels as volumes); nil after the first problem, which is reported at its index.
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
}
