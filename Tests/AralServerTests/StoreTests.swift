import Foundation
import AralLedger
@testable import AralServer
import Logging
import Testing

/// The store contract, run against every backend: SQLite always, PostgreSQL when
/// `ARAL_TEST_POSTGRES_URL` is set (`scripts/start-postgres.sh` starts one and prints it).
enum StoreContract {
    static func run(_ store: any ServerStore) async throws {
        let suffix = UUID().uuidString.prefix(8).lowercased()
        let party = APIParty(code: "UP", name: "Upstream '); DROP TABLE runs; --", isSecretariat: false)
        try await store.upsertParty(party)
        try await store.insertToken(hash: "hash-\(suffix)", party: "UP")
        #expect(try await store.party(tokenHash: "hash-\(suffix)") == party)
        #expect(try await store.party(tokenHash: "' OR '1'='1") == nil)

        let model = ModelRecord(id: "m-\(suffix)", name: "<script>x</script>", format: "aral", owner: "UP",
                                createdAt: ServerClock.timestamp(), nodeCount: 3, stepCount: 12, source: "name: x\n")
        try await store.insertModel(model)
        #expect(try await store.model(id: model.id) == model)
        #expect(try await store.models().contains { $0.id == model.id && $0.source.isEmpty })
        // A model with the CSV files uploaded with it: stored and read back together.
        var withFiles = model
        withFiles.id = "m-files-\(suffix)"
        let files = ["x.csv": "date,q\n2000-01,1.5\n", "y'); DROP TABLE runs; --.csv": "date,q\n"]
        try await store.insertModel(withFiles, files: files)
        #expect(try await store.modelFiles(id: withFiles.id) == files)
        #expect(try await store.modelFiles(id: model.id).isEmpty)

        let run = RunRecord(id: "r-\(suffix)", kind: .run, modelID: model.id, modelName: model.name, name: "baseline", owner: "UP",
                            status: .queued, stepsDone: 0, stepsTotal: 12, message: nil, createdAt: ServerClock.timestamp(), finishedAt: nil)
        try await store.insertRun(run)
        #expect(try await store.updateRun(id: run.id, status: .running, stepsDone: 3, stepsTotal: 12, message: nil))
        let output = RunOutput(documents: RunDocuments(dates: ["2000-01-01", "2000-02-01"], summaryJSON: #"{"s":1}"#, exchangeJSON: #"{"e":2}"#),
                               series: [SeriesRecord(element: "dam", attribute: "volume", values: [1.5, 2.5]),
                                        SeriesRecord(element: "dam", attribute: "flow", values: [3, 4])],
                               finishedAt: ServerClock.timestamp())
        try await store.finishRun(id: run.id, output: output)
        let done = try await store.run(id: run.id)
        #expect(done?.status == .done)
        #expect(done?.stepsDone == 12)
        #expect(try await store.runDocuments(id: run.id) == output.documents)
        #expect(try await store.series(runID: run.id, element: "dam", attribute: "volume") == [output.series[0]])
        #expect(try await store.series(runID: run.id, element: nil, attribute: nil).count == 2)
        // A finished run never changes again, and cannot be finished twice.
        #expect(try await store.updateRun(id: run.id, status: .cancelled, stepsDone: 0, stepsTotal: 12, message: "late") == false)
        // The second finish is refused (by the stores' constraints or their status check: the
        // error is the backend's) and changes nothing: same status, documents and series.
        let other = RunOutput(documents: RunDocuments(dates: ["2001-01-01"], summaryJSON: #"{"s":9}"#, exchangeJSON: #"{"e":9}"#),
                              series: [SeriesRecord(element: "dam", attribute: "spill", values: [9])],
                              finishedAt: ServerClock.timestamp())
        await #expect(throws: (any Error).self) { try await store.finishRun(id: run.id, output: other) }
        #expect(try await store.run(id: run.id)?.status == .done)
        #expect(try await store.runDocuments(id: run.id) == output.documents)
        #expect(try await store.series(runID: run.id, element: nil, attribute: nil).count == 2)

        let queued = RunRecord(id: "r2-\(suffix)", kind: .plan, modelID: model.id, modelName: model.name, name: "plan", owner: "UP",
                               status: .queued, stepsDone: 0, stepsTotal: 12, message: nil, createdAt: ServerClock.timestamp(), finishedAt: nil)
        try await store.insertRun(queued)
        #expect(try await store.markUnfinishedRuns(status: .interrupted, message: "stopped") >= 1)
        #expect(try await store.run(id: queued.id)?.status == .interrupted)
        #expect(try await store.runs(kind: .plan).contains { $0.id == queued.id })
        #expect(try await store.revokeTokens(party: "UP") >= 1)
        #expect(try await store.party(tokenHash: "hash-\(suffix)") == nil)
    }

    /// Appends through the ledger, then proves the rows cannot be changed behind its back.
    static func ledger(_ store: any LedgerStore, tamper: (String) throws -> Void) throws {
        let keys = LedgerFixture()
        let ledger = Ledger(store: store)
        try ledger.append(try keys.genesis())
        try ledger.append(try keys.obligation(id: "ob-1"))
        #expect(try ledger.size() == 2)
        // Every party the genesis registered comes back with the genesis's index and id, as the
        // head signature checks read them (`PartyHistory`), in both stores.
        let registrations = try store.partyRegistrations()
        let genesisID = try keys.genesis().id
        #expect(Set(registrations.map(\.party.code)) == Set(try store.partySet().parties.keys), "\(registrations)")
        #expect(registrations.allSatisfy { $0.index == 0 && $0.entryID == genesisID }, "\(registrations)")
        #expect(registrations.filter(\.isSecretariat).count == 1)
        #expect(throws: LedgerError.self) { try ledger.append(try keys.obligation(id: "ob-2", signer: keys.up)) }
        #expect(try ledger.size() == 2)
        let tree = try ledger.recomputedTree()
        #expect(try tree.root() == (try ledger.root()))
        let proof = try ledger.inclusionProof(index: 1)
        #expect(Merkle.verifyInclusion(leafHash: try #require(try store.entries(1..<2).first).leafHash, index: 1, size: 2, proof: proof, root: try ledger.root()))
        // Heads come back in size order, whatever order they were stored in (issue 17 item 6).
        var current = SignedTreeHead(size: 2, root: try ledger.root(), timestamp: 1)
        try current.sign(with: keys.secretariat, ledger: keys.id)
        var late = SignedTreeHead(size: 1, root: try ledger.root(size: 1), timestamp: 2)
        try late.sign(with: keys.secretariat, ledger: keys.id)
        try store.addHead(current)
        try store.addHead(late)
        #expect(try store.heads().map(\.head.size) == [1, 2])
        for statement in ["UPDATE ledger_entries SET kind = 'x'", "DELETE FROM ledger_entries", "DELETE FROM ledger_nodes"] {
            // Refused by the store's trigger, which says why (not by some other failure).
            let error = #expect(throws: (any Error).self, "\(statement) must be refused") { try tamper(statement) }
            #expect(String(reflecting: error).contains("ledger rows are immutable"), "\(statement): \(String(reflecting: error))")
        }
        #expect(try ledger.size() == 2)
    }
}

@Suite("SQLite store")
struct SQLiteStoreTests {
    @Test("the store contract holds")
    func contract() async throws {
        let server = try TestServer()
        defer { server.cleanUp() }
        guard case .sqlite(let path) = server.config.database else { return }
        let store = try SQLiteServerStore(path: path)
        try await StoreContract.run(store)
        try await store.close()
    }
}

/// Runs only when `ARAL_TEST_POSTGRES_URL` is set; otherwise reported as skipped, with why.
enum PostgresTestEnvironment {
    static var url: String? {
        ProcessInfo.processInfo.environment["ARAL_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }
}

@Suite("PostgreSQL store", .enabled(if: PostgresTestEnvironment.url != nil, "set ARAL_TEST_POSTGRES_URL (scripts/start-postgres.sh) to run the PostgreSQL tests"))
struct PostgresTests {
    static var url: String? { PostgresTestEnvironment.url }

    @Test("the store contract holds in PostgreSQL")
    func contract() async throws {
        let backend = try await PostgresBackend.open(url: try #require(Self.url), logger: Logger(label: "test"))
        do {
            try await StoreContract.run(backend.store)
        } catch {
            await backend.shutdown()
            throw error
        }
        await backend.shutdown()
    }

    @Test("the ledger in PostgreSQL: authority rules, proofs, and triggers refusing UPDATE and DELETE")
    func ledger() async throws {
        let backend = try await PostgresBackend.open(url: try #require(Self.url), logger: Logger(label: "test"))
        // A fresh schema per test run: the ledger tables are append-only, so they cannot be emptied.
        let schema = "ledger_test_\(UUID().uuidString.prefix(8).lowercased())"
        let url = try #require(Self.url)
        try await backend.createSchema(schema)
        await backend.shutdown()
        let scoped = try PostgresLedgerStore(configuration: try PostgresBackend.configuration(url: url), logger: Logger(label: "test"), searchPath: schema)
        try scoped.migrate()
        try StoreContract.ledger(scoped) { statement in try scoped.execute(statement) }
        scoped.close()
    }

    @Test("concurrent appends from two stores are serialised")
    func concurrentAppends() async throws {
        let url = try #require(Self.url)
        let backend = try await PostgresBackend.open(url: url, logger: Logger(label: "test"))
        let schema = "ledger_conc_\(UUID().uuidString.prefix(8).lowercased())"
        try await backend.createSchema(schema)
        await backend.shutdown()
        let config = try PostgresBackend.configuration(url: url)
        let a = try PostgresLedgerStore(configuration: config, logger: Logger(label: "a"), searchPath: schema)
        let b = try PostgresLedgerStore(configuration: config, logger: Logger(label: "b"), searchPath: schema)
        try a.migrate()
        let keys = LedgerFixture()
        try Ledger(store: a).append(try keys.genesis())
        let entries = try (0..<20).map { try keys.obligation(id: "ob-\($0)") }
        await withTaskGroup(of: Void.self) { group in
            for (i, entry) in entries.enumerated() {
                let store: PostgresLedgerStore = i % 2 == 0 ? a : b
                group.addTask { _ = try? Ledger(store: store).append(entry) }
            }
        }
        let ledger = Ledger(store: a)
        #expect(try ledger.size() == 21)
        #expect(try ledger.recomputedTree().root() == (try ledger.root()))
        a.close()
        b.close()
    }
}
