import ArgumentParser
import AralModel
import AralSchema
import AralPywr
import AralWorkflows
import AralEnsemble

/// `aral validate MODEL`: check a model without running it.
struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a model file and the series it refers to, without running it."
    )

    @OptionGroup var input: ModelOptions

    @Flag(name: .long, help: "Print the summary as JSON.")
    var json = false

    /// What `--json` prints: the counts of the text line.
    struct Summary: Encodable {
        var model: String
        var format: String
        var nodes: Int
        var networkNodes: Int
        var edges: Int
        var reservoirs: Int
        var plants: Int
        var steps: Int
        /// With --traces: how many traces, months each, and the inflows they drive.
        var traces: Int?
        var traceMonths: Int?
        var traceInflows: [String]?
    }

    func run() async throws {
        let loaded = try input.load()
        let net = loaded.network
        let nodes: Int
        switch loaded {
        case .basin(let basin):
            nodes = basin.elements.count
            try ModelInput.catching { () throws(ModelFileError) in try PlanWorkflow.checkPolicy(basin, source: input.source) }
        case .pywr(let pywr): nodes = pywr.nodes.count
        }
        let traces = try checkTraces(loaded)
        if json {
            let summary = Summary(model: input.model, format: loaded.format.rawValue, nodes: nodes, networkNodes: net.nodes.count,
                                  edges: net.edges.count, reservoirs: net.storages.count, plants: net.hydropower.count, steps: net.steps.count,
                                  traces: traces?.set.count, traceMonths: traces?.set.months, traceInflows: traces?.inflows)
            try JSONOutput.print(summary)
        } else if loaded.format == .pywr {
            print("\(input.model): valid Pywr model. \(nodes) nodes (\(net.nodes.count) in the network), \(net.edges.count) edges, \(net.storages.count) storages, \(net.steps.count) steps.")
        } else {
            print("\(input.model): valid. \(nodes) nodes (\(net.nodes.count) in the network), \(net.edges.count) edges, \(net.storages.count) reservoirs, \(net.hydropower.count) plants, \(net.steps.count) steps.")
            if let traces, let path = input.traces {
                print("\(path): \(traces.set.count) traces of \(traces.set.months) months from \(traces.set.start), covering the run; they drive \(traces.inflows.joined(separator: ", ")).")
            }
        }
    }

    /// `--traces`, or a model's own `scenarios:` grid: they bind to the model as an ensemble would
    /// bind them (columns that name inflows, months that cover the run, members that name
    /// overlays, a grid that fits in memory), or the command fails saying why. A grid was
    /// checked only when the ensemble ran (found from outside: a misspelt member, two dimensions
    /// of one name and a missing traces file were "valid").
    func checkTraces(_ loaded: LoadedModel) throws -> (set: TraceSet, inflows: [String])? {
        let path = input.traces
        guard loaded.format != .pywr else {
            if path != nil { throw ValidationError("--traces applies to Aral basin models; \(input.model) is a Pywr model") }
            return nil
        }
        let declaresGrid = (try? ModelLoader.readDocument(path: input.model).0.scenarios?.isEmpty == false) ?? false
        guard path != nil || declaresGrid else { return nil }
        do {
            let plan = try EnsemblePlan.load(modelPath: input.model, overlays: input.scenario, tracesPath: path)
            if declaresGrid, !json {
                print("\(input.model): scenarios: a grid of \(plan.grid.memberCount) members (\(plan.grid.dimensions.map { "\($0.name) \($0.size)" }.joined(separator: " × "))), every member binds.")
            }
            guard let set = plan.traces else { return nil }
            let inflows = plan.models.first.map { model in
                model.elements.filter { $0.kind == .inflow && set.sites.contains($0.inflowSeries?.column ?? $0.name) }.map(\.name)
            } ?? []
            return (set, inflows)
        } catch {
            Terminal.error(error.description)
            throw ExitCode.failure
        }
    }
}
