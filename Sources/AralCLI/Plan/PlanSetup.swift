import Foundation
import AralModel
import AralSchema
import AralSolver
import AralClp
import AralPlanning
import ArgumentParser

/// Loads a model for planning: scenario overlays, the horizon (`--from`/`--to`), an inflow
/// forecast, compilation and the policy — every problem printed with its file and key path.
enum PlanSetup {
    static func inputs(model path: String, from: String, to: String, inflows: String?,
                       scenarios: [String]) throws -> PlanInputs {
        guard let start = CivilDate(parsing: from) else { throw ValidationError("--from '\(from)' is not a date; write YYYY-MM-DD") }
        guard let end = CivilDate(parsing: to) else { throw ValidationError("--to '\(to)' is not a date; write YYYY-MM-DD") }
        do {
            let (document, text) = try ModelLoader.readDocument(path: path)
            let changed = try ScenarioOverlay.apply(scenarios, to: document, modelPath: path)
            var forecast: (file: String, columns: [String])?
            if let inflows {
                let absolute = inflows.hasPrefix("/") ? inflows
                    : FileManager.default.currentDirectoryPath + "/" + inflows
                let table = try CSVTable.read(path: absolute, displayName: inflows)
                forecast = (absolute, Array(table.header.dropFirst()))
            }
            let horizon = try PlanHorizon.apply(to: changed, from: start, to: end, forecast: forecast)
            let model = try ModelLoader.compile(horizon, text: text, file: path)
            let base = (path as NSString).deletingLastPathComponent
            let compiler = BasinCompiler(seriesSource: CSVSeriesSource(baseDirectory: base.isEmpty ? "." : base))
            let policy = try PlanPolicy.resolve(model, compiler: compiler)
            return try PlanInputs(model: model, policy: policy)
        } catch let error as ModelFileError {
            ModelInput.report(error)
            throw ExitCode.failure
        } catch let error as PlanError {
            report(error, file: path)
            throw ExitCode.failure
        }
    }

    static func report(_ error: PlanError, file: String) {
        if case .invalidInput(let invalid) = error {
            let count = invalid.issues.count
            Terminal.error("\(count == 1 ? "1 problem" : "\(count) problems") in the plan's input:")
            for issue in invalid.issues { Terminal.note("  \(file): \(issue)") }
        } else {
            Terminal.error("\(file): \(error)")
        }
    }

    /// CLP with automatic scaling: a plan LP mixes m³/s, Mm³ and GWh over many steps.
    static func makeSolver() -> any LPSolver {
        let solver = ClpSolver()
        solver.setScaling(3)
        return solver
    }
}
