import Foundation
import AralModel
import AralSchema
import AralEnsemble

/// One trace of a traces file as a compiled model's inflows, bound exactly as an ensemble
/// binds it (`EnsemblePlan`: the inflow reading CSV column C takes trace column C, other
/// inflows the column named like the node), so a plan with `--traces F --member K` sees the
/// hydrology that member K of `aral run --traces F` runs.
enum TraceInflows {
    static func network(of model: BasinModel, trace choice: PlanWorkflow.TraceChoice, source: ModelSource) throws(ModelFileError) -> Network {
        guard case .file = source else {
            throw ModelFileError(FileIssue(file: source.label, message: "an uploaded model cannot read a traces file"))
        }
        let absolute = choice.path.hasPrefix("/") ? choice.path : FileManager.default.currentDirectoryPath + "/" + choice.path
        do throws(EnsembleError) {
            let traces = try TraceSet.read(path: absolute)
            guard choice.member < traces.count else {
                throw EnsembleError(file: choice.path, "holds traces 0 to \(traces.count - 1); --member \(choice.member) is not among them")
            }
            let grid = ScenarioGrid(dimensions: [.init(name: "hydrology", kind: .traces, labels: (0..<traces.count).map(String.init))])
            return try EnsemblePlan(modelPath: source.label, grid: grid, models: [model], traces: traces).network(for: choice.member)
        } catch {
            throw ModelFileError(FileIssue(file: error.file ?? choice.path, line: error.line, path: error.path, message: error.message))
        }
    }
}
