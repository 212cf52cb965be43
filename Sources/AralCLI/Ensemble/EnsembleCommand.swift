import ArgumentParser

/// `aral ensemble …`: work on ensemble results (run ensembles with `aral run --ensemble`).
struct EnsembleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ensemble",
        abstract: "Ensemble results: merge shards.",
        subcommands: [EnsembleMergeCommand.self]
    )
}
