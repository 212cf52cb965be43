import ArgumentParser

/// `aral corridor`: Transit corridors: routes, assignment, scenarios. (placeholder until its issue lands).
struct CorridorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "corridor", abstract: "Transit corridors: routes, assignment, scenarios.")
    func run() async throws {
        throw ValidationError("'aral corridor' is not available yet")
    }
}
