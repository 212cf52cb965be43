import Foundation
import Hummingbird
import AralLedger
import AralModel
import AralSchema
import HTTPTypes
import HummingbirdCore
import NIOCore

/// The dashboard: server-rendered HTML, no scripts needed, nothing loaded from elsewhere.
enum DashboardRoutes {
    static func add(to router: Router<BasicRequestContext>, state: ServerState) {
        router.get("/") { _, _ in try await html(state) { try await index(state) } }
        router.get("models/:id") { _, context in try await html(state) { try await modelPage(context, state: state) } }
        router.get("runs/:id") { _, context in try await html(state) { try await RunPages.run(context, state: state) } }
        router.get("runs/:id/exchange") { _, context in try await html(state) { try await RunPages.exchange(context, state: state) } }
        router.get("runs/:id/nodes/:node") { _, context in try await html(state) { try await RunPages.node(context, state: state) } }
        router.get("corridors") { _, _ in CorridorPages.list(state) }
        router.get("corridors/:id") { request, context in try await html(state) { try await CorridorPages.page(request, context, state: state) } }
        router.get("ledger") { _, _ in try await html(state) { try await LedgerPages.ledger(state) } }
        router.get("ledger/verify") { _, _ in try await html(state) { try await LedgerPages.verify(state) } }
        EnsemblePages.add(to: router, state: state)
        EnsembleActions.add(to: router, state: state)
        SeasonPages.add(to: router, state: state)
        router.get("static/aral.css") { _, _ in
            var response = JSONResponse.bytes(try Resources.bytes("static/aral.css"), contentType: "text/css; charset=utf-8")
            response.headers[.cacheControl] = "max-age=3600"
            return response
        }
    }

    /// Pages answer errors with an HTML page rather than JSON.
    static func html(_ state: ServerState, _ body: () async throws -> Response) async throws -> Response {
        do {
            return try await body()
        } catch let error as APIError {
            return state.pages.error(error)
        }
    }

    static func index(_ state: ServerState) async throws -> Response {
        let models = try await ModelCatalog.records(state: state)
        let library = Set(state.library.entries.map(\.id))
        let runs = try await state.store.runs(kind: nil).map(state.runs.current)
        let head = try? await state.ledger.size()
        return state.pages.page("index", title: "Aral consortium", [
            "library": state.library.entries.map { ["id": $0.id, "name": $0.compiled.name, "nodes": $0.compiled.nodes.count,
                                                     "steps": $0.compiled.stepCount, "scenarios": $0.scenarios.joined(separator: ", ")] },
            "hasLibrary": !state.library.entries.isEmpty,
            "models": models.filter { !library.contains($0.id) }.map { ["id": $0.id, "name": $0.name, "owner": $0.owner, "nodes": $0.nodeCount, "steps": $0.stepCount, "created": $0.createdAt] },
            "hasModels": models.contains { !library.contains($0.id) },
            "finishedRuns": runs.filter { $0.kind == .run && $0.status == .done }.map(RunPages.row),
            "canCompare": runs.filter { $0.kind == .run && $0.status == .done }.count >= 2,
            "runs": runs.filter { $0.kind == .run }.map(RunPages.row),
            "plans": runs.filter { $0.kind == .plan }.map(RunPages.row),
            "hasRuns": runs.contains { $0.kind == .run },
            "hasPlans": runs.contains { $0.kind == .plan },
            "ledgerSize": head.map(String.init) ?? "—",
        ])
    }

    static func modelPage(_ context: BasicRequestContext, state: ServerState) async throws -> Response {
        let id = try InputCheck.id(context.parameters.get("id") ?? "", name: "id")
        guard let catalog = try await ModelCatalog.model(id: id, state: state) else { throw APIError.notFound("model \(id)") }
        let record = catalog.record
        let model = catalog.compiled
        let runs = try await state.store.runs(kind: nil).filter { $0.modelID == id }.map(state.runs.current)
        let schematic = Schematic(nodes: model.nodes, edges: model.edges, state: nil, linkPrefix: nil)
        return state.pages.page("model", title: record.name, [
            "name": record.name, "id": record.id, "owner": record.owner, "steps": model.stepCount, "format": model.format.rawValue,
            "nodes": model.nodes.map { ["name": $0.name, "kind": model.typeLabel($0), "owner": $0.owner ?? "—"] },
            "schematic": schematic.render(),
            "runs": runs.map(RunPages.row), "hasRuns": !runs.isEmpty,
            "parties": model.parties.map { ["code": $0.code, "name": $0.name] },
            "scenarios": catalog.scenarios.map { ["scenario": $0] }, "hasScenarios": !catalog.scenarios.isEmpty,
            "canPlan": model.format == .aral, "isLibrary": catalog.library != nil,
            "canEnsemble": model.format == .aral && catalog.library != nil, "ensembleTraces": EnsembleDefaults.traces,
            "ensembleYears": EnsembleDefaults.years, "ensembleSeed": EnsembleDefaults.seed,
        ])
    }
}
