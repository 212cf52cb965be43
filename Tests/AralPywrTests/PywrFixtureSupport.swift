import Foundation
import Testing
import AralClp
import AralPywr
import AralSchema

/// Aral's own Pywr models (`Tests/AralPywrTests/Fixtures`): each exercises Pywr types that
/// Pywr's test models do not, and `scripts/pywr-crossval.sh` runs each through Pywr too
/// (as `aral/NAME.json`), so the values the tests pin here are also Pywr's.
enum PywrFixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").path

    static func load(_ name: String) throws(ModelFileError) -> PywrModel {
        try PywrImporter.load(path: (directory as NSString).appendingPathComponent(name))
    }

    /// Runs a fixture for one scenario member per scenario (empty: the first combination).
    static func run(_ name: String, scenario: [Int] = []) throws -> PywrResults {
        try PywrRun.run(try load(name), solver: ClpSolver(), scenario: scenario)
    }
}

extension PywrResults {
    /// A node's flow at the given steps (NaN, so no comparison passes, for a step the results
    /// do not have).
    func flow(_ node: String, at steps: [Int], sourceLocation: SourceLocation = #_sourceLocation) -> [Double] {
        let all = flow(node, sourceLocation: sourceLocation)
        return steps.map { $0 < all.count ? all[$0] : .nan }
    }
}

extension PywrResults {
    /// An array recorder's value at every step (a parameter's value, for
    /// `numpyarrayparameter`); NaN at every step, so no comparison passes, when the recorder
    /// is missing or kept no data.
    func recorded(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) -> [Double] {
        guard let i = model.recorders.firstIndex(where: { $0.name == name }), let data = recorderData[i] else {
            Issue.record("no per-step data for recorder '\(name)'", sourceLocation: sourceLocation)
            return Array(repeating: .nan, count: steps.count)
        }
        return data
    }
}
