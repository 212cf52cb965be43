import AralModel
import AralSchema
import AralEngine
import AralClp

/// Tolerance for comparing flows and volumes with hand-computed answers (the LP is solved to
/// about 1e-9 relative; results are compared at 1e-6).
let handTolerance = 1e-6

func close(_ a: Double, _ b: Double, _ tolerance: Double = handTolerance) -> Bool {
    abs(a - b) <= tolerance * max(1, abs(a), abs(b))
}

/// Compiles model text (YAML) without files, failing the test with the problems found.
func compile(_ yaml: String) throws -> BasinModel {
    let doc = try ModelLoader.decode(yaml, file: "test.yaml")
    return try ModelLoader.compile(doc, text: yaml, file: "test.yaml")
}

/// Runs model text through CLP.
func run(_ yaml: String) throws -> BasinResults {
    try BasinRun.run(try compile(yaml), solver: ClpSolver(), makeDiagnosticSolver: { ClpSolver() })
}

/// The issues a bad model text produces.
func problems(_ yaml: String) -> [FileIssue] {
    do {
        _ = try compile(yaml)
        return []
    } catch let error as ModelFileError {
        return error.issues
    } catch {
        return [FileIssue(file: "?", message: "\(error)")]
    }
}

/// A daily timestepper block of `days` days from 2001-01-01.
func daily(_ days: Int) -> String {
    let end = CivilDate(year: 2001, month: 1, day: 1).adding(days: days - 1)
    return "timestepper: {start: 2001-01-01, end: \(end), step: daily}"
}
