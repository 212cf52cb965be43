import Foundation
import Logging
import AralLedger
import Mustache

/// Everything the routes share: the stores, the ledger, the run manager, the templates.
struct ServerState: Sendable {
    let config: ServerConfiguration
    let store: any ServerStore
    let ledger: LedgerService
    let runs: RunManager
    let finishedRuns = RunDocumentCache()
    /// `/api/ledger/verify` and `/ledger/verify`: one verification per tree size.
    let verifyCache = LedgerVerifyCache()
    let auth: Authenticator
    let pages: PageRenderer
    let openAPI: [UInt8]
    /// Transit-corridor models (`--corridors`), loaded once at start.
    let corridors: CorridorCatalog
    let corridorAssignments = CorridorAssignmentCache()
    /// The deployment's own models (`--models`), loaded once at start.
    let library: ModelLibrary
    /// Dashboard sessions: who signed in, and each session's token against cross-site forms.
    let sessions = DashboardSessions()
    /// Settlements being signed, party by party, in the dashboard (`SettlementSignatures`).
    let settlements = SettlementSignatures()
    let logger: Logger
    /// Started with the application and stopped with it (the PostgreSQL client's run loop).
    let databaseService: DatabaseService

    static func open(_ config: ServerConfiguration, logger: Logger) async throws -> ServerState {
        let backend = try await DatabaseBackend.open(config.database, logger: logger)
        let interrupted = try await backend.store.markUnfinishedRuns(status: .interrupted, message: "the server stopped before this run finished")
        if interrupted > 0 { logger.warning("marked \(interrupted) unfinished run(s) of a previous server as interrupted") }
        let auth = Authenticator(store: backend.store)
        if let fresh = try await auth.bootstrap(secretariatCode: config.secretariatCode, token: config.secretariatToken,
                                                rotate: config.rotateSecretariatToken) {
            SecretariatTokenNotice.announce(token: fresh, config: config, logger: logger)
        }
        var key: PartyKey?
        if let file = config.secretariatKeyFile {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            key = try PartyKey.read(try JSONParser.parse(text, source: file), source: file)
        }
        let library = try config.modelsDirectory.map(ModelLibrary.load) ?? .empty
        if let directory = library.directory {
            logger.info("model library: \(library.entries.map(\.id).joined(separator: ", ")) from \(directory)")
        }
        try await ModelCatalog.register(library, in: backend.store)
        return ServerState(
            config: config, store: backend.store,
            ledger: LedgerService(store: backend.ledger, secretariatKey: key),
            runs: RunManager(store: backend.store, concurrentRuns: config.concurrentRuns, queueLimits: RunQueueLimits(config),
                             logger: logger, holdUntilStopped: config.holdRunsUntilStoppedForTesting),
            auth: auth, pages: try await PageRenderer.load(), openAPI: try Resources.bytes("openapi.json"),
            corridors: try CorridorCatalog.load(paths: config.corridorModels), library: library,
            logger: logger, databaseService: backend.service)
    }
}

/// Files shipped in the target's resource bundle (templates, CSS, the OpenAPI document).
enum Resources {
    /// `Resources` as copied into the bundle (`.copy("Resources")` in Package.swift).
    static var directory: URL {
        Bundle.module.url(forResource: "Resources", withExtension: nil)
            ?? Bundle.module.bundleURL.appendingPathComponent("Resources")
    }

    static func bytes(_ relativePath: String) throws -> [UInt8] {
        Array(try Data(contentsOf: directory.appendingPathComponent(relativePath)))
    }
}
