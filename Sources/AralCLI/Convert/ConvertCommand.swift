import ArgumentParser

/// `aral convert`: Convert a Pywr JSON model into an Aral model file. (placeholder until its issue lands).
struct ConvertCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "convert", abstract: "Convert a Pywr JSON model into an Aral model file.")
    func run() async throws {
        throw ValidationError("'aral convert' is not available yet")
    }
}
