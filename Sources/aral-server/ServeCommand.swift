import ArgumentParser
import Foundation
import AralServer

/// `aral serve` (the executable `aral-server`, which `aral serve` hands over to): the consortium server (HTTP API, dashboard, OpenAPI document). Everything is
/// built by `buildApplication`; this command only reads options and runs the service, which
/// stops gracefully on SIGTERM or SIGINT: runs in progress stop at their next step and are
/// marked `interrupted`.
@main
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aral serve",
        abstract: "Serve the HTTP API and the dashboard.",
        discussion: """
        With no options the server listens on 127.0.0.1:8080 and keeps models, runs, plans and \
        the ledger in aral-server.sqlite. --database postgres://user:password@host:port/db stores \
        the same data in PostgreSQL for a shared deployment. On first start a secretariat token \
        is generated and written to DATABASE.secretariat-token. See docs/server.md.
        """
    )

    @Option(name: .long, help: "Address to listen on.") var host = "127.0.0.1"
    @Option(name: .long, help: "Port to listen on (0 picks a free one).") var port = 8080
    @Option(name: .long, help: "A SQLite file, or a postgres:// URL.") var database = "aral-server.sqlite"
    @Option(name: .customLong("secretariat-token-file"), help: "A file holding the secretariat's bearer token (else ARAL_SECRETARIAT_TOKEN, else generated).")
    var secretariatTokenFile: String?
    @Option(name: .customLong("secretariat"), help: "The secretariat's party code.") var secretariat = "SEC"
    @Option(name: .customLong("ledger-key"), help: "The secretariat's private key: sign a tree head after every append.")
    var ledgerKey: String?
    @Option(name: .customLong("max-body"), help: "Largest request body accepted, in bytes.") var maxBody = 4 * 1024 * 1024
    @Option(name: .customLong("concurrent-runs"), help: "Runs executed at the same time; others queue.") var concurrentRuns = 1
    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error.") var logLevel = "info"
    @Option(name: .customLong("corridors"), help: "A transit-corridor model to serve under /corridors (repeatable; NAME.demand.csv beside it is its demand).")
    var corridors: [String] = []

    func run() async throws {
        var config = ServerConfiguration(host: host, port: port, database: DatabaseLocation(argument: database))
        config.secretariatCode = secretariat
        config.secretariatKeyFile = ledgerKey
        config.maxBodyBytes = maxBody
        config.concurrentRuns = concurrentRuns
        config.corridorModels = corridors
        if let file = secretariatTokenFile {
            do {
                config.secretariatToken = try String(contentsOfFile: file, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            } catch {
                throw ValidationError("cannot read --secretariat-token-file \(file): \(error.localizedDescription)")
            }
        } else if let token = ProcessInfo.processInfo.environment["ARAL_SECRETARIAT_TOKEN"], !token.isEmpty {
            config.secretariatToken = token
        }
        guard ServerRunner.logLevels.contains(logLevel) else { throw ValidationError("unknown --log-level '\(logLevel)'") }
        try await ServerRunner.run(config, logLevel: logLevel)
    }
}
