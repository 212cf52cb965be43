import Foundation
import AralEngine
import AralEnsemble
import AralWorkflows

/// An ensemble the run manager executes: `EnsembleWorkflow.run`, what `aral run MODEL --traces T`
/// runs, on a library model file with a traces file the server wrote into a folder of its own.
/// The results store is a SQLite file in that folder: members stream into it in batches and only
/// their summary is kept, so memory does not grow with the members. The folder is removed when
/// the job ends, however it ends.
struct EnsembleJob: Sendable {
    var request: EnsembleWorkflow.Request
    /// Members of the grid (one per trace, times the model's own overlay members if it has any).
    var members: Int
    var directory: URL

    /// Workers per ensemble: one thread of the run queue, like a run, so `--concurrent-runs`
    /// bounds the solver threads whatever the runs are.
    static let workers = 1

    /// How often a running ensemble looks for a cancel or a shutdown.
    static let stopPollInterval = Duration.milliseconds(50)

    /// Runs the ensemble; `progress` gets members done and total after each member, and
    /// `shouldContinue` is asked there and every `stopPollInterval`: a cancel stops every worker
    /// after its current step (a member stopped half-way is not counted).
    /// A stopped ensemble throws `SimulationError.cancelled`, as a stopped run does.
    func execute(progress: @escaping @Sendable (Int, Int) -> Void, shouldContinue: @escaping @Sendable () -> Bool) async throws -> RunOutput {
        defer { try? FileManager.default.removeItem(at: directory) }
        guard shouldContinue() else { throw SimulationError.cancelled(step: 0) }
        let stop = StopFlag()
        // A cancel between two members' ends reaches the workers within this interval, and they
        // stop after their current step (the engine checks the flag at every step).
        let watcher = Task {
            while !Task.isCancelled {
                if !shouldContinue() { stop.stop(); return }
                try? await Task.sleep(for: Self.stopPollInterval)
            }
        }
        defer { watcher.cancel() }
        let (_, outcome) = try await EnsembleWorkflow.run(request, stop: stop, progress: { done, total in
            progress(done, total)
            if !shouldContinue() { stop.stop() }
        })
        guard outcome.info.status == "complete" else { throw SimulationError.cancelled(step: outcome.membersRun) }
        return try EnsembleOutputs.output(outcome, workers: request.workers)
    }

    /// The folder a job's traces and store go to; removed by `execute`, or by the caller when the
    /// job is never queued.
    static func makeDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("aral-ensemble-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
