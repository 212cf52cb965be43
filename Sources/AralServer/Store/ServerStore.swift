/// What the server stores besides the ledger: uploaded models, runs and plans with their
/// progress and results, and the parties' API credentials. One protocol, two backends
/// (`SQLiteServerStore`, `PostgresServerStore`) with the same schema and the same tests.
///
/// Every write that belongs together happens in one transaction (a run's results and its
/// final status, a party and its first token), so a reader never sees half of it.
public protocol ServerStore: Sendable {
    // MARK: Models
    /// Stores a model and the CSV files uploaded with it (name → text), in one transaction.
    func insertModel(_ model: ModelRecord, files: [String: String]) async throws
    func model(id: String) async throws -> ModelRecord?
    /// The CSV files uploaded with a model (empty for most).
    func modelFiles(id: String) async throws -> [String: String]
    /// Every model, newest first, without their source text.
    func models() async throws -> [ModelRecord]

    // MARK: Runs and plans
    func insertRun(_ run: RunRecord) async throws
    /// Updates status and progress of a run that is not finished yet; returns false if the
    /// run is unknown or already finished (a finished run is never changed again).
    @discardableResult
    func updateRun(id: String, status: RunStatus, stepsDone: Int, stepsTotal: Int, message: String?) async throws -> Bool
    /// Stores a run's results and marks it done, all in one transaction.
    func finishRun(id: String, output: RunOutput) async throws
    func run(id: String) async throws -> RunRecord?
    /// Runs of `kind` (all kinds when nil), newest first.
    func runs(kind: RunKind?) async throws -> [RunRecord]
    /// The step dates, summary and exchange documents of a finished run.
    func runDocuments(id: String) async throws -> RunDocuments?
    /// Result series of a finished run, optionally only one element and/or attribute.
    func series(runID: String, element: String?, attribute: String?) async throws -> [SeriesRecord]
    /// Marks every queued or running run as `status` (at start-up: runs of a previous process
    /// that died, or at shutdown: runs that were stopped). Returns how many.
    @discardableResult
    func markUnfinishedRuns(status: RunStatus, message: String) async throws -> Int

    // MARK: Parties and credentials
    func upsertParty(_ party: APIParty) async throws
    func parties() async throws -> [APIParty]
    func insertToken(hash: String, party: String) async throws
    /// The party holding the token with SHA-256 `hash`, if the token is valid.
    func party(tokenHash: String) async throws -> APIParty?
    @discardableResult
    func revokeTokens(party: String) async throws -> Int
    func hasSecretariatToken() async throws -> Bool

    /// Releases connections.
    func close() async throws
}

/// A party as the API knows it: its code, name and whether it is the secretariat.
public struct APIParty: Sendable, Codable, Equatable {
    public var code: String
    public var name: String
    public var isSecretariat: Bool

    public init(code: String, name: String, isSecretariat: Bool) {
        self.code = code
        self.name = name
        self.isSecretariat = isSecretariat
    }
}

/// An uploaded model: its source text exactly as uploaded, plus what the listing shows.
public struct ModelRecord: Sendable, Codable, Equatable {
    public var id: String
    public var name: String
    /// `aral` (YAML or JSON in the Aral model format) or `pywr`.
    public var format: String
    public var owner: String
    public var createdAt: String
    public var nodeCount: Int
    public var stepCount: Int
    /// Empty in listings.
    public var source: String

    public init(id: String, name: String, format: String, owner: String, createdAt: String, nodeCount: Int, stepCount: Int, source: String) {
        self.id = id
        self.name = name
        self.format = format
        self.owner = owner
        self.createdAt = createdAt
        self.nodeCount = nodeCount
        self.stepCount = stepCount
        self.source = source
    }
}

public enum RunKind: String, Sendable, Codable, CaseIterable {
    case run, plan
    /// One member per trace (`EnsembleWorkflow`); its progress counts members, not steps.
    case ensemble
}

public enum RunStatus: String, Sendable, Codable, CaseIterable {
    case queued, running, done, failed, cancelled
    /// Stopped by a server shutdown, or found unfinished at start-up.
    case interrupted

    public var isFinished: Bool { self != .queued && self != .running }
}

/// A run or plan: what was asked, who asked, and how far it got.
public struct RunRecord: Sendable, Codable, Equatable {
    public var id: String
    public var kind: RunKind
    public var modelID: String
    public var modelName: String
    public var name: String
    public var owner: String
    public var status: RunStatus
    public var stepsDone: Int
    public var stepsTotal: Int
    public var message: String?
    public var createdAt: String
    public var finishedAt: String?

    public init(id: String, kind: RunKind, modelID: String, modelName: String, name: String, owner: String,
                status: RunStatus, stepsDone: Int, stepsTotal: Int, message: String?, createdAt: String, finishedAt: String?) {
        self.id = id
        self.kind = kind
        self.modelID = modelID
        self.modelName = modelName
        self.name = name
        self.owner = owner
        self.status = status
        self.stepsDone = stepsDone
        self.stepsTotal = stepsTotal
        self.message = message
        self.createdAt = createdAt
        self.finishedAt = finishedAt
    }

    /// Fraction done, 0…1.
    public var progress: Double { stepsTotal > 0 ? Double(stepsDone) / Double(stepsTotal) : 0 }
}

/// One attribute of one model element over every step (`upper-dam` `volume`).
public struct SeriesRecord: Sendable, Codable, Equatable {
    public var element: String
    public var attribute: String
    public var values: [Double]

    public init(element: String, attribute: String, values: [Double]) {
        self.element = element
        self.attribute = attribute
        self.values = values
    }
}

/// The documents stored with a finished run: step dates and the summary and exchange as JSON.
public struct RunDocuments: Sendable, Equatable {
    public var dates: [String]
    public var summaryJSON: String
    public var exchangeJSON: String

    public init(dates: [String], summaryJSON: String, exchangeJSON: String) {
        self.dates = dates
        self.summaryJSON = summaryJSON
        self.exchangeJSON = exchangeJSON
    }
}

/// Everything `finishRun` stores.
public struct RunOutput: Sendable {
    public var documents: RunDocuments
    public var series: [SeriesRecord]
    public var finishedAt: String

    public init(documents: RunDocuments, series: [SeriesRecord], finishedAt: String) {
        self.documents = documents
        self.series = series
        self.finishedAt = finishedAt
    }
}

/// A store failure; never shown to clients verbatim (they get a 500 with a request id).
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension ServerStore {
    /// A model without files.
    public func insertModel(_ model: ModelRecord) async throws {
        try await insertModel(model, files: [:])
    }
}
