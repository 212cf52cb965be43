import ArgumentParser
import AralModel
import AralSchema
import AralPywr
import AralWorkflows

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
    }

    func run() async throws {
        let loaded = try input.load()
        let net = loaded.network
        let nodes: Int
        switch loaded {
        case .basin(let basin): nodes = basin.elements.count
        case .pywr(let pywr): nodes = pywr.nodes.count
        }
        if json {
            let summary = Summary(model: input.model, format: loaded.format.rawValue, nodes: nodes, networkNodes: net.nodes.count,
                                  edges: net.edges.count, reservoirs: net.storages.count, plants: net.hydropower.count, steps: net.steps.count)
            try JSONOutput.print(summary)
        } else if loaded.format == .pywr {
            print("\(input.model): valid Pywr model. \(nodes) nodes (\(net.nodes.count) in the network), \(net.edges.count) edges, \(net.storages.count) storages, \(net.steps.count) steps.")
        } else {
            print("\(input.model): valid. \(nodes) nodes (\(net.nodes.count) in the network), \(net.edges.count) edges, \(net.storages.count) reservoirs, \(net.hydropower.count) plants, \(net.steps.count) steps.")
        }
    }
}
