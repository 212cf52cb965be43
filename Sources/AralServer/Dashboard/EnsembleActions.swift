import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdCore
import NIOCore

/// The dashboard's ensemble form (`POST /models/{id}/ensembles`, multipart since it may carry a
/// traces file; its anti-forgery token is a part) and the cancel button of a run's page
/// (`POST /runs/{id}/cancel`, any run, plan or ensemble). Each calls what its API route calls
/// (`EnsembleStarter.start`, `RunManager.stop`) with the same checks.
enum EnsembleActions {
    static func add(to router: Router<BasicRequestContext>, state: ServerState) {
        router.post("models/:id/ensembles") { request, context in
            try await DashboardRoutes.html(state) {
                guard let contentType = request.headers[.contentType], ModelUploadParts.isMultipart(contentType) else {
                    // As every form: the type before the anti-forgery token (read from its part).
                    throw APIError(.unsupportedMediaType, "the ensemble form is posted as multipart/form-data (it may carry a traces file), not "
                        + (request.headers[.contentType] ?? "no content type"))
                }
                let buffer = try await request.body.collect(upTo: state.config.maxBodyBytes)
                let parts = try EnsembleParts.parse(buffer, contentType: contentType)
                try DashboardForms.check(parts.fields["csrf"])
                let caller = try await DashboardForms.caller(state)
                let record = try await EnsembleStarter.start(try parts.request(modelID: context.parameters.get("id") ?? ""), caller: caller, state: state)
                return DashboardForms.redirect("/runs/\(record.id)")
            }
        }
        router.post("runs/:id/cancel") { request, context in
            try await DashboardRoutes.html(state) {
                _ = try await DashboardForms.read(DashboardForms.Token.self, request, state: state)
                let caller = try await DashboardForms.caller(state)
                let run = try await RunRoutes.record(context, state: state)
                guard caller.isSecretariat || caller.code == run.owner else {
                    throw APIError.forbidden("run \(run.id) belongs to '\(run.owner)'; only its owner or the secretariat may cancel it")
                }
                if !run.status.isFinished { state.runs.stop(run.id) }
                return DashboardForms.redirect("/runs/\(run.id)")
            }
        }
    }
}
