import Foundation
import AralLedger
import NIOCore
import NIOPosix
import Synchronization

/// The ledger as the API serves it. The ledger's store is synchronous (SQLite through GRDB, or
/// PostgreSQL through a blocking bridge), so every call runs on NIO's blocking thread pool,
/// never on the event loops or Swift's cooperative pool.
///
/// The head is read far more often than the log changes, so its JSON is cached: dropped on every
/// append or new head through this server, and kept at most `headCacheLifetime` so that appends
/// by other servers sharing a PostgreSQL database show up quickly too.
///
/// Proofs are served from `treeCache`, the Merkle tree in memory, after one read of the store's
/// size (see `inclusionProof`): the per-request cost is that read, not a walk of the stored tree.
final class LedgerService: Sendable {
    let ledger: Ledger
    private let secretariatKey: PartyKey?
    static let headCacheLifetime: Duration = .milliseconds(500)
    private let headCache = Mutex<(buffer: ByteBuffer, until: ContinuousClock.Instant)?>(nil)
    /// The Merkle tree in memory, for proofs (see `LedgerTreeCache`).
    let treeCache = LedgerTreeCache()
    /// The store's size for proofs of the newest tree, one read for all waiting requests.
    let storeSize: CoalescedRead<UInt64>

    init(store: any LedgerStore, secretariatKey: PartyKey?) {
        self.ledger = Ledger(store: store)
        self.secretariatKey = secretariatKey
        self.storeSize = CoalescedRead { try await NIOThreadPool.singleton.runIfActive { try store.size() } }
    }

    /// Runs blocking ledger work off the cooperative pool.
    func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await NIOThreadPool.singleton.runIfActive(body)
    }

    /// Checks and appends one entry exactly as `aral ledger append` does (schema, signatures,
    /// authority rules, in one transaction), then signs a new head if the server holds the
    /// secretariat's key. The server never signs entries: the secretariat's key signs heads only,
    /// and an obligation binds its debtor only with the debtor's own signature, so a server (or
    /// its stolen key) cannot bind any state.
    func append(_ entry: LedgerEntry) async throws -> UInt64 {
        let key = secretariatKey
        let ledger = self.ledger
        let index = try await blocking {
            let index = try ledger.append(entry, label: "entry '\(entry.id)'")
            // The entry is in; a head that cannot be signed (the key is no longer the
            // secretariat's current key) must not turn that into an error. Heads can be posted later.
            if let key { _ = try? ledger.signHead(key: key) }
            return index
        }
        treeCache.didAppend(index: index, leafHash: Merkle.leafHash(entry.canonicalBytes))
        invalidateHead()
        return index
    }

    /// Stores a head signed elsewhere by the secretariat, checked as `Ledger.addSignedHead` checks it.
    func addSignedHead(_ head: SignedTreeHead) async throws {
        let ledger = self.ledger
        try await blocking { try ledger.addSignedHead(head) }
        invalidateHead()
    }

    func invalidateHead() { headCache.withLock { $0 = nil } }

    /// `{"current": {size, root}, "signed": {size, root, timestamp, signatures} | null}`: the
    /// log as it is now and the newest head the secretariat signed.
    func headJSON() async throws -> ByteBuffer {
        let now = ContinuousClock.now
        if let cached = headCache.withLock({ $0 }), now < cached.until { return cached.buffer }
        let ledger = self.ledger
        let bytes = try await blocking {
            let current = try ledger.currentHead()
            let signed = try ledger.store.heads().last?.head  // heads are in size order: the largest
            return CanonicalJSON.encode([
                "current": ["size": .number(String(current.size)), "root": .string(LedgerEncoding.hex(current.root))],
                "signed": signed?.json ?? .null,
            ])
        }
        let buffer = ByteBuffer(bytes: bytes)
        headCache.withLock { $0 = (buffer, now + Self.headCacheLifetime) }
        return buffer
    }

    /// Entries `from..<from+limit`, each `{index, leaf_hash, entry}`.
    func entries(from: UInt64, limit: UInt64) async throws -> (total: UInt64, items: [JSONValue]) {
        let ledger = self.ledger
        return try await blocking {
            let n = try ledger.size()
            let start = min(from, n)
            let items = try ledger.store.entries(start..<min(n, start + limit)).map { e -> JSONValue in
                ["index": .number(String(e.index)), "leaf_hash": .string(LedgerEncoding.hex(e.leafHash)),
                 "entry": try JSONParser.parse(e.bytes, source: "stored entry \(e.index)")]
            }
            return (n, items)
        }
    }

    func entry(id: String) async throws -> JSONValue? {
        let ledger = self.ledger
        return try await blocking {
            guard let e = try ledger.store.entry(id: id) else { return nil }
            return ["index": .number(String(e.index)), "leaf_hash": .string(LedgerEncoding.hex(e.leafHash)),
                    "entry": try JSONParser.parse(e.bytes, source: "stored entry \(e.index)")]
        }
    }

    /// An RFC 9162 inclusion proof of entry `index` (or entry `id`) in the tree of `size`
    /// (default: the log's current size).
    ///
    /// Served from `treeCache`: a request naming a size the cache already covers needs no
    /// database read at all (the first `size` leaves of an append-only log never change);
    /// otherwise the store's current size is read first (`storeSize`: a read that started after
    /// the request arrived) and, when the cache is behind, it is extended with whatever was
    /// appended since, here or by another process sharing the store.
    func inclusionProof(index: UInt64?, id: String?, size: UInt64?) async throws -> JSONValue {
        if let index, id == nil {
            if let size, index < size {
                let tree = treeCache.snapshot()
                if size <= tree.size { return try Self.inclusionJSON(tree, index: index, size: size) }
            } else if size == nil {
                // The usual request, a proof in the newest tree: one (shared) size read, then memory.
                let current = try await storeSize.value()
                let tree = treeCache.snapshot()
                if tree.size == current, index < current { return try Self.inclusionJSON(tree, index: index, size: current) }
            }
        }
        let store = ledger.store
        let cache = treeCache
        let requested = index
        return try await blocking {
            let index: UInt64
            var storedLeaf: MerkleHash?
            if let id {
                guard let e = try store.entry(id: id) else { throw LedgerError.invalidProofRequest("no entry with id '\(id)'") }
                index = e.index
                storedLeaf = e.leafHash
            } else if let given = requested {
                index = given
            } else {
                throw LedgerError.invalidProofRequest("give index or id")
            }
            let current = try store.size()
            guard index < current else { throw LedgerError.invalidProofRequest("no entry at index \(index)") }
            let n = size ?? current
            guard index < n else { throw LedgerError.invalidProofRequest("entry \(index) is not in a tree of size \(n)") }
            guard n <= current else { throw LedgerError.invalidProofRequest("tree size \(n) exceeds the log size \(current)") }
            var tree = try cache.tree(storeSize: current, store: store)
            if let storedLeaf, try tree.node(level: 0, index: index) != storedLeaf {
                // The cache disagrees with the store: it was built from another log. Rebuild.
                cache.reset()
                tree = try cache.tree(storeSize: current, store: store)
            }
            return try Self.inclusionJSON(tree, index: index, size: n)
        }
    }

    static func inclusionJSON(_ tree: MemoryMerkleTree, index: UInt64, size: UInt64) throws -> JSONValue {
        [
            "index": .number(String(index)), "size": .number(String(size)),
            "leaf_hash": .string(LedgerEncoding.hex(try tree.node(level: 0, index: index))),
            "root": .string(LedgerEncoding.hex(try tree.root(size: size))),
            "proof": .array(try tree.inclusionProof(index: index, size: size).map { .string(LedgerEncoding.hex($0)) }),
        ]
    }

    /// An RFC 9162 consistency proof between the trees of `oldSize` and `newSize` (default: the
    /// log's current size), from `treeCache` as inclusion proofs are.
    func consistencyProof(oldSize: UInt64, newSize: UInt64?) async throws -> JSONValue {
        if let newSize, oldSize <= newSize {
            let tree = treeCache.snapshot()
            if newSize <= tree.size { return try Self.consistencyJSON(tree, oldSize: oldSize, newSize: newSize) }
        } else if newSize == nil {
            let current = try await storeSize.value()
            let tree = treeCache.snapshot()
            if tree.size == current, oldSize <= current { return try Self.consistencyJSON(tree, oldSize: oldSize, newSize: current) }
        }
        let store = ledger.store
        let cache = treeCache
        return try await blocking {
            let current = try store.size()
            let n = newSize ?? current
            guard oldSize <= n else { throw LedgerError.invalidProofRequest("old size \(oldSize) exceeds new size \(n)") }
            guard n <= current else { throw LedgerError.invalidProofRequest("new size \(n) exceeds the log size \(current)") }
            return try Self.consistencyJSON(try cache.tree(storeSize: current, store: store), oldSize: oldSize, newSize: n)
        }
    }

    static func consistencyJSON(_ tree: MemoryMerkleTree, oldSize: UInt64, newSize: UInt64) throws -> JSONValue {
        [
            "old_size": .number(String(oldSize)), "new_size": .number(String(newSize)),
            "old_root": .string(LedgerEncoding.hex(try tree.root(size: oldSize))),
            "new_root": .string(LedgerEncoding.hex(try tree.root(size: newSize))),
            "proof": .array(try tree.consistencyProof(oldSize: oldSize, newSize: newSize).map { .string(LedgerEncoding.hex($0)) }),
        ]
    }

    /// The export (JSON Lines) as `aral ledger export` writes it.
    func export() async throws -> [UInt8] {
        let ledger = self.ledger
        return try await blocking {
            var out: [UInt8] = []
            try LedgerExport.write(ledger) { line in
                out += line
                out.append(0x0A)
            }
            return out
        }
    }

    func balances(period: String?, party: String?) async throws -> [PartyBalance] {
        let ledger = self.ledger
        return try await blocking {
            var sheet = BalanceSheet()
            try ledger.forEachEntry { _, entry in try sheet.add(entry) }
            return sheet.balances(period: period, party: party)
        }
    }

    func size() async throws -> UInt64 {
        let ledger = self.ledger
        return try await blocking { try ledger.size() }
    }

    /// The store's size and its change stamp (`LedgerStore.changeStamp`), read together.
    func sizeAndStamp() async throws -> (size: UInt64, stamp: Int64?) {
        let ledger = self.ledger
        return try await blocking { (try ledger.size(), try ledger.store.changeStamp()) }
    }

    func partySet() async throws -> PartySet {
        let ledger = self.ledger
        return try await blocking { try ledger.store.partySet() }
    }

    /// Verifies the whole log as `aral ledger verify` verifies an export, trusting the founding
    /// parties of the genesis entry: every signature, every authority rule, every head.
    func verify() async throws -> LedgerVerifier.Report {
        let lines = try await export().split(separator: 0x0A).map(Array.init)
        let ledger = self.ledger
        return try await blocking {
            guard let genesis = try ledger.store.entries(0..<1).first else { throw LedgerError.notInitialized("the log is empty") }
            let entry = try LedgerEntry.parse(genesis.bytes, source: "entry 0")
            guard case .genesis(let g) = try entry.typedBody(source: "entry 0") else {
                throw LedgerError.verificationFailed(location: "entry 0", reason: "not a genesis entry")
            }
            return try LedgerVerifier.verify(lines: lines, trusted: g.parties)
        }
    }
}
