import ArgumentParser
import AralModel
import AralSchema

/// `aral validate MODEL`: check a model without running it.
struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a model file and the series it refers to, without running it."
    )

    @Argument(help: "The model file (YAML or JSON).")
    var model: String

    func run() async throws {
        let basin = try ModelInput.load(model)
        let net = basin.network
        print("\(model): valid. \(basin.elements.count) nodes (\(net.nodes.count) in the network), \(net.edges.count) edges, \(net.storages.count) reservoirs, \(net.hydropower.count) plants, \(net.steps.count) steps.")
    }
}
