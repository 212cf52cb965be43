import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresNIO
import ServiceLifecycle
import Synchronization

/// The shared deployment: the server's tables and the ledger in one PostgreSQL database.
/// Server tables go through a `PostgresClient` pool (async); the ledger, whose store protocol
/// is synchronous, has its own connection used from NIO's blocking thread pool.
final class PostgresBackend: Sendable {
    let client: PostgresClient
    let store: PostgresServerStore
    let ledger: PostgresLedgerStore
    private let runTask: Mutex<Task<Void, Never>?>
    let logger: Logger

    /// Parses `postgres://user:password@host:port/database[?sslmode=disable|require]`.
    static func configuration(url: String) throws -> PostgresClient.Configuration {
        guard let parts = URLComponents(string: url), let host = parts.host, !host.isEmpty else {
            throw StoreError("cannot read the PostgreSQL URL (expected postgres://user:password@host:port/database)")
        }
        let user = parts.user ?? "postgres"
        let database = parts.path.hasPrefix("/") ? String(parts.path.dropFirst()) : parts.path
        let sslmode = parts.queryItems?.first { $0.name == "sslmode" }?.value ?? "disable"
        guard sslmode == "disable" else {
            throw StoreError("only sslmode=disable is supported for now (run the database on loopback or a private network)")
        }
        return PostgresClient.Configuration(host: host, port: parts.port ?? 5432, username: user, password: parts.password,
                                            database: database.isEmpty ? nil : database, tls: .disable)
    }

    init(url: String, logger: Logger) throws {
        let config = try Self.configuration(url: url)
        self.logger = logger
        client = PostgresClient(configuration: config, backgroundLogger: logger)
        let client = self.client
        // The pool only serves queries while `run()` runs: start it now so that migrations and
        // the first requests can go through; `shutdown` cancels it.
        runTask = Mutex(Task { await client.run() })
        store = PostgresServerStore(client: client, logger: logger)
        ledger = try PostgresLedgerStore(configuration: config, logger: logger)
    }

    /// Opens everything and applies migrations.
    static func open(url: String, logger: Logger) async throws -> PostgresBackend {
        let backend = try PostgresBackend(url: url, logger: logger)
        do {
            try await backend.store.migrate()
            try await NIOThreadPool.singleton.runIfActive { try backend.ledger.migrate() }
        } catch {
            await backend.shutdown()
            throw error
        }
        return backend
    }

    /// Creates a schema (tests give each run its own, since ledger rows cannot be deleted).
    func createSchema(_ name: String) async throws {
        guard !name.isEmpty, name.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F }) else {
            throw StoreError("'\(name)' is not a plain schema name")
        }
        try await client.query(PostgresQuery(unsafeSQL: "CREATE SCHEMA \(name)"), logger: logger)
    }

    /// Until graceful shutdown; then closes the ledger connection and the pool.
    func run() async throws {
        try? await gracefulShutdown()
        await shutdown()
    }

    func shutdown() async {
        ledger.close()
        let task = runTask.withLock { t -> Task<Void, Never>? in
            defer { t = nil }
            return t
        }
        task?.cancel()
        await task?.value
    }
}
