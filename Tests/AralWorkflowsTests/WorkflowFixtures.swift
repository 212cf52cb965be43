import Foundation

/// Files the workflow tests read: the repository's examples, by absolute path.
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    static func text(_ relative: String) throws -> String { try String(contentsOfFile: path(relative), encoding: .utf8) }

    /// A Pywr model with a storage (the same as the server's Pywr upload tests).
    static let pywrModel = """
    {
      "metadata": {"title": "pywr-storage", "minimum_version": "0.1"},
      "timestepper": {"start": "2015-01-01", "end": "2015-01-04", "timestep": 1},
      "nodes": [
        {"name": "catchment", "type": "catchment", "flow": 5},
        {"name": "reservoir", "type": "storage", "max_volume": 100, "initial_volume": 50},
        {"name": "demand", "type": "output", "max_flow": 20, "cost": -10}
      ],
      "edges": [["catchment", "reservoir"], ["reservoir", "demand"]]
    }
    """

    /// Writes `text` to a new temporary file named `name` and returns its path.
    static func temporaryFile(_ text: String, name: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("aral-workflows-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let file = dir.appendingPathComponent(name)
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }
}
