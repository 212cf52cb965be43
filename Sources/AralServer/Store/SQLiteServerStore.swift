import Foundation
import GRDB

/// The embedded store: the server's tables in one SQLite file (GRDB, WAL, a pool of readers),
/// the same file that holds the ledger, so `aral serve` works with no setup.
/// Table names start with `api_` or `run` so that they never meet the ledger's tables.
public final class SQLiteServerStore: ServerStore {
    public static let busyTimeoutSeconds: Double = 30
    private let pool: DatabasePool

    public init(path: String) throws {
        var config = Configuration()
        config.busyMode = .timeout(Self.busyTimeoutSeconds)
        do {
            pool = try DatabasePool(path: path, configuration: config)
            try Self.migrator.migrate(pool)
        } catch {
            throw StoreError("cannot open \(path): \(error)")
        }
    }

    /// The schema, version by version; `ServerSchema` holds the same DDL for PostgreSQL.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("server-v1") { db in
            for statement in ServerSchema.version1(dialect: .sqlite) {
                try db.execute(sql: statement)
            }
        }
        migrator.registerMigration("server-v2") { db in
            for statement in ServerSchema.version2 { try db.execute(sql: statement) }
        }
        return migrator
    }

    // MARK: Models

    public func insertModel(_ m: ModelRecord, files: [String: String]) async throws {
        try await pool.write { db in
            try db.execute(sql: """
                INSERT INTO api_models(id, name, format, owner, created_at, node_count, step_count, source)
                VALUES (?,?,?,?,?,?,?,?)
                """, arguments: [m.id, m.name, m.format, m.owner, m.createdAt, m.nodeCount, m.stepCount, m.source])
            for (name, content) in files.sorted(by: { $0.key < $1.key }) {
                try db.execute(sql: "INSERT INTO api_model_files(model_id, name, content) VALUES (?,?,?)", arguments: [m.id, name, content])
            }
        }
    }

    public func model(id: String) async throws -> ModelRecord? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM api_models WHERE id = ?", arguments: [id]).map { Self.model($0, source: true) }
        }
    }

    public func modelFiles(id: String) async throws -> [String: String] {
        try await pool.read { db in
            var files: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT name, content FROM api_model_files WHERE model_id = ?", arguments: [id]) {
                files[row["name"]] = row["content"]
            }
            return files
        }
    }

    public func models() async throws -> [ModelRecord] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT id, name, format, owner, created_at, node_count, step_count FROM api_models ORDER BY created_at DESC, id")
                .map { Self.model($0, source: false) }
        }
    }

    private static func model(_ row: Row, source: Bool) -> ModelRecord {
        ModelRecord(id: row["id"], name: row["name"], format: row["format"], owner: row["owner"], createdAt: row["created_at"],
                    nodeCount: row["node_count"], stepCount: row["step_count"], source: source ? row["source"] : "")
    }

    // MARK: Runs

    public func insertRun(_ r: RunRecord) async throws {
        try await pool.write { db in
            try db.execute(sql: """
                INSERT INTO runs(id, kind, model_id, model_name, name, owner, status, steps_done, steps_total, message, created_at, finished_at)
                VALUES (?,?,?,?,?,?,?,?,?,?,?,?)
                """, arguments: [r.id, r.kind.rawValue, r.modelID, r.modelName, r.name, r.owner, r.status.rawValue,
                                 r.stepsDone, r.stepsTotal, r.message, r.createdAt, r.finishedAt])
        }
    }

    public func updateRun(id: String, status: RunStatus, stepsDone: Int, stepsTotal: Int, message: String?) async throws -> Bool {
        let finishedAt: String? = status.isFinished ? ServerClock.timestamp() : nil
        return try await pool.write { db in
            try db.execute(sql: """
                UPDATE runs SET status = ?, steps_done = ?, steps_total = ?, message = ?, finished_at = ?
                WHERE id = ? AND status IN ('queued', 'running')
                """, arguments: [status.rawValue, stepsDone, stepsTotal, message, finishedAt, id])
            return db.changesCount > 0
        }
    }

    public func finishRun(id: String, output: RunOutput) async throws {
        let encoded = try output.series.map { ($0, try SeriesCoding.encode($0.values)) }
        let dates = try SeriesCoding.encode(output.documents.dates)
        try await pool.write { db in
            let insert = try db.makeStatement(sql: "INSERT INTO run_series(run_id, element, attribute, series) VALUES (?,?,?,?)")
            for (s, values) in encoded {
                try insert.execute(arguments: [id, s.element, s.attribute, values])
            }
            try db.execute(sql: """
                INSERT INTO run_documents(run_id, dates, summary, exchange) VALUES (?,?,?,?)
                """, arguments: [id, dates, output.documents.summaryJSON, output.documents.exchangeJSON])
            try db.execute(sql: """
                UPDATE runs SET status = 'done', steps_done = steps_total, message = NULL, finished_at = ?
                WHERE id = ? AND status IN ('queued', 'running')
                """, arguments: [output.finishedAt, id])
            guard db.changesCount == 1 else { throw StoreError("run \(id) is not running any more") }
        }
    }

    public func run(id: String) async throws -> RunRecord? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM runs WHERE id = ?", arguments: [id]).map(Self.run)
        }
    }

    public func runs(kind: RunKind?) async throws -> [RunRecord] {
        try await pool.read { db in
            if let kind {
                return try Row.fetchAll(db, sql: "SELECT * FROM runs WHERE kind = ? ORDER BY created_at DESC, id", arguments: [kind.rawValue]).map(Self.run)
            }
            return try Row.fetchAll(db, sql: "SELECT * FROM runs ORDER BY created_at DESC, id").map(Self.run)
        }
    }

    private static func run(_ row: Row) -> RunRecord {
        let kind: String = row["kind"], status: String = row["status"]
        return RunRecord(id: row["id"], kind: RunKind(rawValue: kind) ?? .run, modelID: row["model_id"], modelName: row["model_name"],
                         name: row["name"], owner: row["owner"], status: RunStatus(rawValue: status) ?? .failed,
                         stepsDone: row["steps_done"], stepsTotal: row["steps_total"], message: row["message"],
                         createdAt: row["created_at"], finishedAt: row["finished_at"])
    }

    public func runDocuments(id: String) async throws -> RunDocuments? {
        try await pool.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT dates, summary, exchange FROM run_documents WHERE run_id = ?", arguments: [id]) else {
                return nil
            }
            let dates: String = row["dates"]
            return RunDocuments(dates: try SeriesCoding.decodeStrings(dates), summaryJSON: row["summary"], exchangeJSON: row["exchange"])
        }
    }

    public func series(runID: String, element: String?, attribute: String?) async throws -> [SeriesRecord] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT element, attribute, series FROM run_series
                WHERE run_id = ? AND (? IS NULL OR element = ?) AND (? IS NULL OR attribute = ?)
                ORDER BY element, attribute
                """, arguments: [runID, element, element, attribute, attribute]).map { row in
                let text: String = row["series"]
                return SeriesRecord(element: row["element"], attribute: row["attribute"], values: try SeriesCoding.decodeDoubles(text))
            }
        }
    }

    public func markUnfinishedRuns(status: RunStatus, message: String) async throws -> Int {
        try await pool.write { db in
            try db.execute(sql: "UPDATE runs SET status = ?, message = ?, finished_at = ? WHERE status IN ('queued', 'running')",
                           arguments: [status.rawValue, message, ServerClock.timestamp()])
            return db.changesCount
        }
    }

    // MARK: Parties and tokens

    public func upsertParty(_ p: APIParty) async throws {
        try await pool.write { db in
            try db.execute(sql: """
                INSERT INTO api_parties(code, name, is_secretariat) VALUES (?,?,?)
                ON CONFLICT(code) DO UPDATE SET name = excluded.name, is_secretariat = excluded.is_secretariat
                """, arguments: [p.code, p.name, p.isSecretariat])
        }
    }

    public func parties() async throws -> [APIParty] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT code, name, is_secretariat FROM api_parties ORDER BY code").map {
                APIParty(code: $0["code"], name: $0["name"], isSecretariat: $0["is_secretariat"])
            }
        }
    }

    public func insertToken(hash: String, party: String) async throws {
        try await pool.write { db in
            try db.execute(sql: "INSERT INTO api_tokens(token_hash, party, created_at) VALUES (?,?,?)",
                           arguments: [hash, party, ServerClock.timestamp()])
        }
    }

    public func party(tokenHash: String) async throws -> APIParty? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: """
                SELECT p.code, p.name, p.is_secretariat FROM api_tokens t JOIN api_parties p ON p.code = t.party
                WHERE t.token_hash = ?
                """, arguments: [tokenHash]).map {
                APIParty(code: $0["code"], name: $0["name"], isSecretariat: $0["is_secretariat"])
            }
        }
    }

    public func revokeTokens(party: String) async throws -> Int {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM api_tokens WHERE party = ?", arguments: [party])
            return db.changesCount
        }
    }

    public func hasSecretariatToken() async throws -> Bool {
        try await pool.read { db in
            try Bool.fetchOne(db, sql: """
                SELECT 1 FROM api_tokens t JOIN api_parties p ON p.code = t.party WHERE p.is_secretariat LIMIT 1
                """) ?? false
        }
    }

    public func close() async throws {
        try pool.close()
    }
}
