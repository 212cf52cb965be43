import ArgumentParser

/// `aral-bench`: the benchmarks, kept out of the product `aral` (docs/benchmarks.md).
/// With no subcommand it runs the engine benchmark (engine vs a bare CLP loop).
@main
struct AralBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aral-bench",
        abstract: "Benchmarks of Aral: engine, ensembles, plans, ledger, corridors (docs/benchmarks.md).",
        subcommands: [
            EngineBenchCommand.self, EnsembleBenchCommand.self, PlanBenchCommand.self,
            LedgerBenchCommand.self, CorridorBenchCommand.self,
        ],
        defaultSubcommand: EngineBenchCommand.self
    )
}
