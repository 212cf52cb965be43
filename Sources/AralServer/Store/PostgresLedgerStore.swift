import Foundation
import Logging
import AralLedger
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import PostgresNIO

/// The ledger's `LedgerStore` in PostgreSQL, with the guarantees of `SQLiteLedgerStore`:
/// * every append is one transaction that first takes a transaction-scoped advisory lock, so
///   appenders queue up across all servers sharing the database, and the authority rules see
///   the log exactly as it is when the entry goes in;
/// * triggers refuse UPDATE, DELETE and TRUNCATE on every ledger table.
///
/// The authority rules see the log through a `MemoryLedgerState` kept by this store and caught
/// up, under the lock, with every entry appended since (by any server) before each append: the
/// ledger's own in-memory view, so the rules are evaluated exactly as the verifier does.
///
/// `LedgerStore` is synchronous, so this store talks to one dedicated connection through
/// `EventLoopFuture.wait()`. Call it only from a blocking thread (NIO's thread pool, as
/// `LedgerService` does), never from an event loop or an async task directly.
final class PostgresLedgerStore: LedgerStore {
    static let appendLockKey: Int64 = 0x4152_414C_4C47
    static let tables = ["ledger_entries", "ledger_nodes", "ledger_parties", "ledger_settlements", "ledger_heads", "ledger_head_signatures"]

    private let configuration: PostgresConnection.Configuration
    private let logger: Logger
    /// A schema to work in instead of `public` (tests use a fresh one each, since ledger rows
    /// can never be deleted); letters, digits and `_` only.
    private let searchPath: String?
    /// The connection, opened on first use; the lock also serialises its users.
    private let connection = NIOLockedValueBox<PostgresConnection?>(nil)
    /// The authority state as of `authority.size` entries; only touched with the connection lock held.
    private let authority = NIOLockedValueBox(MemoryLedgerState())

    init(configuration: PostgresClient.Configuration, logger: Logger, searchPath: String? = nil) throws {
        if let searchPath, searchPath.isEmpty || !searchPath.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F }) {
            throw StoreError("'\(searchPath)' is not a plain schema name")
        }
        self.searchPath = searchPath
        guard let host = configuration.host else { throw StoreError("the ledger needs a TCP PostgreSQL address") }
        self.configuration = PostgresConnection.Configuration(
            host: host, port: configuration.port ?? 5432, username: configuration.username,
            password: configuration.password, database: configuration.database, tls: .disable)
        self.logger = logger
    }

    /// Runs `body` with the connection, opening it if needed, while holding the lock.
    private func withConnection<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        try connection.withLockedValue { conn in
            if conn == nil || conn?.isClosed == true {
                conn = try PostgresConnection.connect(on: MultiThreadedEventLoopGroup.singleton.any(), configuration: configuration,
                                                      id: 1, logger: logger).wait()
                if let searchPath, let c = conn {
                    _ = try c.query(PostgresQuery(unsafeSQL: "SET search_path TO \(searchPath)"), logger: logger).wait()
                }
            }
            guard let c = conn else { throw LedgerError.storage("no PostgreSQL connection") }
            return try body(c)
        }
    }

    func close() {
        connection.withLockedValue { conn in
            try? conn?.close().wait()
            conn = nil
        }
    }

    @discardableResult
    private func query(_ conn: PostgresConnection, _ q: PostgresQuery) throws -> PostgresQueryResult {
        do {
            return try conn.query(q, logger: logger).wait()
        } catch let error as PSQLError {
            throw LedgerError.storage("PostgreSQL: \(error.serverInfo?[.message] ?? String(reflecting: error))")
        }
    }

    /// Runs one raw statement. Only tests use it: to show that the triggers refuse changes.
    func execute(_ sql: String) throws {
        try withConnection { conn in _ = try query(conn, PostgresQuery(unsafeSQL: sql)) }
    }

    // MARK: Schema

    func migrate() throws {
        try withConnection { conn in
            try query(conn, "SELECT pg_advisory_lock(\(PostgresServerStore.migrationLockKey))")
            defer { _ = try? query(conn, "SELECT pg_advisory_unlock(\(PostgresServerStore.migrationLockKey))") }
            for statement in Self.schema {
                try query(conn, PostgresQuery(unsafeSQL: statement))
            }
        }
    }

    static var schema: [String] {
        var statements = [
            """
            CREATE TABLE IF NOT EXISTS ledger_entries(
                idx BIGINT PRIMARY KEY, entry_id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, ref_id TEXT,
                leaf_hash BYTEA NOT NULL, entry BYTEA NOT NULL, appended_at BIGINT NOT NULL)
            """,
            "CREATE INDEX IF NOT EXISTS ledger_entries_ref ON ledger_entries(ref_id) WHERE ref_id IS NOT NULL",
            "CREATE TABLE IF NOT EXISTS ledger_nodes(level INTEGER NOT NULL, idx BIGINT NOT NULL, hash BYTEA NOT NULL, PRIMARY KEY(level, idx))",
            """
            CREATE TABLE IF NOT EXISTS ledger_parties(
                seq BIGSERIAL PRIMARY KEY, code TEXT NOT NULL, name TEXT NOT NULL, public_key BYTEA NOT NULL,
                is_secretariat BOOLEAN NOT NULL, entry_idx BIGINT NOT NULL)
            """,
            // Format version 2: a party's recovery key (docs/ledger.md, "Key rotation"). Entries of
            // format version 1 in an older database are refused when read ("unsupported format version").
            "ALTER TABLE ledger_parties ADD COLUMN IF NOT EXISTS recovery_key BYTEA",
            "CREATE TABLE IF NOT EXISTS ledger_settlements(period TEXT NOT NULL, party TEXT NOT NULL, entry_idx BIGINT NOT NULL, PRIMARY KEY(period, party))",
            "CREATE TABLE IF NOT EXISTS ledger_heads(id BIGSERIAL PRIMARY KEY, size BIGINT NOT NULL, root BYTEA NOT NULL, ts BIGINT NOT NULL)",
            """
            CREATE TABLE IF NOT EXISTS ledger_head_signatures(
                head_id BIGINT NOT NULL REFERENCES ledger_heads(id), party TEXT NOT NULL, signature BYTEA NOT NULL, PRIMARY KEY(head_id, party))
            """,
            """
            CREATE OR REPLACE FUNCTION aral_ledger_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'ledger rows are immutable: % refused on %', TG_OP, TG_TABLE_NAME; END $$
            """,
        ]
        for table in tables {
            statements.append("CREATE OR REPLACE TRIGGER \(table)_immutable BEFORE UPDATE OR DELETE ON \(table) FOR EACH ROW EXECUTE FUNCTION aral_ledger_immutable()")
            statements.append("CREATE OR REPLACE TRIGGER \(table)_no_truncate BEFORE TRUNCATE ON \(table) FOR EACH STATEMENT EXECUTE FUNCTION aral_ledger_immutable()")
        }
        return statements
    }

    // MARK: Appending

    func append(_ entries: [LedgerEntry], labels: [String]) throws -> [UInt64] {
        try withConnection { conn in
            try query(conn, "BEGIN")
            do {
                try query(conn, "SELECT pg_advisory_xact_lock(\(Self.appendLockKey))")
                var state = try caughtUp(conn)
                var indices: [UInt64] = []
                let now = Int64(Date().timeIntervalSince1970 * 1000)
                for (i, entry) in entries.enumerated() {
                    let label = i < labels.count ? labels[i] : "entry '\(entry.id)'"
                    let body = try entry.typedBody(source: label)
                    let effects = try Authority.check(entry, body: body, label: label, state: state)
                    let index = state.size
                    let bytes = entry.canonicalBytes
                    let leaf = Merkle.leafHash(bytes)
                    try query(conn, """
                        INSERT INTO ledger_entries(idx, entry_id, kind, ref_id, leaf_hash, entry, appended_at)
                        VALUES (\(Int64(index)), \(entry.id), \(entry.kind.rawValue), \(effects.reference), \(Data(leaf)), \(Data(bytes)), \(now))
                        """)
                    try appendNodes(conn, leaf: leaf, index: index)
                    let secretariat = effects.secretariat ?? state.partySet().secretariat
                    for p in effects.partyUpdates {
                        try query(conn, """
                            INSERT INTO ledger_parties(code, name, public_key, recovery_key, is_secretariat, entry_idx)
                            VALUES (\(p.code), \(p.name), \(Data(p.publicKey)), \(p.recoveryKey.map { Data($0) }), \(secretariat == p.code), \(Int64(index)))
                            """)
                    }
                    for s in effects.settled {
                        try query(conn, "INSERT INTO ledger_settlements(period, party, entry_idx) VALUES (\(s.period), \(s.party), \(Int64(index)))")
                    }
                    try state.apply(entry, label: label)
                    indices.append(index)
                }
                try query(conn, "COMMIT")
                authority.withLockedValue { $0 = state }
                return indices
            } catch {
                _ = try? query(conn, "ROLLBACK")
                throw error
            }
        }
    }

    /// The authority state including every entry in the table (appended by this or another
    /// server). Call with the append lock held so that nothing changes meanwhile.
    private func caughtUp(_ conn: PostgresConnection) throws -> MemoryLedgerState {
        var state = authority.withLockedValue { $0 }
        let rows = try query(conn, "SELECT idx, entry FROM ledger_entries WHERE idx >= \(Int64(state.size)) ORDER BY idx")
        for row in rows {
            let (idx, bytes) = try row.decode((Int64, Data).self)
            guard UInt64(idx) == state.size else { throw LedgerError.storage("entry \(state.size) is missing from ledger_entries") }
            let label = "stored entry \(idx)"
            try state.apply(try LedgerEntry.parse([UInt8](bytes), source: label), label: label)
        }
        authority.withLockedValue { $0 = state }
        return state
    }

    private func appendNodes(_ conn: PostgresConnection, leaf: MerkleHash, index: UInt64) throws {
        try query(conn, "INSERT INTO ledger_nodes(level, idx, hash) VALUES (0, \(Int64(index)), \(Data(leaf)))")
        var level = 0
        var i = index
        var hash = leaf
        while i & 1 == 1 {
            let left = try node(conn, level: level, index: i - 1)
            hash = Merkle.nodeHash(left, hash)
            level += 1
            i >>= 1
            try query(conn, "INSERT INTO ledger_nodes(level, idx, hash) VALUES (\(level), \(Int64(i)), \(Data(hash)))")
        }
    }

    fileprivate func node(_ conn: PostgresConnection, level: Int, index: UInt64) throws -> MerkleHash {
        let rows = try query(conn, "SELECT hash FROM ledger_nodes WHERE level = \(level) AND idx = \(Int64(index))")
        guard let row = rows.first else { throw LedgerError.storage("tree node (level \(level), index \(index)) is missing") }
        return [UInt8](try row.decode(Data.self))
    }

    // MARK: Reading

    fileprivate func size(_ conn: PostgresConnection) throws -> UInt64 {
        let rows = try query(conn, "SELECT COALESCE(MAX(idx) + 1, 0)::BIGINT FROM ledger_entries")
        return UInt64(try rows.first?.decode(Int64.self) ?? 0)
    }

    fileprivate func partySet(_ conn: PostgresConnection) throws -> PartySet {
        var set = PartySet()
        for row in try query(conn, "SELECT code, name, public_key, recovery_key, is_secretariat FROM ledger_parties ORDER BY seq") {
            let (code, name, key, recovery, isSecretariat) = try row.decode((String, String, Data, Data?, Bool).self)
            set.parties[code] = Party(code: code, name: name, publicKey: [UInt8](key), recoveryKey: recovery.map { [UInt8]($0) })
            if isSecretariat { set.secretariat = code }
        }
        return set
    }

    func size() throws -> UInt64 { try withConnection { try size($0) } }

    func partySet() throws -> PartySet { try withConnection { try partySet($0) } }

    func partyRegistrations() throws -> [PartyRegistration] {
        try withConnection { conn in
            try query(conn, """
                SELECT p.code, p.name, p.public_key, p.recovery_key, p.is_secretariat, p.entry_idx, e.entry_id
                FROM ledger_parties p JOIN ledger_entries e ON e.idx = p.entry_idx ORDER BY p.seq
                """).map { row in
                let (code, name, key, recovery, isSecretariat, index, entryID) = try row.decode((String, String, Data, Data?, Bool, Int64, String).self)
                let party = Party(code: code, name: name, publicKey: [UInt8](key), recoveryKey: recovery.map { [UInt8]($0) })
                return PartyRegistration(index: UInt64(index), entryID: entryID, party: party, isSecretariat: isSecretariat)
            }
        }
    }

    /// Size and nodes are read on one connection with the lock held; nodes are only ever added,
    /// so they stay valid for every size up to the one read.
    func withNodes<T>(_ body: (any MerkleNodeSource, UInt64) throws -> T) throws -> T {
        try withConnection { conn in try body(PostgresNodeSource(store: self, conn: conn), try size(conn)) }
    }

    func entries(_ range: Range<UInt64>) throws -> [StoredEntry] {
        try withConnection { conn in
            try query(conn, """
                SELECT idx, entry, leaf_hash FROM ledger_entries WHERE idx >= \(Int64(range.lowerBound)) AND idx < \(Int64(range.upperBound)) ORDER BY idx
                """).map { row in
                let (idx, bytes, leaf) = try row.decode((Int64, Data, Data).self)
                return StoredEntry(index: UInt64(idx), bytes: [UInt8](bytes), leafHash: [UInt8](leaf))
            }
        }
    }

    func entry(id: String) throws -> StoredEntry? {
        try withConnection { conn in
            guard let row = try query(conn, "SELECT idx, entry, leaf_hash FROM ledger_entries WHERE entry_id = \(id)").first else { return nil }
            let (idx, bytes, leaf) = try row.decode((Int64, Data, Data).self)
            return StoredEntry(index: UInt64(idx), bytes: [UInt8](bytes), leafHash: [UInt8](leaf))
        }
    }

    // MARK: Heads

    @discardableResult
    func addHead(_ head: SignedTreeHead) throws -> Int64 {
        try withConnection { conn in
            try query(conn, "BEGIN")
            do {
                let rows = try query(conn, "INSERT INTO ledger_heads(size, root, ts) VALUES (\(Int64(head.size)), \(Data(head.root)), \(head.timestamp)) RETURNING id")
                guard let id = try rows.first?.decode(Int64.self) else { throw LedgerError.storage("no head id returned") }
                for s in head.signatures {
                    try query(conn, "INSERT INTO ledger_head_signatures(head_id, party, signature) VALUES (\(id), \(s.party), \(Data(s.signature)))")
                }
                try query(conn, "COMMIT")
                return id
            } catch {
                _ = try? query(conn, "ROLLBACK")
                throw error
            }
        }
    }

    func addHeadSignature(headID: Int64, signature: EntrySignature) throws {
        try withConnection { conn in
            if try !query(conn, "SELECT 1 FROM ledger_head_signatures WHERE head_id = \(headID) AND party = \(signature.party)").isEmpty {
                throw LedgerError.rejected(entry: "head \(headID)", reason: "party '\(signature.party)' has already signed this head")
            }
            try query(conn, "INSERT INTO ledger_head_signatures(head_id, party, signature) VALUES (\(headID), \(signature.party), \(Data(signature.signature)))")
        }
    }

    func heads() throws -> [(id: Int64, head: SignedTreeHead)] {
        try withConnection { conn in
            var signatures: [Int64: [EntrySignature]] = [:]
            for row in try query(conn, "SELECT head_id, party, signature FROM ledger_head_signatures ORDER BY head_id, party") {
                let (id, party, sig) = try row.decode((Int64, String, Data).self)
                signatures[id, default: []].append(EntrySignature(party: party, signature: [UInt8](sig)))
            }
            // In size order (then storage order), as the SQLite store and the export keep them:
            // a head stored late for an earlier size takes its place by size.
            return try query(conn, "SELECT id, size, root, ts FROM ledger_heads ORDER BY size, id").map { row in
                let (id, size, root, ts) = try row.decode((Int64, Int64, Data, Int64).self)
                return (id, SignedTreeHead(size: UInt64(size), root: [UInt8](root), timestamp: ts, signatures: signatures[id] ?? []))
            }
        }
    }
}

/// Tree nodes read on the store's connection (the caller holds its lock).
private struct PostgresNodeSource: MerkleNodeSource {
    let store: PostgresLedgerStore
    let conn: PostgresConnection

    func node(level: Int, index: UInt64) throws -> MerkleHash {
        try store.node(conn, level: level, index: index)
    }
}
