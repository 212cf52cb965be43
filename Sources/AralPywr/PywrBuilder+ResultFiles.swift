import Foundation
import AralModel
import AralSchema
import AralFormats

/// `csvrecorder` and `tablesrecorder`: recorders that write result files.
extension PywrBuilder {
    func resultFile(_ type: String, name: String, _ d: JSONNode) throws(ModelFileError) -> PywrResultFile? {
        switch type {
        case "csv":
            try rejectUnknownKeys(d, known: Self.commonRecorderKeys.union(["url", "scenario_index", "nodes", "complib", "complevel", "csv_kwargs"]),
                                  what: "a 'csvrecorder'")
            if let lib = d["complib"], !lib.isNull {
                throw issue(lib, "compressed CSV output ('\(lib.string ?? lib.typeName)') is not supported; leave out 'complib'")
            }
            if let kw = d["csv_kwargs"], kw.members?.isEmpty == false {
                throw issue(kw, "csv_kwargs (Python csv.writer options) are not supported")
            }
            let scenario = try optionalInteger(d, "scenario_index", default: 0)
            return PywrResultFile(recorder: name, path: try resultPath(d, recorder: name), format: .csv(scenarioIndex: scenario),
                                  columns: try resultNodes(d["nodes"], recorder: name, sorted: true).map { ($0.name, .node($0.index)) })
        case "tables":
            return try tablesFile(name: name, d)
        default:
            return nil
        }
    }

    /// `tablesrecorder`: `nodes` and `parameters` as names or `[where, name]` pairs (default
    /// where: `where` + name), `time`/`scenarios` table paths (null: none), `filter_kwds`
    /// (zlib only), `metadata`, `title` (default the model's title), `mode` `w`.
    func tablesFile(name: String, _ d: JSONNode) throws(ModelFileError) -> PywrResultFile {
        try rejectUnknownKeys(d, known: Self.commonRecorderKeys.union(["url", "nodes", "parameters", "where", "time", "scenarios",
                                                                       "routes", "routes_flows", "filter_kwds", "mode", "metadata",
                                                                       "title", "create_directories", "use_legacy_attribute_naming"]),
                              what: "a 'tablesrecorder'")
        if let mode = d["mode"], !mode.isNull, try string(mode) != "w" {
            throw issue(mode, "only mode 'w' (a new file) is supported; Aral does not append to HDF5 files")
        }
        if let routes = d["routes_flows"], !routes.isNull {
            throw issue(routes, "routes_flows (Pywr's route flows) has no equivalent in Aral's flow-on-edges LP")
        }
        if let legacy = d["use_legacy_attribute_naming"], legacy.bool == true {
            throw issue(legacy, "legacy attribute names are not supported")
        }
        var compression: Int?
        if let filters = d["filter_kwds"], !filters.isNull {
            try rejectUnknownKeys(filters, known: ["complevel", "complib", "shuffle"], what: "filter_kwds")
            let lib = try filters["complib"].map { (n: JSONNode) throws(ModelFileError) in try string(n) } ?? "zlib"
            guard lib == "zlib" else { throw issue(filters["complib"], "only zlib compression is available (the HDF5 C library's deflate); found '\(lib)'") }
            compression = try optionalInteger(filters, "complevel", default: 0)
        }
        let base = try d["where"].map { (n: JSONNode) throws(ModelFileError) in try string(n) } ?? "/"
        func location(_ entry: JSONNode) throws(ModelFileError) -> (path: String, ref: JSONNode) {
            if let pair = entry.elements {
                guard pair.count == 2 else { throw issue(entry, "an entry is a name or [where, name]") }
                return (try string(pair[0]).replacingOccurrences(of: "//", with: "/"), pair[1])
            }
            return ((base + "/" + (try string(entry))).replacingOccurrences(of: "//", with: "/"), entry)
        }
        var columns: [(name: String, source: PywrResultFile.Source)] = []
        if let nodes = d["nodes"], !nodes.isNull {
            for entry in try list(nodes) {
                let (path, ref) = try location(entry)
                columns.append((path, .node(try nodeRef(ref, recorder: name).index)))
            }
        } else {
            for (i, output) in outputs.enumerated() { columns.append(((base + "/" + output.name).replacingOccurrences(of: "//", with: "/"), .node(i))) }
        }
        for entry in try d["parameters"].map({ (n: JSONNode) throws(ModelFileError) in try list(n) }) ?? [] {
            let (path, ref) = try location(entry)
            let parameterName = try string(ref)
            let value = try namedParameter(parameterName, at: ref)
            let type = Self.normalisedType(parameterDefinitions[parameterName]?["type"]?.string ?? "")
            let index = type.hasSuffix("threshold") || type == "controlcurveindex"
            columns.append((path, .parameter(value, index: index, pywrType: Self.pywrParameterClass(type))))
        }
        func tablePath(_ key: String, default fallback: String) throws(ModelFileError) -> String? {
            guard let n = d[key] else { return fallback }
            return n.isNull ? nil : try string(n)
        }
        var metadata: [(key: String, value: String)] = []
        for (key, value) in d["metadata"]?.members ?? [] {
            if let number = value.number, number == number.rounded() { metadata.append((key, String(Int64(number)))) }
            else { metadata.append((key, try string(value))) }
        }
        let title = try d["title"].map { (n: JSONNode) throws(ModelFileError) in try string(n) } ?? network.name
        return PywrResultFile(recorder: name, path: try resultPath(d, recorder: name),
                              format: .tables(title: title, time: try tablePath("time", default: "/time"),
                                              scenarios: try tablePath("scenarios", default: "/scenarios"),
                                              compression: compression, metadata: metadata),
                              columns: columns)
    }

    /// Pywr's class name for a parameter type (`PYWR_TYPE`).
    static func pywrParameterClass(_ type: String) -> String {
        let classes = ["constant": "ConstantParameter", "monthlyprofile": "MonthlyProfileParameter",
                       "dailyprofile": "DailyProfileParameter", "dataframe": "DataFrameParameter",
                       "aggregated": "AggregatedParameter", "controlcurve": "ControlCurveParameter",
                       "controlcurveinterpolated": "ControlCurveInterpolatedParameter",
                       "controlcurveindex": "ControlCurveIndexParameter", "indexedarray": "IndexedArrayParameter",
                       "constantscenario": "ConstantScenarioParameter", "scenariomonthlyprofile": "ScenarioMonthlyProfileParameter",
                       "scenariowrapper": "ScenarioWrapperParameter", "storage": "StorageParameter",
                       "uniformdrawdownprofile": "UniformDrawdownProfileParameter", "negative": "NegativeParameter",
                       "max": "MaxParameter", "min": "MinParameter", "offset": "OffsetParameter", "flow": "FlowParameter",
                       "deficit": "DeficitParameter", "rollingmeanflownode": "RollingMeanFlowNodeParameter",
                       "parameterthreshold": "ParameterThresholdParameter", "recorderthreshold": "RecorderThresholdParameter",
                       "nodethreshold": "NodeThresholdParameter", "storagethreshold": "StorageThresholdParameter",
                       "interpolatedvolume": "InterpolatedVolumeParameter", "interpolatedflow": "InterpolatedFlowParameter",
                       "hydropowertarget": "HydropowerTargetParameter", "discountfactor": "DiscountFactorParameter",
                       "tablesarray": "TablesArrayParameter"]
        return classes[type] ?? type
    }

    func resultPath(_ d: JSONNode, recorder: String) throws(ModelFileError) -> String {
        let url = try string(try required(d, "url", what: "recorder '\(recorder)'"))
        return resolvedPath(url)
    }

    /// The nodes a file recorder names, or (absent) every node of the file sorted by name,
    /// as Pywr's `sorted(model.nodes.keys())`.
    func resultNodes(_ node: JSONNode?, recorder: String, sorted: Bool) throws(ModelFileError) -> [(name: String, index: Int)] {
        guard let node, !node.isNull else {
            let all = outputs.enumerated().map { (name: $1.name, index: $0) }
            return sorted ? all.sorted { $0.name < $1.name } : all
        }
        var result: [(name: String, index: Int)] = []
        for ref in try list(node) {
            let n = try nodeRef(ref, recorder: recorder)
            result.append((outputs[n.index].name, n.index))
        }
        return result
    }
}
