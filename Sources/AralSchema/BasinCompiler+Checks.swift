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

    /// The policy's names (parties, nodes, months) and shares.
    func checkPolicyReferences(_ c: inout CompileContext) {
        guard let policy = c.document.policy else { return }
        for (system, shares) in policy.shares ?? [:] {
            let total = shares.values.reduce(0, +)
            if abs(total - 1) > 1e-9 { c.add("policy.shares.\(system)", "shares sum to \(total), not 1") }
            for (party, share) in shares {
                if !c.parties.isEmpty, !c.partyCodes.contains(party) { c.add("policy.shares.\(system).\(party)", "'\(party)' is not a party") }
                if share < 0 { c.add("policy.shares.\(system).\(party)", "a share must be ≥ 0; got \(share)") }
            }
        }
        if let sharing = policy.sharing, !["priority", "proportional", "maxmin"].contains(sharing) {
            c.add("policy.sharing", "'\(sharing)' is not a sharing rule; use priority, proportional or maxmin")
        }
        for (i, flow) in (policy.environmentalFlows ?? []).enumerated() where c.indexByName[flow.node] == nil {
            c.add("policy.environmentalFlows[\(i)].node", "'\(flow.node)' is not a node\(didYouMean(flow.node, among: c.indexByName.keys))")
        }
        for (i, m) in (policy.seasons?.vegetation ?? []).enumerated() where !(1...12).contains(m) {
            c.add("policy.seasons.vegetation[\(i)]", "\(m) is not a month (1–12)")
        }
    }
}
