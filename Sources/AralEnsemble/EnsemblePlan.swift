public import AralModel
public import AralSchema
import Foundation

/// Everything an ensemble needs before it runs: the scenario grid, one compiled model per
/// combination of overlays, and the inflow traces with the model inflows they drive.
/// Immutable and `Sendable`, so every worker reads it without locks.
public struct EnsemblePlan: Sendable {
    public var modelPath: String
    public var grid: ScenarioGrid
    /// One compiled model per combination of the overlay dimensions (row-major over them).
    public var models: [BasinModel]
    public var traces: TraceSet?
    /// Per model: which inflow node each trace site drives.
    var bindings: [[InflowBinding]]
    /// Per model step: the trace month it reads (same calendar for every model).
    var stepMonth: [Int]
    /// What the members' results depend on beyond the grid (`InputDigest`): set by `load`,
    /// empty for a plan built from compiled models.
    public var inputDigest = ""

    struct InflowBinding: Sendable {
        var node: Int
        var site: Int
        var scale: Double
    }

    /// A plan from a model file and its `scenarios:`; `overlays` are applied to every member
    /// first (`aral run --scenario`).
    /// `tracesPath` (from `aral run --traces`, relative to the working directory) gives the
    /// inflow traces without editing the model: it replaces the traces of the model's traces
    /// scenario, or adds a `hydrology` dimension if the model has none.
    /// `years` runs only the first years of the model's timestepper (from its start), so traces
    /// of that length cover the run (the server's short ensembles); nil runs it whole.
    /// The most members one ensemble may have (a member's metrics stay in memory until summed).
    public static let mostMembers = 10_000_000
    /// The most combinations of scenario overlays (each is compiled and kept as a model).
    public static let mostOverlayCombinations = 4_096

    public static func load(modelPath: String, overlays: [String] = [], tracesPath: String? = nil, years: Int? = nil) throws(EnsembleError) -> EnsemblePlan {
        var document: BasinDocument, text: String
        do { (document, text) = try ModelLoader.readDocument(path: modelPath) } catch { throw EnsembleError(error.description) }
        if let years { document.timestepper = try firstYears(years, of: document.timestepper, modelPath: modelPath) }
        var declared = document.scenarios ?? []
        if let tracesPath {
            let absolute = tracesPath.hasPrefix("/") ? tracesPath
                : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(tracesPath)
            if let i = declared.firstIndex(where: { $0.traces != nil }) {
                declared[i].traces = TracesDocument(csv: absolute, count: declared[i].traces?.count)
            } else {
                declared.insert(ScenarioDocument(name: "hydrology", traces: TracesDocument(csv: absolute)), at: 0)
            }
        }
        guard !declared.isEmpty else {
            throw EnsembleError(file: modelPath, path: "scenarios",
                "the model declares no scenarios; add e.g. 'scenarios: [{name: hydrology, traces: {csv: traces.csv}}]' (see docs/ensembles.md), or give traces with --traces FILE")
        }
        let scenarios = declared
        var dimensions: [ScenarioGrid.Dimension] = []
        var traces: TraceSet?
        let base = (modelPath as NSString).deletingLastPathComponent
        for (i, scenario) in scenarios.enumerated() {
            if let t = scenario.traces {
                guard traces == nil else {
                    throw EnsembleError(file: modelPath, path: "scenarios[\(i)].traces", "only one scenario may give inflow traces")
                }
                let path = t.csv.hasPrefix("/") ? t.csv : (base as NSString).appendingPathComponent(t.csv)
                let set: TraceSet
                do { set = try TraceSet.read(path: path, limit: t.count) } catch {
                    // The model's own traces file: say which key named it.
                    guard tracesPath == nil, !FileManager.default.fileExists(atPath: path) else { throw error }
                    throw EnsembleError(file: modelPath, path: "scenarios[\(i)].traces.csv", "'\(t.csv)' not found (looked for \(path))")
                }
                traces = set
                dimensions.append(.init(name: scenario.name, kind: .traces, labels: (0..<set.count).map(String.init)))
            } else if let members = scenario.members {
                let lists = members.map { $0 == "baseline" ? [] : $0.split(separator: "+").map(String.init) }
                dimensions.append(.init(name: scenario.name, kind: .overlays(lists), labels: members))
            }
        }
        if let duplicate = dimensions.map(\.name).first(where: { n in dimensions.filter { $0.name == n }.count > 1 }) {
            throw EnsembleError(file: modelPath, path: "scenarios", "two scenarios are called '\(duplicate)'")
        }
        // Counted in Double before anything is built: 20 dimensions of 4 members took 12 GB in
        // 25 s compiling overlay combinations, and `validate` said "valid" (found from outside).
        let members = dimensions.reduce(1.0) { $0 * Double($1.size) }
        let overlayModels = dimensions.reduce(1.0) { if case .overlays = $1.kind { return $0 * Double($1.size) } else { return $0 } }
        if overlayModels > Double(mostOverlayCombinations) || members > Double(mostMembers) {
            let sizes = dimensions.map { "\($0.name) \($0.size)" }.joined(separator: " × ")
            throw EnsembleError(file: modelPath, path: "scenarios",
                "the grid \(sizes) has \(String(format: "%.3g", members)) members and \(String(format: "%.3g", overlayModels)) combinations of overlays; at most \(mostMembers) members and \(mostOverlayCombinations) combinations (each one a compiled model) run in one ensemble: split the grid into smaller ones")
        }
        let grid = ScenarioGrid(dimensions: dimensions)
        // Compile every combination of overlays once.
        var combinations: [[String]] = [overlays]
        for d in dimensions {
            guard case .overlays(let lists) = d.kind else { continue }
            combinations = combinations.flatMap { prefix in lists.map { prefix + $0 } }
        }
        var models: [BasinModel] = []
        for names in combinations {
            do {
                let changed = try ScenarioOverlay.apply(names, to: document, modelPath: modelPath)
                models.append(try ModelLoader.compile(changed, text: text, file: modelPath))
            } catch { throw EnsembleError(error.description) }
        }
        var plan = try EnsemblePlan(modelPath: modelPath, grid: grid, models: models, traces: traces)
        plan.inputDigest = digest(modelText: text, overlays: Set(combinations.flatMap { $0 }), modelPath: modelPath, traces: traces)
        return plan
    }

    /// The digest of the model's text, its overlay files' texts and the traces' values.
    static func digest(modelText: String, overlays: Set<String>, modelPath: String, traces: TraceSet?) -> String {
        var digest = InputDigest()
        digest.add(modelText)
        for name in overlays.sorted() {
            digest.add(name)
            // Every overlay was read a moment ago to compile the models.
            if let file = try? ScenarioOverlay.locate(name, modelPath: modelPath), let data = FileManager.default.contents(atPath: file) {
                digest.add(bytes: data)
            }
        }
        if let traces {
            digest.add(traces.sites.joined(separator: ","))
            digest.add(traces.start.description)
            digest.add(traces.values)
        }
        return digest.hex
    }

    /// The first `years` years of `timestepper` (ending the day before the same date `years`
    /// later), or the timestepper itself when it is not longer than that.
    static func firstYears(_ years: Int, of timestepper: TimestepperDocument, modelPath: String) throws(EnsembleError) -> TimestepperDocument {
        guard years >= 1 else { throw EnsembleError(file: modelPath, path: "timestepper", "an ensemble runs at least one year; got \(years)") }
        guard let start = CivilDate(parsing: timestepper.start), let end = CivilDate(parsing: timestepper.end) else { return timestepper }
        let anniversary = CivilDate(year: start.year + years, month: start.month, day: min(start.day, CivilDate.daysIn(month: start.month, year: start.year + years)))
        let last = anniversary.adding(days: -1)
        guard last < end else { return timestepper }
        return TimestepperDocument(start: timestepper.start, end: last.description, step: timestepper.step)
    }

    /// A plan from compiled models (tests and benchmarks): `models` has one entry per
    /// combination of the overlay dimensions.
    public init(modelPath: String, grid: ScenarioGrid, models: [BasinModel], traces: TraceSet?) throws(EnsembleError) {
        self.modelPath = modelPath
        self.grid = grid
        self.models = models
        self.traces = traces
        let expected = grid.dimensions.reduce(1) { n, d in d.kind == .traces ? n : n * d.size }
        guard models.count == expected, let first = models.first else {
            throw EnsembleError(file: modelPath, "expected \(expected) compiled models for the overlay combinations, got \(models.count)")
        }
        var stepMonth: [Int] = []
        var bindings: [[InflowBinding]] = []
        if let traces {
            let steps = first.network.steps
            for step in steps {
                let t = (step.date.year - traces.start.year) * 12 + (step.date.month - traces.start.month)
                guard t >= 0, t < traces.months else {
                    var last = traces.start
                    for _ in 1..<max(1, traces.months) { last = last.startOfNextMonth }
                    throw EnsembleError(file: modelPath, path: "scenarios",
                        "the traces cover \(traces.start) to \(last) but the model runs from \(steps.first?.date.description ?? "?") to \(steps.last?.date.description ?? "?"); generate traces with --start and --years that cover the run")
                }
                stepMonth.append(t)
            }
            for model in models {
                let list = Self.bind(model, sites: traces.sites)
                guard !list.isEmpty else {
                    throw EnsembleError(file: modelPath, path: "scenarios",
                        "no inflow of the model matches a trace column (\(traces.sites.joined(separator: ", "))); name columns after the inflows' CSV columns or node names")
                }
                bindings.append(list)
            }
        }
        self.bindings = bindings
        self.stepMonth = stepMonth
    }

    /// Inflows driven by traces: an inflow whose flow is `{csv: …, column: C}` reads trace
    /// column C (times its scale); any other inflow reads the column named like the node.
    static func bind(_ model: BasinModel, sites: [String]) -> [InflowBinding] {
        var list: [InflowBinding] = []
        for element in model.elements where element.kind == .inflow {
            guard let node = element.node else { continue }
            var column = element.name, scale = 1.0
            if let series = element.inflowSeries { column = series.column; scale = series.scale }
            guard let site = sites.firstIndex(of: column) ?? sites.firstIndex(of: element.name) else { continue }
            list.append(InflowBinding(node: node, site: site, scale: scale))
        }
        return list
    }

    /// Which model a member runs (its overlay coordinates, row-major).
    public func modelIndex(of member: Int) -> Int {
        var index = 0
        for (d, c) in zip(grid.dimensions, grid.coordinates(of: member)) where d.kind != .traces {
            index = index * d.size + c
        }
        return index
    }

    public func traceIndex(of member: Int) -> Int? {
        guard let d = grid.dimensions.firstIndex(where: { $0.kind == .traces }) else { return nil }
        return grid.coordinates(of: member)[d]
    }

    /// The network member `member` runs: its model with the member's trace as inflows.
    public func network(for member: Int) -> Network {
        let m = modelIndex(of: member)
        var net = models[m].network
        guard let traces, let k = traceIndex(of: member) else { return net }
        for binding in bindings[m] {
            var values = [Double](repeating: 0, count: stepMonth.count)
            for (i, t) in stepMonth.enumerated() {
                values[i] = traces.value(trace: k, month: t, site: binding.site) * binding.scale
            }
            let series = StepSeriesParameter(label: "trace \(k) of '\(traces.sites[binding.site])'", values: values)
            if case .parameter(let p) = net.nodes[binding.node].maxFlow, net.parameters[p] is StepSeriesParameter,
               net.nodes[binding.node].minFlow == net.nodes[binding.node].maxFlow {
                net.parameters[p] = series
            } else {
                let value = net.addParameter(series)
                net.nodes[binding.node].minFlow = value
                net.nodes[binding.node].maxFlow = value
            }
        }
        return net
    }
}
