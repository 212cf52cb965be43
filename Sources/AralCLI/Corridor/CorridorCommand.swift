import ArgumentParser

/// `aral corridor`: transit corridors on the same solver layer — routes, assignment, scenarios.
struct CorridorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "corridor",
        abstract: "Transit corridors: routes, assignment, scenarios.",
        discussion: "Corridor models are YAML files (see docs/corridors.md); models/corridors/central-asia.yaml is the Central Asia network.",
        subcommands: [CorridorRouteCommand.self, CorridorAssignCommand.self, CorridorCompareCommand.self]
    )
}
