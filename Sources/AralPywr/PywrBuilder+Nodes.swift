import AralModel
import AralSchema

/// Pywr's node types and how each expands into generic network nodes (as Pywr itself builds
/// its compound nodes; see `pywr/nodes.py` and `pywr/domains/river.py`).
extension PywrBuilder {
    static let commonKeys: Set<String> = ["name", "type", "comment", "position", "color", "visible", "parent", "domain", "__recorder__", "tags"]
    static let flowKeys: Set<String> = commonKeys.union(["min_flow", "max_flow", "cost", "conversion_factor"])

    static let supportedTypes = [
        "input", "output", "link", "storage", "reservoir", "catchment", "river", "rivergauge", "riversplit",
        "riversplitwithgauge", "losslink", "aggregatednode", "virtualstorage", "annualvirtualstorage", "breaklink", "piecewiselink",
        "aggregatedstorage", "rollingvirtualstorage", "seasonalvirtualstorage", "monthlyvirtualstorage", "delaynode",
        "discharge", "multisplitlink",
    ]
    static let virtualStorageTypes: Set<String> = [
        "virtualstorage", "annualvirtualstorage", "rollingvirtualstorage", "seasonalvirtualstorage", "monthlyvirtualstorage",
    ]

    /// Names that edges lead into and out of, so inputs with inflows and outputs with
    /// outflows can be given their pass-through part before the edges are built.
    func scanEdges(_ edges: JSONNode?) {
        for edge in edges?.elements ?? [] {
            guard let parts = edge.elements, parts.count >= 2 else { continue }
            if let a = parts[0].string { edgeSources.insert(a) }
            if let b = parts[1].string { edgeTargets.insert(b) }
        }
    }

    func buildNodes(_ nodes: [JSONNode]) throws(ModelFileError) {
        // First pass: names, duplicates, and the storage indices control curves refer to.
        var deferred: [(String, String, JSONNode)] = []
        for node in nodes {
            guard node.members != nil else { throw issue(node, "a node is an object with 'name' and 'type'") }
            let name = try string(try required(node, "name", what: "a node"))
            let typeNode = try required(node, "type", what: "node '\(name)'")
            let type = try string(typeNode).lowercased()
            if definitions[name] != nil { throw issue(node["name"], "a node named '\(name)' already exists; Pywr requires unique names") }
            definitions[name] = node
            guard Self.supportedTypes.contains(type) else {
                throw issue(typeNode, "unsupported Pywr node type '\(type)' (node '\(name)'); supported: \(Self.supportedTypes.joined(separator: ", "))")
            }
        }
        var nextStorage = 0, nextVirtual = 0
        for node in nodes {
            guard let name = node["name"]?.string, let type = node["type"]?.string?.lowercased() else { continue }
            if type == "storage" || type == "reservoir" { storageIndex[name] = nextStorage; nextStorage += 1 }
            if Self.virtualStorageTypes.contains(type) { virtualIndex[name] = nextVirtual; nextVirtual += 1 }
        }
        for node in nodes {
            guard let name = node["name"]?.string, let type = node["type"]?.string?.lowercased() else { continue }
            switch type {
            case "input", "output", "link", "river", "catchment", "breaklink", "discharge": try buildSimple(name, type, node)
            case "multisplitlink": try buildMultiSplitLink(name, node)
            case "storage", "reservoir": try buildStorage(name, type, node)
            case "rivergauge": try buildGauge(name, node)
            case "piecewiselink": try buildPiecewiseLink(name, node)
            case "riversplit", "riversplitwithgauge": try buildSplit(name, type, node)
            case "losslink": try buildLossLink(name, node)
            case "delaynode": try buildDelayNode(name, node)  // PywrBuilder+Delay
            default: deferred.append((name, type, node))
            }
        }
        // Aggregated nodes and licences refer to other nodes: build them last, in file order.
        for (name, type, node) in deferred {
            switch type {
            case "aggregatednode": try buildAggregated(name, node)
            case "aggregatedstorage": try buildAggregatedStorage(name, node)
            default: try buildVirtual(name, type, node)
            }
        }
    }

    /// Adds a network node and returns its index.
    func add(_ name: String, _ kind: Node.Kind, role: NodeRole, min: ScheduledValue = .zero, max: ScheduledValue = .infinity, cost: ScheduledValue = .zero) -> Int {
        network.addNode(Node(name: name, kind: kind, role: role, minFlow: min, maxFlow: max, cost: cost))
    }

    /// An output that gains nothing from water (cost 0: a spill, a river's end) ties with a
    /// cost-free reservoir upstream of it: the LP may keep the water or let it go. Pywr's GLPK
    /// starts from zero flows and moves only what the costs ask for, so it keeps the water;
    /// CLP's warm dual spilled it (found from outside: a town short the next day). This cost
    /// per unit spilt, below any cost a model states but above CLP's dual tolerance (1e-7),
    /// breaks that tie Pywr's way and no other (costs that tie elsewhere are left as they are).
    static let spillPreference = 1e-6

    func part(_ parent: String, _ part: String) -> NodeRole { .internalPart(parent: parent, part: part) }

    func buildSimple(_ name: String, _ type: String, _ node: JSONNode) throws(ModelFileError) {
        var known = Self.flowKeys
        if type == "catchment" || type == "discharge" { known.insert("flow") }
        try rejectUnknownKeys(node, known: known, what: "a '\(type)' node")
        let cost = try value(node["cost"], default: 0)
        var minFlow = try value(node["min_flow"], default: 0)
        var maxFlow = try value(node["max_flow"], default: .infinity)
        let kind: Node.Kind
        switch type {
        case "input": kind = .input
        case "catchment", "discharge":  // a discharge is Pywr's catchment placed inline
            kind = .input
            let flow = try value(node["flow"], default: 0)
            minFlow = flow
            maxFlow = flow
        case "output": kind = .output
        default: kind = .link
        }
        let n = add(name, kind, role: .generic(type: type), min: minFlow, max: maxFlow,
                    cost: kind == .output && cost == .zero ? .constant(Self.spillPreference) : cost)
        // Pywr routes may pass *through* an input or output without its bounds or cost
        // applying (they apply to routes that start or end there): a pass-through link.
        if (kind == .input && edgeTargets.contains(name)) || (kind == .output && edgeSources.contains(name)) {
            let through = add("\(name) (through)", .link, role: part(name, "pass-through"))
            if kind == .input { network.connect(n, through) } else { network.connect(through, n) }
            register(name, type, inlet: through, outlet: through, flow: n)
            return
        }
        register(name, type, inlet: n, outlet: n, flow: n)
    }

    func register(_ name: String, _ type: String, inlet i: Int?, outlet o: Int?, flow: Int, slots: [String: Int] = [:]) {
        if let i { inlet[name] = i }
        if let o { outlet[name, default: [:]][""] = o }
        for (slot, node) in slots { outlet[name, default: [:]][slot] = node }
        flowNode[name] = flow
        outputs.append(PywrNodeOutput(name: name, type: type, flow: [(.node(flow), 1)]))
    }

    func buildStorage(_ name: String, _ type: String, _ node: JSONNode) throws(ModelFileError) {
        var known = Self.commonKeys.union(["max_volume", "min_volume", "initial_volume", "initial_volume_pc", "cost",
                                           "level", "area", "inputs", "outputs"])
        if type == "reservoir" { known.formUnion(["control_curve", "above_curve_cost"]) }
        try rejectUnknownKeys(node, known: known, what: "a '\(type)' node")
        for key in ["inputs", "outputs"] {
            if let n = node[key], try number(n) > 1 {
                throw issue(n, "storages with several \(key) slots are not supported")
            }
        }
        let maxNode = try required(node, "max_volume", what: "a \(type) node")
        let maxV = try value(maxNode, default: 0)
        let minV = try value(node["min_volume"], default: 0)
        maxVolume[name] = maxV
        let initial = try initialVolume(node, maxVolume: maxV, what: type)
        guard let s = storageIndex[name] else { throw issue(node, "internal: storage '\(name)' has no index") }
        var cost = try value(node["cost"], default: 0)
        if type == "reservoir", let above = node["above_curve_cost"], !above.isNull {
            if case .parameter = cost { throw issue(node["cost"], "if an above_curve_cost is given cost must not be a parameter") }
            let curve = try value(node["control_curve"], default: 1)
            let aboveCost = try value(above, default: 0)
            cost = network.addParameter(PywrControlCurveParameter(label: "\(name) cost", source: .storage(s), maxVolume: maxV,
                                                                  curves: [curve], values: [aboveCost, cost]))
        }
        // Pywr charges `cost` per unit of net inflow (a flow); Aral per unit of end volume.
        if cost != .zero {
            cost = network.addParameter(PerDayParameter(label: "\(name) cost per day", input: cost))
        }
        var storage = Storage(minVolume: minV, maxVolume: maxV, initialVolume: initial, cost: cost)
        storage.holdsBelowMinimum = true
        let n = network.addStorage(storage, node: Node(name: name, kind: .storage(s), role: .generic(type: type)))
        inlet[name] = n
        outlet[name, default: [:]][""] = n
        outputs.append(PywrNodeOutput(name: name, type: type, flow: [], storage: s))
    }

    /// Pywr's rule: `initial_volume_pc` × max volume wins when given, else `initial_volume`;
    /// one of them is required.
    func initialVolume(_ node: JSONNode, maxVolume: ScheduledValue, what: String) throws(ModelFileError) -> Double {
        let pc = node["initial_volume_pc"].flatMap { $0.isNull ? nil : $0 }
        let absolute = node["initial_volume"].flatMap { $0.isNull ? nil : $0 }
        if case .parameter = maxVolume {
            guard let pc, let absolute else {
                throw issue(node, "both 'initial_volume' and 'initial_volume_pc' must be given when max_volume is a parameter")
            }
            _ = try number(pc)
            return try number(absolute)
        }
        let maxV = maxVolume.constantValue ?? 0
        if let pc { return try number(pc) * maxV }
        if let absolute {
            if absolute.members != nil { return try tableValue(absolute) }
            return try number(absolute)
        }
        throw issue(node, "a \(what) needs 'initial_volume' or 'initial_volume_pc'")
    }

    /// After edges exist: a storage's flow is its net inflow, in − out.
    func finishStorageFlows() {
        for (o, output) in outputs.enumerated() {
            guard let s = output.storage else { continue }
            let n = network.storages[s].node
            var terms: [(term: PywrFlowTerm, coefficient: Double)] = []
            for (e, edge) in network.edges.enumerated() {
                if edge.to == n { terms.append((.edge(e), 1)) }
                if edge.from == n { terms.append((.edge(e), -1)) }
            }
            outputs[o].flow = terms
        }
        // An aggregated storage's flow is the sum of its storages' flows (Pywr's
        // `AggregatedStorage.after`).
        for (name, members) in aggregatedStorages {
            guard let o = outputs.firstIndex(where: { $0.name == name }) else { continue }
            outputs[o].flow = members.flatMap { member in outputs.first(where: { $0.name == member })?.flow ?? [] }
        }
    }

    /// `aggregatedstorage`: a reporting node, isolated from the network, whose flow is the
    /// total net inflow of its storages; it adds nothing to the LP.
    func buildAggregatedStorage(_ name: String, _ node: JSONNode) throws(ModelFileError) {
        try rejectUnknownKeys(node, known: Self.commonKeys.union(["storage_nodes"]), what: "an 'aggregatedstorage' node")
        var members: [String] = []
        for ref in try list(try required(node, "storage_nodes", what: "an aggregatedstorage node")) {
            let member = try string(ref)
            guard storageIndex[member] != nil else {
                throw issue(ref, definitions[member] == nil ? "no node named '\(member)'" : "'\(member)' is not a storage or reservoir node")
            }
            members.append(member)
        }
        aggregatedStorages.append((name, members))
        outputs.append(PywrNodeOutput(name: name, type: "aggregatedstorage", flow: []))
    }

    /// `rivergauge`: Pywr's piecewise link with two parallel sublinks — the minimum residual
    /// flow (max `mrf`, cost `mrf_cost`) and the rest (cost `cost`).
    func buildGauge(_ name: String, _ node: JSONNode) throws(ModelFileError) {
        try rejectUnknownKeys(node, known: Self.flowKeys.union(["mrf", "mrf_cost"]), what: "a 'rivergauge' node")
        let sublinks = [(max: try value(node["mrf"], default: 0), cost: try value(node["mrf_cost"], default: 0)),
                        (max: ScheduledValue.infinity, cost: try value(node["cost"], default: 0))]
        buildPiecewise(name, "rivergauge", sublinks)
    }

    /// `piecewiselink`: `nsteps` parallel sublinks with their own `max_flows` and `costs`.
    func buildPiecewiseLink(_ name: String, _ node: JSONNode) throws(ModelFileError) {
        try rejectUnknownKeys(node, known: Self.commonKeys.union(["nsteps", "max_flows", "costs"]), what: "a 'piecewiselink' node")
        let stepsNode = try required(node, "nsteps", what: "a piecewiselink node")
        let n = try integer(stepsNode)
        let costs = try node["costs"].map { (c: JSONNode) throws(ModelFileError) -> [ScheduledValue] in try parameterList(c) } ?? []
        let maxFlows = try node["max_flows"].map { (c: JSONNode) throws(ModelFileError) -> [ScheduledValue] in
            try list(c).map { (m: JSONNode) throws(ModelFileError) -> ScheduledValue in try value(m, default: .infinity) }
        } ?? []
        guard n >= 1, costs.isEmpty || costs.count == n, maxFlows.isEmpty || maxFlows.count == n else {
            throw issue(stepsNode, "costs and max_flows must each have nsteps (\(n)) entries")
        }
        buildPiecewise(name, "piecewiselink", (0..<n).map { i in
            (max: maxFlows.isEmpty ? ScheduledValue.infinity : maxFlows[i], cost: costs.isEmpty ? ScheduledValue.zero : costs[i])
        })
    }

    /// Pywr's piecewise structure: flow enters, splits over parallel sublinks, and leaves
    /// through one outlet. The node's flow is the total.
    func buildPiecewise(_ name: String, _ type: String, _ sublinks: [(max: ScheduledValue, cost: ScheduledValue)]) {
        let head = add(name, .link, role: .generic(type: type))
        let tail = add("\(name) Output", .link, role: part(name, "outlet"))
        for (i, s) in sublinks.enumerated() {
            let sub = add("\(name) Sublink \(i)", .link, role: part(name, "sublink \(i)"), max: s.max, cost: s.cost)
            network.connect(head, sub)
            network.connect(sub, tail)
        }
        register(name, type, inlet: head, outlet: tail, flow: head)
    }

    /// `riversplit` / `riversplitwithgauge`: Pywr's multi-split link. Flow enters, passes the
    /// piecewise sublinks to the first slot, or the extra sublinks to the other slots; the
    /// last piecewise sublink and the extra sublinks keep the ratios of `factors`.
    func buildSplit(_ name: String, _ type: String, _ node: JSONNode) throws(ModelFileError) {
        var known = Self.flowKeys.union(["factors", "slot_names"])
        if type == "riversplitwithgauge" { known.formUnion(["mrf", "mrf_cost"]) }
        try rejectUnknownKeys(node, known: known, what: "a '\(type)' node")
        let factorsNode = try required(node, "factors", what: "a \(type) node")
        let factorNodes = try list(factorsNode)
        let extra = factorNodes.count - 1
        guard extra >= 1 else { throw issue(factorsNode, "factors must have at least two entries") }
        var slotNames: [String] = (0...extra).map(String.init)
        if let slots = node["slot_names"] {
            let given = try list(slots)
            guard given.count == extra + 1 else { throw issue(slots, "slot_names must be one more than the number of extra slots (\(extra + 1))") }
            slotNames = given.map { Self.slotKey($0) }
        }
        var sublinks: [(max: ScheduledValue, cost: ScheduledValue, role: String)] = []
        if type == "riversplitwithgauge" {
            sublinks.append((try value(node["mrf"], default: 0), try value(node["mrf_cost"], default: 0), "mrf"))
            sublinks.append((.infinity, try value(node["cost"], default: 0), "rest"))
        } else {
            sublinks.append((.infinity, .zero, "main"))
        }
        let head = add(name, .link, role: .generic(type: type))
        let main = add("\(name) Output", .link, role: part(name, "main outlet"))
        var lastMain = head
        for (i, s) in sublinks.enumerated() {
            let sub = add("\(name) Sublink \(i)", .link, role: part(name, s.role), max: s.max, cost: s.cost)
            network.connect(head, sub)
            network.connect(sub, main)
            lastMain = sub
        }
        var slots: [String: Int] = [slotNames[0]: main]
        var extraNodes: [Int] = []
        for i in 0..<extra {
            let sub = add("\(name) Sublink \(sublinks.count + i)", .link, role: part(name, "split \(i + 1)"))
            network.connect(head, sub)
            // Pywr's RiverSplit is a MultiSplitLink: an extra sublink reaches the first slot too,
            // so a slot that cannot take its share passes it on there (found from outside: a
            // capped slot throttled the whole split).
            network.connect(sub, main)
            slots[slotNames[i + 1]] = sub
            extraNodes.append(sub)
        }
        // Ratio rows: f_i · x_last − f_last · x_i = 0 for every extra sublink with a factor.
        let factors = try factorNodes.map { (f: JSONNode) throws(ModelFileError) -> Double? in f.isNull ? nil : try constantNumber(f) }
        let ratioNodes = [lastMain] + extraNodes
        var withFactor: [(node: Int, factor: Double)] = []
        for (k, f) in factors.enumerated() { if let f { withFactor.append((ratioNodes[k], f)) } }
        if let first = withFactor.first {
            for other in withFactor.dropFirst() {
                network.flowConstraints.append(FlowConstraint(name: "\(name) Agg", terms: [(first.node, other.factor), (other.node, -first.factor)],
                                                              lower: .zero, upper: .zero))
            }
        }
        register(name, type, inlet: head, outlet: nil, flow: head, slots: slots)
    }

    /// `losslink`: gross link → net link (min/max/cost) and → a loss output, the loss in a
    /// fixed ratio to the net (`net`) or gross (`gross`) flow. Pywr reports the net flow.
    func buildLossLink(_ name: String, _ node: JSONNode) throws(ModelFileError) {
        try rejectUnknownKeys(node, known: Self.flowKeys.union(["loss_factor", "loss_factor_type"]), what: "a 'losslink' node")
        let factorType = try node["loss_factor_type"].map { (n: JSONNode) throws(ModelFileError) -> String in try string(n) } ?? "net"
        guard factorType == "net" || factorType == "gross" else {
            throw issue(node["loss_factor_type"], "unrecognised loss_factor_type '\(factorType)'; use 'gross' or 'net'")
        }
        let lossValue = try value(node["loss_factor"], default: 0)
        if case .parameter(let source) = lossValue {
            try buildVaryingLossLink(name, node, source: source, factorType: factorType)
            return
        }
        let loss = lossValue.constantValue ?? 0
        let gross = add("\(name) Gross", .link, role: part(name, "gross"))
        let net = add(name, .link, role: .generic(type: "losslink"), min: try value(node["min_flow"], default: 0),
                      max: try value(node["max_flow"], default: .infinity), cost: try value(node["cost"], default: 0))
        let lossMax: ScheduledValue = loss == 0 ? .zero : .infinity
        let output = add("\(name) Output", .output, role: part(name, "loss"), max: lossMax)
        network.connect(gross, output)
        network.connect(gross, net)
        if loss == 1, factorType == "gross" {
            network.nodes[net].maxFlow = .zero
        } else if loss != 0 {
            let (fNet, fLoss) = factorType == "net" ? (1.0, loss) : (1 - loss, loss)
            network.flowConstraints.append(FlowConstraint(name: "\(name) Aggregated", terms: [(net, fLoss), (output, -fNet)],
                                                          lower: .zero, upper: .zero))
        }
        register(name, "losslink", inlet: gross, outlet: net, flow: net)
        registerParts(of: name, ["Gross": gross, "Net": net, "Output": output])
    }

    /// `losslink` with a `loss_factor` parameter (`net` only, as in Pywr, whose `gross`
    /// branch calls `float()` on the factor): see `PywrLossFactorRows`.
    func buildVaryingLossLink(_ name: String, _ node: JSONNode, source: Int, factorType: String) throws(ModelFileError) {
        let factorNode = node["loss_factor"]
        guard factorType == "net" else {
            throw issue(factorNode, "a 'gross' loss_factor must be a constant (Pywr cannot take a parameter here either)")
        }
        guard let possible = PywrLossFactorRows.possibleValues(of: network.parameters[source]) else {
            throw issue(factorNode, "a loss_factor that varies must be fixed before the run (a profile or a data frame); '\(network.parameters[source].label)' depends on the model's state")
        }
        let values = PywrLossFactorRows.distinct(possible)
        guard values.count <= PywrLossFactorRows.maximumDistinctValues else {
            throw issue(factorNode, "the loss_factor takes \(values.count) different values; at most \(PywrLossFactorRows.maximumDistinctValues) are supported (one LP row each)")
        }
        let gross = add("\(name) Gross", .link, role: part(name, "gross"))
        let net = add(name, .link, role: .generic(type: "losslink"), min: try value(node["min_flow"], default: 0),
                      max: try value(node["max_flow"], default: .infinity), cost: try value(node["cost"], default: 0))
        let output = add("\(name) Output", .output, role: part(name, "loss"), max: .infinity)
        network.connect(gross, output)
        network.connect(gross, net)
        for (k, f) in values.enumerated() {
            let label = "\(name) loss factor \(f)"
            let lower = network.addParameter(PywrLossFactorGateParameter(label: "\(label) lower", source: source, value: f, inactive: -.infinity))
            let upper = network.addParameter(PywrLossFactorGateParameter(label: "\(label) upper", source: source, value: f, inactive: .infinity))
            network.flowConstraints.append(FlowConstraint(name: "\(name) Aggregated \(k)", terms: [(net, f), (output, -1)],
                                                          lower: lower, upper: upper))
        }
        register(name, "losslink", inlet: gross, outlet: net, flow: net)
        registerParts(of: name, ["Gross": gross, "Net": net, "Output": output])
    }

    /// Pywr names a compound node's parts "<name> <Part>"; a part that shares a name with a
    /// node of the model stays the node's (Pywr asserts no such clash).
    func registerParts(of name: String, _ parts: [String: Int]) {
        for (part, node) in parts where definitions["\(name) \(part)"] == nil { partFlowNode["\(name) \(part)"] = node }
    }

    /// The single network node whose flow is `name`'s flow, for constraints on node flows.
    func constrainedNode(_ ref: JSONNode) throws(ModelFileError) -> Int {
        let name = try string(ref)
        if definitions[name] == nil, let part = partFlowNode[name] { return part }
        guard definitions[name] != nil else { throw issue(ref, "no node named '\(name)'") }
        guard let n = flowNode[name] else {
            throw issue(ref, "node '\(name)' (a \(definitions[name]?["type"]?.string ?? "node")) cannot be part of an aggregated node or licence here")
        }
        return n
    }

    func buildAggregated(_ name: String, _ node: JSONNode) throws(ModelFileError) {
        try rejectUnknownKeys(node, known: Self.flowKeys.union(["nodes", "factors", "flow_weights"]), what: "an 'aggregatednode'")
        let refs = try list(try required(node, "nodes", what: "an aggregated node"))
        var members: [Int] = []
        for ref in refs { members.append(try constrainedNode(ref)) }
        var weights = Array(repeating: 1.0, count: members.count)
        if let w = node["flow_weights"], !w.isNull {
            weights = try numbers(w)
            guard weights.count == members.count else { throw issue(w, "flow_weights needs one weight per node (\(members.count))") }
        }
        let minFlow = try value(node["min_flow"], default: 0)
        let maxFlow = try value(node["max_flow"], default: .infinity)
        if minFlow != .zero || maxFlow != .infinity {
            network.flowConstraints.append(FlowConstraint(name: name, terms: zip(members, weights).map { ($0, $1) },
                                                          lower: minFlow, upper: maxFlow))
        }
        if let f = node["factors"], !f.isNull {
            let factorNodes = try list(f)
            guard factorNodes.count == members.count else { throw issue(f, "factors needs one factor per node (\(members.count))") }
            var factors: [Double] = []
            for fn in factorNodes { factors.append(try constantNumber(fn)) }
            for i in 1..<max(1, members.count) {
                network.flowConstraints.append(FlowConstraint(name: "\(name) factor \(i)", terms: [(members[0], factors[i]), (members[i], -factors[0])],
                                                              lower: .zero, upper: .zero))
            }
        }
        outputs.append(PywrNodeOutput(name: name, type: "aggregatednode", flow: zip(members, weights).map { (.node($0), $1) }))
    }

    func buildVirtual(_ name: String, _ type: String, _ node: JSONNode) throws(ModelFileError) {
        var known = Self.commonKeys.union(["nodes", "factors", "max_volume", "min_volume", "initial_volume", "initial_volume_pc", "cost"])
        switch type {
        case "annualvirtualstorage": known.formUnion(["reset_day", "reset_month", "reset_to_initial_volume"])
        case "seasonalvirtualstorage": known.formUnion(["reset_day", "reset_month", "reset_to_initial_volume", "end_day", "end_month"])
        case "monthlyvirtualstorage": known.formUnion(["months", "initial_months", "reset_to_initial_volume"])
        case "rollingvirtualstorage": known.formUnion(["days", "timesteps"])
        default: break
        }
        try rejectUnknownKeys(node, known: known, what: "a '\(type)' node")
        if let c = node["cost"], !c.isNull, (try? constantNumber(c)) != 0 {
            throw issue(c, "VirtualStorage does not currently support a non-zero cost (Pywr's model check refuses it; its run ignores the cost): remove it, or set it to 0")
        }
        let refs = try list(try required(node, "nodes", what: "a virtual storage"))
        var members: [Int] = []
        for ref in refs { members.append(try constrainedNode(ref)) }
        var factors = Array(repeating: 1.0, count: members.count)
        if let f = node["factors"], !f.isNull {
            factors = try numbers(f)
            guard factors.count == members.count else { throw issue(f, "factors needs one factor per node (\(members.count))") }
        }
        let maxNode = node["max_volume"]
        let maxV = try maxNode.map { (n: JSONNode) throws(ModelFileError) -> Double in try constantNumber(n) } ?? 0
        let minV = try node["min_volume"].map { (n: JSONNode) throws(ModelFileError) -> Double in try constantNumber(n) } ?? 0
        // Pywr's RollingVirtualStorage defaults initial_volume to 0.
        let rollingDefault = type == "rollingvirtualstorage" && node["initial_volume"] == nil && node["initial_volume_pc"] == nil
        let initial = rollingDefault ? 0 : try initialVolume(node, maxVolume: .constant(maxV), what: type)
        var vs = VirtualStorage(name: name, terms: zip(members, factors).map { ($0, $1) }, minVolume: minV, maxVolume: maxV, initialVolume: initial)
        let toInitial = node["reset_to_initial_volume"]?.bool ?? false
        switch type {
        case "annualvirtualstorage":
            let month = try optionalInteger(node, "reset_month", default: 1)
            let day = try optionalInteger(node, "reset_day", default: 1)
            vs.reset = (month, day)
            vs.resetAtFirstStepOnOrAfter = true
            vs.resetVolume = toInitial ? initial : maxV
        case "seasonalvirtualstorage":
            let schedule = Self.seasonalSchedule(network.steps, reset: (try optionalInteger(node, "reset_month", default: 1),
                                                                        try optionalInteger(node, "reset_day", default: 1)),
                                                 end: (try optionalInteger(node, "end_month", default: 12),
                                                       try optionalInteger(node, "end_day", default: 31)))
            vs.resetSteps = schedule.resets
            vs.activeSteps = schedule.active
            vs.resetVolume = toInitial ? initial : maxV
        case "monthlyvirtualstorage":
            let monthsNode = node["months"]
            let months = try optionalInteger(node, "months", default: 1)
            guard months >= 1 else { throw issue(monthsNode, "months must be at least 1") }
            vs.resetSteps = Self.monthlyResets(network.steps, months: months, initialMonths: try optionalInteger(node, "initial_months", default: 0))
            vs.resetVolume = toInitial ? initial : maxV
        case "rollingvirtualstorage":
            let window = try rollingWindow(node)
            guard window >= 2 else { throw issue(node["timesteps"] ?? node["days"], "a rolling licence needs a window of at least 2 steps (Pywr's rule)") }
            // Pywr's setup: the volume below the maximum counts as used evenly over the window.
            let pc = maxV > 0 ? initial / maxV : 0
            vs.rolling = (window, pc == 0 ? maxV / Double(window - 1) : (maxV - initial) / Double(window - 1))
        default: break
        }
        guard let v = virtualIndex[name], v == network.virtualStorages.count else { throw issue(node, "internal: virtual storage order") }
        network.virtualStorages.append(vs)
        maxVolume[name] = .constant(maxV)
        var output = PywrNodeOutput(name: name, type: type, flow: zip(members, factors).map { (.node($0), -$1) }, virtualStorage: v)
        output.activeSteps = vs.activeSteps
        outputs.append(output)
    }

    /// Pywr's `MonthlyVirtualStorage.before`: a count that starts at `initial_months − 1`
    /// rises at each step in a new month; on reaching `months` the licence resets.
    static func monthlyResets(_ steps: [TimeStep], months: Int, initialMonths: Int) -> Set<Int> {
        var count = initialMonths - 1, lastMonth: Int?
        var resets: Set<Int> = []
        for step in steps where step.date.month != lastMonth {
            lastMonth = step.date.month
            count += 1
            if count == months {
                count = 0
                resets.insert(step.index)
            }
        }
        return resets
    }

    /// Pywr's `SeasonalVirtualStorage.before` (with `AnnualVirtualStorage.before`): resets at
    /// the first step of a year on or after the reset day, and switches on there; switches
    /// off at the first step on or after the end day. Returns the reset steps and, per step,
    /// whether the licence is on.
    static func seasonalSchedule(_ steps: [TimeStep], reset: (month: Int, day: Int), end: (month: Int, day: Int)) -> (resets: Set<Int>, active: [Bool]) {
        func onOrAfter(_ d: CivilDate, _ m: Int, _ day: Int) -> Bool { d.month > m || (d.month == m && d.day >= day) }
        var lastReset: Int?, lastActive: Int?
        var active = true
        var resets: Set<Int> = [], flags: [Bool] = []
        let endNotAfterReset = end.month < reset.month || (end.month == reset.month && end.day <= reset.day)
        let endNotBeforeReset = end.month > reset.month || (end.month == reset.month && end.day >= reset.day)
        for step in steps {
            let d = step.date
            if step.index == 0, d.month > reset.month || (d.month == reset.month && d.day > reset.day) { lastReset = d.year }
            if d.year != lastReset, onOrAfter(d, reset.month, reset.day) {
                resets.insert(step.index)
                lastReset = d.year
                active = true
            }
            if d.year != lastActive {
                if step.index == 0 {
                    if lastReset == d.year {
                        if endNotAfterReset { lastActive = d.year }
                    } else if endNotBeforeReset {
                        active = false
                    }
                } else if onOrAfter(d, end.month, end.day) {
                    lastActive = d.year
                    active = false
                }
            }
            flags.append(active)
        }
        return (resets, flags)
    }

    // MARK: - Edges

    static func slotKey(_ node: JSONNode) -> String {
        if let d = node.number, d == d.rounded(), abs(d) < 1e15 { return String(Int(d)) }
        return node.string ?? ""
    }

    func buildEdges(_ edges: JSONNode?) throws(ModelFileError) {
        guard let edges else { return }
        for edge in try list(edges) {
            let parts = try list(edge)
            // Three entries are refused as Pywr refuses them (`slot_from, slot_to = edge_data[2:]`).
            guard parts.count == 2 || parts.count == 4 else {
                throw issue(edge, "an edge is [from, to] or [from, to, from_slot, to_slot] (null for no slot); found \(parts.count) entries")
            }
            let fromName = try string(parts[0]), toName = try string(parts[1])
            guard definitions[fromName] != nil else { throw issue(parts[0], "no node named '\(fromName)'") }
            guard definitions[toName] != nil else { throw issue(parts[1], "no node named '\(toName)'") }
            let slot = parts.count >= 3 && !parts[2].isNull ? Self.slotKey(parts[2]) : ""
            guard let slots = outlet[fromName] else { throw issue(parts[0], "node '\(fromName)' cannot have outgoing edges") }
            guard let from = slots[slot] ?? (slot.isEmpty ? slots.first(where: { _ in slots.count == 1 })?.value : nil) else {
                throw issue(parts.count >= 3 ? parts[2] : edge, "node '\(fromName)' has no slot '\(slot)'; its slots: \(slots.keys.filter { !$0.isEmpty }.sorted().joined(separator: ", "))")
            }
            guard let to = inlet[toName] else { throw issue(parts[1], "node '\(toName)' cannot have incoming edges") }
            network.connect(from, to)
        }
    }
}
