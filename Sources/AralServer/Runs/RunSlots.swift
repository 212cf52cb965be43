import Synchronization

/// Admits at most `count` runs to execute at once, first come first served. A run waiting for
/// a slot is a suspended task, not a thread: before this, every queued run held a dispatch
/// thread blocked on a semaphore, so a long queue meant as many idle threads.
final class RunSlots: Sendable {
    private struct State {
        var free: Int
        var waiting: [CheckedContinuation<Void, Never>] = []
        var head = 0
    }

    private let state: Mutex<State>

    init(count: Int) {
        state = Mutex(State(free: max(1, count)))
    }

    /// Returns when a slot is this caller's; `release()` gives it back.
    func acquire() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let admitted = state.withLock { s -> Bool in
                if s.free > 0 {
                    s.free -= 1
                    return true
                }
                s.waiting.append(continuation)
                return false
            }
            if admitted { continuation.resume() }
        }
    }

    /// Hands the slot to the longest waiting run, or frees it.
    func release() {
        let next = state.withLock { s -> CheckedContinuation<Void, Never>? in
            guard s.head < s.waiting.count else {
                s.free += 1
                return nil
            }
            let c = s.waiting[s.head]
            s.head += 1
            if s.head == s.waiting.count {
                s.waiting.removeAll(keepingCapacity: true)
                s.head = 0
            }
            return c
        }
        next?.resume()
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
