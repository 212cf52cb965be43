import ArgumentParser
import AralClp
import AralCorridors

/// `aral corridor assign MODEL DEMAND.csv`: multi-commodity min-cost flow through CLP.
struct CorridorAssignCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assign",
        abstract: "Assign origin–destination volumes over the network with segment and border capacities.",
        discussion: "DEMAND.csv has columns origin, destination and one of tonnesPerYear, mtPerYear, teuPerYear. Reports loads, utilisation, binding capacities with their shadow prices, and volume that cannot be carried."
    )

    @Argument(help: "The corridor model (YAML).") var model: String
    @Argument(help: "The demand CSV.") var demand: String
    @OptionGroup var criterion: RouteCriterionOptions
    @Option(name: .customLong("scenario"), help: "Scenario overlays to apply, in order.") var scenarios: [String] = []
    @Flag(name: .long, help: "Print the assignment as JSON.") var json = false

    func run() async throws {
        let network = try CorridorInput.network(model, scenarios: scenarios)
        let demands = try CorridorInput.demand(demand, on: network)
        let metric = criterion.by.metric(valueOfTime: criterion.valueOfTime, network: network)
        do {
            let result = try CorridorAssignment.assign(demands, on: network, metric: metric, solver: ClpSolver())
            if json { try JSONOutput.print(result) } else { print(CorridorFormatting.assignment(result)) }
        } catch {
            Terminal.error("\(error)")
            throw ExitCode.failure
        }
    }
}
