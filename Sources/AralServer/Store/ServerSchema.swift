/// The server's tables, written once for both backends so that SQLite and PostgreSQL hold the
/// same schema. Migrations are numbered; each backend records which ones it has applied
/// (GRDB's `DatabaseMigrator` for SQLite, `aral_migrations` for PostgreSQL).
enum ServerSchema {
    enum Dialect { case sqlite, postgres }

    static func version1(dialect: Dialect) -> [String] {
        let bool = dialect == .sqlite ? "INTEGER" : "BOOLEAN"
        return [
            """
            CREATE TABLE api_parties(
                code TEXT PRIMARY KEY, name TEXT NOT NULL, is_secretariat \(bool) NOT NULL)
            """,
            """
            CREATE TABLE api_tokens(
                token_hash TEXT PRIMARY KEY, party TEXT NOT NULL REFERENCES api_parties(code), created_at TEXT NOT NULL)
            """,
            """
            CREATE TABLE api_models(
                id TEXT PRIMARY KEY, name TEXT NOT NULL, format TEXT NOT NULL, owner TEXT NOT NULL,
                created_at TEXT NOT NULL, node_count INTEGER NOT NULL, step_count INTEGER NOT NULL, source TEXT NOT NULL)
            """,
            """
            CREATE TABLE runs(
                id TEXT PRIMARY KEY, kind TEXT NOT NULL, model_id TEXT NOT NULL REFERENCES api_models(id),
                model_name TEXT NOT NULL, name TEXT NOT NULL, owner TEXT NOT NULL, status TEXT NOT NULL,
                steps_done INTEGER NOT NULL, steps_total INTEGER NOT NULL, message TEXT,
                created_at TEXT NOT NULL, finished_at TEXT)
            """,
            """
            CREATE TABLE run_series(
                run_id TEXT NOT NULL REFERENCES runs(id), element TEXT NOT NULL, attribute TEXT NOT NULL,
                series TEXT NOT NULL, PRIMARY KEY(run_id, element, attribute))
            """,
            """
            CREATE TABLE run_documents(
                run_id TEXT PRIMARY KEY REFERENCES runs(id), dates TEXT NOT NULL, summary TEXT NOT NULL, exchange TEXT NOT NULL)
            """,
        ]
    }

    /// The CSV series uploaded with a model (multipart uploads), by file name.
    static let version2 = [
        """
        CREATE TABLE api_model_files(
            model_id TEXT NOT NULL REFERENCES api_models(id), name TEXT NOT NULL, content TEXT NOT NULL,
            PRIMARY KEY(model_id, name))
        """,
    ]

    /// Every migration in order, by name.
    static func migrations(dialect: Dialect) -> [(name: String, statements: [String])] {
        [("server-v1", version1(dialect: dialect)), ("server-v2", version2)]
    }
}
