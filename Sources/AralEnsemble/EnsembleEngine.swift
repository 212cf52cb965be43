import AralModel
import AralSchema
public import AralSolver
import AralEngine

/// How an ensemble runs.
public struct EnsembleOptions: Sendable {
    /// Members solved at once (one solver each); default: every core.
    public var workers: Int
    /// Only this slice of the grid.
    public var shard: Shard?
    /// Store every member's per-step results too.
    public var keepTraces = false
    /// Members written to the store per transaction.
    public var batchSize = 32

    public init(workers: Int, shard: Shard? = nil, keepTraces: Bool = false) {
        self.workers = max(1, workers)
        self.shard = shard
        self.keepTraces = keepTraces
    }
}

/// What happened in an ensemble run.
public struct EnsembleOutcome: Sendable {
    public var info: EnsembleInfo
    public var summary: EnsembleSummary
    /// Members run (finished) by this process.
    public var membersRun: Int
    public var membersPlanned: Int
    public var steps: Int
    public var seconds: Double
    /// The largest relative mass-balance residual of any member run here (each member's run
    /// fails at the first node that does not close, so this is below the tolerance).
    public var worstMassBalanceResidual = 0.0
}

/// Runs the members of an ensemble in parallel with structured concurrency: a task group
/// keeps `workers` members in flight; each member task makes its own solver and `Simulation`
/// (solvers are not thread-safe) and returns only its `MemberMetrics`, which the parent writes
/// to the store in batches. Nothing mutable is shared between tasks.
public enum EnsembleEngine {
    public static func run(_ plan: EnsemblePlan, store: EnsembleStore, options: EnsembleOptions,
                           makeSolver: @escaping @Sendable () -> any LPSolver,
                           stop: StopFlag = StopFlag(),
                           progress: ((Int, Int) -> Void)? = nil) async throws -> EnsembleOutcome {
        let clock = ContinuousClock()
        let started = clock.now
        let total = plan.grid.memberCount
        let range = options.shard?.members(of: total) ?? 0..<total
        let layout = MetricLayout(models: plan.models)
        // One LP layout per model, shared by its members (they differ only in parameters).
        let problems = plan.models.map { AllocationProblem(network: $0.network) }
        let name = plan.models[0].network.name
        let info = EnsembleInfo(model: name, fingerprint: "\(name)|\(plan.grid.fingerprint)|\(plan.models[0].network.steps.count) steps"
                                    + (plan.inputDigest.isEmpty ? "" : "|inputs \(plan.inputDigest)"),
                                memberCount: total, shard: options.shard?.description ?? "all", status: "running")
        try store.begin(info: info, layout: layout)
        let keep = options.keepTraces
        var done = 0, steps = 0, worst = 0.0
        var pending: [CompletedMember] = []
        var failure: (any Error)?
        progress?(0, range.count)

        try await withThrowingTaskGroup(of: MemberResult.self) { group in
            var next = range.lowerBound
            func launch() {
                guard next < range.upperBound, !stop.isStopped, failure == nil else { return }
                let member = next
                next += 1
                group.addTask {
                    runMember(member, plan: plan, problem: problems[plan.modelIndex(of: member)], layout: layout, keep: keep,
                              makeSolver: makeSolver, stop: stop)
                }
            }
            for _ in 0..<options.workers { launch() }
            while let result = try await group.next() {
                switch result {
                case .finished(let completed, let memberSteps):
                    pending.append(completed)
                    worst = max(worst, completed.worstMassBalanceResidual)
                    done += 1
                    steps += memberSteps
                    if pending.count >= options.batchSize {
                        try store.append(pending)
                        pending.removeAll(keepingCapacity: true)
                    }
                    progress?(done, range.count)
                case .cancelled:
                    break
                case .failed(let member, let error):
                    if failure == nil { failure = EnsembleError("member \(member) (\(plan.grid.label(of: member))): \(error)") }
                    stop.stop()
                }
                launch()
            }
        }
        try store.append(pending)
        let status = failure != nil ? "failed" : (done == range.count ? "complete" : "cancelled")
        let summary = try store.finish(status: status)
        if let failure { throw failure }
        var finalInfo = info
        finalInfo.status = status
        return EnsembleOutcome(info: finalInfo, summary: summary, membersRun: done, membersPlanned: range.count,
                               steps: steps, seconds: (clock.now - started).seconds, worstMassBalanceResidual: worst)
    }

    enum MemberResult: Sendable {
        case finished(CompletedMember, steps: Int)
        case cancelled
        case failed(Int, String)
    }

    /// One member, start to end, on the calling task's thread.
    static func runMember(_ member: Int, plan: EnsemblePlan, problem: AllocationProblem, layout: MetricLayout, keep: Bool,
                          makeSolver: @Sendable () -> any LPSolver, stop: StopFlag) -> MemberResult {
        let model = plan.models[plan.modelIndex(of: member)]
        let network = plan.network(for: member)
        let recorder = MemberMetricsRecorder(member: member, model: model, layout: layout)
        let memory = keep ? MemoryRecorder() : nil
        do {
            let simulation = try Simulation(network: network, solver: makeSolver(), problem: problem)
            try simulation.run(recorders: memory.map { [recorder, $0] } ?? [recorder],
                               shouldContinue: { !stop.isStopped && !Task.isCancelled })
            var results: BasinResults?
            if let memory {
                var memberModel = model
                memberModel.network = network
                results = BasinResults(model: memberModel, recorder: memory, worstMassBalanceResidual: simulation.worstMassBalanceResidual)
            }
            let completed = CompletedMember(group: plan.grid.group(of: member), label: plan.grid.label(of: member),
                                            metrics: recorder.metrics, worstMassBalanceResidual: simulation.worstMassBalanceResidual,
                                            results: results)
            return .finished(completed, steps: simulation.stepsDone)
        } catch SimulationError.cancelled {
            return .cancelled
        } catch {
            return .failed(member, "\(error)")
        }
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
