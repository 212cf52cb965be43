import ArgumentParser

/// Runs Pywr JSON models through `aral run` (issue 6 fills this in).
enum PywrRunner {
    /// True when the file is clearly a Pywr model (a JSON file with Pywr's node `type`s).
    static func looksLikePywr(path: String) -> Bool { false }

    static func run(_ command: RunCommand) async throws {
        throw ValidationError("Pywr models are not supported yet")
    }
}
