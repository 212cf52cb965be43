import AralModel
import AralSchema

/// Pywr parameters: numbers, references by name (loaded on first use, so the network's
/// parameter list is in dependency order), and inline definitions.
extension PywrBuilder {
    static let supportedParameterTypes = [
        "constant", "monthlyprofile", "dailyprofile", "dataframe", "aggregated", "controlcurveinterpolated",
        "controlcurveindex", "controlcurve", "indexedarray", "constantscenario", "scenariomonthlyprofile",
        "negative", "max", "min", "offset", "uniformdrawdownprofile", "storage", "tablesarray",
    ] + stateParameterTypes + moreParameterTypes
    /// Keys that read a parameter's values from a CSV (`url`) or a named table.
    static let tableKeys: Set<String> = ["url", "table", "column", "index", "index_col", "parse_dates", "dayfirst"]

    /// A profile's values: inline `values`, or a column of a CSV / table in file order.
    func profileValues(_ node: JSONNode, what: String) throws(ModelFileError) -> [Double] {
        if let v = node["values"] { return try numbers(v) }
        guard node["url"] != nil || node["table"] != nil else { throw issue(node, node.childPath("values"), "\(what) needs 'values'") }
        return try tableColumn(node)
    }

    /// A node attribute: absent or null → `fallback`; a number; a parameter name; an inline
    /// parameter definition.
    func value(_ node: JSONNode?, default fallback: Double) throws(ModelFileError) -> ScheduledValue {
        guard let node, !node.isNull else { return .constant(fallback) }
        switch node.value {
        case .number(let d, _): return .constant(d)
        case .bool(let b): return .constant(b ? 1 : 0)
        case .string(let name): return try namedParameter(name, at: node)
        case .object:
            // Pywr: a definition without a type is a value read from a table.
            if node["type"] == nil, node["url"] != nil || node["table"] != nil { return .constant(try tableValue(node)) }
            // An inline definition with a `name` is that named parameter, once (see
            // `registerInlineNamedParameters`).
            if let name = node["name"]?.string, inlineNamedParameters.contains(name) { return try namedParameter(name, at: node) }
            return try loadParameter(node, name: nil)
        default: throw issue(node, "expected a number, a parameter name or a parameter definition; found \(node.typeName)")
        }
    }

    /// A value that must be known before the run (factors, loss factors, licence volumes):
    /// a number or a `constant` parameter.
    func constantNumber(_ node: JSONNode) throws(ModelFileError) -> Double {
        if let d = node.number { return d }
        let v = try value(node, default: 0)
        if let c = v.constantValue { return c }
        throw issue(node, "must be a constant here (a number or a 'constant' parameter); parameters that vary are not supported")
    }

    func namedParameter(_ name: String, at node: JSONNode) throws(ModelFileError) -> ScheduledValue {
        if let v = parameterValues[name] { return v }
        guard let definition = parameterDefinitions[name] else {
            throw issue(node, "unknown parameter '\(name)'; the model's parameters are: \(parameterDefinitions.keys.sorted().joined(separator: ", "))")
        }
        guard !parametersLoading.contains(name) else {
            throw issue(node, "parameter '\(name)' refers to itself through other parameters (a cycle)")
        }
        parametersLoading.insert(name)
        let v = try loadParameter(definition, name: name)
        parametersLoading.remove(name)
        parameterValues[name] = v
        return v
    }

    /// Pywr accepts `monthlyprofile`, `MonthlyProfile` and `MonthlyProfileParameter`.
    static func normalisedType(_ text: String) -> String {
        var t = text.lowercased()
        if t.hasSuffix("parameter"), t != "parameter" { t.removeLast("parameter".count) }
        return t
    }

    func loadParameter(_ node: JSONNode, name: String?) throws(ModelFileError) -> ScheduledValue {
        guard node.members != nil else { throw issue(node, "a parameter definition is an object with a 'type'") }
        guard let typeNode = node["type"] else {
            throw issue(node, "a parameter definition needs a 'type' (tables of values without a type are not supported)")
        }
        let type = Self.normalisedType(try string(typeNode))
        let label = name ?? "\(type) at \(node.path)"
        let common: Set<String> = ["type", "name", "comment", "tags", "is_variable", "lower_bounds", "upper_bounds", "position"]
        switch type {
        case "constant":
            try rejectUnknownKeys(node, known: common.union(["value", "values", "scale", "offset", "url", "table", "column", "index", "index_col"]),
                                  what: "a 'constant' parameter")
            let base: Double
            if let raw = node["value"] ?? node["values"] { base = try number(raw) }
            else if node["url"] != nil || node["table"] != nil { base = try tableValue(node) }
            else { throw issue(node, node.childPath("value"), "a constant parameter needs 'value'") }
            let v = base * (try optionalNumber(node, "scale", default: 1)) + (try optionalNumber(node, "offset", default: 0))
            return .constant(v)
        case "monthlyprofile":
            try rejectUnknownKeys(node, known: common.union(["values", "interp_day"]).union(Self.tableKeys), what: "a 'monthlyprofile' parameter")
            if let interp = node["interp_day"], !interp.isNull { throw issue(interp, "monthlyprofile with interp_day is not supported") }
            let values = try profileValues(node, what: "a monthlyprofile parameter")
            guard values.count == 12 else { throw issue(node["values"], "a monthly profile needs 12 values; found \(values.count)") }
            return network.addParameter(MonthlyProfileParameter(label: label, values: values))
        case "dailyprofile":
            try rejectUnknownKeys(node, known: common.union(["values"]).union(Self.tableKeys), what: "a 'dailyprofile' parameter")
            let values = try profileValues(node, what: "a dailyprofile parameter")
            guard values.count == 366 else { throw issue(node["values"], "a daily profile needs 366 values; found \(values.count)") }
            return network.addParameter(PywrDailyProfileParameter(label: label, values: values))
        case "dataframe":
            return try loadDataFrame(node, label: label, common: common)
        case "tablesarray":
            return try loadTablesArray(node, label: label, common: common)
        case "aggregated":
            try rejectUnknownKeys(node, known: common.union(["agg_func", "parameters"]), what: "an 'aggregated' parameter")
            let funcNode = try required(node, "agg_func", what: "an aggregated parameter")
            let text = try string(funcNode).lowercased()
            guard let function = PywrAggregatedParameter.Function(rawValue: text) else {
                throw issue(funcNode, "unsupported agg_func '\(text)'; supported: \(PywrAggregatedParameter.Function.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let inputs = try parameterList(try required(node, "parameters", what: "an aggregated parameter"))
            return network.addParameter(PywrAggregatedParameter(label: label, function: function, inputs: inputs))
        case "controlcurveinterpolated", "controlcurve":
            try rejectUnknownKeys(node, known: common.union(["storage_node", "control_curve", "control_curves", "values", "parameters", "variable_indices"]),
                                  what: "a '\(type)' parameter")
            let (source, maxV) = try volumeSource(try required(node, "storage_node", what: "a \(type) parameter"))
            let curves = try controlCurves(node)
            let values: [ScheduledValue]
            if let p = node["parameters"], !p.isNull, let v = node["values"], !v.isNull {
                // Pywr passes the one it does not pop twice ("got multiple values for keyword argument").
                throw issue(v, "give 'values' or 'parameters', not both")
            }
            if let p = node["parameters"], !p.isNull { values = try parameterList(p) }
            else if let v = node["values"], !v.isNull { values = try numbers(v).map { .constant($0) } }
            else if type == "controlcurve" { values = (0...curves.count).map { .constant(Double($0)) } }
            else { throw issue(node, "one of 'values' or 'parameters' must be given") }
            let expected = curves.count + (type == "controlcurve" ? 1 : 2)
            guard values.count == expected else {
                throw issue(node["values"] ?? node["parameters"] ?? node, "needs \(expected) values for \(curves.count) control curve(s); found \(values.count)")
            }
            if type == "controlcurve" {
                return network.addParameter(PywrControlCurveParameter(label: label, source: source, maxVolume: maxV, curves: curves, values: values))
            }
            return network.addParameter(PywrControlCurveInterpolatedParameter(label: label, source: source, maxVolume: maxV, curves: curves, values: values))
        case "controlcurveindex":
            try rejectUnknownKeys(node, known: common.union(["storage_node", "control_curves"]), what: "a 'controlcurveindex' parameter")
            let (source, maxV) = try volumeSource(try required(node, "storage_node", what: "a controlcurveindex parameter"))
            let curves = try parameterList(try required(node, "control_curves", what: "a controlcurveindex parameter"))
            return network.addParameter(PywrControlCurveIndexParameter(label: label, source: source, maxVolume: maxV, curves: curves))
        case "indexedarray":
            try rejectUnknownKeys(node, known: common.union(["index_parameter", "params", "parameters"]), what: "an 'indexedarray' parameter")
            let index = try value(try required(node, "index_parameter", what: "an indexedarray parameter"), default: 0)
            guard let list = node["params"] ?? node["parameters"] else { throw issue(node, node.childPath("params"), "an indexedarray parameter needs 'params'") }
            return network.addParameter(PywrIndexedArrayParameter(label: label, index: index, inputs: try parameterList(list)))
        case "constantscenario", "scenariomonthlyprofile":
            try rejectUnknownKeys(node, known: common.union(["scenario", "values"]).union(Self.tableKeys), what: "a '\(type)' parameter")
            let dimension = try scenarioDimension(try required(node, "scenario", what: "a \(type) parameter"))
            let size = network.scenarios[dimension].size
            if type == "scenariomonthlyprofile", node["values"] == nil, node["url"] != nil || node["table"] != nil {
                // One row of 12 months per member, from a CSV (Pywr's load_parameter_values).
                let rows = try tableRows(node)
                guard rows.count == size else { throw issue(node, "the table needs one row per member of scenario '\(network.scenarios[dimension].name)' (\(size)); found \(rows.count)") }
                var perMember: [[Double]] = []
                for row in rows {
                    guard row.count == 12 else { throw issue(node, "a monthly profile needs 12 values; a row of the table has \(row.count)") }
                    perMember.append(network.steps.map { row[$0.date.month - 1] })
                }
                return network.addParameter(PywrScenarioSeriesParameter(label: label, dimension: dimension, values: perMember, constantInTime: false))
            }
            let valuesNode = try required(node, "values", what: "a \(type) parameter")
            if type == "constantscenario" {
                let values = try numbers(valuesNode)
                guard values.count == size else { throw issue(valuesNode, "needs one value per member of scenario '\(network.scenarios[dimension].name)' (\(size)); found \(values.count)") }
                return network.addParameter(PywrScenarioSeriesParameter(label: label, dimension: dimension, values: values.map { [$0] }, constantInTime: true))
            }
            let rows = try list(valuesNode)
            guard rows.count == size else { throw issue(valuesNode, "needs one profile per member of scenario '\(network.scenarios[dimension].name)' (\(size)); found \(rows.count)") }
            var perMember: [[Double]] = []
            for row in rows {
                let months = try numbers(row)
                guard months.count == 12 else { throw issue(row, "a monthly profile needs 12 values; found \(months.count)") }
                perMember.append(network.steps.map { months[$0.date.month - 1] })
            }
            return network.addParameter(PywrScenarioSeriesParameter(label: label, dimension: dimension, values: perMember, constantInTime: false))
        case "storage":
            try rejectUnknownKeys(node, known: common.union(["storage_node", "use_proportional_volume"]), what: "a 'storage' parameter")
            let (source, maxV) = try volumeSource(try required(node, "storage_node", what: "a storage parameter"))
            return network.addParameter(PywrStorageVolumeParameter(label: label, source: source, maxVolume: maxV,
                                                                   proportional: node["use_proportional_volume"]?.bool ?? false))
        case "uniformdrawdownprofile":
            try rejectUnknownKeys(node, known: common.union(["reset_day", "reset_month", "residual_days"]), what: "a 'uniformdrawdownprofile' parameter")
            let month = try optionalInteger(node, "reset_month", default: 1), day = try optionalInteger(node, "reset_day", default: 1)
            guard (1...12).contains(month), day >= 1, day <= CivilDate.daysIn(month: month, year: 2016) else {
                throw issue(node, "reset_month/reset_day is not a date")
            }
            let resetDay = CivilDate(year: 2016, month: month, day: day).dayOfYear - 1
            return network.addParameter(PywrUniformDrawdownParameter(label: label, resetDayOfYear: resetDay,
                                                                      residualDays: try optionalNumber(node, "residual_days", default: 0)))
        case "negative", "max", "min", "offset":
            try rejectUnknownKeys(node, known: common.union(["parameter", "threshold", "offset"]), what: "a '\(type)' parameter")
            let input = try value(try required(node, "parameter", what: "a \(type) parameter"), default: 0)
            var p = PywrAffineParameter(label: label, input: input)
            switch type {
            case "negative": p.factor = -1
            case "max": p.lowerBound = try optionalNumber(node, "threshold", default: 0)
            case "min": p.upperBound = try optionalNumber(node, "threshold", default: 0)
            default: p.offset = try optionalNumber(node, "offset", default: 0)
            }
            return network.addParameter(p)
        default:
            if let v = try loadStateParameter(type, node, label: label, common: common) { return v }
            if let v = try loadMoreParameter(type, node, label: label, common: common) { return v }
            throw issue(typeNode, "unsupported Pywr parameter type '\(try string(typeNode))'\(name.map { " (parameter '\($0)')" } ?? ""); supported: \(Self.supportedParameterTypes.joined(separator: ", "))")
        }
    }

    func parameterList(_ node: JSONNode) throws(ModelFileError) -> [ScheduledValue] {
        var result: [ScheduledValue] = []
        for element in try list(node) { result.append(try value(element, default: 0)) }
        return result
    }

    func controlCurves(_ node: JSONNode) throws(ModelFileError) -> [ScheduledValue] {
        if let one = node["control_curve"], !one.isNull { return [try value(one, default: 0)] }
        if let many = node["control_curves"], !many.isNull { return try parameterList(many) }
        return []
    }

    /// The storage (or licence) a control curve reads, with its maximum volume.
    func volumeSource(_ ref: JSONNode) throws(ModelFileError) -> (PywrVolumeSource, ScheduledValue) {
        let name = try string(ref)
        if let s = storageIndex[name] {
            if let maxV = maxVolume[name] { return (.storage(s), maxV) }
            // The storage is defined later in the file: read its max_volume now.
            guard let definition = definitions[name], let maxNode = definition["max_volume"] else {
                throw issue(ref, "storage '\(name)' has no max_volume")
            }
            let maxV = try value(maxNode, default: 0)
            maxVolume[name] = maxV
            return (.storage(s), maxV)
        }
        if let v = virtualIndex[name], let definition = definitions[name] {
            let maxV = try definition["max_volume"].map { (n: JSONNode) throws(ModelFileError) -> Double in try constantNumber(n) } ?? 0
            return (.virtual(v), .constant(maxV))
        }
        if definitions[name] != nil { throw issue(ref, "'\(name)' is not a storage node") }
        throw issue(ref, "no node named '\(name)'")
    }
}
