import Foundation
import AralPlanning
import Hummingbird
import HTTPTypes
import HummingbirdCore
import AralSchema

/// Plan pages, rendered from the stored report of `aral plan --exchange --json` (the same
/// document `GET /api/runs/{id}/summary` returns): what each party is entitled to and receives,
/// energy per plant and season, storage, the inflow to the sea, the value of cooperation and the
/// exchange's obligations.
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

    static func obligationRows(_ exchange: ExchangeResult?) -> [[String: Any]] {
        (exchange?.obligations ?? []).map {
            ["from": $0.from, "to": $0.to, "what": $0.commodity == .water ? "\(SVG.label($0.amount)) Mm³ water" + ($0.gauge.map { " at \($0)" } ?? "") : "\(SVG.label($0.amount)) MWh energy",
             "season": $0.season, "start": $0.start, "end": $0.end]
        }
    }

    static func plan(_ l: RunPages.Loaded, docs: RunDocuments, page: [String: Any], state: ServerState) throws -> Response {
        var page = page
        let v = try view(docs)
        page["hasResults"] = true
        page["from"] = v.from
        page["to"] = v.to
        page["sharing"] = v.sharing
        page["jain"] = SVG.number(v.jainIndex, 3)
        page["aral"] = SVG.label(v.aralInflowMm3)
        page["parties"] = v.parties.map { ["party": $0.party, "system": $0.system, "share": SVG.number($0.share * 100, 1), "entitlement": SVG.label($0.entitlementMm3), "delivered": SVG.label($0.deliveredMm3), "satisfaction": SVG.number($0.satisfaction * 100, 1)] }
        page["plants"] = v.plants.map { ["name": $0.name, "owner": $0.owner ?? "—", "vegetation": SVG.label($0.vegetationMWh / 1000), "winter": SVG.label($0.nonVegetationMWh / 1000), "total": SVG.label($0.totalMWh / 1000)] }
        if let c = v.cooperation {
            page["cooperation"] = [
                "upstream": c.upstream.joined(separator: ", "),
                "rows": [
                    ["what": "delivered Mm³", "alone": SVG.label(c.alone.deliveredMm3), "consortium": SVG.label(c.consortium.deliveredMm3), "difference": SVG.label(c.difference.deliveredMm3)],
                    ["what": "energy GWh", "alone": SVG.label(c.alone.energyMWh / 1000), "consortium": SVG.label(c.consortium.energyMWh / 1000), "difference": SVG.label(c.difference.energyMWh / 1000)],
                    ["what": "Aral Sea inflow Mm³", "alone": SVG.label(c.alone.aralInflowMm3), "consortium": SVG.label(c.consortium.aralInflowMm3), "difference": SVG.label(c.difference.aralInflowMm3)],
                ],
            ] as [String: Any]
        }
        page["method"] = v.exchange?.method ?? ""
        page["obligations"] = obligationRows(v.exchange)
        page["hasObligations"] = !(v.exchange?.obligations.isEmpty ?? true)
        page["hasExchange"] = v.exchange != nil

        var schematicState = Schematic.State()
        for r in v.reservoirs where r.maxMm3 > 0 && !r.volumeMm3.isEmpty {
            schematicState.fill[r.name] = r.volumeMm3.reduce(0, +) / Double(r.volumeMm3.count) / r.maxMm3
        }
        page["schematic"] = Schematic(nodes: l.model.nodes, edges: l.model.edges, state: schematicState, linkPrefix: "/runs/\(l.run.id)/nodes/").render()
        var charts: [String] = []
        let storage = v.reservoirs.map { SVG.Line(label: $0.name, values: $0.volumeMm3) }
        if !storage.isEmpty { charts.append(SVG.lineChart(title: "Planned reservoir storage", unit: "million m³", dates: v.dates, lines: storage)) }
        let delivered = v.parties.filter { $0.entitlementMm3 > 0 }
        if !delivered.isEmpty {
            charts.append(SVG.barChart(title: "Deliveries vs entitlement per party", unit: "million m³", seriesLabels: ["entitlement", "delivered"],
                                       groups: delivered.map { SVG.BarGroup(label: "\($0.party) (\($0.system))", values: [$0.entitlementMm3, $0.deliveredMm3]) }))
        }
        if !v.plants.isEmpty {
            charts.append(SVG.barChart(title: "Planned energy by plant and season", unit: "GWh", seriesLabels: ["vegetation", "non-vegetation"],
                                       groups: v.plants.map { SVG.BarGroup(label: $0.name, values: [$0.vegetationMWh / 1000, $0.nonVegetationMWh / 1000]) }))
        }
        let sinks = v.sinks.map { SVG.Line(label: $0.name, values: $0.inflowM3s) }
        if !sinks.isEmpty { charts.append(SVG.lineChart(title: "Inflow to the Aral Sea and terminal lakes", unit: "m³/s", dates: v.dates, lines: sinks)) }
        page["charts"] = charts
        return state.pages.page("plan", title: l.run.name, page)
    }

    /// `/runs/{id}/exchange` of a plan: the obligations of `aral plan --exchange`.
    static func exchange(_ l: RunPages.Loaded, docs: RunDocuments, state: ServerState) throws -> Response {
        let v = try view(docs)
        return state.pages.page("plan-exchange", title: "Exchange — \(l.run.name)", [
            "id": l.run.id, "name": l.run.name, "method": v.exchange?.method ?? "",
            "hasExchange": v.exchange != nil, "obligations": obligationRows(v.exchange),
        ])
    }
}
