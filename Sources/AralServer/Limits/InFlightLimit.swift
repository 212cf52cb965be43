import Synchronization

/// Expensive requests in progress at once, all clients together. The per-client rate limit
/// bounds what one address asks for; this bounds what many addresses together can make the
/// server compute at the same moment (model compiles, signature checks, verifications), so
/// cheap reads keep being answered. A request beyond it is a 503 with `Retry-After: 1`.
final class InFlightLimit: Sendable {
    let limit: Int
    private let current = Atomic<Int>(0)

    init(limit: Int) {
        self.limit = max(1, limit)
    }

    /// Requests holding a place now.
    var inFlight: Int { current.load(ordering: .relaxed) }

    /// Takes a place, or returns false when all `limit` are taken; `release()` gives it back.
    func tryAcquire() -> Bool {
        let after = current.wrappingAdd(1, ordering: .acquiringAndReleasing).newValue
        guard after <= limit else {
            current.wrappingSubtract(1, ordering: .acquiringAndReleasing)
            return false
        }
        return true
    }

    func release() {
        current.wrappingSubtract(1, ordering: .acquiringAndReleasing)
    }
}
