import Foundation

/// The ledger: appends checked entries to a store, issues signed tree heads and proofs, exports.
public struct Ledger: Sendable {
    public let store: any LedgerStore

    public init(store: any LedgerStore) {
        self.store = store
    }

    /// Opens (creating if needed) the SQLite ledger at `path`.
    public static func open(path: String, synchronousFull: Bool = true, creating: Bool = true) throws -> Ledger {
        Ledger(store: try SQLiteLedgerStore(path: path, synchronousFull: synchronousFull, creating: creating))
    }

    /// The unsigned genesis entry of a new ledger, with a fresh random nonce (its identity).
    public static func genesisEntry(name: String, parties: [Party], secretariat: String, nonce: String = LedgerIdentity.randomNonce()) -> LedgerEntry {
        LedgerEntry(id: "genesis", kind: .genesis, body: [
            "ledger": .string(name), "nonce": .string(nonce), "parties": .array(parties.map(\.json)), "secretariat": .string(secretariat),
        ])
    }

    /// Builds, signs with every key and appends the genesis entry.
    @discardableResult
    public func initialize(name: String, parties: [Party], secretariat: String, keys: [PartyKey],
                           nonce: String = LedgerIdentity.randomNonce()) throws -> LedgerEntry {
        guard try store.size() == 0 else { throw LedgerError.alreadyInitialized("the log already has \(try store.size()) entries") }
        var entry = Self.genesisEntry(name: name, parties: parties, secretariat: secretariat, nonce: nonce)
        guard let id = entry.foundedLedger else { throw LedgerError.storage("genesis has no identity") }
        for key in keys { try entry.sign(with: key, ledger: id) }
        _ = try append(entry, label: "genesis")
        return entry
    }

    /// The ledger's identity: the hash of its genesis (`LedgerIdentity`), which every signature names.
    public func identity() throws -> LedgerID {
        guard let stored = try store.entries(0..<1).first else { throw LedgerError.notInitialized("the log is empty") }
        guard let id = try LedgerEntry.parse(stored.bytes, source: "stored entry 0").foundedLedger else {
            throw LedgerError.verificationFailed(location: "entry 0", reason: "not a genesis entry")
        }
        return id
    }

    /// Signs `entry` with every key, for this ledger (a genesis: for the ledger it founds; no
    /// keys: the entry as it is, already signed).
    public func sign(_ entry: LedgerEntry, with keys: [PartyKey]) throws -> LedgerEntry {
        if keys.isEmpty { return entry }
        let id = try entry.foundedLedger ?? identity()
        var signed = entry
        for key in keys { try signed.sign(with: key, ledger: id) }
        return signed
    }

    /// Appends one entry in its own transaction; returns its index.
    @discardableResult
    public func append(_ entry: LedgerEntry, label: String? = nil) throws -> UInt64 {
        let indices = try store.append([entry], labels: [label ?? "entry '\(entry.id)'"])
        guard let index = indices.first else { throw LedgerError.storage("append returned no index") }
        return index
    }

    /// Appends several entries in one transaction: all of them or none.
    @discardableResult
    public func appendBatch(_ entries: [LedgerEntry], labels: [String]? = nil) throws -> [UInt64] {
        try store.append(entries, labels: labels ?? entries.map { "entry '\($0.id)'" })
    }

    public func size() throws -> UInt64 { try store.size() }

    public func root(size: UInt64? = nil) throws -> MerkleHash {
        try store.withNodes { nodes, current in
            let n = size ?? current
            guard n <= current else { throw LedgerError.invalidProofRequest("tree size \(n) exceeds the log size \(current)") }
            return try Merkle.root(nodes, size: n)
        }
    }

    /// The current (unsigned) head.
    public func currentHead(timestamp: Int64 = Ledger.nowMilliseconds()) throws -> SignedTreeHead {
        try store.withNodes { nodes, n in
            SignedTreeHead(size: n, root: try Merkle.root(nodes, size: n), timestamp: timestamp)
        }
    }

    /// Signs the current head with the secretariat's key and stores it.
    @discardableResult
    public func signHead(key: PartyKey, timestamp: Int64 = Ledger.nowMilliseconds()) throws -> SignedTreeHead {
        let parties = try store.partySet()
        guard let secretariat = parties.secretariat else { throw LedgerError.notInitialized("no genesis entry") }
        guard key.party == secretariat, parties.parties[secretariat]?.publicKey == key.publicKey else {
            throw LedgerError.unauthorized(entry: "tree head", reason: "tree heads are signed by the secretariat '\(secretariat)' with its current key, not by '\(key.party)'")
        }
        // A clock before 1970 gives a head that verify refuses (and heads are never removed).
        guard timestamp >= 0 else {
            throw LedgerError.rejected(entry: "tree head", reason: "timestamp \(timestamp) is before 1970 (milliseconds since 1970-01-01 UTC); check the clock")
        }
        var head = try currentHead(timestamp: timestamp)
        try head.sign(with: key, ledger: try identity())
        try store.addHead(head)
        return head
    }

    /// Stores a head signed elsewhere, after the checks every verifier makes: a size of at least
    /// 1 (the genesis), the secretariat's signature and every co-signature with the signer's key
    /// in force at the head's size (`checkHeadSignature`, the verifier's rule: checking with the
    /// current key kept co-signatures that every export then failed on), the log's root at its
    /// size, and a time in order with the heads already stored and not ahead of `now` by more
    /// than a day. A head of size 0 was accepted and every export failed verification after it,
    /// for good (heads are immutable); so were timestamps of -5, of 1970 after a 2026 head, and
    /// of the year 3 million (found from outside).
    public func addSignedHead(_ head: SignedTreeHead, now: Int64 = Ledger.nowMilliseconds()) throws {
        guard head.size >= 1 else {
            throw LedgerError.rejected(entry: "tree head", reason: "a head covers at least the genesis entry (size ≥ 1); got size 0")
        }
        let history = try partyHistory()
        guard let secretariat = history.parties(atSize: head.size).secretariat else {
            throw LedgerError.notInitialized("no genesis entry")
        }
        guard head.signatures.contains(where: { $0.party == secretariat }) else {
            throw LedgerError.unauthorized(entry: "tree head", reason: "not signed by the secretariat '\(secretariat)'")
        }
        let payload = head.signingPayload(ledger: try identity())
        for signature in head.signatures {
            try checkHeadSignature(signature, of: head, payload: payload, history: history)
        }
        guard head.size <= (try size()), try root(size: head.size) == head.root else {
            throw LedgerError.rejected(entry: "tree head", reason: "its root is not the log's root at size \(head.size)")
        }
        let day: Int64 = 86_400_000
        guard head.timestamp >= 0, head.timestamp <= now + day else {
            throw LedgerError.rejected(entry: "tree head", reason: "timestamp \(head.timestamp) is not a time between 1970 and a day from now (milliseconds since 1970-01-01 UTC)")
        }
        for (_, stored) in try store.heads() {
            if stored.size < head.size, stored.timestamp > head.timestamp {
                throw LedgerError.rejected(entry: "tree head", reason: "timestamp \(head.timestamp) is before that of the stored head of the smaller size \(stored.size) (\(stored.timestamp))")
            }
            if stored.size > head.size, stored.timestamp < head.timestamp {
                throw LedgerError.rejected(entry: "tree head", reason: "timestamp \(head.timestamp) is after that of the stored head of the larger size \(stored.size) (\(stored.timestamp))")
            }
        }
        try store.addHead(head)
    }

    /// Adds `key`'s co-signature to the latest stored head. The key must be the party's key in
    /// force at the head's size, the key offline verify checks the co-signature with (see
    /// `checkHeadSignature`): a party that rotated after the head was signed co-signed it with
    /// its new key, and every export failed `verify` afterwards.
    @discardableResult
    public func cosignLatestHead(key: PartyKey) throws -> SignedTreeHead {
        // heads() is in size order: the last is the largest tree.
        guard let (id, stored) = try store.heads().last else { throw LedgerError.rejected(entry: "tree head", reason: "no signed head to co-sign yet") }
        if let problem = try partyHistory().problem(code: key.party, publicKey: key.publicKey, atSize: stored.size) {
            throw LedgerError.unauthorized(entry: "tree head of size \(stored.size)", reason: "'\(key.party)' cannot co-sign the latest head (size \(stored.size)) with this key: \(problem). \(Self.headKeyRule)")
        }
        guard try root(size: stored.size) == stored.root else {
            throw LedgerError.verificationFailed(location: "head \(id) (size \(stored.size))", reason: "its root does not match the log")
        }
        var head = stored
        try head.sign(with: key, ledger: try identity())
        guard let sig = head.signatures.first(where: { $0.party == key.party }) else { return head }
        try store.addHeadSignature(headID: id, signature: sig)
        return head
    }

    public func inclusionProof(index: UInt64, size: UInt64? = nil) throws -> [MerkleHash] {
        try store.withNodes { nodes, current in
            let n = size ?? current
            guard n <= current else { throw LedgerError.invalidProofRequest("tree size \(n) exceeds the log size \(current)") }
            return try Merkle.inclusionProof(nodes, index: index, size: n)
        }
    }

    public func consistencyProof(oldSize: UInt64, newSize: UInt64? = nil) throws -> [MerkleHash] {
        try store.withNodes { nodes, current in
            let n = newSize ?? current
            guard n <= current else { throw LedgerError.invalidProofRequest("new size \(n) exceeds the log size \(current)") }
            return try Merkle.consistencyProof(nodes, oldSize: oldSize, newSize: n)
        }
    }

    /// Recomputes the Merkle tree from the stored entry bytes (not from the stored nodes): what a
    /// careful auditor uses, since it notices entries altered behind the ledger's back.
    public func recomputedTree(batchSize: UInt64 = 10_000) throws -> MemoryMerkleTree {
        var tree = MemoryMerkleTree()
        let n = try store.size()
        var start: UInt64 = 0
        while start < n {
            for e in try store.entries(start..<min(n, start + batchSize)) {
                guard e.index == tree.size else {
                    throw LedgerError.verificationFailed(location: "entry \(tree.size)", reason: "entry is missing from the store")
                }
                tree.append(data: e.bytes)
            }
            start += batchSize
        }
        return tree
    }

    /// Every entry parsed, in order.
    public func forEachEntry(batchSize: UInt64 = 10_000, _ body: (UInt64, LedgerEntry) throws -> Void) throws {
        let n = try store.size()
        var start: UInt64 = 0
        while start < n {
            for e in try store.entries(start..<min(n, start + batchSize)) {
                let entry = try LedgerEntry.parse(e.bytes, source: "entry \(e.index)")
                try body(e.index, entry)
            }
            start += batchSize
        }
    }

    public static func nowMilliseconds() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }
}
