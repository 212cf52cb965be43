import Foundation
import AralModel
import AralSchema
import AralFormats
import AralPlanning
import AralWorkflows
import Hummingbird
import HTTPTypes
import HummingbirdCore
import NIOCore
import NIOPosix

/// `/api/runs` and `/api/plans`: start (asynchronous), list, progress (JSON and Server-Sent
/// Events), summary, results filtered by element, attribute and step range, the exchange
/// table, cancel. A plan is a run whose page leads with the seasonal exchange.
enum RunRoutes {
    static func add(to router: Router<BasicRequestContext>, state: ServerState) {
        for kind in [RunKind.run, .plan] {  // ensembles start at EnsembleRoutes (traces)
            let group = router.group(RouterPath(stringLiteral: "api/\(kind.rawValue)s"))
            group.post { request, _ in try await start(request, kind: kind, state: state) }
            group.get { _, _ in
                let runs = try await state.store.runs(kind: kind).map(state.runs.current)
                return try JSONResponse.make([kind.rawValue + "s": runs])
            }
        }
        let runs = router.group("api/runs")
        runs.get(":id") { _, context in try JSONResponse.make(try await record(context, state: state)) }
        runs.get(":id/summary") { _, context in
            let docs = try await finishedDocuments(context, state: state)
            return JSONResponse.bytes(Array(docs.summaryJSON.utf8))
        }
        runs.get(":id/exchange") { _, context in
            let docs = try await finishedDocuments(context, state: state)
            if try await record(context, state: state).kind == .ensemble {
                throw APIError(.notFound, "run \(context.parameters.get("id") ?? "") is an ensemble: it has no seasonal accounts; its statistics are at /api/runs/{id}/summary")
            }
            return JSONResponse.bytes(Array(docs.exchangeJSON.utf8))
        }
        runs.get(":id/results") { request, context in try await results(request, context, state: state) }
        runs.get(":id/events") { _, context in try await events(context, state: state) }
        runs.post(":id/cancel") { request, context in
            let caller = try await state.auth.requireParty(request)
            let run = try await record(context, state: state)
            guard caller.isSecretariat || caller.code == run.owner else {
                throw APIError.forbidden("run \(run.id) belongs to '\(run.owner)'; only its owner or the secretariat may cancel it")
            }
            guard !run.status.isFinished else { throw APIError(.conflict, "run \(run.id) has already finished (\(run.status.rawValue))") }
            guard state.runs.stop(run.id) else { throw APIError(.conflict, "run \(run.id) is executed by another server") }
            var accepted = run
            accepted.message = "cancellation requested"
            return try JSONResponse.make(accepted, status: .accepted)
        }
    }

    static func record(_ context: BasicRequestContext, state: ServerState) async throws -> RunRecord {
        let id = try InputCheck.id(context.parameters.get("id") ?? "", name: "id")
        guard let run = try await state.store.run(id: id) else { throw APIError.notFound("run \(id)") }
        return state.runs.current(run)
    }

    static func finishedDocuments(_ context: BasicRequestContext, state: ServerState) async throws -> RunDocuments {
        let id = try InputCheck.id(context.parameters.get("id") ?? "", name: "id")
        if let cached = state.finishedRuns.get(id) { return cached }
        let run = try await record(context, state: state)
        guard let docs = try await state.store.runDocuments(id: run.id) else {
            throw APIError(.conflict, "run \(run.id) has no results (\(run.status.rawValue))")
        }
        state.finishedRuns.put(run.id, docs)
        return docs
    }

    /// `POST /api/runs` `{"model","name"?,"scenarios"?}` runs a basin model (or a Pywr model as
    /// `aral run` does); `POST /api/plans` `{"model","name"?,"scenarios"?,"from"?,"to"?,"start_from_run"?}` makes a
    /// plan with the exchange exactly as `aral plan MODEL --from --to --exchange [--start-from-run]` does (default
    /// horizon: the model's timestepper). `scenarios` names overlays of a library model.
    /// Everything the job needs is checked before it is queued (`RunStarter`).
    static func start(_ request: Request, kind: RunKind, state: ServerState) async throws -> Response {
        let caller = try await state.auth.requireParty(request)
        _ = try Query(request, allowed: [])
        let allowed: Set<String> = kind == .plan ? ["model", "name", "scenarios", "from", "to", "start_from_run"] : ["model", "name", "scenarios"]
        let body = try await JSONBody.read(request, limit: state.config.maxBodyBytes, allowed: allowed)
        var run = RunRequest(modelID: try body.string("model"), name: try body.optionalString("name"),
                             scenarios: try body.optionalStrings("scenarios"),
                             from: kind == .plan ? try body.optionalString("from") : nil, to: kind == .plan ? try body.optionalString("to") : nil)
        if kind == .plan, body.fields.has("start_from_run") {
            guard let flag = try? body.fields.value("start_from_run").bool else { throw APIError.badRequest("must be true or false", path: "start_from_run") }
            run.startFromRun = flag
        }
        let record = try await RunStarter.start(run, kind: kind, caller: caller, state: state)
        var response = try JSONResponse.make(record, status: .accepted)
        response.headers[.location] = "/api/runs/\(record.id)"
        return response
    }

    /// The plan's inputs over `from…to` (default: the model's own timestepper), made by
    /// `PlanWorkflow` as `aral plan` makes them: a library model from its file with its
    /// scenarios, an upload from its text and the CSV files sent with it. Problems are 422s naming the key
    /// path (`from`/`to` for the horizon).
    static func planInputs(source: ModelSource, scenarios: [String], from: String?, to: String?, startFromRun: Bool = false) throws -> PlanInputs {
        let request = PlanWorkflow.Request(source: source, from: try date(from, path: "from"), to: try date(to, path: "to"), scenarios: scenarios,
                                           startFromRun: startFromRun)
        do {
            return try PlanWorkflow.inputs(request)
        } catch let error as ModelFileError {
            guard case .file(let path) = source else { throw UploadedModel.invalid(error.issues) }
            throw UploadedModel.invalid(UploadedModel.hidingFolder(of: path, error.issues))
        } catch let error as PlanError {
            throw apiError(error)
        }
    }

    static func date(_ text: String?, path: String) throws -> CivilDate? {
        guard let text else { return nil }
        guard let date = CivilDate(parsing: text) else {
            throw APIError(.unprocessableContent, "'\(text)' is not a date; write YYYY-MM-DD", path: path)
        }
        return date
    }

    /// Input problems keep their key paths (the horizon's are reported at `from`/`to` rather
    /// than the CLI's `--from`/`--to`); a policy that cannot be met is a 422 too, naming the
    /// shortfalls.
    static func apiError(_ error: PlanError) -> APIError {
        switch error {
        case .invalidInput(let invalid):
            let issues = invalid.issues.map { issue in
                let path = issue.path == "--to" ? "to" : issue.path == "--from" ? "from" : issue.path
                return APIError.Issue(file: UploadedModel.fileLabel, path: path, message: issue.message)
            }
            return APIError(.unprocessableContent, issues.count == 1 ? "1 problem in the plan's input" : "\(issues.count) problems in the plan's input",
                            issues: issues)
        default:
            return APIError(.unprocessableContent, error.description)
        }
    }

    struct ResultsPage: Encodable {
        var run: String
        var fromStep: Int
        var toStep: Int
        var dates: [String]
        var series: [SeriesRecord]
    }

    /// `?node=&attribute=&from=&to=`: steps `from…to` inclusive, 0-based.
    static func results(_ request: Request, _ context: BasicRequestContext, state: ServerState) async throws -> Response {
        let query = try Query(request, allowed: ["node", "attribute", "from", "to"])
        let docs = try await finishedDocuments(context, state: state)
        let run = try await record(context, state: state)
        let count = docs.dates.count
        let from = try query.int("from") ?? 0
        let to = try query.int("to") ?? max(0, count - 1)
        guard from <= to else { throw APIError.badRequest("'from' (\(from)) is after 'to' (\(to))", path: "from") }
        guard from < max(count, 1) else { throw APIError.badRequest("the run has \(count) steps (0 to \(count - 1))", path: "from") }
        let upper = min(to, count - 1)
        let series = try await state.store.series(runID: run.id, element: query.string("node"), attribute: query.string("attribute"))
        if series.isEmpty, query.string("node") != nil || query.string("attribute") != nil {
            throw unknownSeries(node: query.string("node"), attribute: query.string("attribute"),
                                stored: try await state.store.series(runID: run.id, element: nil, attribute: nil))
        }
        let sliced = series.map { s in
            SeriesRecord(element: s.element, attribute: s.attribute, values: count == 0 ? [] : Array(s.values[from...min(upper, s.values.count - 1)]))
        }
        return try JSONResponse.make(ResultsPage(run: run.id, fromStep: from, toStep: upper,
                                                 dates: count == 0 ? [] : Array(docs.dates[from...upper]), series: sliced))
    }

    /// A misspelt `?node=` or `?attribute=` answered 200 with no series, as if the run had
    /// computed nothing there; the 404 names what the run does have.
    static func unknownSeries(node: String?, attribute: String?, stored: [SeriesRecord]) -> APIError {
        func listed(_ names: Set<String>) -> String {
            let sorted = names.sorted()
            return sorted.prefix(30).joined(separator: ", ") + (sorted.count > 30 ? ", … (\(sorted.count) in all)" : "")
        }
        let nodes = Set(stored.map(\.element))
        if let node, !nodes.contains(node) {
            return APIError(.notFound, "the run has no node '\(node)'; its nodes: \(listed(nodes))", path: "node")
        }
        let attributes = Set(stored.filter { node == nil || $0.element == node }.map(\.attribute))
        let owner = node.map { "node '\($0)'" } ?? "run"
        return APIError(.notFound, "the \(owner) has no attribute '\(attribute ?? "")'; its attributes: \(listed(attributes))", path: "attribute")
    }

    /// Server-Sent Events: `progress` events while the run goes, one `done` event (the final
    /// record) when it has finished, then the stream ends.
    static func events(_ context: BasicRequestContext, state: ServerState) async throws -> Response {
        let first = try await record(context, state: state)
        let id = first.id
        let body = ResponseBody { writer in
            var last: RunRecord?
            while true {
                guard let stored = try await state.store.run(id: id) else { break }
                let current = state.runs.current(stored)
                if current != last {
                    let data = try JSONResponse.encoder.encode(current)
                    let event = current.status.isFinished ? "done" : "progress"
                    try await writer.write(ByteBuffer(string: "event: \(event)\ndata: \(String(decoding: data, as: UTF8.self))\n\n"))
                    last = current
                }
                if current.status.isFinished { break }
                try await Task.sleep(for: .milliseconds(200))
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"], body: body)
    }
}
