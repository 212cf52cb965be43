import Foundation
import GRDB

/// The ledger in one SQLite file (GRDB): WAL journal, `synchronous = FULL`, a busy timeout so that
/// appenders in several processes queue up, every append in one `BEGIN IMMEDIATE` transaction, and
/// triggers that refuse UPDATE and DELETE on every table.
public final class SQLiteLedgerStore: LedgerStore {
    public static let busyTimeoutSeconds: Double = 60

    private let queue: DatabaseQueue
    public let path: String

    /// `creating: false` opens only a file that already holds a ledger: the read commands were
    /// given an empty or foreign SQLite file and wrote the ledger's tables into it.
    public init(path: String, synchronousFull: Bool = true, creating: Bool = true) throws {
        self.path = path
        var config = Configuration()
        config.journalMode = .wal
        config.busyMode = .timeout(Self.busyTimeoutSeconds)
        let sync = synchronousFull ? "FULL" : "NORMAL"
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = \(sync)")
        }
        do {
            if !creating, !(try Self.holdsLedger(path)) {
                throw LedgerError.storage("\(path): not an Aral ledger (an SQLite file without the ledger's tables); create one with 'aral ledger init' or pass the ledger's file with --ledger")
            }
            queue = try DatabaseQueue(path: path, configuration: config)
            // Only a new file needs the schema; skipping the write keeps readers from queueing
            // behind appenders.
            let (hasEntries, version) = try queue.read { db in
                (try db.tableExists("entries"),
                 try db.tableExists("ledger_format") ? try Int64.fetchOne(db, sql: "SELECT version FROM ledger_format") : nil)
            }
            if hasEntries, version != LedgerEntry.version {
                throw LedgerError.storage("\(path): this ledger file is of format version \(version.map(String.init) ?? "1"); this aral reads format version \(LedgerEntry.version) only (see docs/ledger.md, 'Format version')")
            }
            if !hasEntries { try queue.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    try Self.createSchema(db)
                    return .commit
                }
            } }
        } catch let error as LedgerError {
            throw error
        } catch {
            throw LedgerError.storage("cannot open \(path): \(error)")
        }
    }

    /// Looked at read-only: opening in WAL mode would already write to a foreign file.
    private static func holdsLedger(_ path: String) throws -> Bool {
        var config = Configuration()
        config.readonly = true
        // Waits as the store does: without it, an appender opening the file while another
        // committed failed at once with "database is locked" (found from outside: 19 of 200
        // appends of 8 concurrent processes).
        config.busyMode = .timeout(busyTimeoutSeconds)
        return try DatabaseQueue(path: path, configuration: config).read { try $0.tableExists("entries") }
    }

    static func createSchema(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE IF NOT EXISTS entries(
                idx INTEGER PRIMARY KEY,
                entry_id TEXT NOT NULL UNIQUE,
                kind TEXT NOT NULL,
                ref_id TEXT,
                leaf_hash BLOB NOT NULL,
                entry BLOB NOT NULL,
                appended_at INTEGER NOT NULL);
            CREATE INDEX IF NOT EXISTS entries_ref ON entries(ref_id) WHERE ref_id IS NOT NULL;
            CREATE TABLE IF NOT EXISTS nodes(
                level INTEGER NOT NULL, idx INTEGER NOT NULL, hash BLOB NOT NULL,
                PRIMARY KEY(level, idx)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS ledger_format(version INTEGER NOT NULL);
            INSERT INTO ledger_format(version) VALUES (\(LedgerEntry.version));
            CREATE TABLE IF NOT EXISTS parties(
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                code TEXT NOT NULL, name TEXT NOT NULL, public_key BLOB NOT NULL, recovery_key BLOB,
                is_secretariat INTEGER NOT NULL, entry_idx INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS settlements(
                period TEXT NOT NULL, party TEXT NOT NULL, entry_idx INTEGER NOT NULL,
                PRIMARY KEY(period, party)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS heads(
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                size INTEGER NOT NULL, root BLOB NOT NULL, timestamp INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS head_signatures(
                head_id INTEGER NOT NULL REFERENCES heads(id), party TEXT NOT NULL, signature BLOB NOT NULL,
                PRIMARY KEY(head_id, party)) WITHOUT ROWID;
            """)
        for table in ["ledger_format", "entries", "nodes", "parties", "settlements", "heads", "head_signatures"] {
            try db.execute(sql: """
                CREATE TRIGGER IF NOT EXISTS \(table)_no_update BEFORE UPDATE ON \(table)
                BEGIN SELECT RAISE(ABORT, 'ledger rows are immutable: UPDATE refused on \(table)'); END;
                CREATE TRIGGER IF NOT EXISTS \(table)_no_delete BEFORE DELETE ON \(table)
                BEGIN SELECT RAISE(ABORT, 'ledger rows are immutable: DELETE refused on \(table)'); END;
                """)
        }
    }

    /// SQLite's `data_version`: it changes when another connection (an `aral ledger append`, a
    /// `sqlite3` session) commits to the file.
    public func changeStamp() throws -> Int64? {
        try read { db in try Int64.fetchOne(db, sql: "PRAGMA data_version") }
    }

    private func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try queue.read(body)
        } catch let error as LedgerError {
            throw error
        } catch {
            throw LedgerError.storage("\(path): \(error)")
        }
    }

    // MARK: Appending

    public func append(_ entries: [LedgerEntry], labels: [String]) throws -> [UInt64] {
        var indices: [UInt64] = []
        do {
            try queue.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    indices = []
                    let state = SQLiteStateView(db: db)
                    let now = Int64(Date().timeIntervalSince1970 * 1000)
                    for (i, entry) in entries.enumerated() {
                        let label = i < labels.count ? labels[i] : "entry '\(entry.id)'"
                        let body = try entry.typedBody(source: label)
                        let effects = try Authority.check(entry, body: body, label: label, state: state)
                        let index = try state.size
                        let bytes = entry.canonicalBytes
                        let leaf = Merkle.leafHash(bytes)
                        try db.execute(
                            sql: "INSERT INTO entries(idx, entry_id, kind, ref_id, leaf_hash, entry, appended_at) VALUES (?,?,?,?,?,?,?)",
                            arguments: [Int64(index), entry.id, entry.kind.rawValue, effects.reference, Data(leaf), Data(bytes), now])
                        try Self.appendNodes(db, leaf: leaf, index: index)
                        let secretariat = try effects.secretariat ?? state.partySet().secretariat
                        for p in effects.partyUpdates {
                            let isSecretariat = secretariat == p.code
                            try db.execute(
                                sql: "INSERT INTO parties(code, name, public_key, recovery_key, is_secretariat, entry_idx) VALUES (?,?,?,?,?,?)",
                                arguments: [p.code, p.name, Data(p.publicKey), p.recoveryKey.map { Data($0) }, isSecretariat, Int64(index)])
                        }
                        for s in effects.settled {
                            try db.execute(sql: "INSERT INTO settlements(period, party, entry_idx) VALUES (?,?,?)",
                                           arguments: [s.period, s.party, Int64(index)])
                        }
                        state.didAppend(partiesChanged: !effects.partyUpdates.isEmpty, ledgerID: effects.ledgerID)
                        indices.append(index)
                    }
                    return .commit
                }
            }
        } catch let error as LedgerError {
            throw error
        } catch {
            throw LedgerError.storage("\(path): append failed: \(error)")
        }
        return indices
    }

    /// Adds leaf `index` and every complete subtree it closes.
    static func appendNodes(_ db: Database, leaf: MerkleHash, index: UInt64) throws {
        let insert = try db.cachedStatement(sql: "INSERT INTO nodes(level, idx, hash) VALUES (?,?,?)")
        let select = try db.cachedStatement(sql: "SELECT hash FROM nodes WHERE level = ? AND idx = ?")
        try insert.execute(arguments: [0, Int64(index), Data(leaf)])
        var level = 0
        var i = index
        var hash = leaf
        while i & 1 == 1 {
            guard let left = try Data.fetchOne(select, arguments: [level, Int64(i - 1)]) else {
                throw LedgerError.storage("tree node (\(level), \(i - 1)) is missing")
            }
            hash = Merkle.nodeHash([UInt8](left), hash)
            level += 1
            i >>= 1
            try insert.execute(arguments: [level, Int64(i), Data(hash)])
        }
    }

    /// Benchmark support only: loads the tree nodes of `leafHashes` (appended after the nodes already
    /// present) without any entries, so that proof timings at a million leaves need not first create a
    /// million signed entries. A store used this way is not a valid ledger.
    public func benchmarkLoadTreeNodes(leafHashes: [MerkleHash]) throws {
        do {
            try queue.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    let start = UInt64(try Int64.fetchOne(db, sql: "SELECT COUNT(*) FROM nodes WHERE level = 0") ?? 0)
                    for (i, leaf) in leafHashes.enumerated() {
                        try Self.appendNodes(db, leaf: leaf, index: start + UInt64(i))
                    }
                    return .commit
                }
            }
        } catch {
            throw LedgerError.storage("\(path): \(error)")
        }
    }

    // MARK: Reading

    public func size() throws -> UInt64 { try read { try SQLiteStateView.size(db: $0) } }

    public func partySet() throws -> PartySet { try read { try SQLiteStateView.partySet(db: $0) } }

    public func partyRegistrations() throws -> [PartyRegistration] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT p.code, p.name, p.public_key, p.recovery_key, p.is_secretariat, p.entry_idx, e.entry_id
                FROM parties p JOIN entries e ON e.idx = p.entry_idx ORDER BY p.seq
                """).map { row in
                let key: Data = row["public_key"]
                let recovery: Data? = row["recovery_key"]
                let index: Int64 = row["entry_idx"]
                let party = Party(code: row["code"], name: row["name"], publicKey: [UInt8](key), recoveryKey: recovery.map { [UInt8]($0) })
                return PartyRegistration(index: UInt64(index), entryID: row["entry_id"], party: party, isSecretariat: row["is_secretariat"])
            }
        }
    }

    public func withNodes<T>(_ body: (any MerkleNodeSource, UInt64) throws -> T) throws -> T {
        try read { db in try body(SQLiteNodeSource(db: db), try SQLiteStateView.size(db: db)) }
    }

    public func entries(_ range: Range<UInt64>) throws -> [StoredEntry] {
        try read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT idx, entry, leaf_hash FROM entries WHERE idx >= ? AND idx < ? ORDER BY idx",
                                        arguments: [Int64(range.lowerBound), Int64(range.upperBound)])
            return rows.map { row in
                let idx: Int64 = row["idx"]
                let bytes: Data = row["entry"]
                let leaf: Data = row["leaf_hash"]
                return StoredEntry(index: UInt64(idx), bytes: [UInt8](bytes), leafHash: [UInt8](leaf))
            }
        }
    }

    public func entry(id: String) throws -> StoredEntry? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT idx, entry, leaf_hash FROM entries WHERE entry_id = ?", arguments: [id]) else {
                return nil
            }
            let idx: Int64 = row["idx"]
            let bytes: Data = row["entry"]
            let leaf: Data = row["leaf_hash"]
            return StoredEntry(index: UInt64(idx), bytes: [UInt8](bytes), leafHash: [UInt8](leaf))
        }
    }

    // MARK: Heads

    @discardableResult
    public func addHead(_ head: SignedTreeHead) throws -> Int64 {
        do {
            return try queue.writeWithoutTransaction { db in
                var id: Int64 = 0
                try db.inTransaction(.immediate) {
                    try db.execute(sql: "INSERT INTO heads(size, root, timestamp) VALUES (?,?,?)",
                                   arguments: [Int64(head.size), Data(head.root), head.timestamp])
                    id = db.lastInsertedRowID
                    for s in head.signatures {
                        try db.execute(sql: "INSERT INTO head_signatures(head_id, party, signature) VALUES (?,?,?)",
                                       arguments: [id, s.party, Data(s.signature)])
                    }
                    return .commit
                }
                return id
            }
        } catch {
            throw LedgerError.storage("\(path): cannot store tree head: \(error)")
        }
    }

    public func addHeadSignature(headID: Int64, signature: EntrySignature) throws {
        do {
            try queue.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    if try Bool.fetchOne(db, sql: "SELECT 1 FROM head_signatures WHERE head_id = ? AND party = ?",
                                         arguments: [headID, signature.party]) == true {
                        throw LedgerError.rejected(entry: "head \(headID)", reason: "party '\(signature.party)' has already signed this head")
                    }
                    try db.execute(sql: "INSERT INTO head_signatures(head_id, party, signature) VALUES (?,?,?)",
                                   arguments: [headID, signature.party, Data(signature.signature)])
                    return .commit
                }
            }
        } catch let error as LedgerError {
            throw error
        } catch {
            throw LedgerError.storage("\(path): cannot store head signature: \(error)")
        }
    }

    public func heads() throws -> [(id: Int64, head: SignedTreeHead)] {
        try read { db in
            var result: [(id: Int64, head: SignedTreeHead)] = []
            // In size order (then the order they were stored): a head stored late for an
            // earlier size (two signers at once, or one posted later) takes its place by size.
            for row in try Row.fetchAll(db, sql: "SELECT id, size, root, timestamp FROM heads ORDER BY size, id") {
                let id: Int64 = row["id"]
                let size: Int64 = row["size"]
                let root: Data = row["root"]
                let ts: Int64 = row["timestamp"]
                var sigs: [EntrySignature] = []
                for s in try Row.fetchAll(db, sql: "SELECT party, signature FROM head_signatures WHERE head_id = ? ORDER BY party", arguments: [id]) {
                    let party: String = s["party"]
                    let sig: Data = s["signature"]
                    sigs.append(EntrySignature(party: party, signature: [UInt8](sig)))
                }
                result.append((id, SignedTreeHead(size: UInt64(size), root: [UInt8](root), timestamp: ts, signatures: sigs)))
            }
            return result
        }
    }
}

/// Complete-subtree hashes read from the `nodes` table.
struct SQLiteNodeSource: MerkleNodeSource {
    let db: Database

    func node(level: Int, index: UInt64) throws -> MerkleHash {
        let statement = try db.cachedStatement(sql: "SELECT hash FROM nodes WHERE level = ? AND idx = ?")
        guard let data = try Data.fetchOne(statement, arguments: [level, Int64(index)]) else {
            throw LedgerError.storage("tree node (level \(level), index \(index)) is missing")
        }
        return [UInt8](data)
    }
}

/// The authority rules' view of the log inside an append transaction.
final class SQLiteStateView: LedgerStateView {
    let db: Database
    private var cachedParties: PartySet?
    private var cachedSize: UInt64?
    private var cachedLedgerID: LedgerID?

    init(db: Database) { self.db = db }

    /// Keeps the caches right after this transaction appended one entry.
    func didAppend(partiesChanged: Bool, ledgerID: LedgerID?) {
        if partiesChanged { cachedParties = nil }
        if let ledgerID { cachedLedgerID = ledgerID }
        cachedSize = cachedSize.map { $0 + 1 }
    }

    func ledgerID() throws -> LedgerID? {
        if let cachedLedgerID { return cachedLedgerID }
        guard let id = try Self.ledgerID(db: db) else { return nil }
        cachedLedgerID = id
        return id
    }

    /// The identity named by the genesis entry (entry 0), if there is one.
    static func ledgerID(db: Database) throws -> LedgerID? {
        guard let bytes = try Data.fetchOne(db, sql: "SELECT entry FROM entries WHERE idx = 0") else { return nil }
        let entry = try LedgerEntry.parse([UInt8](bytes), source: "stored entry 0")
        return entry.foundedLedger
    }

    func settledPeriods(party: String) throws -> [Period] {
        let statement = try db.cachedStatement(sql: "SELECT period FROM settlements WHERE party = ?")
        return try String.fetchAll(statement, arguments: [party]).compactMap { Period(key: $0) }
    }

    /// Reads every obligation, delivery and acknowledgement: O(log size), paid by settlements only.
    func balanceEvents() throws -> [BalanceEvent] {
        var events: [BalanceEvent] = []
        for row in try Row.fetchAll(db, sql: "SELECT idx, entry FROM entries WHERE kind IN ('obligation', 'delivery', 'acknowledgement') ORDER BY idx") {
            let idx: Int64 = row["idx"]
            let bytes: Data = row["entry"]
            let entry = try LedgerEntry.parse([UInt8](bytes), source: "stored entry \(idx)")
            events.append(BalanceEvent(id: entry.id, body: try entry.typedBody(source: "stored entry \(idx)")))
        }
        return events
    }

    var size: UInt64 {
        get throws {
            if let cachedSize { return cachedSize }
            let s = try Self.size(db: db)
            cachedSize = s
            return s
        }
    }

    static func size(db: Database) throws -> UInt64 {
        UInt64(try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(idx) + 1, 0) FROM entries") ?? 0)
    }

    func partySet() throws -> PartySet {
        if let cachedParties { return cachedParties }
        let p = try Self.partySet(db: db)
        cachedParties = p
        return p
    }

    static func partySet(db: Database) throws -> PartySet {
        var set = PartySet()
        for row in try Row.fetchAll(db, sql: "SELECT code, name, public_key, recovery_key, is_secretariat FROM parties ORDER BY seq") {
            let code: String = row["code"]
            let name: String = row["name"]
            let key: Data = row["public_key"]
            let recovery: Data? = row["recovery_key"]
            let isSecretariat: Bool = row["is_secretariat"]
            set.parties[code] = Party(code: code, name: name, publicKey: [UInt8](key), recoveryKey: recovery.map { [UInt8]($0) })
            if isSecretariat { set.secretariat = code }
        }
        return set
    }

    func entry(id: String) throws -> ReferencedEntry? {
        let statement = try db.cachedStatement(sql: "SELECT idx, entry FROM entries WHERE entry_id = ?")
        guard let row = try Row.fetchOne(statement, arguments: [id]) else { return nil }
        let idx: Int64 = row["idx"]
        let bytes: Data = row["entry"]
        let label = "stored entry \(idx)"
        let entry = try LedgerEntry.parse([UInt8](bytes), source: label)
        return ReferencedEntry(index: UInt64(idx), kind: entry.kind, body: try entry.typedBody(source: label))
    }

    func responses(toDelivery id: String) throws -> (acknowledged: Bool, disputed: Bool) {
        let statement = try db.cachedStatement(sql: "SELECT kind FROM entries WHERE ref_id = ? AND kind IN ('acknowledgement', 'dispute')")
        let kinds = try String.fetchAll(statement, arguments: [id])
        return (kinds.contains("acknowledgement"), kinds.contains("dispute"))
    }

}
