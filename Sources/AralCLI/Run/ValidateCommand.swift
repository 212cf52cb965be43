import ArgumentParser
import AralModel
import AralPywr
import AralWorkflows

/// `aral validate MODEL`: check a model without running it.
struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a model file and the series it refers to, without running it."
    )

    @OptionGroup var input: ModelOptions

    func run() async throws {
        switch try input.load() {
        case .basin(let basin):
            let net = basin.network
            print("\(input.model): valid. \(basin.elements.count) nodes (\(net.nodes.count) in the network), \(net.edges.count) edges, \(net.storages.count) reservoirs, \(net.hydropower.count) plants, \(net.steps.count) steps.")
        case .pywr(let pywr):
            let net = pywr.network
            print("\(input.model): valid Pywr model. \(pywr.nodes.count) nodes (\(net.nodes.count) in the network), \(net.edges.count) edges, \(net.storages.count) storages, \(net.steps.count) steps.")
        }
    }
}
