import Foundation
import AralModel
import AralSchema
import AralSolver
import AralClp
import AralPlanning

/// Compiles YAML model text, resolves its policy and returns a planner on CLP.
enum PlanFixture {
    static func model(_ yaml: String, file: String = "test.yaml") throws -> BasinModel {
        let doc = try ModelLoader.decode(yaml, file: file)
        return try BasinCompiler().compile(doc)
    }

    static func planner(_ yaml: String, options: PlanOptions = PlanOptions()) throws -> Planner {
        let model = try model(yaml)
        let policy = try PlanPolicy.resolve(model)
        return Planner(inputs: try PlanInputs(model: model, policy: policy), options: options, makeSolver: makeClp)
    }

    static func makeClp() -> any LPSolver {
        let solver = ClpSolver()
        solver.setScaling(3)
        return solver
    }

    /// The issues of a failing setup, as "path: message" lines (model or policy errors).
    static func issues(_ yaml: String) -> [ModelIssue] {
        do {
            _ = try planner(yaml)
            return []
        } catch let error as ModelValidationError {
            return error.issues
        } catch let error as ModelFileError {
            return error.issues.map { ModelIssue(path: $0.path ?? "", message: $0.message) }
        } catch let PlanError.invalidInput(error) {
            return error.issues
        } catch {
            return [ModelIssue(path: "?", message: "\(error)")]
        }
    }
}

/// Hand-worked numbers are compared to this absolute tolerance (m³/s, Mm³) …
let volumeTolerance = 1e-4
/// … and energy (MWh) to this relative one.
let energyRelativeTolerance = 1e-6
/// Satisfaction fractions must agree to this (the issue's 1e-6).
let fractionTolerance = 1e-6

func close(_ a: Double, _ b: Double, _ tolerance: Double) -> Bool { abs(a - b) <= tolerance }
func closeRelative(_ a: Double, _ b: Double, _ tolerance: Double) -> Bool { abs(a - b) <= tolerance * max(1, abs(b)) }
