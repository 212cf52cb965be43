import Foundation
import Testing
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

/// Whether `actual` has exactly as many values as `expected` and each is close to its
/// counterpart. (`zip(...).allSatisfy` would check nothing for an empty or short series.)
func matches(_ actual: [Double], _ expected: [Double], tolerance: Double = flowTolerance) -> Bool {
    actual.count == expected.count && zip(actual, expected).allSatisfy { close($0, $1, tolerance: tolerance) }
}

extension PywrResults {
    /// A node's flow at every step. A node the results do not have, or a series that does not
    /// cover every step, is a test failure (recorded at the caller); the series returned then
    /// is NaN at every step, so no comparison with it can pass and indexing it cannot trap.
    func flow(_ node: String, sourceLocation: SourceLocation = #_sourceLocation) -> [Double] {
        guard let i = model.nodes.firstIndex(where: { $0.name == node }) else {
            Issue.record("the results have no node '\(node)'", sourceLocation: sourceLocation)
            return missing
        }
        return checked(flows[i], "flow of '\(node)'", sourceLocation)
    }

    /// A storage node's volume at every step; a missing node or volume fails as `flow` does.
    func volume(_ node: String, sourceLocation: SourceLocation = #_sourceLocation) -> [Double] {
        guard let i = model.nodes.firstIndex(where: { $0.name == node }) else {
            Issue.record("the results have no node '\(node)'", sourceLocation: sourceLocation)
            return missing
        }
        guard let values = volumes[i] else {
            Issue.record("node '\(node)' has no volume (not a storage node)", sourceLocation: sourceLocation)
            return missing
        }
        return checked(values, "volume of '\(node)'", sourceLocation)
    }

    private var missing: [Double] { Array(repeating: .nan, count: steps.count) }

    private func checked(_ values: [Double], _ what: String, _ sourceLocation: SourceLocation) -> [Double] {
        guard values.count == steps.count, !steps.isEmpty else {
            Issue.record("the \(what) has \(values.count) values for \(steps.count) steps", sourceLocation: sourceLocation)
            return missing
        }
        return values
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

/// A catchment whose flow follows a daily CSV (1, 4, 2, 5, 3) into an unbounded output, the
/// CSV written with `header` and read by `column` (a data frame, as users write it).
func pywrSeriesModel(header: String = "date,flow", column: String = "flow", recorders: String = "{}") throws -> (json: String, directory: String) {
    let directory = try temporaryDirectory()
    try "\(header)\n2015-01-01,1\n2015-01-02,4\n2015-01-03,2\n2015-01-04,5\n2015-01-05,3\n"
        .write(toFile: (directory as NSString).appendingPathComponent("flow.csv"), atomically: true, encoding: .utf8)
    let json = """
    {"metadata": {"title": "series"},
     "timestepper": {"start": "2015-01-01", "end": "2015-01-05", "timestep": 1},
     "nodes": [{"name": "river", "type": "catchment",
                "flow": {"type": "dataframe", "url": "flow.csv", "column": "\(column)", "index_col": "date", "parse_dates": true}},
               {"name": "sea", "type": "output"}],
     "edges": [["river", "sea"]],
     "recorders": \(recorders)}
    """
    return (json, directory)
}
