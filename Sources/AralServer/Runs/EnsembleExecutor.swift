import Dispatch

/// Runs an ensemble's tasks (the engine's task group and its members) on the run manager's own
/// dispatch queue instead of Swift's cooperative pool, as every other run executes: a member is
/// seconds of solver work on its thread, and on the pool it would hold a thread the server's
/// request handlers need. With one worker an ensemble keeps one thread busy, like a run.
final class EnsembleExecutor: TaskExecutor, @unchecked Sendable {
    // @unchecked: the only state is the queue, which is itself thread-safe.
    private let queue: DispatchQueue

    init(queue: DispatchQueue) { self.queue = queue }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }
}
