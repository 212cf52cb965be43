import AralModel
import AralSchema
import Foundation

/// Pywr parameter types that users' models use beyond Pywr's test models: profiles by week
/// and per scenario member, arrays indexed by step, arithmetic on parameters, activation
/// functions, multiple thresholds and aggregated indices. Each follows the class of the same
/// name in Pywr 1.31 (`pywr/parameters/_parameters.pyx`, `_activation_functions.pyx`,
/// `_thresholds.pyx`): its JSON keys, defaults and value. Values that depend only on the date
/// and the scenario member are worked out per step before the run, as the monthly profiles
/// are; the others are evaluated every step.
extension PywrBuilder {
    static let moreParameterTypes = [
        "weeklyprofile", "scenariodailyprofile", "scenarioweeklyprofile", "arrayindexed", "arrayindexedscenario",
        "arrayindexedscenariomonthlyfactors", "constantscenarioindex", "division", "negativemax", "negativemin",
        "binarystep", "rectifier", "logistic", "multiplethresholdindex", "multiplethresholdparameterindex", "aggregatedindex",
    ] + functionParameterTypes

    /// Loads one of `moreParameterTypes`; nil for any other type.
    func loadMoreParameter(_ type: String, _ node: JSONNode, label: String, common: Set<String>) throws(ModelFileError) -> ScheduledValue? {
        switch type {
        case "weeklyprofile":
            try rejectUnknownKeys(node, known: common.union(["values"]).union(Self.tableKeys), what: "a 'weeklyprofile' parameter")
            let values = try profileValues(node, what: "a weeklyprofile parameter")
            // Pywr accepts 53 values and reads only the first 52 (week 52 runs to the year's end).
            guard values.count == 52 || values.count == 53 else { throw issue(node["values"] ?? node, "a weekly profile needs 52 values; found \(values.count)") }
            return network.addParameter(StepSeriesParameter(label: label, values: network.steps.map { values[Self.weekIndex($0.date)] }))
        case "scenariodailyprofile", "scenarioweeklyprofile":
            try rejectUnknownKeys(node, known: common.union(["scenario", "values"]).union(Self.tableKeys), what: "a '\(type)' parameter")
            let dimension = try scenarioDimension(try required(node, "scenario", what: "a \(type) parameter"))
            let daily = type == "scenariodailyprofile"
            let width = daily ? 366 : 52
            let rows = try matrix(node, what: "a \(type) parameter")
            let scenario = network.scenarios[dimension]
            guard rows.count == scenario.size else {
                throw issue(node["values"] ?? node, "needs one profile per member of scenario '\(scenario.name)' (\(scenario.size)); found \(rows.count)")
            }
            var perMember: [[Double]] = []
            for row in rows {
                guard row.count == width else { throw issue(node["values"] ?? node, "a \(daily ? "daily" : "weekly") profile needs \(width) values; a member has \(row.count)") }
                perMember.append(network.steps.map { row[daily ? Self.dayOfYearIndex($0.date) : Self.weekIndex($0.date)] })
            }
            return network.addParameter(PywrScenarioSeriesParameter(label: label, dimension: dimension, values: perMember, constantInTime: false))
        case "arrayindexed":
            try rejectUnknownKeys(node, known: common.union(["values"]).union(Self.tableKeys), what: "an 'arrayindexed' parameter")
            let values = try profileValues(node, what: "an arrayindexed parameter")
            guard values.count >= network.steps.count else {
                throw issue(node["values"] ?? node, "an arrayindexed parameter needs a value for each of the \(network.steps.count) steps; found \(values.count)")
            }
            return network.addParameter(StepSeriesParameter(label: label, values: Array(values.prefix(network.steps.count))))
        case "arrayindexedscenario":
            try rejectUnknownKeys(node, known: common.union(["scenario", "values"]).union(Self.tableKeys), what: "an 'arrayindexedscenario' parameter")
            let dimension = try scenarioDimension(try required(node, "scenario", what: "an arrayindexedscenario parameter"))
            let scenario = network.scenarios[dimension]
            let rows = try matrix(node, what: "an arrayindexedscenario parameter")
            guard rows.count >= network.steps.count else {
                throw issue(node["values"] ?? node, "needs a row for each of the \(network.steps.count) steps; found \(rows.count)")
            }
            for (t, row) in rows.enumerated() where row.count != scenario.size {
                throw issue(node["values"] ?? node, "row \(t) needs one value per member of scenario '\(scenario.name)' (\(scenario.size)); found \(row.count)")
            }
            let perMember = (0..<scenario.size).map { m in network.steps.map { rows[$0.index][m] } }
            return network.addParameter(PywrScenarioSeriesParameter(label: label, dimension: dimension, values: perMember, constantInTime: false))
        case "arrayindexedscenariomonthlyfactors":
            try rejectUnknownKeys(node, known: common.union(["scenario", "values", "factors"]), what: "an 'arrayindexedscenariomonthlyfactors' parameter")
            let dimension = try scenarioDimension(try required(node, "scenario", what: "an arrayindexedscenariomonthlyfactors parameter"))
            let scenario = network.scenarios[dimension]
            let valuesNode = try required(node, "values", what: "an arrayindexedscenariomonthlyfactors parameter")
            let values = valuesNode.elements != nil ? try numbers(valuesNode) : try tableColumnOrValues(valuesNode)
            guard values.count >= network.steps.count else {
                throw issue(valuesNode, "needs a value for each of the \(network.steps.count) steps; found \(values.count)")
            }
            let factorsNode = try required(node, "factors", what: "an arrayindexedscenariomonthlyfactors parameter")
            let factors = try matrix(factorsNode, inline: factorsNode.elements != nil, what: "factors")
            guard factors.count == scenario.size else {
                throw issue(factorsNode, "needs one row of 12 monthly factors per member of scenario '\(scenario.name)' (\(scenario.size)); found \(factors.count)")
            }
            for row in factors where row.count != 12 { throw issue(factorsNode, "a row of factors needs 12 values (one per month); found \(row.count)") }
            let perMember = factors.map { f in network.steps.map { values[$0.index] * f[$0.date.month - 1] } }
            return network.addParameter(PywrScenarioSeriesParameter(label: label, dimension: dimension, values: perMember, constantInTime: false))
        case "constantscenarioindex":
            try rejectUnknownKeys(node, known: common.union(["scenario", "values"]), what: "a 'constantscenarioindex' parameter")
            let dimension = try scenarioDimension(try required(node, "scenario", what: "a constantscenarioindex parameter"))
            let scenario = network.scenarios[dimension]
            let valuesNode = try required(node, "values", what: "a constantscenarioindex parameter")
            var values: [Double] = []
            for v in try list(valuesNode) { values.append(Double(try integer(v))) }
            guard values.count == scenario.size else {
                throw issue(valuesNode, "needs one index per member of scenario '\(scenario.name)' (\(scenario.size)); found \(values.count)")
            }
            return network.addParameter(PywrScenarioSeriesParameter(label: label, dimension: dimension, values: values.map { [$0] }, constantInTime: true))
        case "division":
            try rejectUnknownKeys(node, known: common.union(["numerator", "denominator"]), what: "a 'division' parameter")
            let numerator = try parameterReference(try required(node, "numerator", what: "a division parameter"))
            let denominator = try parameterReference(try required(node, "denominator", what: "a division parameter"))
            return network.addParameter(PywrDivisionParameter(label: label, numerator: numerator, denominator: denominator))
        case "negativemax", "negativemin":
            // max(−x, threshold) and min(−x, threshold), threshold default 0.
            try rejectUnknownKeys(node, known: common.union(["parameter", "threshold"]), what: "a '\(type)' parameter")
            let input = try parameterReference(try required(node, "parameter", what: "a \(type) parameter"))
            var p = PywrAffineParameter(label: label, input: input, factor: -1)
            let threshold = try optionalNumber(node, "threshold", default: 0)
            if type == "negativemax" { p.lowerBound = threshold } else { p.upperBound = threshold }
            return network.addParameter(p)
        case "binarystep", "rectifier", "logistic":
            return .constant(try activation(type, node, common: common))
        case "multiplethresholdindex", "multiplethresholdparameterindex":
            let key = type == "multiplethresholdindex" ? "node" : "parameter"
            try rejectUnknownKeys(node, known: common.union([key, "thresholds", "use_max_flow"]), what: "a '\(type)' parameter")
            let ref = try required(node, key, what: "a \(type) parameter")
            let thresholds = try parameterList(try required(node, "thresholds", what: "a \(type) parameter"))
            let compared: ScheduledValue
            if type == "multiplethresholdindex" {
                // The node's flow at the previous step (Pywr's `_prev_flow`, 0 before the first step).
                compared = try withNode(ref) { n, _ in PywrPreviousFlowParameter(label: "\(label) previous flow", node: n, initialValue: 0) }
            } else {
                compared = try parameterReference(ref)
            }
            return network.addParameter(PywrMultipleThresholdIndexParameter(label: label, compared: compared, thresholds: thresholds))
        case "aggregatedindex":
            try rejectUnknownKeys(node, known: common.union(["agg_func", "parameters"]), what: "an 'aggregatedindex' parameter")
            let funcNode = try required(node, "agg_func", what: "an aggregatedindex parameter")
            let text = try string(funcNode).lowercased()
            guard let function = PywrAggregatedIndexParameter.Function(rawValue: text) else {
                throw issue(funcNode, "unsupported agg_func '\(text)' for an aggregatedindex parameter; Pywr computes \(PywrAggregatedIndexParameter.Function.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let listNode = try required(node, "parameters", what: "an aggregatedindex parameter")
            var inputs: [ScheduledValue] = []
            for element in try list(listNode) {
                // Pywr's setup asserts every input is an index parameter (a number is not).
                guard element.number == nil else { throw issue(element, "an aggregatedindex parameter aggregates index parameters; found a number") }
                inputs.append(indexOf(try value(element, default: 0)))
            }
            guard !inputs.isEmpty else { throw issue(listNode, "an aggregatedindex parameter needs at least one parameter") }
            return network.addParameter(PywrAggregatedIndexParameter(label: label, function: function, inputs: inputs))
        default:
            return try loadFunctionParameter(type, node, label: label, common: common)
        }
    }

    /// A parameter (by name or inline) where Pywr's class holds a `Parameter` and refuses a
    /// plain number ("Cannot convert int to Parameter").
    func parameterReference(_ node: JSONNode) throws(ModelFileError) -> ScheduledValue {
        guard node.number == nil else { throw issue(node, "expected a parameter name or definition; Pywr refuses a plain number here") }
        return try value(node, default: 0)
    }

    /// The index of an index parameter: a threshold with `values` is built as an
    /// `indexedarray` over its 0/1 index, whose value is one of the values; its index is that
    /// 0/1 parameter (Pywr's `get_index`).
    func indexOf(_ v: ScheduledValue) -> ScheduledValue {
        guard case .parameter(let i) = v, let picked = network.parameters[i] as? PywrIndexedArrayParameter,
              case .parameter(let j) = picked.index, network.parameters[j] is PywrThresholdIndexParameter else { return v }
        return picked.index
    }

    /// Pywr's activation functions (constants: their variable is set by an optimiser, and
    /// `value` is its starting point).
    func activation(_ type: String, _ node: JSONNode, common: Set<String>) throws(ModelFileError) -> Double {
        let keys: [String: [String]] = ["binarystep": ["value", "output"], "rectifier": ["value", "min_output", "max_output"],
                                        "logistic": ["value", "max_output", "growth_rate"]]
        try rejectUnknownKeys(node, known: common.union(keys[type] ?? []), what: "a '\(type)' parameter")
        let x = try optionalNumber(node, "value", default: 0)
        switch type {
        case "binarystep":
            return x <= 0 ? 0 : try optionalNumber(node, "output", default: 1)
        case "rectifier":
            // min_output + (max_output − min_output) × value / upper_bounds, 0 at or below 0.
            guard x > 0 else { return 0 }
            let low = try optionalNumber(node, "min_output", default: 0), high = try optionalNumber(node, "max_output", default: 1)
            return low + (high - low) * x / (try optionalNumber(node, "upper_bounds", default: 1))
        default:
            let high = try optionalNumber(node, "max_output", default: 1), rate = try optionalNumber(node, "growth_rate", default: 1)
            return high / (1 + exp(-rate * x))
        }
    }

    /// A two-dimensional table: inline `values` (a list of lists) or every row of a
    /// CSV/table (Pywr's `load_parameter_values` of a whole frame).
    func matrix(_ node: JSONNode, what: String) throws(ModelFileError) -> [[Double]] {
        if let v = node["values"] { return try matrix(v, inline: true, what: "values") }
        guard node["url"] != nil || node["table"] != nil else { throw issue(node, node.childPath("values"), "\(what) needs 'values'") }
        return try tableRows(node)
    }

    func matrix(_ node: JSONNode, inline: Bool, what: String) throws(ModelFileError) -> [[Double]] {
        guard inline else {
            guard node.members != nil else { throw issue(node, "\(what) must be a list of lists or a table reference; found \(node.typeName)") }
            return try tableRows(node)
        }
        var rows: [[Double]] = []
        for row in try list(node) { rows.append(try numbers(row)) }
        return rows
    }

    /// A list of numbers from an object with `values` or a CSV/table column.
    func tableColumnOrValues(_ node: JSONNode) throws(ModelFileError) -> [Double] {
        guard node.members != nil else { throw issue(node, "expected a list of numbers or a table reference; found \(node.typeName)") }
        if let v = node["values"] { return try numbers(v) }
        return try tableColumn(node)
    }

    /// Pywr's `Timestep.dayofyear_index`: zero-based day of a leap year (non-leap years skip
    /// 29 February, so 1 March is always 60).
    static func dayOfYearIndex(_ date: CivilDate) -> Int {
        var i = date.dayOfYear - 1
        if !CivilDate.isLeap(date.year), i > 58 { i += 1 }
        return i
    }

    /// Pywr's `Timestep.week_index`: `dayofyear_index ÷ 7`, the last week (51) running from
    /// index 364 to the year's end.
    static func weekIndex(_ date: CivilDate) -> Int {
        let d = dayOfYearIndex(date)
        return d >= 364 ? 51 : d / 7
    }

    /// Python's `date.toordinal()`: 1 for 1 January of year 1.
    static func ordinal(_ date: CivilDate) -> Int {
        date.dayNumber - CivilDate(year: 1970, month: 1, day: 1).dayNumber + 719_163
    }
}
