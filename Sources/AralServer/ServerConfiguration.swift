import Foundation

/// Where the server keeps its data: one SQLite file (the embedded default, no setup) or a
/// PostgreSQL database shared by several servers.
public enum DatabaseLocation: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(url: String)

    /// `postgres://…` or `postgresql://…` selects PostgreSQL; anything else is a SQLite path.
    public init(argument: String) {
        if argument.hasPrefix("postgres://") || argument.hasPrefix("postgresql://") {
            self = .postgres(url: argument)
        } else {
            self = .sqlite(path: argument)
        }
    }

    /// Never prints a PostgreSQL password.
    public var description: String {
        switch self {
        case .sqlite(let path): return "sqlite:\(path)"
        case .postgres(let url):
            guard var parts = URLComponents(string: url) else { return "postgres://…" }
            if parts.password != nil { parts.password = "***" }
            return parts.string ?? "postgres://…"
        }
    }
}

/// Everything `buildApplication` needs; the CLI fills it from `aral serve`'s options, tests
/// from literals.
public struct ServerConfiguration: Sendable {
    public var host: String = "127.0.0.1"
    public var port: Int = 8080
    public var database: DatabaseLocation = .sqlite(path: "aral-server.sqlite")
    /// Requests with larger bodies get 413 before anything is parsed.
    public var maxBodyBytes: Int = 4 * 1024 * 1024
    /// The secretariat's bearer token. When set it is the secretariat's only token (any other is
    /// revoked at start). When nil and none is stored yet, one is generated and written (0600)
    /// next to the SQLite file or to `secretariatTokenFile`, else printed once to standard
    /// output; it never goes to the log.
    public var secretariatToken: String?
    /// The secretariat's party code, used for the bootstrap token.
    public var secretariatCode: String = "SEC"
    /// Where to write a generated bootstrap token; nil derives it from the SQLite path.
    public var secretariatTokenFile: String?
    /// The secretariat's private key file (as `aral ledger keygen` writes it). When given, the
    /// server signs a new tree head after every append; otherwise heads are signed elsewhere
    /// and posted to `/api/ledger/heads`.
    public var secretariatKeyFile: String?
    /// Transit-corridor model files (as `aral corridor` reads them) served under
    /// `/api/corridors` and `/corridors`; each one's `NAME.demand.csv` beside it, if present, is
    /// its default demand. Loaded at start: a broken file stops the server.
    public var corridorModels: [String] = []
    /// The model library (`--models DIR`): every model file directly in the folder is served
    /// with its CSV hydrology and its scenarios (`scenarios/MODEL/`). Nil serves none; `aral
    /// serve` defaults to the project's `models/` (`ModelLibraryLocator`).
    public var modelsDirectory: String?
    /// Runs executed at the same time; further runs wait in a queue.
    public var concurrentRuns: Int = 1
    /// Runs one party may have queued or running at once; one more is a 429 with `Retry-After`.
    public var maxQueuedRunsPerParty: Int = 4
    /// Runs queued or running on this server at once, all parties together (the memory bound).
    public var maxQueuedRuns: Int = 64
    /// Nesting of a request body (a model file, a JSON body): deeper is a 413 before parsing.
    /// Real models nest about six levels; the YAML and JSON parsers recurse once per level.
    public var maxNestingDepth: Int = 64
    /// YAML alias references (`*name`) in an uploaded model. Each one may expand to a whole
    /// anchored subtree, so a few dozen of them can make a file of a few bytes unbounded work.
    public var maxYAMLAliases: Int = 100
    /// Items in one JSON array of an API body (a ledger entry's party list, terms, signatures).
    public var maxJSONArrayItems: Int = 1_000
    /// Steps × nodes of a model: the size of its results. A model above it is refused at upload,
    /// validation and run (413) before any run is queued. 5,000,000 is 100 years daily × 137 nodes.
    public var maxModelCells: Int = 5_000_000
    /// Members × steps of an ensemble (uploaded or generated traces): the solver work it queues
    /// and the size of the traces held while it runs. 1,000,000 is 2,777 traces of 30 monthly years.
    public var maxEnsembleMemberSteps: Int = 1_000_000
    /// Requests per second per client address on the expensive endpoints (validate, upload,
    /// runs, plans, ledger appends, verify, proofs), refilling a bucket of `rateLimitBurst`. 0 turns it off.
    public var rateLimitPerSecond: Double = 5
    /// Requests a client may make at once on the expensive endpoints before the rate applies.
    public var rateLimitBurst: Int = 20
    /// Expensive requests worked on at once, all clients together; one more is a 503 with
    /// `Retry-After: 1`. Solver runs are not counted here (they queue, `concurrentRuns`).
    public var maxExpensiveInFlight: Int = 16
    /// Seconds an expensive request's body may take to arrive, read before it takes one of
    /// `maxExpensiveInFlight`; slower is a 408. Sixteen connections that sent a header and one
    /// byte each held every slot, without a token, for as long as they stayed open (found
    /// from outside).
    public var bodyReadSeconds: Double = 30
    /// At start, revoke every token the secretariat has and issue a new one (shown once).
    public var rotateSecretariatToken = false
    /// PEM certificate chain and private key: when both are set the server speaks HTTPS itself
    /// (HummingbirdTLS, swift-nio-ssl); otherwise plain HTTP, for a reverse proxy in front.
    public var tlsCertificateFile: String?
    public var tlsKeyFile: String?
    /// Tests only (nil, off, otherwise): hold every basin run after its first step until it is
    /// asked to stop (cancel or shutdown), for at most this long. A test that cancels or shuts
    /// down a run then never sees it finish first, however loaded the machine; the bound keeps
    /// a broken stop from hanging the suite.
    var holdRunsUntilStoppedForTesting: Duration?

    public init() {}

    public init(host: String = "127.0.0.1", port: Int = 8080, database: DatabaseLocation) {
        self.host = host
        self.port = port
        self.database = database
    }
}
