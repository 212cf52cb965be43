import ArgumentParser

/// `aral hydrology …`: inflow records, synthetic and stochastic.
struct HydrologyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hydrology",
        abstract: "Inflow records: synthesize a basin's record, generate stochastic traces, check their statistics.",
        subcommands: [HydrologySynthesizeCommand.self, HydrologyGenerateCommand.self, HydrologyCheckCommand.self]
    )
}
