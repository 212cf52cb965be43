import Foundation
import AralModel

/// Each node of the document becomes one or more network nodes, by kind. Reservoirs, the
/// largest expansion, are in `BasinCompiler+Reservoir`; hydropower plants are only collected
/// here and compiled once the nodes they sit on exist (`BasinCompiler+Hydropower`).
extension BasinCompiler {
    func compileNodes(_ c: inout CompileContext) {
        for (i, nd) in c.document.nodes.enumerated() {
            let path = "nodes[\(i)]"
            let enabled = nd.enabled ?? true
            var element = BasinElement(name: nd.name, kind: nd.kind, owner: nd.owner, enabled: enabled)
            element.priority = nd.priority
            element.system = nd.system
            element.capacityMm3 = nd.maxVolume
            if nd.kind == .hydropower {
                element.plantReservoir = nd.reservoir
                element.plantLink = nd.link
            }
            switch nd.kind {
            case .inflow: compileInflow(nd, path: path, into: &element, &c)
            case .confluence:
                let n = c.net.addNode(Node(name: nd.name, kind: .link, role: .confluence, owner: nd.owner))
                element.node = n
                c.entry[nd.name] = n
                c.exit[nd.name] = n
            case .link: compileLink(nd, path: path, into: &element, &c)
            case .sink: compileSink(nd, path: path, into: &element, &c)
            case .demand: compileDemand(nd, path: path, into: &element, &c)
            case .reservoir: compileReservoir(nd, path: path, enabled: enabled, into: &element, &c)
            case .hydropower: c.plants.append((i, nd))
            }
            c.elements.append(element)
        }
    }

    /// A node's minimum flow, hard or soft: soft with an explicit `minFlowPenalty`, or with
    /// the benefit of `priority` where one applies; the same rules for every kind.
    func applyMinimum(_ nd: NodeDocument, _ path: String, to node: inout Node, priority: Int?, _ c: inout CompileContext) {
        guard let minFlow = nd.minFlow else { return }
        node.minFlow = c.value(minFlow, path: "\(path).minFlow", label: "minimum flow of '\(nd.name)'", finite: true)
        if let penalty = nd.minFlowPenalty {
            if !(penalty >= 0) { c.add("\(path).minFlowPenalty", "must be ≥ 0; got \(penalty)") }
            node.minFlowPenalty = penalty
        } else if let priority {
            node.minFlowPenalty = c.benefit(priority)
        }
    }

    func compileInflow(_ nd: NodeDocument, path: String, into element: inout BasinElement, _ c: inout CompileContext) {
        guard let flow = nd.flow else {
            c.add(path, "inflow '\(nd.name)' needs 'flow' (m³/s: a number, 12 monthly values or a CSV column)")
            return
        }
        let value = c.value(flow, path: "\(path).flow", label: "inflow '\(nd.name)'", finite: true)
        if case .csv(let file, let column, let scale) = flow {
            element.inflowSeries = SeriesProvenance(file: file, column: column, scale: scale)
        }
        let n = c.net.addNode(Node(name: nd.name, kind: .input, role: .inflow, minFlow: value, maxFlow: value, owner: nd.owner))
        element.node = n
        c.exit[nd.name] = n
    }

    func compileLink(_ nd: NodeDocument, path: String, into element: inout BasinElement, _ c: inout CompileContext) {
        var node = Node(name: nd.name, kind: .link, role: .link, owner: nd.owner)
        if let cap = nd.capacity {
            node.maxFlow = c.value(cap, path: "\(path).capacity", label: "capacity of '\(nd.name)'")
        }
        var lossCost = 0.0
        if let loss = nd.lossFraction {
            if !(0...1).contains(loss) || loss == 1 { c.add("\(path).lossFraction", "must be in [0, 1); got \(loss)") }
            node.efficiency = 1 - loss
            lossCost = Self.lossCost * loss
        }
        applyMinimum(nd, path, to: &node, priority: nil, &c)
        c.checkMinimumNotAboveMaximum(node, minPath: "\(path).minFlow", maxKey: "capacity")
        if nd.cost != nil || lossCost > 0 { node.cost = .constant((nd.cost ?? 0) + lossCost) }
        node.lossCost = lossCost
        let n = c.net.addNode(node)
        element.node = n
        c.entry[nd.name] = n
        c.exit[nd.name] = n
    }

    func compileSink(_ nd: NodeDocument, path: String, into element: inout BasinElement, _ c: inout CompileContext) {
        var node = Node(name: nd.name, kind: .output, role: .sink, owner: nd.owner)
        applyMinimum(nd, path, to: &node, priority: nd.priority, &c)
        if let cost = nd.cost { node.cost = .constant(cost) }
        let n = c.net.addNode(node)
        element.node = n
        c.entry[nd.name] = n
    }

    /// A demand without a priority ranks with the lowest one; that is allowed.
    func compileDemand(_ nd: NodeDocument, path: String, into element: inout BasinElement, _ c: inout CompileContext) {
        guard let maxFlow = nd.maxFlow else {
            c.add(path, "demand '\(nd.name)' needs 'maxFlow' (m³/s)")
            return
        }
        // A demand's maxFlow is what it asks: reliability, deficits and entitlements are read
        // against it, so "no limit" has no meaning here (`.inf` once failed the run's report),
        // and it is bounded like every flow to be carried.
        let priority = nd.priority ?? c.lowestDemandPriority
        var node = Node(name: nd.name, kind: .output, role: .demand(owner: nd.owner, priority: priority), owner: nd.owner)
        node.maxFlow = c.value(maxFlow, path: "\(path).maxFlow", label: "demand '\(nd.name)'", finite: true)
        node.cost = .constant(nd.cost ?? -c.benefit(priority))
        applyMinimum(nd, path, to: &node, priority: nil, &c)
        c.checkMinimumNotAboveMaximum(node, minPath: "\(path).minFlow", maxKey: "maxFlow")
        let consumptive = nd.consumptiveFraction ?? 1
        if !(0...1).contains(consumptive) {
            c.add("\(path).consumptiveFraction", "must be between 0 and 1; got \(consumptive)")
        }
        if let target = nd.returnTo, consumptive < 1 {
            // What returns in the same step goes through an edge; what returns later through
            // a delay (BasinCompiler+ReturnDelay).
            let shares = returnShares(nd, path: "\(path).returnDelay", &c)
            let returned = 1 - consumptive
            let sameStep = shares[0]
            let delayed = shares.dropFirst().map { returned * $0 }
            if sameStep > 0 || delayed.isEmpty {
                node.kind = .link
                node.efficiency = returned * sameStep
                c.pendingReturns.append((c.net.nodes.count, target, "\(path).returnTo"))
            }
            if delayed.contains(where: { $0 > 0 }) {
                c.pendingDelays.append(PendingDelay(source: c.net.nodes.count, name: nd.name, target: target, path: "\(path).returnTo",
                                                    fractions: delayed, initialFlow: initialDelayFlow(nd, path: "\(path).returnDelay", &c)))
            }
        } else if consumptive < 1 {
            c.add("\(path).returnTo", "demand '\(nd.name)' returns \(String(format: "%.6g", 1 - consumptive)) of its water but names no 'returnTo' node")
        }
        if nd.returnDelay != nil, nd.returnTo == nil || !(consumptive < 1) {
            c.add("\(path).returnDelay", "demand '\(nd.name)' returns no water (it needs 'returnTo' and a consumptiveFraction below 1)")
        }
        element.priority = priority
        let n = c.net.addNode(node)
        element.node = n
        c.entry[nd.name] = n
    }
}
