import Foundation
import Hummingbird
import AralWorkflows
import HTTPTypes
import HummingbirdCore
import NIOCore

/// An ensemble's page (`/runs/{id}` of an ensemble): members done while it runs (the page
/// refreshes itself, no script), a cancel button, and once finished the statistics of
/// `EnsembleRunSummary` per group: each party's yearly deficit across members (mean, p5, p50,
/// p95, against its demand) with a chart of the share delivered, plants, reservoirs and sinks. `/runs/{id}/statistics.csv`
/// is the same rows as `aral run --traces … --csv` writes them.
enum EnsemblePages {
    static func add(to router: Router<BasicRequestContext>, state: ServerState) {
        router.get("runs/:id/statistics.csv") { _, context in try await csv(context, state: state) }
    }

    static func page(_ l: RunPages.Loaded, page base: [String: Any], state: ServerState) async throws -> Response {
        var page = base
        guard let docs = l.docs else {
            return state.pages.page("ensemble", title: l.run.name, page, refreshSeconds: l.run.status.isFinished ? nil : 2)
        }
        let summary = try EnsembleRunSummary.decode(docs.summaryJSON)
        page["hasResults"] = true
        page["members"] = summary.membersRun ?? summary.memberCount
        page["steps"] = summary.steps ?? 0
        page["seconds"] = SVG.number(summary.seconds ?? 0, 2)
        page["groups"] = groups(summary)
        // Other finished ensembles of the model, to compare with (e.g. with and without a scenario).
        let others = try await state.store.runs(kind: .ensemble).filter { $0.modelID == l.run.modelID && $0.id != l.run.id && $0.status == .done }
        page["others"] = others.map(RunPages.row)
        page["canCompare"] = !others.isEmpty
        return state.pages.page("ensemble", title: l.run.name, page)
    }

    /// One section per group (overlay combination; `all` when the model has none).
    static func groups(_ summary: EnsembleRunSummary) -> [[String: Any]] {
        let names = summary.rows.map(\.group).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        return names.map { group in
            let rows = summary.rows.filter { $0.group == group }
            func value(_ element: String, _ statistic: String) -> Double {
                rows.first { $0.element == element && $0.statistic == statistic }?.value ?? .nan
            }
            func elements(_ kind: String) -> [String] {
                rows.filter { $0.kind == kind }.map(\.element).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
            }
            let parties = elements("state")
            let partyRows: [[String: Any]] = parties.map { p in
                let demand = value(p, "demand_mm3_per_year_mean"), deficit = value(p, "deficit_mm3_per_year_mean")
                return ["name": p, "demand": SVG.number(demand, 0), "deficitMean": SVG.number(deficit, 1),
                        "deliveredPercent": demand > 0 ? SVG.number(100 * (1 - deficit / demand), 1) : "—",
                        "p5": SVG.number(value(p, "deficit_mm3_per_year_p5"), 1), "p50": SVG.number(value(p, "deficit_mm3_per_year_p50"), 1),
                        "p95": SVG.number(value(p, "deficit_mm3_per_year_p95"), 1),
                        "reliabilityYears": SVG.number(value(p, "reliability_years"), 3), "reliabilitySteps": SVG.number(value(p, "reliability_steps"), 3)]
            }
            // A member's delivery is its demand less its deficit, and the demand is the same
            // schedule in every member (traces change inflows only), so the p-th percentile of
            // the share delivered is 1 − the (100−p)-th percentile of the deficit over the demand.
            let chart = SVG.barChart(title: "Water delivered per party across members", unit: "% of its demand per year",
                                     seriesLabels: ["p5", "p50", "p95"],
                                     groups: parties.map { p in
                                         let demand = value(p, "demand_mm3_per_year_mean")
                                         return SVG.BarGroup(label: p, values: ["p95", "p50", "p5"].map {
                                             demand > 0 ? 100 * (1 - value(p, "deficit_mm3_per_year_\($0)") / demand) : 100
                                         })
                                     })
            let plants: [[String: Any]] = elements("plant").map { p in
                ["name": p, "p5": SVG.number(value(p, "gwh_per_year_p5"), 0), "p50": SVG.number(value(p, "gwh_per_year_p50"), 0),
                 "p95": SVG.number(value(p, "gwh_per_year_p95"), 0)]
            }
            let reservoirs: [[String: Any]] = elements("reservoir").map { r in
                ["name": r, "dead": SVG.number(value(r, "probability_dead_storage"), 3), "p5": SVG.number(value(r, "min_volume_mm3_p5"), 0),
                 "p50": SVG.number(value(r, "min_volume_mm3_p50"), 0)]
            }
            let sinks: [[String: Any]] = elements("sink").map { s in
                ["name": s, "p5": SVG.number(value(s, "inflow_km3_per_year_p5"), 2), "p50": SVG.number(value(s, "inflow_km3_per_year_p50"), 2),
                 "p95": SVG.number(value(s, "inflow_km3_per_year_p95"), 2)]
            }
            return ["group": group, "members": rows.first?.members ?? 0, "chart": chart, "parties": partyRows,
                    "plants": plants, "hasPlants": !plants.isEmpty, "reservoirs": reservoirs, "hasReservoirs": !reservoirs.isEmpty,
                    "sinks": sinks, "hasSinks": !sinks.isEmpty]
        }
    }

    /// The statistics as CSV (`group,element,kind,statistic,value,members`), as a download.
    static func csv(_ context: BasicRequestContext, state: ServerState) async throws -> Response {
        let l = try await RunPages.load(context, state: state)
        guard l.run.kind == .ensemble else { throw APIError.notFound("ensemble \(l.run.id)") }
        guard let docs = l.docs else { throw APIError(.conflict, "ensemble \(l.run.id) has no statistics yet (\(l.run.status.rawValue))") }
        let text = EnsembleRunSummary.csv(try EnsembleRunSummary.decode(docs.summaryJSON).rows)
        var response = JSONResponse.bytes(Array(text.utf8), contentType: "text/csv; charset=utf-8")
        response.headers[.contentDisposition] = "attachment; filename=\"\(l.run.id)-statistics.csv\""
        return response
    }
}
