import Foundation
import AralModel
import AralSchema
import AralEnsemble
import AralWorkflows
import NIOPosix
import HTTPTypes

/// An ensemble as the API (`POST /api/ensembles`) and the model page's form ask for it.
struct EnsembleRequest: Sendable {
    enum Traces: Sendable {
        /// `aral hydrology generate --traces count --years years --seed seed` from the model's own
        /// record, starting at the model's first month (`EnsembleTraces`).
        case generate(count: Int, years: Int, seed: UInt64)
        /// A traces CSV sent with the request (`trace,date,SITE…`); `years` of the model's run
        /// (default: the whole years the traces cover, at most the model's run).
        case upload(fileName: String, data: Data, years: Int?)
    }

    var modelID: String
    var name: String?
    /// Scenario overlays of the library model, applied to every member (`aral run --scenario`).
    var scenarios: [String] = []
    var traces: Traces
}

/// Checks an ensemble request and queues it, as `RunStarter` does a run: the model, its
/// scenarios, the traces (read, or generated, then bound to the model by `EnsembleWorkflow.plan`,
/// the loader the run itself uses) and the bound on members × steps, all before anything is
/// queued. Ensembles run library models: `EnsembleWorkflow` reads the model from its file.
enum EnsembleStarter {
    /// Traces a request may generate at most, whatever the steps (the generator's own work and
    /// the traces file's size are per trace and month).
    static let maxGeneratedTraces = 10_000

    static func start(_ request: EnsembleRequest, caller: APIParty, state: ServerState) async throws -> RunRecord {
        let modelID = try InputCheck.id(request.modelID, name: "model")
        guard let model = try await ModelCatalog.model(id: modelID, state: state) else {
            throw APIError(.unprocessableContent, "model \(modelID) not found", path: "model")
        }
        guard let entry = model.library, let basin = model.compiled.basin else {
            throw APIError(.unprocessableContent, "model \(modelID) is not a basin model of the server's library; ensembles run the library's models "
                + "(`aral run MODEL --traces FILE` runs any model file)", path: "model")
        }
        try RunStarter.checkScenarios(request.scenarios, of: model)
        try ModelSizeLimit.check(model.compiled, config: state.config)
        try state.runs.checkRoom(owner: caller.code)
        let directory = try EnsembleJob.makeDirectory()
        do {
            let job = try await NIOThreadPool.singleton.runIfActive {
                try makeJob(request, basin: basin, modelPath: entry.path, directory: directory, limit: state.config.maxEnsembleMemberSteps)
            }
            let defaultName = ([model.record.name] + request.scenarios).joined(separator: " + ") + " ensemble of \(job.members)"
            let name = try InputCheck.name(request.name.flatMap { $0.isEmpty ? nil : $0 } ?? defaultName, path: "name")
            let record = RunRecord(id: InputCheck.randomID(prefix: "e"), kind: .ensemble, modelID: model.record.id, modelName: model.record.name,
                                   name: name, owner: caller.code, status: .queued, stepsDone: 0, stepsTotal: job.members, message: nil,
                                   createdAt: ServerClock.timestamp(), finishedAt: nil)
            try await state.runs.start(record, job: .ensemble(job))
            return record
        } catch {
            try? FileManager.default.removeItem(at: directory)
            throw error
        }
    }

    /// The traces written to `directory`, the workflow's request, and its plan as the check.
    static func makeJob(_ request: EnsembleRequest, basin: BasinModel, modelPath: String, directory: URL, limit: Int) throws -> EnsembleJob {
        let horizon = Horizon(basin)
        let tracesPath = directory.appendingPathComponent("traces.csv").path
        let years: Int
        switch request.traces {
        case .generate(let count, let wanted, let seed):
            guard (1...maxGeneratedTraces).contains(count) else {
                throw APIError.badRequest("traces must be 1 to \(maxGeneratedTraces); got \(count)", path: "traces")
            }
            guard (1...horizon.years).contains(wanted) else {
                throw APIError.badRequest("years must be 1 to \(horizon.years) (the model runs \(horizon.years) years from \(horizon.start)); got \(wanted)", path: "years")
            }
            try checkSize(members: count, steps: horizon.steps(years: wanted), limit: limit)
            do {
                try EnsembleTraces.generate(for: basin, modelPath: modelPath, count: count, years: wanted, seed: seed).write(to: tracesPath)
            } catch {
                throw APIError(.unprocessableContent, "cannot generate traces from the model's hydrology: \(error.message)", path: "traces")
            }
            years = wanted
        case .upload(let fileName, let data, let wanted):
            let traces: TraceSet
            do { traces = try TraceSet.parse(data, file: fileName) } catch {
                throw APIError(.badRequest, error.description, path: error.path ?? "traces",
                               issues: [APIError.Issue(file: error.file ?? fileName, line: error.line, column: nil, path: error.path, message: error.message)])
            }
            if let wanted, !(1...horizon.years).contains(wanted) {
                throw APIError.badRequest("years must be 1 to \(horizon.years) (the model runs \(horizon.years) years from \(horizon.start)); got \(wanted)", path: "years")
            }
            years = wanted ?? min(horizon.years, max(1, traces.months / 12))
            try checkSize(members: traces.count, steps: horizon.steps(years: years), limit: limit)
            do { try data.write(to: URL(fileURLWithPath: tracesPath)) } catch {
                throw APIError(.internalServerError, "cannot keep the traces for the run: \(error.localizedDescription)")
            }
        }
        let workflow = EnsembleWorkflow.Request(model: modelPath, scenarios: request.scenarios, traces: tracesPath,
                                                store: directory.appendingPathComponent("ensemble.sqlite").path,
                                                workers: EnsembleJob.workers, years: years)
        let plan: EnsemblePlan
        do { plan = try EnsembleWorkflow.plan(workflow) } catch {
            // `file:line: path: message`, as the CLI prints it.
            // The server's own folder is nobody's business: the traces are named as they were sent.
            let sent: String
            if case .upload(let fileName, _, _) = request.traces { sent = fileName } else { sent = "generated traces" }
            let message = UploadedModel.hidingFolder(of: modelPath, error.description.replacingOccurrences(of: tracesPath, with: sent))
            throw APIError(.unprocessableContent, message, path: error.path ?? "traces")
        }
        let steps = plan.models.first?.network.steps.count ?? 0
        try checkSize(members: plan.grid.memberCount, steps: steps, limit: limit)
        return EnsembleJob(request: workflow, members: plan.grid.memberCount, directory: directory)
    }

    /// Members × steps against `--max-ensemble-member-steps`: a 413 naming the bound.
    static func checkSize(members: Int, steps: Int, limit: Int) throws {
        let (product, overflow) = members.multipliedReportingOverflow(by: steps)
        guard overflow || product > limit else { return }
        throw APIError(.contentTooLarge, "\(members) members × \(steps) steps is above the server's bound of \(limit) member-steps "
            + "(--max-ensemble-member-steps); use fewer traces or years", path: "traces")
    }

    /// The model's run in whole years from its first step.
    struct Horizon {
        var start: CivilDate
        var years: Int
        var dates: [CivilDate]

        init(_ model: BasinModel) {
            dates = model.network.steps.map(\.date)
            start = dates.first ?? CivilDate(year: 2000, month: 1, day: 1)
            let last = dates.last ?? start
            let months = (last.year - start.year) * 12 + (last.month - start.month) + 1
            years = max(1, (months + 11) / 12)
        }

        /// Steps of the first `years` years.
        func steps(years: Int) -> Int {
            let end = CivilDate(year: start.year + years, month: start.month, day: 1)
            return dates.count { $0 < end }
        }
    }
}
