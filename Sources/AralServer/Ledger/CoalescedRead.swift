import Synchronization

/// One value read from the database on behalf of many concurrent requests, never older than the
/// request: each request is answered by a read that *started after the request arrived*, so it
/// sees everything committed before it came in (what a read of its own would see). Requests that
/// arrive while a read is under way are all answered by the next read.
///
/// Why: every proof without an explicit size must check the store's current size (another
/// process may have appended). Read per request, that check is a thread hop and a query each;
/// coalesced, it is one query per query time however many requests are waiting, with the same
/// freshness.
final class CoalescedRead<Value: Sendable>: Sendable {
    private struct Running {
        /// Arrivals up to this number are answered by this read (they came before it started).
        var covers: UInt64
        var task: Task<Value, any Error>
    }

    private struct State {
        var arrivals: UInt64 = 0
        var running: Running?
        var latest: (covers: UInt64, value: Value)?
    }

    private enum Step {
        case done(Value)
        case join(Task<Value, any Error>)
        case wait(Task<Value, any Error>)
    }

    private let state = Mutex(State())
    private let read: @Sendable () async throws -> Value

    init(read: @escaping @Sendable () async throws -> Value) {
        self.read = read
    }

    /// How many requests have arrived so far (for tests, which wait on it instead of on time).
    var arrivalCount: UInt64 { state.withLock { $0.arrivals } }

    func value() async throws -> Value {
        let ticket = state.withLock { s -> UInt64 in
            s.arrivals += 1
            return s.arrivals
        }
        while true {
            let step = state.withLock { s -> Step in
                if let latest = s.latest, latest.covers >= ticket { return .done(latest.value) }
                if let running = s.running {
                    // A read that started before this request cannot answer it; wait for the next.
                    return running.covers >= ticket ? .join(running.task) : .wait(running.task)
                }
                let covers = s.arrivals
                let task = Task { try await self.perform(covers: covers) }
                s.running = Running(covers: covers, task: task)
                return .join(task)
            }
            switch step {
            case .done(let value): return value
            case .join(let task): return try await task.value
            case .wait(let task): _ = try? await task.value
            }
        }
    }

    private func perform(covers: UInt64) async throws -> Value {
        do {
            let value = try await read()
            state.withLock { s in
                s.running = nil
                if (s.latest?.covers ?? 0) < covers { s.latest = (covers, value) }
            }
            return value
        } catch {
            state.withLock { $0.running = nil }
            throw error
        }
    }
}
