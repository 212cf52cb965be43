import Foundation
import HTTPTypes
import Logging
import AralModel
import AralSchema
import AralEngine
import AralPywr
import AralPlanning
import AralWorkflows
import AralEnsemble
import ServiceLifecycle
import Synchronization

/// Starts runs (basin or Pywr models) and plans in the background, tracks their progress in
/// memory, cancels them, and on shutdown stops every run still going and marks it `interrupted`.
///
/// The solver is synchronous and CPU-bound, so runs execute on their own dispatch queue rather
/// than on Swift's cooperative pool or NIO's event loops, where they would starve the HTTP
/// server. `RunSlots` admits `concurrentRuns` at a time, so at most that many threads ever run
/// solver work; the rest wait as `queued` suspended tasks, holding no thread. The queue is
/// bounded per party and in all (`RunQueueLimits`): one more is a 429 with `Retry-After`.
final class RunManager: Service, Sendable {
    /// Progress of a run this process is executing.
    struct Live: Sendable {
        var status: RunStatus
        var stepsDone: Int
        var stepsTotal: Int
        var stopReason: RunStatus?
        /// The party that started it (the per-party queue limit counts these).
        var owner: String
    }

    private let store: any ServerStore
    private let logger: Logger
    private let live = Mutex<[String: Live]>([:])
    private let tasks = Mutex<[String: Task<Void, Never>]>([:])
    private let slots: RunSlots
    private let queueLimits: RunQueueLimits
    private let queue = DispatchQueue(label: "aral.server.runs", attributes: .concurrent)
    /// Tests only: how long a basin run may be held after its first step waiting to be stopped.
    private let holdUntilStopped: Duration?

    init(store: any ServerStore, concurrentRuns: Int, queueLimits: RunQueueLimits,
         logger: Logger, holdUntilStopped: Duration? = nil) {
        self.store = store
        self.logger = logger
        self.holdUntilStopped = holdUntilStopped
        self.slots = RunSlots(count: concurrentRuns)
        self.queueLimits = queueLimits
    }

    /// The in-memory state of a run of this process, if it is still going.
    func liveState(_ id: String) -> Live? { live.withLock { $0[id] } }

    /// `record` merged with live progress.
    func current(_ record: RunRecord) -> RunRecord {
        guard let l = liveState(record.id), !record.status.isFinished else { return record }
        var r = record
        r.status = l.status
        r.stepsDone = l.stepsDone
        r.stepsTotal = l.stepsTotal
        return r
    }

    /// Stores `record` as queued and starts it, or refuses it with a 429 when its owner already
    /// has `perParty` runs queued or running, or the server `total`. The place in the queue is
    /// taken before the record is stored, so two requests at once cannot both pass the check.
    func start(_ record: RunRecord, job: RunJob) async throws {
        let total = job.stepsTotal
        try live.withLock { runs in
            try Self.checkRoom(runs, owner: record.owner, limits: queueLimits)
            runs[record.id] = Live(status: .queued, stepsDone: 0, stepsTotal: total, stopReason: nil, owner: record.owner)
        }
        do {
            try await store.insertRun(record)
        } catch {
            _ = live.withLock { $0.removeValue(forKey: record.id) }
            throw error
        }
        let task = Task { [self] in
            await execute(record.id, job: job)
            _ = tasks.withLock { $0.removeValue(forKey: record.id) }
        }
        tasks.withLock { $0[record.id] = task }
    }

    /// Whether `owner` may queue a run now, before the work of preparing one (generating an
    /// ensemble's traces took 8–14 s and was then refused with a 429; found from outside).
    /// `start` checks again when it queues.
    func checkRoom(owner: String) throws {
        try live.withLock { runs in try Self.checkRoom(runs, owner: owner, limits: queueLimits) }
    }

    private static func checkRoom(_ runs: [String: Live], owner: String, limits: RunQueueLimits) throws {
        let mine = runs.values.count(where: { $0.owner == owner })
        if mine >= limits.perParty {
            throw APIError(.tooManyRequests, "party '\(owner)' already has \(mine) runs queued or running "
                + "(at most \(limits.perParty), --max-queued-runs-per-party); wait for one to finish",
                retryAfterSeconds: RunQueueLimits.retryAfterSeconds)
        }
        if runs.count >= limits.total {
            throw APIError(.tooManyRequests, "the server already has \(runs.count) runs queued or running "
                + "(at most \(limits.total), --max-queued-runs); try again later",
                retryAfterSeconds: RunQueueLimits.retryAfterSeconds)
        }
    }

    /// Asks a run to stop; it stops at the next step and is marked `reason`. Returns false if
    /// this process is not executing it.
    @discardableResult
    func stop(_ id: String, reason: RunStatus = .cancelled) -> Bool {
        let found = live.withLock { runs in
            guard runs[id] != nil else { return false }
            if runs[id]?.stopReason == nil { runs[id]?.stopReason = reason }
            return true
        }
        // A run still waiting for a slot leaves the queue now.
        if found { slots.withdraw(id) }
        return found
    }

    private func shouldContinue(_ id: String) -> Bool {
        live.withLock { $0[id]?.stopReason == nil }
    }

    /// Tests only: blocks this run's thread until the run is asked to stop or `bound` has passed.
    /// Polls, since the wait is rare, short and on the run's own thread, never the server's.
    private func waitUntilAskedToStop(_ id: String, atMost bound: Duration) {
        let clock = ContinuousClock()
        let deadline = clock.now + bound
        while shouldContinue(id), clock.now < deadline { Thread.sleep(forTimeInterval: 0.002) }
    }

    private func execute(_ id: String, job: RunJob) async {
        // False: withdrawn from the queue by `stop`; it never runs, holds no slot, and is stored
        // as any stopped run is, below.
        let admitted = await slots.acquire(id)
        let outcome: Result<RunOutput, any Error>
        if !admitted {
            outcome = .failure(SimulationError.cancelled(step: 0))
        } else if case .ensemble(let ensemble) = job {
            outcome = await executeEnsemble(id, ensemble)
        } else { outcome = await withCheckedContinuation { continuation in
            queue.async { [self] in
                guard shouldContinue(id) else {
                    continuation.resume(returning: .failure(SimulationError.cancelled(step: 0)))
                    return
                }
                live.withLock { $0[id]?.status = .running }
                let result = Result { () throws -> RunOutput in
                    switch job {
                    case .basin(let model):
                        let outcome = try RunWorkflow.run(model, progress: { done, total in
                                                           self.live.withLock { $0[id]?.stepsDone = done; $0[id]?.stepsTotal = total }
                                                           if done == 1, let bound = self.holdUntilStopped { self.waitUntilAskedToStop(id, atMost: bound) }
                                                       },
                                                       shouldContinue: { self.shouldContinue(id) })
                        return try RunOutputs.basin(outcome)
                    case .pywr(let model):
                        // As `aral run` runs a Pywr model (`PywrRun`); it reports no progress and
                        // stops only between runs, so a cancel takes effect when it returns.
                        let run = try RunWorkflow.run(model)
                        guard let results = run.results.first else { throw SimulationError.cancelled(step: 0) }
                        guard self.shouldContinue(id) else { throw SimulationError.cancelled(step: results.steps.count) }
                        self.live.withLock { $0[id]?.stepsDone = results.steps.count }
                        return try RunOutputs.pywr(results, seconds: run.seconds)
                    case .plan(let inputs):
                        // One multi-period LP sequence (`aral plan --exchange`): no steps to report.
                        let planned = try PlanWorkflow.plan(inputs)
                        guard self.shouldContinue(id) else { throw SimulationError.cancelled(step: 0) }
                        self.live.withLock { $0[id]?.stepsDone = inputs.model.network.steps.count }
                        return try RunOutputs.plan(planned)
                    case .ensemble:
                        throw EnsembleError("an ensemble runs through executeEnsemble (its task group on this queue), not here")
                    }
                }
                continuation.resume(returning: result.mapError { $0 as any Error })
            }
        } }
        if admitted { slots.release() }
        let state = live.withLock { $0[id] }
        do {
            switch outcome {
            case .success(let output):
                try await store.finishRun(id: id, output: output)
            case .failure(let error):
                if case SimulationError.cancelled = error {
                    let reason = state?.stopReason ?? .cancelled
                    let message = reason == .interrupted ? "stopped because the server shut down" : "cancelled on request"
                    try await store.updateRun(id: id, status: reason, stepsDone: state?.stepsDone ?? 0, stepsTotal: state?.stepsTotal ?? 0, message: message)
                } else {
                    try await store.updateRun(id: id, status: .failed, stepsDone: state?.stepsDone ?? 0, stepsTotal: state?.stepsTotal ?? 0, message: "\(error)")
                }
            }
        } catch {
            logger.error("run \(id): cannot store its outcome: \(error)")
        }
        _ = live.withLock { $0.removeValue(forKey: id) }
    }

    /// An ensemble (`EnsembleWorkflow`, async: its members run in a task group), with members
    /// done as progress and the run's stop request checked after every member. Its tasks run on the run queue (`EnsembleExecutor`), not on Swift's cooperative pool.
    private func executeEnsemble(_ id: String, _ job: EnsembleJob) async -> Result<RunOutput, any Error> {
        live.withLock { $0[id]?.status = .running }
        do {
            return .success(try await withTaskExecutorPreference(EnsembleExecutor(queue: queue)) {
                try await job.execute(progress: { done, total in
                    self.live.withLock { $0[id]?.stepsDone = done; $0[id]?.stepsTotal = total }
                    if done == 1, let bound = self.holdUntilStopped { self.waitUntilAskedToStop(id, atMost: bound) }
                }, shouldContinue: { self.shouldContinue(id) })
            })
        } catch {
            return .failure(error)
        }
    }

    /// Waits for every run started so far to finish (tests, shutdown).
    func waitForAll() async {
        while true {
            let pending = tasks.withLock { Array($0.values) }
            if pending.isEmpty { return }
            for t in pending { await t.value }
        }
    }

    /// Waits for one run to finish (tests).
    func wait(_ id: String) async {
        if let task = tasks.withLock({ $0[id] }) { await task.value }
    }

    // MARK: Service

    /// Idles until shutdown; then stops every run (marked `interrupted`) and waits for them.
    func run() async throws {
        try? await gracefulShutdown()
        let ids = live.withLock { Array($0.keys) }
        for id in ids { stop(id, reason: .interrupted) }
        await waitForAll()
        try await store.markUnfinishedRuns(status: .interrupted, message: "stopped because the server shut down")
        logger.info("runs stopped: \(ids.count)")
    }
}
