/// An entry as stored: its position, canonical bytes and leaf hash.
public struct StoredEntry: Sendable {
    public var index: UInt64
    public var bytes: [UInt8]
    public var leafHash: MerkleHash

    public init(index: UInt64, bytes: [UInt8], leafHash: MerkleHash) {
        self.index = index
        self.bytes = bytes
        self.leafHash = leafHash
    }
}

/// Persistent storage of the log. Implementations must make `append` atomic (all of a batch or
/// none), serialize appenders (also across processes) and check each entry with
/// `Authority.check` against the state as of the moment of appending, inside the same transaction.
/// SQLite (`SQLiteLedgerStore`, here) and PostgreSQL (`PostgresLedgerStore`, in the server) keep the same contract.
public protocol LedgerStore: Sendable {
    /// Appends `entries` in order in one transaction and returns their indices. `labels` name the
    /// entries in error messages (e.g. their file names).
    func append(_ entries: [LedgerEntry], labels: [String]) throws -> [UInt64]
    func size() throws -> UInt64
    func partySet() throws -> PartySet
    /// Every registration of a party's keys, in log order, each with its entry's index and id:
    /// the keys in force at any earlier size (`PartyHistory`), which check a head's signatures.
    func partyRegistrations() throws -> [PartyRegistration]
    /// The complete-subtree hashes and the log size, read in one consistent snapshot; the nodes
    /// are valid for any tree size up to that size.
    func withNodes<T>(_ body: (any MerkleNodeSource, UInt64) throws -> T) throws -> T
    /// Entries with index in `range`, in order.
    func entries(_ range: Range<UInt64>) throws -> [StoredEntry]
    func entry(id: String) throws -> StoredEntry?
    /// Stores a new signed tree head; returns its number.
    @discardableResult func addHead(_ head: SignedTreeHead) throws -> Int64
    /// Adds a co-signature to head number `headID`.
    func addHeadSignature(headID: Int64, signature: EntrySignature) throws
    /// All stored heads with their co-signatures, in size order and, for one size, in the order
    /// they were stored: the last is the largest tree (co-signing and the server read it so) and
    /// the export writes them in this order.
    func heads() throws -> [(id: Int64, head: SignedTreeHead)]
    /// A number that changes whenever another connection or process writes the store (nil: the
    /// store cannot tell). A verification kept per tree size is redone when it changes: a file
    /// edited behind the server's back still read "verified" (found from outside).
    func changeStamp() throws -> Int64?
}

extension LedgerStore {
    public func changeStamp() throws -> Int64? { nil }
}
