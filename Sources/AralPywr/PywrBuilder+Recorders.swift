import AralModel
import AralSchema

/// The recorders of a Pywr file, compiled with Pywr's semantics (`pywr/recorders`). Every
/// recorder type Pywr 1.31 registers that reads nodes, storages or parameters is computed;
/// `csvrecorder` and `tablesrecorder` become result files; a type Aral does not compute
/// (Python-only ones such as events and calibration statistics) is listed by name.
extension PywrBuilder {
    /// Keys every Pywr recorder accepts (`Recorder.__init__`).
    static let commonRecorderKeys: Set<String> = ["type", "name", "comment", "agg_func", "ignore_nan", "is_objective", "epsilon",
                                                  "constraint_lower_bounds", "constraint_upper_bounds"]

    func readRecorders(_ node: JSONNode?) throws(ModelFileError) -> (kept: [PywrRecorderDefinition], files: [PywrResultFile], ignored: [String]) {
        guard let node else { return ([], [], []) }
        guard let members = node.members else { throw issue(node, "'recorders' must be an object mapping names to definitions") }
        var kept: [PywrRecorderDefinition] = [], files: [PywrResultFile] = [], ignored: [String] = []
        let order = members.map(\.0)
        for (name, definition) in members {
            guard let typeNode = definition["type"] else { throw issue(definition, "a recorder needs a 'type'") }
            let type = Self.recorderType(try string(typeNode))
            if let file = try resultFile(type, name: name, definition) { files.append(file); continue }
            if let kind = try recorderKind(type, name: name, definition, order: order) {
                kept.append(try recorderCommon(name: name, type: type, kind: kind, definition))
            } else if Self.pywrRecorderTypes.contains(type) {
                ignored.append("\(name) (\(type))")
            } else {
                ignored.append("\(name) (\(try string(typeNode)): not a type Pywr 1.31 registers — a custom Python recorder, or a misspelling)")
            }
        }
        // Aggregated recorders refer to others by their position among the kept ones.
        let positions = Dictionary(uniqueKeysWithValues: kept.enumerated().map { ($1.name, $0) })
        for r in kept.indices {
            guard case .aggregated(let children, let function) = kept[r].kind else { continue }
            var mapped: [Int] = []
            for c in children {
                let childName = order[c]
                guard let p = positions[childName] else {
                    let at = members.first { $0.key == kept[r].name }?.value["recorders"]
                    throw issue(at, "aggregated recorder '\(kept[r].name)' combines '\(childName)', which Aral does not compute")
                }
                mapped.append(p)
            }
            kept[r].kind = .aggregated(mapped, function)
        }
        try checkAggregationCycles(kept)
        return (kept, files, ignored)
    }

    /// Pywr 1.31's `recorder_registry` once `pywr.model` is imported, the `recorder` suffix
    /// dropped as `recorderType` drops it. A type outside it makes Pywr raise "Unrecognised
    /// recorder type"; Aral, whose allocation no recorder changes, runs and says so.
    static let pywrRecorderTypes: Set<String> = [
        "aggregated", "annualcountindexparameter", "annualcountindexthreshold", "annualtotalflow", "baseconstantstorage", "csv",
        "deficitfrequencynode", "eventduration", "event", "eventstatistic", "flowdurationcurvedeviation", "flowdurationcurve",
        "gaussiankdestorage", "hydropower", "indexparameter", "meanflownode", "meanparameter", "minimumthresholdvolumestorage",
        "minimumvolumestorage", "node", "normalisedgaussiankdestorage", "numpyarrayarea", "numpyarraydailyprofileparameter",
        "numpyarrayindexparameter", "numpyarraylevel", "numpyarraynodecost", "numpyarraynodecurtailmentratio",
        "numpyarraynodedeficit", "numpyarraynode", "numpyarraynodesuppliedratio", "numpyarraynormalisedstorage",
        "numpyarrayparameter", "numpyarraystorage", "parameter", "rollingmeanflownode", "rollingwindowparameter",
        "seasonalflowdurationcurve", "storagedurationcurve", "storage", "tables", "tables2", "timestepcountindexparameter",
        "totaldeficitnode", "totalflownode", "totalhydroenergy", "totalparameter",
    ]

    /// Pywr looks a type up lower-cased, then with `recorder` appended; Aral drops the suffix.
    static func recorderType(_ text: String) -> String {
        var type = text.lowercased()
        if type.hasSuffix("recorder") { type.removeLast("recorder".count) }
        return type
    }

    /// The keys every recorder shares: aggregation functions, objective, comment.
    func recorderCommon(name: String, type: String, kind: PywrRecorderDefinition.Kind,
                        _ definition: JSONNode) throws(ModelFileError) -> PywrRecorderDefinition {
        let temporalDefault: PywrAggregator = type == "annualtotalflow" ? .sum : .mean
        var temporal = try aggregator(definition["temporal_agg_func"], default: temporalDefault)
        if let fdc = definition["fdc_agg_func"] {
            if definition["temporal_agg_func"] != nil {
                throw issue(fdc, "both 'fdc_agg_func' and 'temporal_agg_func' are given; Pywr rejects this as ambiguous")
            }
            temporal = try aggregator(fdc, default: .mean)
        }
        var objective: String?
        if let o = definition["is_objective"], !o.isNull {
            switch try string(o).lowercased() {
            case "maximise", "maximize", "max": objective = "maximise"
            case "minimise", "minimize", "min": objective = "minimise"
            default: throw issue(o, "is_objective must be maximise or minimise (or null)")
            }
        }
        let ignoreNaN = definition["ignore_nan"]?.bool ?? false
        return PywrRecorderDefinition(name: name, type: type, kind: kind, temporal: temporal,
                                      scenarioAggregation: try aggregator(definition["agg_func"], default: .mean),
                                      ignoreNaN: ignoreNaN, objective: objective, comment: definition["comment"]?.string)
    }

    /// Pywr's `Aggregator(func)`: a name, or `{"func": …, "args": […], "kwargs": {…}}`.
    func aggregator(_ node: JSONNode?, default fallback: PywrAggregator) throws(ModelFileError) -> PywrAggregator {
        guard let node, !node.isNull else { return fallback }
        let name: String
        var args: [JSONNode] = [], kwargs: JSONNode?
        if let s = node.string { name = s } else if node.members != nil {
            name = try string(try required(node, "func", what: "an aggregation function"))
            if let a = node["args"] { args = try list(a) }
            kwargs = node["kwargs"]
        } else {
            throw issue(node, "an aggregation function is a name or {\"func\": …, \"args\": …, \"kwargs\": …}")
        }
        func argument(_ position: Int, _ key: String) throws(ModelFileError) -> JSONNode {
            if position < args.count { return args[position] }
            if let k = kwargs?[key] { return k }
            throw issue(node, "the '\(name)' aggregation needs '\(key)' (in 'args' or 'kwargs')")
        }
        switch name.lowercased() {
        case "sum": return .sum
        case "min": return .min
        case "max": return .max
        case "mean": return .mean
        case "median": return .median
        case "product": return .product
        case "count_nonzero": return .countNonzero
        case "percentile":
            let q = try argument(0, "q")
            let value = try number(q)
            guard (0...100).contains(value) else { throw issue(q, "a percentile is between 0 and 100; found \(value)") }
            return .percentile(value)
        case "percentileofscore":
            let score = try number(try argument(0, "score"))
            var kind = PywrAggregator.ScoreKind.rank
            if args.count > 1 || kwargs?["kind"] != nil {
                let k = try argument(1, "kind")
                guard let parsed = PywrAggregator.ScoreKind(rawValue: try string(k)) else {
                    throw issue(k, "kind must be one of \(PywrAggregator.ScoreKind.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                kind = parsed
            }
            return .percentileOfScore(score: score, kind: kind)
        default:
            throw issue(node, "unknown aggregation function '\(name)'; Pywr's are: \(PywrAggregator.names.joined(separator: ", ")) (custom Python functions are not supported)")
        }
    }

    func recorderNode(_ definition: JSONNode, key: String = "node", recorder: String) throws(ModelFileError) -> PywrRecorderDefinition.NodeRef {
        let ref = try required(definition, key, what: "recorder '\(recorder)'")
        return try nodeRef(ref, recorder: recorder)
    }

    func nodeRef(_ ref: JSONNode, recorder: String) throws(ModelFileError) -> PywrRecorderDefinition.NodeRef {
        let name = try string(ref)
        guard let index = outputs.firstIndex(where: { $0.name == name }) else {
            throw issue(ref, "recorder '\(recorder)' refers to no node named '\(name)'")
        }
        return .init(index: index, maxFlowNode: flowNode[name])
    }

    func recorderStorage(_ definition: JSONNode, recorder: String) throws(ModelFileError) -> PywrRecorderDefinition.StorageRef {
        let ref = try required(definition, "node", what: "recorder '\(recorder)'")
        let node = try nodeRef(ref, recorder: recorder)
        let output = outputs[node.index]
        let maxVolume: ScheduledValue
        if let s = output.storage { maxVolume = network.storages[s].maxVolume }
        else if let v = output.virtualStorage { maxVolume = .constant(network.virtualStorages[v].maxVolume) }
        else { throw issue(ref, "recorder '\(recorder)' needs a storage node; '\(output.name)' is a \(output.type)") }
        return .init(index: node.index, maxVolume: maxVolume)
    }

    func recorderParameter(_ definition: JSONNode, recorder: String) throws(ModelFileError) -> ScheduledValue {
        try value(try required(definition, "parameter", what: "recorder '\(recorder)'"), default: .nan)
    }

    func hydropower(_ d: JSONNode) throws(ModelFileError) -> PywrRecorderDefinition.Hydropower {
        let water = d["water_elevation_parameter"].flatMap { $0.isNull ? nil : $0 }
        return .init(waterElevation: try water.map { (w: JSONNode) throws(ModelFileError) in try value(w, default: .nan) },
                     turbineElevation: try optionalNumber(d, "turbine_elevation", default: 0),
                     efficiency: try optionalNumber(d, "efficiency", default: 1),
                     density: try optionalNumber(d, "density", default: 1000),
                     flowUnitConversion: try optionalNumber(d, "flow_unit_conversion", default: 1),
                     energyUnitConversion: try optionalNumber(d, "energy_unit_conversion", default: 1e-6))
    }

    func predicate(_ d: JSONNode) throws(ModelFileError) -> PywrRecorderDefinition.Predicate {
        guard let p = d["predicate"], !p.isNull else { return .lt }
        let text = try string(p).uppercased()
        let symbols: [String: PywrRecorderDefinition.Predicate] = ["<": .lt, ">": .gt, "=": .eq, "<=": .le, ">=": .ge]
        guard let predicate = PywrRecorderDefinition.Predicate(rawValue: text) ?? symbols[text] else {
            throw issue(p, "predicate must be one of LT, GT, EQ, LE, GE (or <, >, =, <=, >=)")
        }
        return predicate
    }

    /// The compiled recorder, or nil for a type Aral does not compute.
    func recorderKind(_ type: String, name: String, _ d: JSONNode, order: [String]) throws(ModelFileError) -> PywrRecorderDefinition.Kind? {
        func known(_ extra: Set<String>) throws(ModelFileError) {
            try rejectUnknownKeys(d, known: Self.commonRecorderKeys.union(extra), what: "a '\(type)' recorder")
        }
        switch type {
        case "numpyarraynode":
            try known(["node", "temporal_agg_func", "factor"])
            return .nodeArray(try recorderNode(d, recorder: name), factor: try optionalNumber(d, "factor", default: 1))
        case "numpyarraystorage":
            try known(["node", "temporal_agg_func", "proportional"])
            return .storageArray(try recorderStorage(d, recorder: name), proportional: d["proportional"]?.bool ?? false)
        case "numpyarrayparameter", "numpyarrayindexparameter":
            try known(["node", "parameter", "temporal_agg_func"])
            if let lookBack = try lookBackParameter(d["parameter"], recorder: name) { return lookBack }
            return .parameterArray(try recorderParameter(d, recorder: name))
        case "rollingmeanflownode":
            try known(["node", "timesteps", "days"])
            let window = try rollingWindow(d)
            return .rollingMeanFlow(try recorderNode(d, recorder: name), window: window)
        case "flowdurationcurve", "seasonalflowdurationcurve":
            try known(Set(["node", "percentiles", "temporal_agg_func", "fdc_agg_func", "factor"]).union(type == "seasonalflowdurationcurve" ? ["months"] : []))
            let percentiles = try percentileList(try required(d, "percentiles", what: "recorder '\(name)'"))
            var months: Set<Int>?
            if type == "seasonalflowdurationcurve" {
                let monthsNode = try required(d, "months", what: "recorder '\(name)'")
                let given = try numbers(monthsNode)
                // Pywr compares each step's month with these; a month outside 1…12 (or 1e29) can never match.
                guard given.allSatisfy({ (1...12).contains($0) && $0 == $0.rounded() }) else {
                    throw issue(monthsNode, "months are whole numbers from 1 to 12; found \(given.map(shortNumber).joined(separator: ", "))")
                }
                months = Set(given.map { Int($0) })
            }
            return .flowDurationCurve(try recorderNode(d, recorder: name), percentiles: percentiles, months: months)
        case "flowdurationcurvedeviation":
            try known(["node", "percentiles", "temporal_agg_func", "fdc_agg_func", "lower_target_fdc", "upper_target_fdc", "scenario"])
            let percentiles = try percentileList(try required(d, "percentiles", what: "recorder '\(name)'"))
            let lower = try d["lower_target_fdc"].map { (n: JSONNode) throws(ModelFileError) in try targetFDC(n, count: percentiles.count) }
            let upper = try d["upper_target_fdc"].map { (n: JSONNode) throws(ModelFileError) in try targetFDC(n, count: percentiles.count) }
            guard lower != nil || upper != nil else {
                throw issue(d, "recorder '\(name)' needs 'lower_target_fdc' or 'upper_target_fdc'")
            }
            let scenario = try d["scenario"].map { (s: JSONNode) throws(ModelFileError) in try scenarioDimension(s) }
            return .flowDurationCurveDeviation(try recorderNode(d, recorder: name), percentiles: percentiles, lower: lower, upper: upper, scenario: scenario)
        case "hydropower", "totalhydroenergy":
            try known(["node", "water_elevation_parameter", "turbine_elevation", "efficiency", "density",
                       "flow_unit_conversion", "energy_unit_conversion", "temporal_agg_func", "factor"])
            let node = try recorderNode(d, recorder: name)
            return type == "hydropower" ? .hydropowerArray(node, try hydropower(d)) : .totalHydroEnergy(node, try hydropower(d))
        case "totalflownode", "meanflownode":
            try known(["node", "factor"])
            let node = try recorderNode(d, recorder: name), factor = try optionalNumber(d, "factor", default: 1)
            return type == "totalflownode" ? .totalFlow(node, factor: factor) : .meanFlow(node, factor: factor)
        case "totaldeficitnode", "deficitfrequencynode":
            try known(["node"])
            let node = try recorderNode(d, recorder: name)
            guard node.maxFlowNode != nil else { throw issue(d["node"], "recorder '\(name)': the node has no max_flow to fall short of") }
            return type == "totaldeficitnode" ? .totalDeficit(node) : .deficitFrequency(node)
        case "minimumvolumestorage":
            try known(["node"])
            return .minimumVolume(try recorderStorage(d, recorder: name))
        case "minimumthresholdvolumestorage":
            try known(["node", "threshold"])
            return .minimumThresholdVolume(try recorderStorage(d, recorder: name),
                                           threshold: try number(try required(d, "threshold", what: "recorder '\(name)'")))
        case "storagethreshold", "nodethreshold":
            try known(["node", "threshold", "predicate", "values"])
            let threshold = try number(try required(d, "threshold", what: "recorder '\(name)'"))
            return type == "storagethreshold"
                ? .storageThreshold(try recorderStorage(d, recorder: name), threshold: threshold, try predicate(d))
                : .nodeThreshold(try recorderNode(d, recorder: name), threshold: threshold, try predicate(d))
        case "totalparameter", "meanparameter":
            try known(["node", "parameter", "factor", "integrate"])
            let v = try recorderParameter(d, recorder: name), factor = try optionalNumber(d, "factor", default: 1)
            return type == "totalparameter" ? .totalParameter(v, factor: factor, integrate: d["integrate"]?.bool ?? false)
                : .meanParameter(v, factor: factor)
        case "timestepcountindexparameter":
            try known(["parameter", "threshold"])
            return .timestepCountIndex(try recorderParameter(d, recorder: name),
                                       threshold: try number(try required(d, "threshold", what: "recorder '\(name)'")))
        case "annualtotalflow":
            try known(["nodes", "factors", "temporal_agg_func"])
            var nodes: [PywrRecorderDefinition.NodeRef] = []
            for n in try list(try required(d, "nodes", what: "recorder '\(name)'")) { nodes.append(try nodeRef(n, recorder: name)) }
            let factors = try d["factors"].map { (f: JSONNode) throws(ModelFileError) in try numbers(f) } ?? Array(repeating: 1, count: nodes.count)
            guard factors.count == nodes.count else { throw issue(d["factors"], "recorder '\(name)' needs one factor per node") }
            let years = (network.steps.last?.date.year ?? 0) - (network.steps.first?.date.year ?? 0) + 1
            return .annualTotalFlow(nodes, factors: factors, years: years)
        case "aggregated":
            try known(["recorders", "recorder_agg_func"])
            var children: [Int] = []
            for ref in try list(try required(d, "recorders", what: "recorder '\(name)'")) {
                let child = try string(ref)
                guard let i = order.firstIndex(of: child) else {
                    throw issue(ref, "no recorder named '\(child)'; the recorders are: \(order.sorted().joined(separator: ", "))")
                }
                children.append(i)
            }
            guard !children.isEmpty else { throw issue(d["recorders"], "an aggregated recorder needs at least one recorder") }
            // Pywr's AggregatedRecorder combines with recorder_agg_func (default agg_func) and
            // supports only these five there; any other stops Pywr at the end of the run.
            let functionNode = d["recorder_agg_func"] ?? d["agg_func"]
            let function = try aggregator(functionNode, default: .mean)
            switch function {
            case .sum, .min, .max, .mean, .product: break
            default: throw issue(functionNode, "an aggregated recorder combines its recorders with sum, min, max, mean or product; Pywr fails on '\(function)'")
            }
            return .aggregated(children, function)
        default:
            return nil
        }
    }

    /// Pywr's `deficit` parameter is computed in `after()`, before recorders read it
    /// (`DeficitParameter`'s own documentation: recording it does not give the value the
    /// solver used), so a recorder of it reports the step's own max_flow − flow; Aral's
    /// parameter holds the previous step's deficit (the value the step used), so such a
    /// recorder reads the step's flows instead. Nil for every other parameter.
    func lookBackParameter(_ ref: JSONNode?, recorder: String) throws(ModelFileError) -> PywrRecorderDefinition.Kind? {
        guard let ref else { return nil }
        let definition = ref.string.flatMap { parameterDefinitions[$0] } ?? (ref.members != nil ? ref : nil)
        guard let definition, let typeText = definition["type"]?.string, let target = definition["node"],
              Self.normalisedType(typeText) == "deficit" else { return nil }
        return .deficitArray(try nodeRef(target, recorder: recorder))
    }

    /// A flow duration curve's percentiles, each refused at its place outside 0…100 (numpy
    /// raises "Percentiles must be in the range [0, 100]"; read unchecked, 150 would index
    /// past the sorted flows).
    func percentileList(_ node: JSONNode) throws(ModelFileError) -> [Double] {
        var result: [Double] = []
        for element in try list(node) {
            let q = try number(element)
            guard (0...100).contains(q) else { throw issue(element, "a percentile is between 0 and 100; found \(shortNumber(q))") }
            result.append(q)
        }
        return result
    }

    /// A target flow duration curve: one value per percentile, or a row per percentile with
    /// a column per combination (inline, or a CSV/table indexed by percentile).
    func targetFDC(_ node: JSONNode, count: Int) throws(ModelFileError) -> [[Double]] {
        let rows: [[Double]]
        if let elements = node.elements {
            if elements.first?.elements != nil {
                var r: [[Double]] = []
                for e in elements { r.append(try numbers(e)) }
                // Pywr's inline 2-D target is (percentiles × columns) as written.
                rows = r
            } else {
                rows = try numbers(node).map { [$0] }
            }
        } else {
            rows = try tableRows(node)
        }
        guard rows.count == count else {
            throw issue(node, "the target FDC has \(rows.count) rows; the percentiles list has \(count)")
        }
        return rows
    }

    func checkAggregationCycles(_ kept: [PywrRecorderDefinition]) throws(ModelFileError) {
        var state = [Int](repeating: 0, count: kept.count)
        func visit(_ r: Int) -> Bool {
            if state[r] == 2 { return true }
            if state[r] == 1 { return false }
            state[r] = 1
            if case .aggregated(let children, _) = kept[r].kind { for c in children where !visit(c) { return false } }
            state[r] = 2
            return true
        }
        for r in kept.indices where !visit(r) {
            throw ModelFileError(FileIssue(file: file, message: "aggregated recorder '\(kept[r].name)' contains itself through other recorders (a cycle)"))
        }
    }
}
