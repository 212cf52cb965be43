public import ArgumentParser

/// The `aral` command: every subcommand is registered here, implemented in its own file.
public struct AralCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "aral",
        abstract: "Water and energy allocation for the Syr Darya and Amu Darya basins.",
        subcommands: [
            RunCommand.self, ValidateCommand.self, PlanCommand.self, ConvertCommand.self, HydrologyCommand.self,
            EnsembleCommand.self, LedgerCommand.self, ServeCommand.self, CorridorCommand.self, HindcastCommand.self,
        ]
    )
    public init() {}
}
