import Foundation
import AralLedger
@testable import AralServer
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization
import Testing

/// The inclusion and consistency proofs are served from an in-memory copy of the Merkle tree:
/// these tests check that they stay exactly the proofs the store itself gives, also after
/// entries land through this server or behind its back (another process on the same file).
@Suite("Ledger proof cache")
struct LedgerProofCacheTests {
    static func hex(_ reply: Reply, _ key: String) -> MerkleHash? {
        reply.json?[key]?.stringValue.flatMap(LedgerEncoding.bytes(hex:))
    }

    static func proof(_ reply: Reply) -> [MerkleHash] {
        (reply.json?["proof"]?.arrayValue ?? []).compactMap { $0.stringValue.flatMap(LedgerEncoding.bytes(hex:)) }
    }

    /// Appends `count` obligations through the API (as their debtor).
    static func appendObligations(_ client: any TestClientProtocol, _ keys: LedgerFixture, token: String, ids: [String]) async throws {
        for id in ids {
            let reply = try await client.call(.post, "/api/ledger/entries", token: token, body: LedgerFixture.text(try keys.obligation(id: id)))
            #expect(reply.status == .created, "\(reply.text)")
        }
    }

    @Test("every inclusion and consistency proof equals the store's own, as the log grows")
    func matchesStore() async throws {
        let keys = LedgerFixture()
        let server = try TestServer()
        guard case .sqlite(let path) = server.config.database else { Issue.record("expected SQLite"); return }
        try await server.test { client in
            let dn = try await LedgerAPITests.seed(client, keys)
            // Warm the cache at size 2, then grow the log through the API, checking all pairs each time.
            _ = try await client.call(.get, "/api/ledger/proofs/inclusion?index=0")
            let reference = try Ledger.open(path: path)
            for round in 0..<3 {
                try await Self.appendObligations(client, keys, token: dn, ids: (0..<3).map { "grow-\(round)-\($0)" })
                let n = try reference.size()
                for size in 1...n {
                    let root = try reference.root(size: size)
                    for index in 0..<size {
                        let reply = try await client.call(.get, "/api/ledger/proofs/inclusion?index=\(index)&size=\(size)")
                        #expect(reply.status == .ok, "\(reply.text)")
                        #expect(Self.hex(reply, "root") == root)
                        #expect(Self.proof(reply) == (try reference.inclusionProof(index: index, size: size)), "index \(index) size \(size)")
                        #expect(Self.hex(reply, "leaf_hash") == (try reference.store.entries(index..<index + 1).first?.leafHash))
                    }
                    let consistency = try await client.call(.get, "/api/ledger/proofs/consistency?old=\(size)&new=\(n)")
                    #expect(consistency.status == .ok, "\(consistency.text)")
                    #expect(Self.proof(consistency) == (try reference.consistencyProof(oldSize: size, newSize: n)))
                    #expect(Self.hex(consistency, "old_root") == root)
                }
            }
        }
    }

    @Test("entries appended by another process to the same store show up in the next proof")
    func otherWriter() async throws {
        let keys = LedgerFixture()
        let server = try TestServer()
        guard case .sqlite(let path) = server.config.database else { Issue.record("expected SQLite"); return }
        try await server.test { client in
            _ = try await LedgerAPITests.seed(client, keys)
            let before = try await client.call(.get, "/api/ledger/proofs/inclusion?index=1")
            #expect(before.json?["size"] == .number("2"), "\(before.text)")

            // Another writer: its own connection to the same file, not through this server.
            let other = try Ledger.open(path: path)
            try other.append(try keys.obligation(id: "elsewhere-1"))
            try other.append(try keys.obligation(id: "elsewhere-2"))

            let after = try await client.call(.get, "/api/ledger/proofs/inclusion?index=1")
            #expect(after.status == .ok, "\(after.text)")
            #expect(after.json?["size"] == .number("4"))
            let root = try other.root()
            #expect(Self.hex(after, "root") == root)
            let leaf = try #require(Self.hex(after, "leaf_hash"))
            #expect(Merkle.verifyInclusion(leafHash: leaf, index: 1, size: 4, proof: Self.proof(after), root: root))

            // By id, the new entry itself.
            let byID = try await client.call(.get, "/api/ledger/proofs/inclusion?id=elsewhere-2")
            #expect(byID.json?["index"] == .number("3"), "\(byID.text)")
            let newLeaf = try #require(Self.hex(byID, "leaf_hash"))
            #expect(Merkle.verifyInclusion(leafHash: newLeaf, index: 3, size: 4, proof: Self.proof(byID), root: root))

            // An older size still gives the older root.
            let old = try await client.call(.get, "/api/ledger/proofs/inclusion?index=1&size=2")
            #expect(Self.hex(old, "root") == (try other.root(size: 2)))
            let consistency = try await client.call(.get, "/api/ledger/proofs/consistency?old=2")
            #expect(consistency.json?["new_size"] == .number("4"), "\(consistency.text)")
            #expect(Merkle.verifyConsistency(oldSize: 2, newSize: 4, oldRoot: try other.root(size: 2), newRoot: root, proof: Self.proof(consistency)))
        }
    }

    @Test("impossible proof requests are clear 400s, before and after the cache is warm")
    func refusals() async throws {
        let keys = LedgerFixture()
        try await TestServer().test { client in
            let empty = try await client.call(.get, "/api/ledger/proofs/inclusion?index=0")
            #expect(empty.status == .badRequest)
            #expect(empty.errorMessage.contains("no entry at index 0"), "\(empty.text)")
            _ = try await LedgerAPITests.seed(client, keys)
            for _ in 0..<2 {  // cold, then warm
                let beyond = try await client.call(.get, "/api/ledger/proofs/inclusion?index=5")
                #expect(beyond.status == .badRequest)
                #expect(beyond.errorMessage.contains("no entry at index 5"), "\(beyond.text)")
                let small = try await client.call(.get, "/api/ledger/proofs/inclusion?index=1&size=1")
                #expect(small.status == .badRequest)
                #expect(small.errorMessage.contains("not in a tree of size 1"), "\(small.text)")
                let large = try await client.call(.get, "/api/ledger/proofs/inclusion?index=1&size=9")
                #expect(large.status == .badRequest)
                #expect(large.errorMessage.contains("exceeds the log size 2"), "\(large.text)")
                let unknown = try await client.call(.get, "/api/ledger/proofs/inclusion?id=nope")
                #expect(unknown.status == .badRequest)
                #expect(unknown.errorMessage.contains("no entry with id 'nope'"))
                let neither = try await client.call(.get, "/api/ledger/proofs/inclusion")
                #expect(neither.status == .badRequest)
                let backwards = try await client.call(.get, "/api/ledger/proofs/consistency?old=2&new=1")
                #expect(backwards.status == .badRequest)
                let future = try await client.call(.get, "/api/ledger/proofs/consistency?old=1&new=3")
                #expect(future.status == .badRequest)
                #expect(future.errorMessage.contains("exceeds the log size 2"), "\(future.text)")
            }
        }
    }

    @Test("a cache built from another log is dropped, not trusted")
    func replacedStore() throws {
        let keys = LedgerFixture()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("aral-cache-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = try Ledger.open(path: dir.appendingPathComponent("a.sqlite").path)
        let b = try Ledger.open(path: dir.appendingPathComponent("b.sqlite").path)
        try a.append(try keys.genesis())
        try a.append(try keys.obligation(id: "a-1"))
        try b.append(try keys.genesis())
        try b.append(try keys.obligation(id: "b-1", mwh: "5"))
        try b.append(try keys.obligation(id: "b-2"))
        let cache = LedgerTreeCache()
        #expect(try cache.tree(storeSize: 2, store: a.store).root() == (try a.root()))
        // Same cache, another log that is longer and differs at leaf 1: rebuilt, not extended.
        #expect(try cache.tree(storeSize: 3, store: b.store).root() == (try b.root()))
        // And a shorter one.
        #expect(try cache.tree(storeSize: 2, store: a.store).root() == (try a.root()))
    }
}

/// The same with two servers sharing PostgreSQL: proofs from one server's cache follow the
/// entries the other appends.
@Suite("Ledger proof cache on PostgreSQL", .enabled(if: PostgresTestEnvironment.url != nil, "set ARAL_TEST_POSTGRES_URL (scripts/start-postgres.sh) to run the PostgreSQL tests"))
struct LedgerProofCachePostgresTests {
    @Test("a server's proofs include what another server appended to the shared store")
    func twoServers() async throws {
        let url = try #require(PostgresTestEnvironment.url)
        let backend = try await PostgresBackend.open(url: url, logger: Logger(label: "test"))
        let schema = "ledger_cache_\(UUID().uuidString.prefix(8).lowercased())"
        try await backend.createSchema(schema)
        await backend.shutdown()
        let config = try PostgresBackend.configuration(url: url)
        let a = try PostgresLedgerStore(configuration: config, logger: Logger(label: "a"), searchPath: schema)
        let b = try PostgresLedgerStore(configuration: config, logger: Logger(label: "b"), searchPath: schema)
        defer { a.close(); b.close() }
        try a.migrate()
        let keys = LedgerFixture()
        let serverA = LedgerService(store: a, secretariatKey: nil)
        let serverB = LedgerService(store: b, secretariatKey: nil)
        _ = try await serverA.append(try keys.genesis())
        _ = try await serverA.append(try keys.obligation(id: "a-1"))
        let first = try await serverB.inclusionProof(index: 1, id: nil, size: nil)
        #expect(first["size"] == .number("2"))
        // Server A appends; server B's cache (warm at size 2) must follow.
        _ = try await serverA.append(try keys.obligation(id: "a-2"))
        _ = try await serverA.append(try keys.obligation(id: "a-3"))
        let after = try await serverB.inclusionProof(index: 1, id: nil, size: nil)
        #expect(after["size"] == .number("4"))
        let root = try Ledger(store: a).root()
        #expect(after["root"]?.stringValue == LedgerEncoding.hex(root))
        let leaf = try #require(after["leaf_hash"]?.stringValue.flatMap(LedgerEncoding.bytes(hex:)))
        let proof = (after["proof"]?.arrayValue ?? []).compactMap { $0.stringValue.flatMap(LedgerEncoding.bytes(hex:)) }
        #expect(Merkle.verifyInclusion(leafHash: leaf, index: 1, size: 4, proof: proof, root: root))
        let byID = try await serverB.inclusionProof(index: nil, id: "a-3", size: nil)
        #expect(byID["index"] == .number("3"))
        let consistency = try await serverB.consistencyProof(oldSize: 2, newSize: nil)
        let cproof = (consistency["proof"]?.arrayValue ?? []).compactMap { $0.stringValue.flatMap(LedgerEncoding.bytes(hex:)) }
        #expect(Merkle.verifyConsistency(oldSize: 2, newSize: 4, oldRoot: try Ledger(store: a).root(size: 2), newRoot: root, proof: cproof))
    }
}

@Suite("Coalesced reads")
struct CoalescedReadTests {
    /// A fake store: `value` is what a read sees when it starts; each read takes `delay`.
    final class Database: Sendable {
        let value = Mutex(1)
        let reads = Mutex(0)
        func read(delay: Duration) async throws -> Int {
            let seen = value.withLock { $0 }
            reads.withLock { $0 += 1 }
            try await Task.sleep(for: delay)
            return seen
        }
    }

    @Test("a request is never answered by a read that started before it arrived")
    func freshness() async throws {
        let db = Database()
        let reader = CoalescedRead { try await db.read(delay: .milliseconds(200)) }
        async let first = reader.value()                  // starts a read that sees 1
        while db.reads.withLock({ $0 }) == 0 { try await Task.sleep(for: .milliseconds(5)) }
        db.value.withLock { $0 = 2 }                      // committed while that read is under way
        let second = try await reader.value()             // must see 2: a read of its own time
        #expect(try await first == 1)
        #expect(second == 2)
        #expect(db.reads.withLock { $0 } == 2)
    }

    /// A fake store whose reads finish only when the test opens the gate, so which requests
    /// arrive during a read is decided by the test, not by how fast a loaded machine runs.
    final class GatedDatabase: Sendable {
        let open = Mutex(false)
        let reads = Mutex(0)
        func read() async throws -> Int {
            let n = reads.withLock { $0 += 1; return $0 }
            while !open.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(1)) }
            return n
        }
    }

    @Test("requests that arrive during a read all share the one next read")
    func sharing() async throws {
        let db = GatedDatabase()
        let reader = CoalescedRead { try await db.read() }
        let requests = 64
        async let first = reader.value()                  // starts read 1, held at the gate
        while db.reads.withLock({ $0 }) == 0 { try await Task.sleep(for: .milliseconds(1)) }
        try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<requests {
                group.addTask { try await reader.value() }
            }
            // Every request has arrived while read 1 is still under way.
            while reader.arrivalCount < UInt64(1 + requests) { try await Task.sleep(for: .milliseconds(1)) }
            #expect(db.reads.withLock { $0 } == 1, "a request that arrives during a read must not start another")
            db.open.withLock { $0 = true }
            var answers: [Int] = []
            for try await answer in group { answers.append(answer) }
            // None may take read 1 (it started before they arrived); all share read 2.
            #expect(answers == Array(repeating: 2, count: requests))
        }
        #expect(try await first == 1)
        #expect(db.reads.withLock { $0 } == 2)
    }
}
