import AralModel
import AralSchema

/// Pywr's `multisplitlink` (`pywr/nodes.py`): a piecewise link of `nsteps` sublinks to the
/// first slot, plus `extra_slots` sublinks, each to its own slot and (as Pywr's
/// `PiecewiseLink` connects every sublink to its outlet) to the first slot too. In a JSON model `max_flows`
/// and `costs` are set after the node is built (Pywr's `finalise_load`), so they cover every
/// sublink: nsteps + extra_slots entries (absent: no bound, no cost); with `factors`, the last piecewise sublink and the extra sublinks
/// whose factor is not null keep those ratios (Pywr's internal `AggregatedNode`). `riversplit`
/// is the same node with one step and no bound (`buildSplit`).
extension PywrBuilder {
    func buildMultiSplitLink(_ name: String, _ node: JSONNode) throws(ModelFileError) {
        try rejectUnknownKeys(node, known: Self.flowKeys.union(["nsteps", "max_flows", "costs", "extra_slots", "slot_names", "factors"]),
                              what: "a 'multisplitlink' node")
        let stepsNode = try required(node, "nsteps", what: "a multisplitlink node")
        let steps = try integer(stepsNode)
        guard steps >= 1 else { throw issue(stepsNode, "nsteps must be at least 1") }
        let extra = try optionalInteger(node, "extra_slots", default: 1)
        guard extra >= 1 else { throw issue(node["extra_slots"], "extra_slots must be at least 1 (Pywr refuses fewer)") }
        let sublinkCount = steps + extra
        var costs = [ScheduledValue](repeating: .zero, count: sublinkCount)
        if let c = node["costs"], !c.isNull {
            costs = try parameterList(c)
            guard costs.count == sublinkCount else { throw issue(c, "costs needs nsteps + extra_slots (\(sublinkCount)) entries, one per sublink; found \(costs.count)") }
        }
        var maxFlows = [ScheduledValue](repeating: .infinity, count: sublinkCount)
        if let m = node["max_flows"], !m.isNull {
            maxFlows = []
            for entry in try list(m) { maxFlows.append(try value(entry, default: .infinity)) }
            guard maxFlows.count == sublinkCount else { throw issue(m, "max_flows needs nsteps + extra_slots (\(sublinkCount)) entries, one per sublink; found \(maxFlows.count)") }
        }
        var slotNames: [String] = (0...extra).map(String.init)
        if let slots = node["slot_names"], !slots.isNull {
            let given = try list(slots)
            guard given.count == extra + 1 else { throw issue(slots, "slot_names must be one more than the number of extra slots (\(extra + 1)); found \(given.count)") }
            slotNames = given.map { Self.slotKey($0) }
        }
        let head = add(name, .link, role: .generic(type: "multisplitlink"))
        let main = add("\(name) Output", .link, role: part(name, "main outlet"))
        var lastMain = head
        for i in 0..<steps {
            let sub = add("\(name) Sublink \(i)", .link, role: part(name, "sublink \(i)"), max: maxFlows[i], cost: costs[i])
            network.connect(head, sub)
            network.connect(sub, main)
            lastMain = sub
        }
        var slots: [String: Int] = [slotNames[0]: main]
        var extraNodes: [Int] = []
        for i in 0..<extra {
            let sub = add("\(name) Sublink \(steps + i)", .link, role: part(name, "split \(i + 1)"), max: maxFlows[steps + i], cost: costs[steps + i])
            network.connect(head, sub)
            network.connect(sub, main)  // as in Pywr, an extra sublink also reaches the first slot
            slots[slotNames[i + 1]] = sub
            extraNodes.append(sub)
        }
        if let factorsNode = node["factors"], !factorsNode.isNull {
            let factorNodes = try list(factorsNode)
            guard factorNodes.count == extra + 1 else { throw issue(factorsNode, "factors needs extra_slots + 1 (\(extra + 1)) entries; found \(factorNodes.count)") }
            // Ratio rows f_i · x_first − f_first · x_i = 0 between the sublinks with a factor.
            let ratioNodes = [lastMain] + extraNodes
            var withFactor: [(node: Int, factor: Double)] = []
            for (k, f) in factorNodes.enumerated() where !f.isNull { withFactor.append((ratioNodes[k], try constantNumber(f))) }
            if let first = withFactor.first {
                for other in withFactor.dropFirst() {
                    network.flowConstraints.append(FlowConstraint(name: "\(name) Agg", terms: [(first.node, other.factor), (other.node, -first.factor)],
                                                                  lower: .zero, upper: .zero))
                }
            }
        }
        register(name, "multisplitlink", inlet: head, outlet: nil, flow: head, slots: slots)
    }
}
