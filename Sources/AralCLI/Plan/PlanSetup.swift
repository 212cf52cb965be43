package import AralPlanning
import AralModel
import AralSchema
import AralSolver
import AralClp
import ArgumentParser

/// How `aral plan` (and the plan benchmark) print a plan's problems: each with its file and key path.
package enum PlanSetup {
    package static func report(_ error: PlanError, file: String) {
        if case .invalidInput(let invalid) = error {
            let count = invalid.issues.count
            Terminal.error("\(count == 1 ? "1 problem" : "\(count) problems") in the plan's input:")
            for issue in invalid.issues { Terminal.note("  \(file): \(issue)") }
        } else {
            Terminal.error("\(file): \(error)")
        }
    }
}
