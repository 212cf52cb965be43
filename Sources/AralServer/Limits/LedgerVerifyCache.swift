import AralLedger
import Synchronization

/// The result of `/api/ledger/verify` (and the dashboard's `/ledger/verify`) per tree size.
///
/// A full verification reads the whole log and checks every signature, and anyone may ask for
/// it, so it runs once per tree size: the log is append-only, so the same size is the same
/// entries. A head posted through this server (`POST /api/ledger/heads`) also invalidates it,
/// because heads are verified too. Requests arriving while a verification runs wait for it
/// instead of starting their own. A verification that throws (storage) is not kept.
///
/// A head posted through another server sharing the PostgreSQL database is seen here when the
/// log next grows (docs/server.md).
final class LedgerVerifyCache: Sendable {
    private struct Kept {
        var size: UInt64
        /// The store's change stamp when verified: another process's write (or an edit behind
        /// the server's back) changes it, and the log is verified again.
        var stamp: Int64?
        var generation: Int
        var task: Task<JSONValue, any Error>
    }

    private let state = Mutex<(generation: Int, kept: Kept?)>((0, nil))
    private let runs = Atomic<Int>(0)

    /// Verifications actually run (not answered from the cache).
    var verificationsRun: Int { runs.load(ordering: .relaxed) }

    /// The report for a log of `size` entries: the kept one, or `verify()`'s.
    func report(size: UInt64, stamp: Int64? = nil, verify: @escaping @Sendable () async throws -> JSONValue) async throws -> JSONValue {
        let task = state.withLock { s -> Task<JSONValue, any Error> in
            if let kept = s.kept, kept.size == size, kept.stamp == stamp, kept.generation == s.generation { return kept.task }
            let task = Task { [self] in
                runs.add(1, ordering: .relaxed)
                return try await verify()
            }
            s.kept = Kept(size: size, stamp: stamp, generation: s.generation, task: task)
            return task
        }
        do {
            return try await task.value
        } catch {
            state.withLock { s in if s.kept?.task == task { s.kept = nil } }
            throw error
        }
    }

    /// Forgets the kept report (a head was added).
    func invalidate() {
        state.withLock { s in
            s.generation += 1
            s.kept = nil
        }
    }
}
