import Foundation
import AralModel
import AralSchema
import AralPlanning
import AralWorkflows
import NIOPosix
import HTTPTypes

/// What a run or plan is asked for, by the API (`POST /api/runs`, `/api/plans`) or by the
/// dashboard's forms: both start it here, so both check the same things in the same order.
struct RunRequest: Sendable {
    var modelID: String
    var name: String?
    /// Scenario overlays of a library model, applied in order (`aral run --scenario`).
    var scenarios: [String] = []
    /// A plan's horizon, `YYYY-MM-DD` (default: the model's timestepper).
    var from: String?
    var to: String?
    /// A plan starts from the storage the model's own run reaches on `from` (`aral plan --start-from-run`).
    var startFromRun = false
}

enum RunStarter {
    /// Checks the request, builds the job (off the event loop: loading a library model with its
    /// scenarios reads CSV files and compiles; a plan's horizon and policy are LP set-up), and
    /// queues it. Everything is checked before anything is queued: an unknown model or
    /// scenario, a bad horizon or policy is a 422 naming its key path.
    static func start(_ request: RunRequest, kind: RunKind, caller: APIParty, state: ServerState) async throws -> RunRecord {
        let modelID = try InputCheck.id(request.modelID, name: "model")
        guard let model = try await ModelCatalog.model(id: modelID, state: state) else {
            throw APIError(.unprocessableContent, "model \(modelID) not found", path: "model")
        }
        try checkScenarios(request.scenarios, of: model)
        let defaultName = ([model.record.name] + request.scenarios).joined(separator: " + ")
        let name = try InputCheck.name(request.name.flatMap { $0.isEmpty ? nil : $0 } ?? defaultName, path: "name")
        try ModelSizeLimit.check(model.compiled, config: state.config)
        try state.runs.checkRoom(owner: caller.code)  // before a plan's inputs (a run of the model with --start-from-run)
        let job = try await NIOThreadPool.singleton.runIfActive { try makeJob(kind: kind, model: model, request: request, config: state.config) }
        let record = RunRecord(id: InputCheck.randomID(prefix: kind == .plan ? "p" : "r"), kind: kind, modelID: model.record.id,
                               modelName: model.record.name, name: name, owner: caller.code, status: .queued, stepsDone: 0,
                               stepsTotal: job.stepsTotal, message: nil, createdAt: ServerClock.timestamp(), finishedAt: nil)
        try await state.runs.start(record, job: job)
        return record
    }

    static func checkScenarios(_ scenarios: [String], of model: CatalogModel) throws {
        for (index, scenario) in scenarios.enumerated() where !model.scenarios.contains(scenario) {
            let known = model.scenarios.isEmpty
                ? "model \(model.record.id) has no scenarios (only the library's models have scenario overlays)"
                : "the scenarios of \(model.record.id) are \(model.scenarios.joined(separator: ", "))"
            throw APIError(.unprocessableContent, "'\(scenario)' is not a scenario of \(model.record.id); \(known)", path: "scenarios.\(index)")
        }
    }

    static func makeJob(kind: RunKind, model: CatalogModel, request: RunRequest, config: ServerConfiguration) throws -> RunJob {
        let source: ModelSource = model.library.map { .file(path: $0.path) } ?? .upload(text: model.record.source, label: UploadedModel.fileLabel, files: model.files)
        switch (kind, model.compiled.model) {
        case (.ensemble, _):
            throw APIError(.unprocessableContent, "ensembles take traces: POST /api/ensembles (EnsembleStarter)", path: "model")
        case (.plan, .pywr):
            throw APIError(.unprocessableContent, "model \(model.record.id) is a Pywr model; plans need an Aral basin model (parties, demands, policy)", path: "model")
        case (.plan, .basin):
            return .plan(try RunRoutes.planInputs(source: source, scenarios: request.scenarios, from: request.from, to: request.to,
                                                     startFromRun: request.startFromRun))
        case (.run, .pywr(let pywr)):
            return .pywr(pywr)
        case (.run, .basin(let basin)):
            guard !request.scenarios.isEmpty else { return .basin(basin) }
            let loaded: LoadedModel
            do { loaded = try ModelLoading.load(source, scenarios: request.scenarios) } catch {
                throw UploadedModel.invalid(error.issues)
            }
            let compiled = UploadedModel.compiled(loaded, text: model.record.source)
            try ModelSizeLimit.check(compiled, config: config)
            guard case .basin(let withScenarios) = loaded else { return .basin(basin) }
            return .basin(withScenarios)
        }
    }
}
