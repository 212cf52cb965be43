public import AralPywr
public import AralEnsemble
import AralEngine

/// A Pywr model's scenario combinations on every core (`aral run MODEL.json --ensemble`):
/// each combination runs start to end on one worker with its own solver, the members share
/// the model and its LP layout (both depend on the network, not on the member), and each
/// member's recorders stream. Unless `retention` asks for per-step results (`--csv`, result
/// files, array records for `--json`), a finished member is its recorder values, mean flows
/// and final volumes only, so memory does not grow with the length of the run and grows by a
/// few numbers per node and recorder with the number of combinations.
///
/// The results are those of `RunWorkflow.run(_:combinations:)` (one solver, one combination
/// after the other) exactly: a member's run does not depend on which worker runs it or when.
public enum PywrEnsembleWorkflow {
    /// Runs `combinations` (Pywr's order) on `workers` workers; results in the same order.
    public static func run(_ model: PywrModel, combinations: [[Int]], workers: Int = EnsembleWorkflow.defaultWorkers,
                           retaining retention: PywrRetention, fastPath: Bool = true,
                           stop: StopFlag = StopFlag()) async throws(RunWorkflow.PywrFailure) -> (results: [PywrResults], seconds: Double) {
        let clock = ContinuousClock()
        let started = clock.now
        let problem = AllocationProblem(network: model.network)
        var results: [PywrResults] = []
        results.reserveCapacity(combinations.count)
        do {
            try await MemberPool.run(count: combinations.count, workers: workers, stop: stop, member: { i in
                try PywrRun.run(model, solver: RunWorkflow.makeSolver(fastPath: fastPath), scenario: combinations[i],
                                retaining: retention, problem: problem, makeDiagnosticSolver: { RunWorkflow.makeSolver() },
                                shouldContinue: { !stop.isStopped })
            }, consume: { _, result in results.append(result) })
        } catch let failure as MemberPool.MemberFailure {
            throw RunWorkflow.PywrFailure(combination: combinations[failure.member], underlying: failure.underlying)
        } catch {
            throw RunWorkflow.PywrFailure(combination: [], underlying: error)
        }
        return (results, (clock.now - started).seconds)
    }
}
