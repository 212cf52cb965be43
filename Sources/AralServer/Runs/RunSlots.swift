import Synchronization

/// Admits at most `count` runs to execute at once, first come first served. A run waiting for
/// a slot is a suspended task, not a thread: before this, every queued run held a dispatch
/// thread blocked on a semaphore, so a long queue meant as many idle threads.
final class RunSlots: Sendable {
    private struct State {
        var free: Int
        /// Waiting runs in arrival order: their ids and their suspended tasks, resumed with
        /// true when admitted, false when withdrawn.
        var waiting: [(id: String, continuation: CheckedContinuation<Bool, Never>)] = []
    }

    private let state: Mutex<State>

    init(count: Int) {
        state = Mutex(State(free: max(1, count)))
    }

    /// Returns true when a slot is run `id`'s (`release()` gives it back), false when the run
    /// was withdrawn while it waited (`withdraw(_:)`), holding no slot.
    func acquire(_ id: String) async -> Bool {
        await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            let admitted = state.withLock { s -> Bool in
                if s.free > 0 {
                    s.free -= 1
                    return true
                }
                s.waiting.append((id, continuation))
                return false
            }
            if admitted { continuation.resume(returning: true) }
        }
    }

    /// Takes a waiting run out of the queue (it was cancelled): its place is free at once, not
    /// when a slot comes free. A cancelled queued run held its owner's place until then (found
    /// from outside). False if the run is not waiting.
    @discardableResult
    func withdraw(_ id: String) -> Bool {
        let withdrawn = state.withLock { s -> CheckedContinuation<Bool, Never>? in
            guard let i = s.waiting.firstIndex(where: { $0.id == id }) else { return nil }
            return s.waiting.remove(at: i).continuation
        }
        withdrawn?.resume(returning: false)
        return withdrawn != nil
    }

    /// Hands the slot to the longest waiting run, or frees it.
    func release() {
        let next = state.withLock { s -> CheckedContinuation<Bool, Never>? in
            guard !s.waiting.isEmpty else {
                s.free += 1
                return nil
            }
            return s.waiting.removeFirst().continuation
        }
        next?.resume(returning: true)
    }
}

/// How many runs may wait: per party (`--max-queued-runs-per-party`) and in all
/// (`--max-queued-runs`). A request beyond either is a 429 with `Retry-After`, before anything
/// is stored.
struct RunQueueLimits: Sendable {
    var perParty: Int
    var total: Int
    /// What a refused client is told to wait: about the time a slot takes to come free for the
    /// example basins; a client polling sooner gets the same 429 again.
    static let retryAfterSeconds = 30

    init(perParty: Int, total: Int) {
        self.perParty = max(1, perParty)
        self.total = max(1, total)
    }

    init(_ config: ServerConfiguration) {
        self.init(perParty: config.maxQueuedRunsPerParty, total: config.maxQueuedRuns)
    }
}
