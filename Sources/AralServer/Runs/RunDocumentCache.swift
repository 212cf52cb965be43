import Synchronization

/// The documents of finished runs, kept in memory: they never change once a run is done, and a
/// run's summary is what dashboards poll. Bounded; when full, it starts over (simple, and a
/// miss only costs one read).
final class RunDocumentCache: Sendable {
    static let capacity = 256
    private let entries = Mutex<[String: RunDocuments]>([:])

    func get(_ id: String) -> RunDocuments? { entries.withLock { $0[id] } }

    func put(_ id: String, _ docs: RunDocuments) {
        entries.withLock { cache in
            if cache.count >= Self.capacity { cache.removeAll(keepingCapacity: true) }
            cache[id] = docs
        }
    }
}
