import Logging
import AralLedger
import ServiceLifecycle

/// The stores for one database location: the server's tables and the ledger, side by side in
/// the same SQLite file or the same PostgreSQL database, plus the service that owns the
/// connections for the application's lifetime.
struct DatabaseBackend {
    var store: any ServerStore
    var ledger: any LedgerStore
    var service: DatabaseService

    static func open(_ location: DatabaseLocation, logger: Logger) async throws -> DatabaseBackend {
        switch location {
        case .sqlite(let path):
            let store = try SQLiteServerStore(path: path)
            let ledger = try SQLiteLedgerStore(path: path)
            return DatabaseBackend(store: store, ledger: ledger, service: DatabaseService(store: store, client: nil, logger: logger))
        case .postgres(let url):
            let postgres = try await PostgresBackend.open(url: url, logger: logger)
            return DatabaseBackend(store: postgres.store, ledger: postgres.ledger,
                                   service: DatabaseService(store: postgres.store, client: postgres, logger: logger))
        }
    }
}

/// Keeps the database open while the application runs and closes it on shutdown.
struct DatabaseService: Service {
    let store: any ServerStore
    let client: PostgresBackend?
    let logger: Logger

    func run() async throws {
        if let client {
            try await client.run()
        } else {
            try? await gracefulShutdown()
        }
        try await store.close()
    }
}
