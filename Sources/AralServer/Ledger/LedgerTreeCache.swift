import AralLedger
import Synchronization

/// The ledger's Merkle tree (every leaf hash and every complete subtree hash) kept in memory,
/// so that inclusion and consistency proofs cost no database reads beyond one size check.
///
/// Why this is safe: the log is append-only (the stores' triggers refuse UPDATE and DELETE), so
/// the subtree hashes of the first `n` leaves never change once written. The cache therefore
/// only ever needs *extending*: when the store holds more entries than the cache (appended by
/// this server, or by another process or server sharing the store), the missing leaf hashes are
/// read and appended. A store that is smaller than the cache, or whose leaf hash disagrees with
/// the cached one, is not the log the cache was built from (the database was replaced): the
/// cache is then rebuilt from scratch rather than trusted.
///
/// Memory: about two 32-byte hashes (plus array overhead) per entry.
final class LedgerTreeCache: Sendable {
    /// Entries read per query while catching up.
    static let batchSize: UInt64 = 10_000

    private let state = Mutex(MemoryMerkleTree())

    /// The cached tree as it is now (a copy-on-write snapshot: cheap, and readers never block
    /// an extension).
    func snapshot() -> MemoryMerkleTree { state.withLock { $0 } }

    /// The tree of a store that held `size` entries when it was last read, extended from the
    /// store if entries were appended since; it may be longer than `size` (proofs are then made
    /// for `size`). Blocking (reads the store when the cache is behind): call it on the blocking
    /// thread pool.
    func tree(storeSize size: UInt64, store: any LedgerStore) throws -> MemoryMerkleTree {
        var current = snapshot()
        if current.size == size { return current }
        if current.size > size {
            // Usually an entry this server appended after the size was read. An append-only log
            // never shrinks, so if the leaf at `size - 1` is not the store's, this is another
            // store: start again.
            if size == 0 { return current }
            let stored = try store.entries(size - 1..<size).first
            if stored?.leafHash == (try? current.node(level: 0, index: size - 1)) { return current }
            current = MemoryMerkleTree()
            state.withLock { $0 = MemoryMerkleTree() }
        }
        if current.size > 0 {
            // The newest cached leaf must still be the store's: otherwise the store is not the log
            // this cache was built from, and everything is read again.
            let last = current.size - 1
            let stored = try store.entries(last..<last + 1).first
            if stored?.leafHash != (try? current.node(level: 0, index: last)) {
                current = MemoryMerkleTree()
                state.withLock { $0 = MemoryMerkleTree() }
            }
        }
        var start = current.size
        while start < size {
            let batch = try store.entries(start..<min(size, start + Self.batchSize))
            for entry in batch {
                guard entry.index == current.size else {
                    throw LedgerError.storage("ledger entry \(current.size) is missing from the store")
                }
                current.append(leafHash: entry.leafHash)
            }
            guard !batch.isEmpty else { break }
            start = current.size
        }
        guard current.size >= size else {
            throw LedgerError.storage("the store reports \(size) entries but holds \(current.size)")
        }
        let extended = current
        // Concurrent catch-ups compute the same prefix; keep the longest.
        state.withLock { if $0.size < extended.size { $0 = extended } }
        return extended
    }

    /// Records an entry this server just appended, so that the next proof needs no catch-up.
    /// Ignored unless it is exactly the next leaf (another process may have appended first;
    /// the next request's size check then reads what is missing).
    func didAppend(index: UInt64, leafHash: MerkleHash) {
        state.withLock { if $0.size == index { $0.append(leafHash: leafHash) } }
    }

    /// Forgets everything (tests; a replaced store).
    func reset() { state.withLock { $0 = MemoryMerkleTree() } }
}
