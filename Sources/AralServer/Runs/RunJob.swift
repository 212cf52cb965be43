import Foundation
import AralModel
import AralSchema
import AralEngine
import AralClp
import AralSolver
import AralPlanning
import AralPywr

/// What the run manager executes: a basin simulation, a Pywr model (as `aral run` runs one) or a
/// seasonal plan with the exchange (as `aral plan --exchange` makes one) or an ensemble (as
/// `aral run --traces` runs one) — each through
/// `AralWorkflows`, the layer the CLI calls too.
enum RunJob: Sendable {
    case basin(BasinModel)
    case pywr(PywrModel)
    case plan(PlanInputs)
    /// Its progress counts members, not steps.
    case ensemble(EnsembleJob)

    var stepsTotal: Int {
        switch self {
        case .basin(let m): m.network.steps.count
        case .pywr(let m): m.network.steps.count
        case .plan(let i): i.model.network.steps.count
        case .ensemble(let e): e.members
        }
    }
}
