import Foundation
import AralPlanning
import AralWorkflows
import Hummingbird
import HTTPTypes
import HummingbirdCore
import AralSchema

/// Plan pages: the stored report of `aral plan --exchange --json` (the same document
/// `GET /api/runs/{id}/summary` returns), drawn by `PlanReportHTML`, the renderer
/// `aral plan --report` uses, inside the dashboard's layout with the basin schematic.
enum PlanPages {
    /// The stored report, read back as the `PlanReport` that AralPlanning wrote (no copy of its
    /// shape here).
    static func view(_ docs: RunDocuments) throws -> PlanReport {
        do {
            return try JSONDecoder().decode(PlanReport.self, from: Data(docs.summaryJSON.utf8))
        } catch {
            throw APIError(.internalServerError, "the stored plan report cannot be read: \(error)")
        }
    }

    static func plan(_ l: RunPages.Loaded, docs: RunDocuments, page: [String: Any], state: ServerState) throws -> Response {
        var page = page
        let v = try view(docs)
        page["hasResults"] = true
        page["from"] = v.from
        page["to"] = v.to
        var schematicState = Schematic.State()
        for r in v.reservoirs where r.maxMm3 > 0 && !r.volumeMm3.isEmpty {
            schematicState.fill[r.name] = r.volumeMm3.reduce(0, +) / Double(r.volumeMm3.count) / r.maxMm3
        }
        page["schematic"] = Schematic(nodes: l.model.nodes, edges: l.model.edges, state: schematicState, linkPrefix: "/runs/\(l.run.id)/nodes/").render()
        page["report"] = PlanReportHTML.sections(v)
        return state.pages.page("plan", title: l.run.name, page)
    }

    /// `/runs/{id}/exchange` of a plan: its exchange section alone.
    static func exchange(_ l: RunPages.Loaded, docs: RunDocuments, state: ServerState) throws -> Response {
        let v = try view(docs)
        return state.pages.page("plan-exchange", title: "Exchange — \(l.run.name)", [
            "id": l.run.id, "name": l.run.name, "hasExchange": v.exchange != nil,
            "exchange": v.exchange.map(PlanReportHTML.exchangeSection) ?? "",
        ])
    }
}
