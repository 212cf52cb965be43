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
        c.net.sharing = ShortageSharing(rule: rule, groups: groups)
    }
}
