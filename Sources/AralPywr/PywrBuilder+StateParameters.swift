import AralModel
import AralSchema

/// Pywr parameters that read node flows, earlier steps, recorders, scenarios or a table
/// interpolation (see `PywrStateParameters.swift` for what each computes and why).
extension PywrBuilder {
    static let stateParameterTypes = [
        "flow", "deficit", "rollingmeanflownode", "parameterthreshold", "recorderthreshold", "nodethreshold",
        "storagethreshold", "scenariowrapper", "discountfactor", "interpolatedvolume", "interpolatedflow",
        "hydropowertarget", "flowdelay", "currentyearthreshold", "currentordinaldaythreshold",
    ]

    /// Loads one of `stateParameterTypes`; nil for any other type.
    func loadStateParameter(_ type: String, _ node: JSONNode, label: String, common: Set<String>) throws(ModelFileError) -> ScheduledValue? {
        switch type {
        case "flow":
            try rejectUnknownKeys(node, known: common.union(["node", "initial_value"]), what: "a 'flow' parameter")
            let initial = try optionalNumber(node, "initial_value", default: 0)
            return try withNode(try required(node, "node", what: "a flow parameter")) { n, _ in
                PywrPreviousFlowParameter(label: label, node: n, initialValue: initial)
            }
        case "flowdelay": return try flowDelayParameter(node, label: label, common: common)  // PywrBuilder+Delay
        case "deficit":
            try rejectUnknownKeys(node, known: common.union(["node"]), what: "a 'deficit' parameter")
            return try withNode(try required(node, "node", what: "a deficit parameter")) { n, builder in
                PywrDeficitParameter(label: label, node: n, maxFlow: builder.network.nodes[n].maxFlow)
            }
        case "rollingmeanflownode":
            try rejectUnknownKeys(node, known: common.union(["node", "timesteps", "days", "initial_flow"]), what: "a 'rollingmeanflownode' parameter")
            let window = try rollingWindow(node)
            return try rollingMean(try required(node, "node", what: "a rollingmeanflownode parameter"), window: window,
                                   initial: try optionalNumber(node, "initial_flow", default: 0), label: label)
        case "parameterthreshold", "recorderthreshold", "nodethreshold", "storagethreshold", "currentyearthreshold", "currentordinaldaythreshold":
            return try loadThreshold(type, node, label: label, common: common)
        case "scenariowrapper":
            try rejectUnknownKeys(node, known: common.union(["scenario", "parameters"]), what: "a 'scenariowrapper' parameter")
            let dimension = try scenarioDimension(try required(node, "scenario", what: "a scenariowrapper parameter"))
            let listNode = try required(node, "parameters", what: "a scenariowrapper parameter")
            let inputs = try parameterList(listNode)
            let scenario = network.scenarios[dimension]
            guard inputs.count == scenario.size else {
                throw issue(listNode, "needs one parameter per member of scenario '\(scenario.name)' (\(scenario.size)); found \(inputs.count)")
            }
            return network.addParameter(PywrScenarioWrapperParameter(label: label, dimension: dimension, inputs: inputs))
        case "discountfactor":
            try rejectUnknownKeys(node, known: common.union(["rate", "base_year"]), what: "a 'DiscountFactorParameter'")
            let rate = try number(try required(node, "rate", what: "a DiscountFactorParameter"))
            let yearNode = try required(node, "base_year", what: "a DiscountFactorParameter")
            let year = try number(yearNode)
            guard year == year.rounded(), abs(year) < 100_000 else { throw issue(yearNode, "base_year must be a whole year") }
            return network.addParameter(PywrDiscountFactorParameter(label: label, rate: rate, baseYear: Int(year)))
        case "interpolatedvolume", "interpolatedflow":
            let xKey = type == "interpolatedvolume" ? "volumes" : "flows"
            try rejectUnknownKeys(node, known: common.union(["node", xKey, "values", "interp_kwargs"]), what: "an '\(type)' parameter")
            let ref = try required(node, "node", what: "an \(type) parameter")
            let curve = try interpolation(node, xKey: xKey)
            if type == "interpolatedvolume" {
                let (source, _) = try volumeSource(ref)
                return network.addParameter(PywrInterpolatedParameter(label: label, input: .volume(source), curve: curve))
            }
            return try withNode(ref) { n, _ in PywrInterpolatedParameter(label: label, input: .previousFlow(node: n), curve: curve) }
        case "hydropowertarget":
            try rejectUnknownKeys(node, known: common.union(["target", "water_elevation_parameter", "max_flow", "min_flow", "min_head",
                                                             "turbine_elevation", "efficiency", "density", "flow_unit_conversion",
                                                             "energy_unit_conversion"]), what: "a 'HydroPowerTarget' parameter")
            let target = try value(try required(node, "target", what: "a HydroPowerTarget parameter"), default: 0)
            let water = try node["water_elevation_parameter"].map { (n: JSONNode) throws(ModelFileError) -> ScheduledValue in try value(n, default: 0) }
            let maxFlow = try node["max_flow"].map { (n: JSONNode) throws(ModelFileError) -> ScheduledValue in try value(n, default: .infinity) }
            let minFlow = try node["min_flow"].map { (n: JSONNode) throws(ModelFileError) -> ScheduledValue in try value(n, default: 0) }
            return network.addParameter(PywrHydropowerTargetParameter(
                label: label, target: target, waterElevation: water,
                turbineElevation: try optionalNumber(node, "turbine_elevation", default: 0),
                minHead: try optionalNumber(node, "min_head", default: 0),
                efficiency: try optionalNumber(node, "efficiency", default: 1),
                density: try optionalNumber(node, "density", default: 1000),
                flowUnitConversion: try optionalNumber(node, "flow_unit_conversion", default: 1),
                energyUnitConversion: try optionalNumber(node, "energy_unit_conversion", default: 1e-6),
                maxFlow: maxFlow, minFlow: minFlow))
        default:
            return nil
        }
    }

    // MARK: - Node references

    /// Adds a parameter that reads the flow of the Pywr node `ref` names. The node may be
    /// defined later in the file than the parameter is first used: then a placeholder keeps
    /// the parameter's place (its index) and `resolveNodeReferences` fills it in.
    func withNode(_ ref: JSONNode, _ make: @escaping (Int, PywrBuilder) -> any Parameter) throws(ModelFileError) -> ScheduledValue {
        let name = try string(ref)
        guard let definition = definitions[name] else { throw issue(ref, "no node named '\(name)'") }
        let type = (definition["type"]?.string ?? "").lowercased()
        guard Self.singleFlowTypes.contains(type) else {
            throw issue(ref, "node '\(name)' is a '\(type)'; flow-reading parameters support \(Self.singleFlowTypes.sorted().joined(separator: ", ")) nodes")
        }
        if let n = flowNode[name] { return network.addParameter(make(n, self)) }
        let placeholder = network.addParameter(StepSeriesParameter(label: "pending node '\(name)'", values: []))
        if case .parameter(let i) = placeholder { pendingNodeReferences.append((i, ref, make)) }
        return placeholder
    }

    /// Node types whose flow is one network node's flow (the ones flow parameters may read).
    static let singleFlowTypes: Set<String> = ["input", "output", "link", "catchment", "river", "breaklink", "discharge"]

    /// Fills in parameters that referred to nodes defined later in the file.
    func resolveNodeReferences() throws(ModelFileError) {
        for (i, ref, make) in pendingNodeReferences {
            let name = try string(ref)
            guard let n = flowNode[name] else { throw issue(ref, "node '\(name)' has no flow to read") }
            network.parameters[i] = make(n, self)
        }
        pendingNodeReferences.removeAll()
    }

    // MARK: - Rolling means and thresholds

    /// `timesteps`, or `days` divided by the (fixed) step length in days, as Pywr's `setup`.
    func rollingWindow(_ node: JSONNode) throws(ModelFileError) -> Int {
        let timesteps = try optionalInteger(node, "timesteps", default: 0)
        let days = try optionalInteger(node, "days", default: 0)
        guard timesteps > 0 || days > 0 else { throw issue(node, node.childPath("timesteps"), "either 'timesteps' or 'days' must be given") }
        if days > 0 {
            guard let first = network.steps.first, network.steps.dropLast().allSatisfy({ $0.days == first.days }) else {
                throw issue(node["days"], "a window in days needs a timestep of a fixed number of days")
            }
            let window = days / first.days
            guard window >= 1 else { throw issue(node["days"], "the window is shorter than one step") }
            return window
        }
        return timesteps
    }

    /// The mean flow of the node over the last `min(step, window)` steps (`initial` at the
    /// first step), built from one lag parameter per step of the window.
    func rollingMean(_ ref: JSONNode, window: Int, initial: Double, label: String) throws(ModelFileError) -> ScheduledValue {
        var lags: [Int] = []
        let first = try withNode(ref) { n, _ in PywrPreviousFlowParameter(label: "\(label) lag 1", node: n, initialValue: 0) }
        guard case .parameter(let l1) = first else { throw issue(ref, "internal: lag parameter") }
        lags.append(l1)
        for k in 1..<max(1, window) {
            guard case .parameter(let l) = network.addParameter(PywrLagParameter(label: "\(label) lag \(k + 1)", source: lags[k - 1], initialValue: 0)) else {
                throw issue(ref, "internal: lag parameter")
            }
            lags.append(l)
        }
        return network.addParameter(PywrRollingMeanParameter(label: label, lags: lags, initialValue: initial))
    }

    func loadThreshold(_ type: String, _ node: JSONNode, label: String, common: Set<String>) throws(ModelFileError) -> ScheduledValue {
        let specific: [String: [String]] = [
            "parameterthreshold": ["parameter"], "recorderthreshold": ["recorder", "initial_value"],
            "nodethreshold": ["node"], "storagethreshold": ["storage_node"],
            "currentyearthreshold": [], "currentordinaldaythreshold": [],
        ]
        try rejectUnknownKeys(node, known: common.union(["threshold", "values", "predicate", "ratchet"]).union(specific[type] ?? []),
                              what: "a '\(type)' parameter")
        let compared: ScheduledValue
        var firstStepIndex: Double?
        switch type {
        case "parameterthreshold":
            compared = try value(try required(node, "parameter", what: "a parameterthreshold parameter"), default: 0)
        case "nodethreshold":
            compared = try withNode(try required(node, "node", what: "a nodethreshold parameter")) { n, _ in
                PywrPreviousFlowParameter(label: "\(label) previous flow", node: n, initialValue: 0)
            }
            firstStepIndex = 0
        case "storagethreshold":
            let (source, maxV) = try volumeSource(try required(node, "storage_node", what: "a storagethreshold parameter"))
            compared = network.addParameter(PywrStorageVolumeParameter(label: "\(label) volume", source: source, maxVolume: maxV, proportional: false))
        case "currentyearthreshold":
            compared = network.addParameter(StepSeriesParameter(label: "\(label) year", values: network.steps.map { Double($0.date.year) }))
        case "currentordinaldaythreshold":
            // Python's date.toordinal() of the step's first day.
            compared = network.addParameter(StepSeriesParameter(label: "\(label) ordinal day", values: network.steps.map { Double(Self.ordinal($0.date)) }))
        default:
            compared = try recorderPreviousValue(try required(node, "recorder", what: "a recorderthreshold parameter"), label: label)
            firstStepIndex = try optionalNumber(node, "initial_value", default: 1)
        }
        let threshold = try value(try required(node, "threshold", what: "a \(type) parameter"), default: 0)
        var predicate = PywrThresholdIndexParameter.Predicate.lt
        if let p = node["predicate"], !p.isNull {
            let symbols: [String: PywrThresholdIndexParameter.Predicate] = ["<": .lt, ">": .gt, "=": .eq, "<=": .le, ">=": .ge]
            let text = try string(p)
            guard let found = PywrThresholdIndexParameter.Predicate(rawValue: text.lowercased()) ?? symbols[text] else {
                throw issue(p, "unknown predicate '\(text)'; use LT, GT, EQ, LE, GE (or <, >, =, <=, >=)")
            }
            predicate = found
        }
        let ratchet = node["ratchet"]?.bool ?? false
        let selfIndex = network.parameters.count
        let index = network.addParameter(PywrThresholdIndexParameter(
            label: node["values"] == nil ? label : "\(label) index", selfIndex: selfIndex, compared: compared, threshold: threshold,
            predicate: predicate, ratchet: ratchet, firstStepIndex: firstStepIndex))
        guard let valuesNode = node["values"], !valuesNode.isNull else { return index }
        let values = try numbers(valuesNode)
        guard values.count == 2 else { throw issue(valuesNode, "a threshold parameter needs 2 values (predicate false, true); found \(values.count)") }
        return network.addParameter(PywrIndexedArrayParameter(label: label, index: index, inputs: values.map { .constant($0) }))
    }

    /// A recorder's value at the previous step, as `recorderthreshold` reads it
    /// (`recorder.data[t − 1]`): a rolling mean flow or a node's flow.
    func recorderPreviousValue(_ ref: JSONNode, label: String) throws(ModelFileError) -> ScheduledValue {
        let name = try string(ref)
        guard let definition = recorderDefinitions[name] else {
            throw issue(ref, "no recorder named '\(name)'; the recorders are: \(recorderDefinitions.keys.sorted().joined(separator: ", "))")
        }
        var type = (try string(try required(definition, "type", what: "a recorder"))).lowercased()
        if type.hasSuffix("recorder") { type.removeLast("recorder".count) }
        let nodeRef = try required(definition, "node", what: "recorder '\(name)'")
        switch type {
        case "rollingmeanflownode":
            // data[t − 1] is the mean of the flows of steps t − min(t, window) … t − 1.
            return try rollingMean(nodeRef, window: try rollingWindow(definition), initial: 0, label: "\(label) recorder '\(name)'")
        case "numpyarraynode", "node":
            return try withNode(nodeRef) { n, _ in PywrPreviousFlowParameter(label: "\(label) recorder '\(name)'", node: n, initialValue: 0) }
        default:
            throw issue(definition["type"], "recorderthreshold on a '\(type)' recorder is not supported; supported: rollingmeanflownode, numpyarraynode")
        }
    }

    // MARK: - Interpolation

    /// The x and y tables (lists, or columns of a CSV/table) and `interp_kwargs`.
    func interpolation(_ node: JSONNode, xKey: String, yKey: String = "values") throws(ModelFileError) -> Interpolation {
        let xNode = try required(node, xKey, what: "an interpolated parameter")
        let yNode = try required(node, yKey, what: "an interpolated parameter")
        let xs = try arrayOrTable(xNode), ys = try arrayOrTable(yNode)
        var kind = Interpolation.Kind.linear
        var boundsError = true
        var fill: Interpolation.Outside?
        if let kwargs = node["interp_kwargs"], !kwargs.isNull {
            try rejectUnknownKeys(kwargs, known: ["kind", "bounds_error", "fill_value", "assume_sorted", "copy"], what: "interp_kwargs")
            if let k = kwargs["kind"] {
                let text = try string(k)
                guard let parsed = Interpolation.Kind(rawValue: text) else {
                    throw issue(k, "interpolation kind '\(text)' is not supported; supported: \(Interpolation.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                kind = parsed
            }
            if let b = kwargs["bounds_error"], !b.isNull {
                guard let flag = b.bool else { throw issue(b, "bounds_error must be true or false") }
                boundsError = flag
            }
            if let f = kwargs["fill_value"], !f.isNull {
                if f.string == "extrapolate" {
                    // SciPy: "Cannot extrapolate and raise at the same time."
                    guard !boundsError else { throw issue(f, "fill_value 'extrapolate' needs bounds_error false (SciPy refuses both)") }
                    fill = .extrapolate
                } else if f.elements != nil {
                    let pair = try numbers(f)
                    guard pair.count == 2 else { throw issue(f, "fill_value as a list is [below, above]") }
                    fill = .fill(below: pair[0], above: pair[1])
                } else {
                    let v = try number(f)
                    fill = .fill(below: v, above: v)
                }
            }
        }
        let outside: Interpolation.Outside = boundsError ? .error : (fill ?? .fill(below: .nan, above: .nan))
        guard let curve = Interpolation(x: xs, y: ys, kind: kind, outside: outside) else {
            throw issue(xNode, "cannot interpolate: \(xKey) and values need the same length, at least \(kind == .cubic ? 4 : 2) points and no repeated \(xKey); found \(xs.count) and \(ys.count)")
        }
        return curve
    }

    /// A list of numbers, or an object with `values` or a CSV/table column
    /// (Pywr's `load_parameter_values`).
    func arrayOrTable(_ node: JSONNode) throws(ModelFileError) -> [Double] {
        if node.elements != nil { return try numbers(node) }
        guard node.members != nil else { throw issue(node, "expected a list of numbers or a table reference; found \(node.typeName)") }
        if let v = node["values"] { return try numbers(v) }
        return try tableColumn(node)
    }
}
