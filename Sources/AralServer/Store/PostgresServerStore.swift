import Foundation
import Logging
import PostgresNIO

/// `ServerStore` in PostgreSQL: the same tables as `SQLiteServerStore` (`ServerSchema`), the
/// same transactions. Every value is a bound parameter (PostgresNIO's string interpolation
/// binds, it never splices text into SQL).
final class PostgresServerStore: ServerStore {
    let client: PostgresClient
    let logger: Logger
    /// Serialises migrations of several servers starting at once.
    static let migrationLockKey: Int64 = 0x4152_414C_0001

    init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    func migrate() async throws {
        try await client.withConnection { conn in
            try await conn.query("SELECT pg_advisory_lock(\(Self.migrationLockKey))", logger: logger)
            do {
                try await conn.query("CREATE TABLE IF NOT EXISTS aral_migrations(name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)", logger: logger)
                var applied: Set<String> = []
                for try await name in try await conn.query("SELECT name FROM aral_migrations", logger: logger).decode(String.self) {
                    applied.insert(name)
                }
                for migration in ServerSchema.migrations(dialect: .postgres) where !applied.contains(migration.name) {
                    try await conn.query("BEGIN", logger: logger)
                    do {
                        for statement in migration.statements {
                            try await conn.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                        }
                        try await conn.query("INSERT INTO aral_migrations(name, applied_at) VALUES (\(migration.name), \(ServerClock.timestamp()))", logger: logger)
                        try await conn.query("COMMIT", logger: logger)
                    } catch {
                        _ = try? await conn.query("ROLLBACK", logger: logger)
                        throw error
                    }
                }
            } catch {
                _ = try? await conn.query("SELECT pg_advisory_unlock(\(Self.migrationLockKey))", logger: logger)
                throw error
            }
            try await conn.query("SELECT pg_advisory_unlock(\(Self.migrationLockKey))", logger: logger)
        }
    }

    // MARK: Models

    func insertModel(_ m: ModelRecord, files: [String: String]) async throws {
        try await client.withTransaction(logger: logger) { conn in
            try await conn.query("""
                INSERT INTO api_models(id, name, format, owner, created_at, node_count, step_count, source)
                VALUES (\(m.id), \(m.name), \(m.format), \(m.owner), \(m.createdAt), \(m.nodeCount), \(m.stepCount), \(m.source))
                """, logger: logger)
            for (name, content) in files.sorted(by: { $0.key < $1.key }) {
                try await conn.query("INSERT INTO api_model_files(model_id, name, content) VALUES (\(m.id), \(name), \(content))", logger: logger)
            }
        }
    }

    func modelFiles(id: String) async throws -> [String: String] {
        var files: [String: String] = [:]
        let rows = try await client.query("SELECT name, content FROM api_model_files WHERE model_id = \(id)", logger: logger)
        for try await (name, content) in rows.decode((String, String).self) { files[name] = content }
        return files
    }

    func model(id: String) async throws -> ModelRecord? {
        let rows = try await client.query("""
            SELECT id, name, format, owner, created_at, node_count, step_count, source FROM api_models WHERE id = \(id)
            """, logger: logger)
        for try await (id, name, format, owner, created, nodes, steps, source) in rows.decode((String, String, String, String, String, Int, Int, String).self) {
            return ModelRecord(id: id, name: name, format: format, owner: owner, createdAt: created, nodeCount: nodes, stepCount: steps, source: source)
        }
        return nil
    }

    func models() async throws -> [ModelRecord] {
        let rows = try await client.query("""
            SELECT id, name, format, owner, created_at, node_count, step_count FROM api_models ORDER BY created_at DESC, id
            """, logger: logger)
        var out: [ModelRecord] = []
        for try await (id, name, format, owner, created, nodes, steps) in rows.decode((String, String, String, String, String, Int, Int).self) {
            out.append(ModelRecord(id: id, name: name, format: format, owner: owner, createdAt: created, nodeCount: nodes, stepCount: steps, source: ""))
        }
        return out
    }

    // MARK: Runs

    func insertRun(_ r: RunRecord) async throws {
        try await client.query("""
            INSERT INTO runs(id, kind, model_id, model_name, name, owner, status, steps_done, steps_total, message, created_at, finished_at)
            VALUES (\(r.id), \(r.kind.rawValue), \(r.modelID), \(r.modelName), \(r.name), \(r.owner), \(r.status.rawValue),
                    \(r.stepsDone), \(r.stepsTotal), \(r.message), \(r.createdAt), \(r.finishedAt))
            """, logger: logger)
    }

    func updateRun(id: String, status: RunStatus, stepsDone: Int, stepsTotal: Int, message: String?) async throws -> Bool {
        let finishedAt: String? = status.isFinished ? ServerClock.timestamp() : nil
        let rows = try await client.query("""
            UPDATE runs SET status = \(status.rawValue), steps_done = \(stepsDone), steps_total = \(stepsTotal),
                message = \(message), finished_at = \(finishedAt)
            WHERE id = \(id) AND status IN ('queued', 'running') RETURNING id
            """, logger: logger)
        return try await rows.decode(String.self).reduce(0) { n, _ in n + 1 } > 0
    }

    func finishRun(id: String, output: RunOutput) async throws {
        let encoded = try output.series.map { ($0, try SeriesCoding.encode($0.values)) }
        let dates = try SeriesCoding.encode(output.documents.dates)
        let logger = self.logger
        try await client.withTransaction(logger: logger) { conn in
            for (s, values) in encoded {
                try await conn.query("INSERT INTO run_series(run_id, element, attribute, series) VALUES (\(id), \(s.element), \(s.attribute), \(values))", logger: logger)
            }
            try await conn.query("""
                INSERT INTO run_documents(run_id, dates, summary, exchange)
                VALUES (\(id), \(dates), \(output.documents.summaryJSON), \(output.documents.exchangeJSON))
                """, logger: logger)
            let rows = try await conn.query("""
                UPDATE runs SET status = 'done', steps_done = steps_total, message = NULL, finished_at = \(output.finishedAt)
                WHERE id = \(id) AND status IN ('queued', 'running') RETURNING id
                """, logger: logger)
            let updated = try await rows.decode(String.self).reduce(0) { n, _ in n + 1 }
            guard updated == 1 else { throw StoreError("run \(id) is not running any more") }
        }
    }

    private static let runColumns = "id, kind, model_id, model_name, name, owner, status, steps_done, steps_total, message, created_at, finished_at"

    private func decodeRuns(_ rows: PostgresRowSequence) async throws -> [RunRecord] {
        var out: [RunRecord] = []
        for try await (id, kind, modelID, modelName, name, owner, status, done, total, message, created, finished)
            in rows.decode((String, String, String, String, String, String, String, Int, Int, String?, String, String?).self) {
            out.append(RunRecord(id: id, kind: RunKind(rawValue: kind) ?? .run, modelID: modelID, modelName: modelName, name: name,
                                 owner: owner, status: RunStatus(rawValue: status) ?? .failed, stepsDone: done, stepsTotal: total,
                                 message: message, createdAt: created, finishedAt: finished))
        }
        return out
    }

    func run(id: String) async throws -> RunRecord? {
        try await decodeRuns(try await client.query("SELECT \(unescaped: Self.runColumns) FROM runs WHERE id = \(id)", logger: logger)).first
    }

    func runs(kind: RunKind?) async throws -> [RunRecord] {
        if let kind {
            return try await decodeRuns(try await client.query(
                "SELECT \(unescaped: Self.runColumns) FROM runs WHERE kind = \(kind.rawValue) ORDER BY created_at DESC, id", logger: logger))
        }
        return try await decodeRuns(try await client.query("SELECT \(unescaped: Self.runColumns) FROM runs ORDER BY created_at DESC, id", logger: logger))
    }

    func runDocuments(id: String) async throws -> RunDocuments? {
        let rows = try await client.query("SELECT dates, summary, exchange FROM run_documents WHERE run_id = \(id)", logger: logger)
        for try await (dates, summary, exchange) in rows.decode((String, String, String).self) {
            return RunDocuments(dates: try SeriesCoding.decodeStrings(dates), summaryJSON: summary, exchangeJSON: exchange)
        }
        return nil
    }

    func series(runID: String, element: String?, attribute: String?) async throws -> [SeriesRecord] {
        let rows = try await client.query("""
            SELECT element, attribute, series FROM run_series
            WHERE run_id = \(runID) AND (\(element)::text IS NULL OR element = \(element)) AND (\(attribute)::text IS NULL OR attribute = \(attribute))
            ORDER BY element, attribute
            """, logger: logger)
        var out: [SeriesRecord] = []
        for try await (element, attribute, text) in rows.decode((String, String, String).self) {
            out.append(SeriesRecord(element: element, attribute: attribute, values: try SeriesCoding.decodeDoubles(text)))
        }
        return out
    }

    func markUnfinishedRuns(status: RunStatus, message: String) async throws -> Int {
        let rows = try await client.query("""
            UPDATE runs SET status = \(status.rawValue), message = \(message), finished_at = \(ServerClock.timestamp())
            WHERE status IN ('queued', 'running') RETURNING id
            """, logger: logger)
        return try await rows.decode(String.self).reduce(0) { n, _ in n + 1 }
    }

    // MARK: Parties and tokens

    func upsertParty(_ p: APIParty) async throws {
        try await client.query("""
            INSERT INTO api_parties(code, name, is_secretariat) VALUES (\(p.code), \(p.name), \(p.isSecretariat))
            ON CONFLICT(code) DO UPDATE SET name = excluded.name, is_secretariat = excluded.is_secretariat
            """, logger: logger)
    }

    func parties() async throws -> [APIParty] {
        let rows = try await client.query("SELECT code, name, is_secretariat FROM api_parties ORDER BY code", logger: logger)
        var out: [APIParty] = []
        for try await (code, name, sec) in rows.decode((String, String, Bool).self) {
            out.append(APIParty(code: code, name: name, isSecretariat: sec))
        }
        return out
    }

    func insertToken(hash: String, party: String) async throws {
        try await client.query("INSERT INTO api_tokens(token_hash, party, created_at) VALUES (\(hash), \(party), \(ServerClock.timestamp()))", logger: logger)
    }

    func party(tokenHash: String) async throws -> APIParty? {
        let rows = try await client.query("""
            SELECT p.code, p.name, p.is_secretariat FROM api_tokens t JOIN api_parties p ON p.code = t.party WHERE t.token_hash = \(tokenHash)
            """, logger: logger)
        for try await (code, name, sec) in rows.decode((String, String, Bool).self) {
            return APIParty(code: code, name: name, isSecretariat: sec)
        }
        return nil
    }

    func revokeTokens(party: String) async throws -> Int {
        let rows = try await client.query("DELETE FROM api_tokens WHERE party = \(party) RETURNING token_hash", logger: logger)
        return try await rows.decode(String.self).reduce(0) { n, _ in n + 1 }
    }

    func hasSecretariatToken() async throws -> Bool {
        let rows = try await client.query("""
            SELECT t.token_hash FROM api_tokens t JOIN api_parties p ON p.code = t.party WHERE p.is_secretariat LIMIT 1
            """, logger: logger)
        return try await rows.decode(String.self).reduce(0) { n, _ in n + 1 } > 0
    }

    /// The pool is closed by `PostgresBackend.shutdown`.
    func close() async throws {}
}
