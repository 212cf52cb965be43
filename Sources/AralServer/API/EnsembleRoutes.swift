import Foundation
import AralSchema
import Hummingbird
import HTTPTypes
import HummingbirdCore
import NIOCore

/// `/api/ensembles`: start an ensemble of a library model with generated traces (JSON) or an
/// uploaded traces file (multipart), and list ensembles. An ensemble is a run of kind
/// `ensemble`: `GET /api/runs/{id}` gives its status and progress (`stepsDone`/`stepsTotal`
/// count members), `/api/runs/{id}/summary` its statistics (`aral run --traces --json`), and
/// `POST /api/runs/{id}/cancel` stops it.
enum EnsembleRoutes {
    static func add(to router: Router<BasicRequestContext>, state: ServerState) {
        let group = router.group("api/ensembles")
        group.post { request, _ in try await start(request, state: state) }
        group.get { _, _ in
            let runs = try await state.store.runs(kind: .ensemble).map(state.runs.current)
            return try JSONResponse.make(["ensembles": runs])
        }
    }

    /// JSON `{"model","name"?,"scenarios"?,"traces"?,"years"?,"seed"?}` generates `traces`
    /// traces of `years` years from the model's own record with `seed`; multipart
    /// (`EnsembleParts`) may carry a traces file instead.
    static func start(_ request: Request, state: ServerState) async throws -> Response {
        let caller = try await state.auth.requireParty(request)
        _ = try Query(request, allowed: [])
        let ensemble: EnsembleRequest
        if let contentType = request.headers[.contentType], ModelUploadParts.isMultipart(contentType) {
            let buffer = try await request.body.collect(upTo: state.config.maxBodyBytes)
            let parts = try EnsembleParts.parse(buffer, contentType: contentType)
            guard parts.fields["csrf"] == nil else { throw APIError.badRequest("the API takes no csrf field (bearer tokens only)", path: "csrf") }
            ensemble = try parts.request(modelID: parts.fields["model"] ?? "")
        } else {
            let body = try await JSONBody.read(request, limit: state.config.maxBodyBytes, allowed: ["model", "name", "scenarios", "traces", "years", "seed"])
            ensemble = EnsembleRequest(modelID: try body.string("model"), name: try body.optionalString("name"), scenarios: try body.optionalStrings("scenarios"),
                                       traces: .generate(count: try integer(body, "traces").map(Int.init) ?? EnsembleDefaults.traces,
                                                         years: try integer(body, "years").map(Int.init) ?? EnsembleDefaults.years,
                                                         seed: try integer(body, "seed") ?? EnsembleDefaults.seed))
        }
        let record = try await EnsembleStarter.start(ensemble, caller: caller, state: state)
        var response = try JSONResponse.make(record, status: .accepted)
        response.headers[.location] = "/api/runs/\(record.id)"
        return response
    }

    /// An optional whole number of a JSON body, 0 to 2⁶⁴ − 1 (a seed is one).
    static func integer(_ body: JSONBody, _ key: String) throws -> UInt64? {
        guard body.fields.has(key) else { return nil }
        let node: JSONNode
        do { node = try body.fields.value(key) } catch { throw APIError.badRequest(error.reason, path: error.path) }
        guard case .number(_, let text) = node.value, let value = UInt64(text) else {
            throw APIError.badRequest("must be a whole number of 0 or more", path: key)
        }
        guard value <= UInt64(Int.max) || key == "seed" else { throw APIError.badRequest("too large", path: key) }
        return value
    }
}
