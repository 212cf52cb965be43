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
    /// The secretariat's bootstrap bearer token. When nil and none is stored yet, one is
    /// generated and written next to the SQLite file (or logged once for PostgreSQL).
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
    /// Runs executed at the same time; further runs wait in a queue.
    public var concurrentRuns: Int = 1
    /// A pause after every step of every run. Only tests set it, to catch a run while it is
    /// still going (the example basin otherwise finishes within milliseconds).
    var stepPauseForTesting: Duration?

    public init() {}

    public init(host: String = "127.0.0.1", port: Int = 8080, database: DatabaseLocation) {
        self.host = host
        self.port = port
        self.database = database
    }
}
