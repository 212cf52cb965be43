import Foundation
import AralModel
public import AralSchema

/// Reads a Pywr 1.x JSON model and compiles it into Aral's generic network.
///
/// Pywr's own nodes map onto Aral's four kinds the way Pywr itself builds them:
/// `catchment` is an input with min = max = flow, `rivergauge` a link with a parallel
/// minimum-residual-flow part, `riversplit` a link with ratio constraints, `losslink` a link
/// that loses part of its flow, `aggregatednode` a flow constraint, `virtualstorage` a
/// licence. Every problem is reported as `FILE:LINE: key.path: message`; an unsupported node
/// or parameter type is an error naming it, never skipped.
public enum PywrImporter {
    /// Reads and compiles the Pywr model at `path`; data files are read relative to its folder.
    public static func load(path: String) throws(ModelFileError) -> PywrModel {
        let text = try TextFile.read(path) { ModelFileError(FileIssue(file: path, message: $0)) }
        let base = (path as NSString).deletingLastPathComponent
        return try compile(text: text, file: path, baseDirectory: base.isEmpty ? "." : base)
    }

    /// Compiles Pywr JSON text. `file` names it in messages; relative data paths are
    /// resolved against `baseDirectory`.
    public static func compile(text: String, file: String, baseDirectory: String) throws(ModelFileError) -> PywrModel {
        let root = try JSONReader.parse(text, file: file)
        let builder = PywrBuilder(file: file, baseDirectory: baseDirectory)
        return try builder.build(root)
    }

    /// True when `text` looks like a Pywr model: a JSON object with `nodes` whose entries
    /// carry a `type`, and `edges` given as lists of names.
    public static func looksLikePywr(text: String) -> Bool {
        guard let root = try? JSONReader.parse(text, file: "-") else { return false }
        return looksLikePywr(root)
    }

    /// `looksLikePywr(text:)` on JSON already parsed.
    public static func looksLikePywr(_ root: JSONNode) -> Bool {
        guard let nodes = root["nodes"]?.elements else { return false }
        let typed = nodes.contains { $0["type"]?.string != nil }
        let listEdges = root["edges"]?.elements?.allSatisfy { $0.elements != nil } ?? true
        return typed && listEdges && root["timestepper"] != nil
    }
}

/// The mutable state of one import. Internal: callers use `PywrImporter`.
final class PywrBuilder {
    let file: String
    let baseDirectory: String
    var network = Network(name: "pywr", steps: [], units: .perDay)
    var outputs: [PywrNodeOutput] = []

    /// The network node edges *into* a Pywr node go to.
    var inlet: [String: Int] = [:]
    /// The network node edges *out of* a Pywr node leave from, per slot ("" = default).
    var outlet: [String: [String: Int]] = [:]
    /// The network node whose flow is the Pywr node's flow (for aggregated nodes and licences).
    var flowNode: [String: Int] = [:]
    /// Pywr's names for a compound node's parts (`"X Gross"`, `"X Net"`, `"X Output"` of a
    /// `losslink` X), which Pywr lets constraints name as nodes → their network node.
    var partFlowNode: [String: Int] = [:]
    var storageIndex: [String: Int] = [:]
    var virtualIndex: [String: Int] = [:]
    var maxVolume: [String: ScheduledValue] = [:]
    /// Pywr node name → its definition, for checks and deferred nodes.
    var definitions: [String: JSONNode] = [:]
    var edgeSources: Set<String> = []
    var edgeTargets: Set<String> = []

    var parameterDefinitions: [String: JSONNode] = [:]
    var parameterValues: [String: ScheduledValue] = [:]
    var parametersLoading: Set<String> = []
    /// Names of parameters defined inline (inside a node or another parameter) with a `name`.
    var inlineNamedParameters: Set<String> = []

    /// Pywr registers a parameter defined inline with a `name` under that name, so other nodes
    /// may refer to it (found from outside: `{"type": "constant", "value": 7, "name": "cap"}` on
    /// one node and `"cap"` on another ran in Pywr, and Aral said "unknown parameter 'cap'").
    /// A name the model's `parameters` already define keeps that definition.
    /// A name given to two inline definitions is left alone (each stays inline, as before).
    func registerInlineNamedParameters(_ roots: [JSONNode]) {
        var found: [String: [JSONNode]] = [:]
        func walk(_ node: JSONNode, isRoot: Bool) {
            if !isRoot, node["type"] != nil, let name = node["name"]?.string, parameterDefinitions[name] == nil {
                found[name, default: []].append(node)
            }
            if let members = node.members { for (_, value) in members { walk(value, isRoot: false) } }
            if let elements = node.elements { for element in elements { walk(element, isRoot: false) } }
        }
        for root in roots { walk(root, isRoot: true) }
        for (name, definitions) in found where definitions.count == 1 {
            parameterDefinitions[name] = definitions[0]
            inlineNamedParameters.insert(name)
        }
    }
    var tables: [String: JSONNode] = [:]
    var csvCache: [String: CSVTable] = [:]
    /// The parsed index of each data file (by path, sheet, index column and day order): twenty
    /// parameters reading one 30-year daily file parse its 10,957 dates once, not twenty times.
    var indexCache: [String: [CivilDate]] = [:]
    /// Recorder definitions by name (`recorderthreshold` reads a recorder).
    var recorderDefinitions: [String: JSONNode] = [:]
    /// Parameters that read a node defined later in the file: (parameter index, the
    /// reference, how to build the parameter once the node's network index is known).
    var pendingNodeReferences: [(Int, JSONNode, (Int, PywrBuilder) -> any Parameter)] = []
    /// `aggregatedstorage` nodes: name → the storages they sum.
    var aggregatedStorages: [(name: String, members: [String])] = []

    init(file: String, baseDirectory: String) {
        self.file = file
        self.baseDirectory = baseDirectory
    }

    /// A path the file names (data files, includes, result files): absolute as given, else
    /// relative to the model file's folder, as Pywr resolves it against `model.path`.
    func resolvedPath(_ path: String) -> String {
        path.hasPrefix("/") ? path : (baseDirectory as NSString).appendingPathComponent(path)
    }

    // MARK: - Errors and readers

    /// An error at a value of the file (its key path and line).
    func issue(_ at: JSONNode?, _ message: String) -> ModelFileError {
        ModelFileError(FileIssue(file: file, line: at?.line, path: at?.path, message: message))
    }

    /// An error about a key missing from `at` (reported at `path`, on the object's line).
    func issue(_ at: JSONNode?, _ path: String, _ message: String) -> ModelFileError {
        ModelFileError(FileIssue(file: file, line: at?.line, path: path, message: message))
    }

    func required(_ object: JSONNode, _ key: String, what: String) throws(ModelFileError) -> JSONNode {
        guard let value = object[key], !value.isNull else {
            throw issue(object, object.childPath(key), "\(what) needs '\(key)'")
        }
        return value
    }

    func number(_ node: JSONNode) throws(ModelFileError) -> Double {
        if let d = node.number { return d }
        if let s = node.string, let d = Double(s) { return d }
        throw issue(node, "expected a number, found \(node.typeName)")
    }

    /// A JSON number as a whole number (truncated, as `Int(_:)` does), refused at its place
    /// when it is not finite or too large for a count (`Int(Double)` would trap; a count of
    /// billions would exhaust memory).
    func integer(_ node: JSONNode) throws(ModelFileError) -> Int {
        try Self.wholeNumber(try number(node), at: node, issue: issue)
    }

    func optionalInteger(_ object: JSONNode, _ key: String, default value: Double) throws(ModelFileError) -> Int {
        try Self.wholeNumber(try optionalNumber(object, key, default: value), at: object[key] ?? object, issue: issue)
    }

    static func wholeNumber(_ d: Double, at node: JSONNode, issue: (JSONNode?, String) -> ModelFileError) throws(ModelFileError) -> Int {
        guard d.isFinite, abs(d) < 1e6 else { throw issue(node, "expected a whole number below a million; found \(d)") }
        return Int(d)
    }

    func optionalNumber(_ object: JSONNode, _ key: String, default value: Double) throws(ModelFileError) -> Double {
        guard let n = object[key], !n.isNull else { return value }
        return try number(n)
    }

    func string(_ node: JSONNode) throws(ModelFileError) -> String {
        if let s = node.string { return s }
        throw issue(node, "expected text, found \(node.typeName)")
    }

    func list(_ node: JSONNode) throws(ModelFileError) -> [JSONNode] {
        if let a = node.elements { return a }
        throw issue(node, "expected a list, found \(node.typeName)")
    }

    func numbers(_ node: JSONNode) throws(ModelFileError) -> [Double] {
        var result: [Double] = []
        for element in try list(node) { result.append(try number(element)) }
        return result
    }

    /// Rejects keys a node or parameter type does not know, as Pywr does (it passes them to
    /// the constructor, which fails on an unexpected keyword).
    func rejectUnknownKeys(_ object: JSONNode, known: Set<String>, what: String) throws(ModelFileError) {
        guard let members = object.members else { return }
        for (key, value) in members where !known.contains(key) {
            throw issue(value, "unknown key '\(key)' for \(what); Pywr rejects it. Known keys: \(known.sorted().joined(separator: ", "))")
        }
    }

    // MARK: - Build

    func build(_ document: JSONNode) throws(ModelFileError) -> PywrModel {
        guard document.members != nil else { throw issue(document, "a Pywr model is a JSON object with timestepper, nodes and edges") }
        // Pywr ignores top-level keys it does not know (optimisation settings such as
        // `bisection`), so Aral does too.
        let root = try mergingIncludes(document)
        if root["nodes"] == nil, let v2 = root["network"], v2["nodes"] != nil {
            throw issue(v2, "this is a pywr-next (Pywr 2) model, with its nodes and edges under 'network'; Aral reads Pywr 1.x models, with 'nodes', 'edges' and 'parameters' at the top level")
        }
        if let meta = root["metadata"], let title = meta["title"]?.string { network.name = title }
        else { network.name = ((file as NSString).lastPathComponent as NSString).deletingPathExtension }
        network.steps = try readTimestepper(try required(root, "timestepper", what: "a Pywr model"))
        try readScenarios(root["scenarios"])
        if let tablesNode = root["tables"] {
            guard let members = tablesNode.members else { throw issue(tablesNode, "'tables' must be an object of table definitions") }
            for (name, definition) in members { tables[name] = definition }
        }
        if let parameters = root["parameters"] {
            guard let members = parameters.members else { throw issue(parameters, "'parameters' must be an object mapping names to definitions") }
            for (name, definition) in members { parameterDefinitions[name] = definition }
        }
        if let recordersNode = root["recorders"], let members = recordersNode.members {
            for (name, definition) in members { recorderDefinitions[name] = definition }
        }
        let nodes = try list(try required(root, "nodes", what: "a Pywr model"))
        registerInlineNamedParameters(nodes + (root["parameters"]?.members?.map(\.value) ?? []))
        try checkTypesKnown(nodes: nodes)
        scanEdges(root["edges"])
        try buildNodes(nodes)
        try buildEdges(root["edges"])
        finishStorageFlows()
        try checkRoutes(nodes)
        // Parameters not used by any node still load, so a broken one is reported as Pywr would.
        for name in parameterDefinitions.keys.sorted() where parameterValues[name] == nil {
            _ = try namedParameter(name, at: root["parameters"] ?? root)
        }
        try resolveNodeReferences()
        let recorders = try readRecorders(root["recorders"])
        var model = PywrModel(network: network, nodes: outputs, recorders: recorders.kept, file: file)
        model.ignoredRecorders = recorders.ignored
        model.resultFiles = recorders.files
        model.combinations = try scenarioCombinations(root)
        return model
    }

    func readTimestepper(_ node: JSONNode) throws(ModelFileError) -> [TimeStep] {
        let startNode = try required(node, "start", what: "the timestepper")
        let endNode = try required(node, "end", what: "the timestepper")
        // Pywr hands the dates to pandas, which also reads `2015-02-1` (found from outside).
        guard let start = Self.parseDate(Self.trimmed(try string(startNode)), dayFirst: false) else {
            throw issue(startNode, "'\(startNode.string ?? "")' is not a date (YYYY-MM-DD)")
        }
        guard let end = Self.parseDate(Self.trimmed(try string(endNode)), dayFirst: false) else {
            throw issue(endNode, "'\(endNode.string ?? "")' is not a date (YYYY-MM-DD)")
        }
        var length = StepLength.days(1)
        if let step = node["timestep"] ?? node["delta"], let text = step.string, let anchor = PywrYearlySteps.anchorMonth(text) {
            let steps = PywrYearlySteps.steps(start: start, end: end, anchorMonth: anchor)
            if steps.isEmpty { throw issue(endNode, "the end date is before the start date") }
            return steps
        }
        if let step = node["timestep"] ?? node["delta"] {
            if let d = step.number, d >= 1, let k = Int(exactly: d) { length = k == 1 ? .daily : .days(k) }
            else if let s = step.string, let parsed = Self.parseFrequency(s) { length = parsed }
            else { throw issue(step, "the timestep must be a whole number of days (or 'D', '7D', 'W', 'M', 'Y'); found \(step.number.map(shortNumber) ?? step.string.map { "'\($0)'" } ?? step.typeName)") }
        }
        let steps = TimeStepper(start: start, end: end, length: length).steps()
        if steps.isEmpty { throw issue(endNode, "the end date is before the start date") }
        return steps
    }

    static func parseFrequency(_ text: String) -> StepLength? {
        let t = text.uppercased()
        if t == "D" { return .daily }
        if t == "W" || t.hasPrefix("W-") { return .days(7) }
        if t == "M" || t == "MS" { return .monthly }
        if t.hasSuffix("D"), let n = Int(t.dropLast()), n >= 1 { return n == 1 ? .daily : .days(n) }
        if let n = Int(t), n >= 1 { return n == 1 ? .daily : .days(n) }
        return nil
    }

    func readScenarios(_ node: JSONNode?) throws(ModelFileError) {
        guard let node else { return }
        for s in try list(node) {
            let name = try string(try required(s, "name", what: "a scenario"))
            let sizeNode = try required(s, "size", what: "a scenario")
            let size = try number(sizeNode)
            guard size >= 1, size == size.rounded(), size < 1e6 else { throw issue(sizeNode, "a scenario's size must be a whole number ≥ 1") }
            network.scenarios.append(ScenarioDimension(name: name, size: Int(size)))
        }
    }

    /// Pywr's `ScenarioCollection.get_combinations`: the user's `scenario_combinations`, or
    /// the product of the scenarios' members (`slice` as Python's `slice(start, stop, step)`),
    /// the last scenario varying fastest.
    func scenarioCombinations(_ root: JSONNode) throws(ModelFileError) -> [[Int]] {
        let scenarios = network.scenarios
        if let given = root["scenario_combinations"], !given.isNull {
            var result: [[Int]] = []
            for row in try list(given) {
                let indices = try numbers(row)
                guard indices.count == scenarios.count else {
                    throw issue(row, "a scenario combination needs one member per scenario (\(scenarios.count)); found \(indices.count)")
                }
                for (d, i) in indices.enumerated() where !(i >= 0 && i < Double(scenarios[d].size) && i == i.rounded()) {
                    throw issue(row, "member \(i) is not in scenario '\(scenarios[d].name)' (0…\(scenarios[d].size - 1))")
                }
                result.append(indices.map { Int($0) })
            }
            guard !result.isEmpty else { throw issue(given, "scenario_combinations is empty") }
            return result
        }
        var members: [[Int]] = []
        for (d, s) in (root["scenarios"]?.elements ?? []).enumerated() where d < scenarios.count {
            guard let sliceNode = s["slice"], !sliceNode.isNull else {
                members.append(Array(0..<scenarios[d].size))
                continue
            }
            let parts = try list(sliceNode).map { (p: JSONNode) throws(ModelFileError) -> Int? in p.isNull ? nil : try integer(p) }
            guard (1...3).contains(parts.count) else { throw issue(sliceNode, "a slice is [stop], [start, stop] or [start, stop, step]") }
            let picked = Self.pythonSlice(size: scenarios[d].size, parts.count == 1 ? [nil, parts[0], nil] : parts + [nil])
            guard let picked, !picked.isEmpty else { throw issue(sliceNode, "the slice selects no member of scenario '\(scenarios[d].name)'") }
            members.append(picked)
        }
        var result: [[Int]] = [[]]
        for choices in members { result = result.flatMap { prefix in choices.map { prefix + [$0] } } }
        return result
    }

    /// `range(size)[slice(start, stop, step)]` in Python; nil for a zero step.
    static func pythonSlice(size: Int, _ parts: [Int?]) -> [Int]? {
        let step = parts.count > 2 ? parts[2] ?? 1 : 1
        guard step != 0 else { return nil }
        func clamp(_ v: Int?, _ fallback: Int) -> Int {
            guard var v else { return fallback }
            if v < 0 { v += size }
            return step > 0 ? min(max(v, 0), size) : min(max(v, -1), size - 1)
        }
        let start = clamp(parts[0], step > 0 ? 0 : size - 1)
        let stop = clamp(parts.count > 1 ? parts[1] : nil, step > 0 ? size : -1)
        return Array(stride(from: start, to: stop, by: step))
    }

    func scenarioDimension(_ node: JSONNode) throws(ModelFileError) -> Int {
        let name = try string(node)
        guard let d = network.scenarios.firstIndex(where: { $0.name == name }) else {
            throw issue(node, "no scenario named '\(name)'; the scenarios are: \(network.scenarios.map(\.name).joined(separator: ", "))")
        }
        return d
    }
}
