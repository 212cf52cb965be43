import Synchronization

/// A token bucket per client address: each client may make `burst` expensive requests at once
/// and `perSecond` more every second after that. A request with no token left is refused with
/// the seconds until the next token, for `Retry-After`.
///
/// Buckets are forgotten once full again (a client that stopped asking costs nothing), and the
/// table is swept when it grows past `sweepAbove`, so a scan from many addresses stays bounded.
final class ClientRateLimiter: Sendable {
    enum Decision: Equatable, Sendable {
        case allowed
        /// Refused; a token is back after this many seconds (at least 1).
        case refused(retryAfterSeconds: Int)
    }

    private struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    let perSecond: Double
    let burst: Int
    static let sweepAbove = 10_000
    private let buckets = Mutex<[String: Bucket]>([:])
    private let clock = ContinuousClock()

    /// `perSecond` > 0 and `burst` ≥ 1 (the caller turns the limiter off for 0).
    init(perSecond: Double, burst: Int) {
        self.perSecond = perSecond
        self.burst = max(1, burst)
    }

    /// Takes one token from `client`'s bucket, at `now` (tests pass their own instants).
    func take(client: String, now: ContinuousClock.Instant? = nil) -> Decision {
        let now = now ?? clock.now
        let capacity = Double(burst)
        let rate = perSecond
        return buckets.withLock { table in
            if table.count > Self.sweepAbove {
                table = table.filter { Self.refilled($0.value, now: now, rate: rate, capacity: capacity) < capacity }
            }
            var bucket = table[client] ?? Bucket(tokens: capacity, updated: now)
            bucket.tokens = Self.refilled(bucket, now: now, rate: rate, capacity: capacity)
            bucket.updated = now
            guard bucket.tokens >= 1 else {
                table[client] = bucket
                let seconds = ((1 - bucket.tokens) / rate).rounded(.up)
                return .refused(retryAfterSeconds: max(1, Int(min(seconds, 86_400))))
            }
            bucket.tokens -= 1
            table[client] = bucket
            return .allowed
        }
    }

    private static func refilled(_ bucket: Bucket, now: ContinuousClock.Instant, rate: Double, capacity: Double) -> Double {
        let elapsed = now - bucket.updated
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return min(capacity, bucket.tokens + max(0, seconds) * rate)
    }
}
