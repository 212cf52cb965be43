import Foundation
public import AralEnsemble
import AralClp
import AralSchema

/// An ensemble or one shard of it, as `aral run MODEL --ensemble|--traces|--shard` runs it:
/// the model's scenario grid (or one member per trace) on every core, results in a store
/// (in memory, or a SQLite file a shard must have, to be merged later).
public enum EnsembleWorkflow {
    public struct Request: Sendable {
        /// The model file; scenario overlays and a traces file apply as for a single run.
        public var model: String
        public var scenarios: [String]
        public var traces: String?
        /// `I/N`: only slice I of N (0-based), for batch schedulers.
        public var shard: String?
        /// The results store (SQLite); required for a shard.
        public var store: String?
        public var workers: Int
        public var keepTraces: Bool
        /// Only the first years of the model's run (nil: all of it); traces need cover only these.
        public var years: Int?

        public init(model: String, scenarios: [String] = [], traces: String? = nil, shard: String? = nil,
                    store: String? = nil, workers: Int = EnsembleWorkflow.defaultWorkers, keepTraces: Bool = false, years: Int? = nil) {
            self.years = years
            self.model = model
            self.scenarios = scenarios
            self.traces = traces
            self.shard = shard
            self.store = store
            self.workers = workers
            self.keepTraces = keepTraces
        }
    }

    /// Workers default to the number of cores; `ARAL_WORKERS` overrides (benchmarks, shared machines).
    public static var defaultWorkers: Int {
        if case .success(let n?) = workersSetting { return n }
        return ProcessInfo.processInfo.activeProcessorCount
    }

    /// `ARAL_WORKERS` as set: nil when unset, or why it cannot be a number of workers. Front
    /// ends refuse a bad value before any work; it was ignored without a word (found from
    /// outside: `ARAL_WORKERS=0`, `-1` and `abc` ran on every core).
    public static var workersSetting: Result<Int?, WorkersSettingError> {
        guard let text = ProcessInfo.processInfo.environment["ARAL_WORKERS"] else { return .success(nil) }
        guard let n = Int(text.trimmingCharacters(in: .whitespaces)), n >= 1, n <= 4096 else {
            return .failure(WorkersSettingError(value: text))
        }
        return .success(n)
    }

    public struct WorkersSettingError: Error, CustomStringConvertible {
        public var value: String
        public var description: String {
            "ARAL_WORKERS='\(value)': expected a whole number of workers from 1 to 4096 (unset it to use every core)"
        }
    }

    /// The ensemble `request` describes, loaded as `run` loads it: a front end that queues the
    /// run checks the model, its scenarios and the traces with this before queueing.
    public static func plan(_ request: Request) throws(EnsembleError) -> EnsemblePlan {
        try EnsemblePlan.load(modelPath: request.model, overlays: request.scenarios, tracesPath: request.traces, years: request.years)
    }

    /// The ensemble's plan (members, groups) and what running it gave. `stop` ends the run after
    /// each worker's current step (status `cancelled`, the store consistent).
    public static func run(_ request: Request, stop: StopFlag = StopFlag(),
                           progress: ((Int, Int) -> Void)? = nil) async throws -> (plan: EnsemblePlan, outcome: EnsembleOutcome) {
        let shard = try request.shard.map { text throws(EnsembleError) in try Shard(parsing: text) }
        if shard != nil && request.store == nil {
            throw EnsembleError(path: "--shard", "a shard's results must go to a file: add --sqlite SHARD.sqlite, then merge with aral ensemble merge")
        }
        let plan = try plan(request)
        let options = EnsembleOptions(workers: request.workers, shard: shard, keepTraces: request.keepTraces)
        guard let path = request.store else {
            let outcome = try await EnsembleEngine.run(plan, store: try EnsembleStore(path: nil), options: options, makeSolver: { ClpSolver() },
                                                       stop: stop, progress: progress)
            return (plan, outcome)
        }
        // Written beside the store and renamed over it at the end (finished or stopped): an
        // ensemble that failed on bad input wiped the complete store kept there, and two
        // ensembles given one store mixed their members (found from outside). Now a failure
        // keeps the old store, and of two writers the last to finish leaves a whole store.
        let place: (target: String, temporary: String)
        do { place = try OutputFile.sibling(for: path) } catch { throw EnsembleError(file: path, "cannot write: \(error.message)") }
        try EnsembleStore.checkReplaceable(place.target)
        do {
            let store = try EnsembleStore(path: place.temporary)
            let outcome = try await EnsembleEngine.run(plan, store: store, options: options, makeSolver: { ClpSolver() },
                                                       stop: stop, progress: progress)
            try store.close()
            do { try OutputFile.commit(place.temporary, to: place.target) } catch {
                throw EnsembleError(file: path, "cannot write: \(error.message)")
            }
            return (plan, outcome)
        } catch {
            OutputFile.discard(place.temporary)
            throw error
        }
    }
}
