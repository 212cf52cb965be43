import ArgumentParser
import Foundation
import AralServer
import AralWorkflows

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
        is generated and written (mode 0600) to DATABASE.secretariat-token, or with PostgreSQL \
        printed once to standard output; it is never logged. --tls-cert/--tls-key serve HTTPS; \
        otherwise put a reverse proxy in front. Expensive endpoints are rate-limited per client \
        and request bodies are size- and shape-limited (the --max-* options). See docs/server.md.
        """
    )

    /// The limits' defaults are the configuration's own: one place for each number.
    static let defaults = ServerConfiguration()

    @Option(name: .long, help: "Address to listen on.") var host = "127.0.0.1"
    @Option(name: .long, parsing: .unconditional, help: "Port to listen on (0 picks a free one).") var port = 8080
    @Option(name: .long, help: "A SQLite file, or a postgres:// URL.") var database = "aral-server.sqlite"
    @Option(name: .customLong("secretariat-token-file"), help: "A file holding the secretariat's bearer token (else ARAL_SECRETARIAT_TOKEN, else generated).")
    var secretariatTokenFile: String?
    @Option(name: .customLong("secretariat"), help: "The secretariat's party code.") var secretariat = "SEC"
    @Option(name: .customLong("ledger-key"), help: "The secretariat's private key: sign a tree head after every append.")
    var ledgerKey: String?
    @Option(name: .customLong("max-body"), parsing: .unconditional, help: "Largest request body accepted, in bytes.") var maxBody = Self.defaults.maxBodyBytes
    @Option(name: .customLong("concurrent-runs"), parsing: .unconditional, help: "Runs executed at the same time; others queue.") var concurrentRuns = Self.defaults.concurrentRuns
    @Option(name: .customLong("max-queued-runs-per-party"), parsing: .unconditional, help: "Runs one party may have queued or running; one more is a 429 with Retry-After.")
    var maxQueuedRunsPerParty = Self.defaults.maxQueuedRunsPerParty
    @Option(name: .customLong("max-queued-runs"), parsing: .unconditional, help: "Runs queued or running on this server, all parties together; one more is a 429.")
    var maxQueuedRuns = Self.defaults.maxQueuedRuns
    @Option(name: .customLong("max-depth"), parsing: .unconditional, help: "Deepest nesting of a request body (model YAML/JSON, JSON bodies); deeper is a 413 before parsing.")
    var maxDepth = Self.defaults.maxNestingDepth
    @Option(name: .customLong("max-yaml-aliases"), parsing: .unconditional, help: "YAML alias references (*name) an uploaded model may use.")
    var maxYAMLAliases = Self.defaults.maxYAMLAliases
    @Option(name: .customLong("max-array-items"), parsing: .unconditional, help: "Items in one array of a JSON API body (a ledger entry's party list, terms, signatures).")
    var maxArrayItems = Self.defaults.maxJSONArrayItems
    @Option(name: .customLong("max-model-cells"), parsing: .unconditional, help: "Steps × nodes of a model the server accepts and runs (5,000,000 is 100 years daily × 137 nodes).")
    var maxModelCells = Self.defaults.maxModelCells
    @Option(name: .customLong("max-ensemble-member-steps"), parsing: .unconditional, help: "Members × steps of an ensemble the server accepts (uploaded or generated traces).")
    var maxEnsembleMemberSteps = Self.defaults.maxEnsembleMemberSteps
    @Option(name: .customLong("rate-limit"), parsing: .unconditional, help: "Requests per second per client address on expensive endpoints (validate, upload, runs, plans, ledger appends, verify, proofs); 0 turns it off.")
    var rateLimit = Self.defaults.rateLimitPerSecond
    @Option(name: .customLong("rate-burst"), parsing: .unconditional, help: "Requests a client may make at once on expensive endpoints before --rate-limit applies.")
    var rateBurst = Self.defaults.rateLimitBurst
    @Option(name: .customLong("max-expensive-in-flight"), parsing: .unconditional, help: "Expensive requests worked on at once, all clients together; one more is a 503 with Retry-After.")
    var maxExpensiveInFlight = Self.defaults.maxExpensiveInFlight
    @Flag(name: .customLong("rotate-secretariat-token"), help: "Revoke every secretariat token and issue a new one (written to the token file or printed once).")
    var rotateSecretariatToken = false
    @Option(name: .customLong("tls-cert"), help: "PEM certificate chain: serve HTTPS (with --tls-key).") var tlsCert: String?
    @Option(name: .customLong("tls-key"), help: "PEM private key of --tls-cert.") var tlsKey: String?
    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error.") var logLevel = "info"
    @Option(name: .customLong("corridors"), help: "A transit-corridor model to serve under /corridors (repeatable; NAME.demand.csv beside it is its demand).")
    var corridors: [String] = []
    @Option(name: .customLong("models"), help: "The model library: every model file in DIR, with its CSV hydrology and its scenarios (scenarios/MODEL/). Default: the project's models/ (in the working directory, else in the project the executable was built in).")
    var models: String?
    @Flag(name: .customLong("no-models"), help: "Serve no model library.") var noModels = false

    func run() async throws {
        if case .failure(let problem) = EnsembleWorkflow.workersSetting {
            FileHandle.standardError.write(Data("aral serve: \(problem)\n".utf8))
            throw ExitCode.failure
        }
        var config = ServerConfiguration(host: host, port: port, database: DatabaseLocation(argument: database))
        config.secretariatCode = secretariat
        config.secretariatKeyFile = ledgerKey
        config.maxBodyBytes = maxBody
        config.concurrentRuns = concurrentRuns
        config.maxQueuedRunsPerParty = maxQueuedRunsPerParty
        config.maxQueuedRuns = maxQueuedRuns
        config.maxNestingDepth = maxDepth
        config.maxYAMLAliases = maxYAMLAliases
        config.maxJSONArrayItems = maxArrayItems
        config.maxModelCells = maxModelCells
        config.maxEnsembleMemberSteps = maxEnsembleMemberSteps
        config.rateLimitPerSecond = rateLimit
        config.rateLimitBurst = rateBurst
        config.maxExpensiveInFlight = maxExpensiveInFlight
        config.rotateSecretariatToken = rotateSecretariatToken
        config.tlsCertificateFile = tlsCert
        config.tlsKeyFile = tlsKey
        for (name, value) in [("--max-body", maxBody), ("--concurrent-runs", concurrentRuns), ("--max-queued-runs-per-party", maxQueuedRunsPerParty),
                              ("--max-queued-runs", maxQueuedRuns), ("--max-depth", maxDepth), ("--max-array-items", maxArrayItems),
                              ("--max-model-cells", maxModelCells), ("--max-ensemble-member-steps", maxEnsembleMemberSteps), ("--rate-burst", rateBurst),
                              ("--max-expensive-in-flight", maxExpensiveInFlight)] where value < 1 {
            throw ValidationError("\(name) must be at least 1, found \(value)")
        }
        guard maxYAMLAliases >= 0 else { throw ValidationError("--max-yaml-aliases must be 0 or more, found \(maxYAMLAliases)") }
        guard rateLimit >= 0, rateLimit.isFinite else { throw ValidationError("--rate-limit must be 0 (off) or a positive number, found \(rateLimit)") }
        guard (tlsCert == nil) == (tlsKey == nil) else { throw ValidationError("--tls-cert and --tls-key go together") }
        if rotateSecretariatToken, secretariatTokenFile != nil || ProcessInfo.processInfo.environment["ARAL_SECRETARIAT_TOKEN"].map({ !$0.isEmpty }) == true {
            throw ValidationError("--rotate-secretariat-token rotates a generated token; a configured one (--secretariat-token-file, ARAL_SECRETARIAT_TOKEN) is rotated by replacing it and restarting")
        }
        config.corridorModels = corridors
        guard !(noModels && models != nil) else { throw ValidationError("--models and --no-models exclude each other") }
        if let models {
            config.modelsDirectory = models
        } else if !noModels {
            let executable = Bundle.main.executablePath ?? CommandLine.arguments.first
            if let found = ModelLibraryLocator.locate(workingDirectory: FileManager.default.currentDirectoryPath, executablePath: executable) {
                config.modelsDirectory = found.directory
                // Standard error, before the logger exists: where the library came from, so a
                // deployment sees which folder it serves.
                FileHandle.standardError.write(Data("aral serve: model library: \(found.reason) (--models DIR to choose another, --no-models for none)\n".utf8))
            } else {
                FileHandle.standardError.write(Data("aral serve: no model library: no models/ folder in the working directory or in the project of this executable (--models DIR)\n".utf8))
            }
        }
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
