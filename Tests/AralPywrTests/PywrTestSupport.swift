import Foundation
import AralClp
import AralPywr
import AralModel
import AralSchema

/// Flows and volumes from hand computation agree with the LP to this relative tolerance
/// (CLP's feasibility tolerance is 1e-7).
let flowTolerance = 1e-6

func close(_ a: Double, _ b: Double, tolerance: Double = flowTolerance) -> Bool {
    abs(a - b) <= tolerance * max(1, abs(a), abs(b))
}

/// Compiles Pywr JSON written in a test; data files are looked up in `directory`.
func compilePywr(_ json: String, directory: String = NSTemporaryDirectory()) throws(ModelFileError) -> PywrModel {
    try PywrImporter.compile(text: json, file: "model.json", baseDirectory: directory)
}

/// Compiles and runs a model with CLP.
func runPywr(_ json: String, directory: String = NSTemporaryDirectory()) throws -> PywrResults {
    let model = try compilePywr(json, directory: directory)
    return try PywrRun.run(model, solver: ClpSolver())
}

extension PywrResults {
    func flow(_ node: String) -> [Double] {
        guard let i = model.nodes.firstIndex(where: { $0.name == node }) else { return [] }
        return flows[i]
    }

    func volume(_ node: String) -> [Double] {
        guard let i = model.nodes.firstIndex(where: { $0.name == node }) else { return [] }
        return volumes[i] ?? []
    }
}

/// A fresh temporary folder for data files.
func temporaryDirectory() throws -> String {
    let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("aral-pywr-\(UUID().uuidString)")
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// Wraps nodes, edges and parameters in a model with a daily timestepper.
func pywrModel(days: Int = 3, start: String = "2015-01-01", nodes: String, edges: String,
               parameters: String = "{}", extra: String = "") -> String {
    let end = CivilDate(parsing: start).map { $0.adding(days: days - 1).description } ?? start
    return """
    {
      "metadata": {"title": "test", "minimum_version": "0.1"},
      "timestepper": {"start": "\(start)", "end": "\(end)", "timestep": 1},
      "nodes": \(nodes),
      "edges": \(edges),
      "parameters": \(parameters)\(extra)
    }
    """
}
