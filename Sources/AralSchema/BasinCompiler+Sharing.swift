import AralModel

/// `policy.sharing` and `policy.sharingGroups` compiled into the network's per-step rule
/// (`Network.sharing`), which every run applies.
extension BasinCompiler {
    /// Sets `c.net.sharing`, or leaves it nil when the rule is `priority` (or absent or
    /// unknown). Runs after `compilePolicy`, which parsed the rule into `c.policy.sharing`.
    ///
    /// Groups: as the model names them; without `sharingGroups`, one group per river system
    /// of the demands whose owner has a share there (`policy.shares`). A party with no limit
    /// (Afghanistan on the Amu Darya) stays outside unless the model puts its demands in.
    /// A group's `allocations` (the Aral Sea and the deltas) join it as members of their own,
    /// after its parties. Runs after `compileVolumes`, whose targets an allocation may name.
    func compileSharing(_ c: inout CompileContext) {
        let rule = c.policy.sharing
        guard rule != .priority, let policy = c.document.policy else { return }
        var named: [(name: String, demands: [(name: String, path: String)])] = []
        if let groups = policy.sharingGroups {
            for (g, group) in groups.enumerated() {
                named.append((group.name, group.demands.enumerated().map { ($1, "policy.sharingGroups[\(g)].demands[\($0)]") }))
            }
        } else if let shares = policy.shares, !shares.isEmpty {
            for system in shares.keys.sorted() {
                let table = shares[system] ?? [:]
                let demands = c.elements.filter { e in
                    e.kind == .demand && (e.system ?? (shares.count == 1 ? system : nil)) == system
                        && e.owner.map { table[$0] != nil } == true
                }
                named.append((system, demands.map { ($0.name, "policy.shares.\(system)") }))
            }
        } else {
            c.add("policy.sharing", "'\(rule.rawValue)' sharing needs policy.sharingGroups (the parties sharing each reach) or policy.shares")
            return
        }
        var seen: [String: String] = [:]
        var groups: [ShortageSharing.Group] = []
        for (name, demands) in named {
            var members: [ShortageSharing.Member] = []
            for (demand, path) in demands {
                guard c.indexByName[demand] != nil, let element = c.elements.first(where: { $0.name == demand }) else {
                    c.add(path, "'\(demand)' is not a node\(didYouMean(demand, among: c.indexByName.keys))")
                    continue
                }
                guard element.kind == .demand else {
                    c.add(path, "'\(demand)' is a \(element.kind.rawValue), not a demand: only demands share a shortage")
                    continue
                }
                guard let owner = element.owner else {
                    c.add(path, "demand '\(demand)' has no owner: a shortage is shared among parties")
                    continue
                }
                if let other = seen[demand] {
                    c.add(path, "demand '\(demand)' is already in sharing group '\(other)'")
                    continue
                }
                seen[demand] = name
                guard element.enabled, let node = element.node else { continue }
                if let m = members.firstIndex(where: { $0.party == owner }) {
                    members[m].nodes.append(node)
                } else {
                    members.append(ShortageSharing.Member(party: owner, nodes: [node]))
                }
            }
            groups.append(ShortageSharing.Group(name: name, members: members))
        }
        for (g, group) in (policy.sharingGroups ?? []).enumerated() {
            for (a, name) in (group.allocations ?? []).enumerated() {
                let path = "policy.sharingGroups[\(g)].allocations[\(a)]"
                if let other = seen[name] {
                    c.add(path, "allocation '\(name)' is already in sharing group '\(other)'")
                    continue
                }
                seen[name] = group.name
                guard let member = allocationMember(name, path: path, &c) else { continue }
                let taken = Set(groups.flatMap(\.members).flatMap(\.nodes))
                if let node = member.nodes.first(where: taken.contains) {
                    c.add(path, "allocation '\(name)' counts the flow of '\(c.net.nodes[node].name)', which already counts in a sharing group")
                    continue
                }
                groups[g].members.append(member)
            }
        }
        c.net.sharing = ShortageSharing(rule: rule, groups: groups, isNamed: policy.sharingGroups != nil)
    }

    /// The member for an allocation a group names: a sink with a minimum flow (its limit per
    /// step), or a volume of `policy.volumes` that is not sanitary (its limit: what the run owes
    /// that step). nil, with the problem at `path`, otherwise. Runs after `compileVolumes`.
    private func allocationMember(_ name: String, path: String, _ c: inout CompileContext) -> ShortageSharing.Member? {
        let volumes = c.document.policy?.volumes ?? []
        if let volume = volumes.first(where: { $0.name == name }) {
            if volume.sanitary == true {
                c.add(path, "volume '\(name)' is sanitary: senior to every quota and never cut, so it shares no shortage; only a volume ranked by priority can be in a sharing group")
                return nil
            }
            if volume.min == nil {
                c.add(path, "volume '\(name)' has no min: an allocation shares the cut of its least volume")
                return nil
            }
            // A volume with errors is reported at policy.volumes and has no target.
            guard let t = c.net.volumeTargets.firstIndex(where: { $0.name == name }) else { return nil }
            return ShortageSharing.Member(party: name, nodes: c.net.volumeTargets[t].nodes, allocation: .volume(target: t))
        }
        guard c.indexByName[name] != nil, let element = c.elements.first(where: { $0.name == name }) else {
            let names = volumes.map(\.name) + c.elements.filter { $0.kind == .sink }.map(\.name)
            c.add(path, "'\(name)' is neither a sink nor a volume of policy.volumes\(didYouMean(name, among: names))")
            return nil
        }
        guard element.kind == .sink else {
            c.add(path, "'\(name)' is a \(element.kind.rawValue): an allocation is a sink (its minimum flow) or a volume of policy.volumes")
            return nil
        }
        guard element.enabled, let node = element.node else { return nil }
        let minimum = c.net.nodes[node].minFlow
        if minimum == .zero {
            c.add(path, "sink '\(name)' has no minFlow: its allocation per step is its minimum flow")
            return nil
        }
        return ShortageSharing.Member(party: name, nodes: [node], limit: minimum, allocation: .sinkMinimum)
    }
}
