import AralModel

/// Checks over the whole compiled network and the document's policy section, run after
/// every node and edge exists.
extension BasinCompiler {
    /// Every node that receives water must be able to pass it on, and every node that should
    /// receive water must have an edge in. Only when nothing else was wrong: a broken node
    /// would otherwise be reported twice.
    func checkStructure(_ c: inout CompileContext) {
        guard c.issues.issues.isEmpty else { return }
        let net = c.net
        for (n, node) in net.nodes.enumerated() {
            let outs = net.edges.contains { $0.from == n }
            let ins = net.edges.contains { $0.to == n }
            guard let i = c.indexByName[node.name] else { continue }
            switch node.kind {
            case .input where !outs:
                c.add("nodes[\(i)]", "inflow '\(node.name)' has no outgoing edge; add an edge from it")
            case .link where !outs && node.storageIndex == nil && node.efficiency > 0:
                c.add("nodes[\(i)]", "'\(node.name)' has no outgoing edge: water reaching it has nowhere to go")
            case .output where !ins, .link where !ins:
                if case .reservoir = node.role {} else {
                    c.add("nodes[\(i)]", "'\(node.name)' has no incoming edge, so it never receives water")
                }
            default: break
            }
        }
    }

    /// The policy section checked and carried on the compiled model (`BasinPolicy`): its
    /// names (parties, nodes, months), its sharing rule, and its shares by the one rule
    /// (`BasinPolicy.isValidShare`), so the planner need not judge the document again.
    func compilePolicy(_ c: inout CompileContext) {
        c.policy.exchange = c.document.exchange
        guard let policy = c.document.policy else { return }
        c.policy.isGiven = true
        for (system, shares) in policy.shares ?? [:] {
            let total = shares.values.reduce(0, +)
            if abs(total - 1) > BasinPolicy.shareSumTolerance { c.add("policy.shares.\(system)", "shares sum to \(total), not 1") }
            for (party, share) in shares {
                if !c.parties.isEmpty, !c.partyCodes.contains(party) { c.add("policy.shares.\(system).\(party)", "'\(party)' is not a party") }
                if !BasinPolicy.isValidShare(share) { c.add("policy.shares.\(system).\(party)", "a share must be between 0 and 1; got \(share)") }
            }
        }
        c.policy.shares = policy.shares ?? [:]
        if let sharing = policy.sharing {
            if let rule = SharingRule(rawValue: sharing) { c.policy.sharing = rule }
            else { c.add("policy.sharing", "'\(sharing)' is not a sharing rule; use priority, proportional or maxmin") }
        }
        for (i, flow) in (policy.environmentalFlows ?? []).enumerated() where c.indexByName[flow.node] == nil {
            c.add("policy.environmentalFlows[\(i)].node", "'\(flow.node)' is not a node\(didYouMean(flow.node, among: c.indexByName.keys))")
        }
        c.policy.environmentalFlows = policy.environmentalFlows ?? []
        var months = Set<Int>()
        for (i, m) in (policy.seasons?.vegetation ?? []).enumerated() {
            if !(1...12).contains(m) { c.add("policy.seasons.vegetation[\(i)]", "\(m) is not a month (1–12)") }
            else if !months.insert(m).inserted { c.add("policy.seasons.vegetation[\(i)]", "month \(m) is listed twice") }
        }
        // The exchange weighs the growing season against the rest of the year: with no month
        // in one of them it owed compensation and printed "none", or wrote obligations for a
        // season with no step (found from outside).
        if let listed = policy.seasons?.vegetation, months.count == listed.count, months.isEmpty || months.count == 12 {
            c.add("policy.seasons.vegetation", months.isEmpty
                ? "lists no month; the vegetation (growing) season needs at least one (ICWC's is [4, 5, 6, 7, 8, 9])"
                : "lists all 12 months; the non-vegetation season needs at least one (ICWC's vegetation season is [4, 5, 6, 7, 8, 9])")
        }
        c.policy.vegetationMonths = policy.seasons?.vegetation
    }
}
