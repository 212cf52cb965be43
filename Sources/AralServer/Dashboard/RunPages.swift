import Foundation
import Hummingbird
import AralModel
import AralSchema
import AralPywr
import AralWorkflows
import HTTPTypes
import HummingbirdCore
import NIOCore

/// Run and plan pages: status, summary tables, the coloured schematic and the charts
/// (reservoir storage, deliveries vs entitlement per party, energy by plant and season,
/// inflow to the terminal lakes), the accounts per party and season (a plan's page: its exchange)
/// and one node's series.
enum RunPages {
    static func row(_ r: RunRecord) -> [String: Any] {
        ["id": r.id, "name": r.name, "model": r.modelName, "modelID": r.modelID, "owner": r.owner, "status": r.status.rawValue,
         "percent": Int((r.progress * 100).rounded()), "created": r.createdAt]
    }

    struct Loaded {
        var run: RunRecord
        var model: UploadedModel.Compiled
        var docs: RunDocuments?
        var series: [SeriesRecord]

        func values(_ element: String, _ attribute: String) -> [Double]? {
            series.first { $0.element == element && $0.attribute == attribute }?.values
        }
    }

    static func load(_ context: BasicRequestContext, state: ServerState) async throws -> Loaded {
        try await load(id: context.parameters.get("id") ?? "", state: state)
    }

    static func load(id: String, state: ServerState) async throws -> Loaded {
        let id = try InputCheck.id(id, name: "id")
        // The results before the record: a run's results and its final status are written in one
        // transaction, so the record read after them is at least as new (a page never shows a
        // finished run's charts under "running").
        let docs = try await state.store.runDocuments(id: id)
        guard let stored = try await state.store.run(id: id) else { throw APIError.notFound("run \(id)") }
        let run = state.runs.current(stored)
        guard let model = try await ModelCatalog.model(id: run.modelID, state: state)?.compiled else { throw APIError.notFound("model \(run.modelID)") }
        let series = docs == nil ? [] : try await state.store.series(runID: run.id, element: nil, attribute: nil)
        return Loaded(run: run, model: model, docs: docs, series: series)
    }

    static func run(_ context: BasicRequestContext, state: ServerState) async throws -> Response {
        let l = try await load(context, state: state)
        var page: [String: Any] = row(l.run)
        page["kind"] = l.run.kind.rawValue
        page["isPlan"] = l.run.kind == .plan
        page["message"] = l.run.message ?? ""
        page["finished"] = l.run.status.isFinished
        page["stepsDone"] = l.run.stepsDone
        page["stepsTotal"] = l.run.stepsTotal
        if l.run.kind == .ensemble { return try await EnsemblePages.page(l, page: page, state: state) }
        guard let docs = l.docs else {
            page["schematic"] = Schematic(nodes: l.model.nodes, edges: l.model.edges).render()
            return state.pages.page("run", title: l.run.name, page, refreshSeconds: l.run.status.isFinished ? nil : 2)
        }
        if l.run.kind == .plan { return try PlanPages.plan(l, docs: docs, page: page, state: state) }
        if l.model.format == .pywr { return try pywrRun(l, docs: docs, page: page, state: state) }
        let summary = try JSONDecoder().decode(RunSummary.self, from: Data(docs.summaryJSON.utf8))
        let exchange = try JSONDecoder().decode(SeasonAccounts.self, from: Data(docs.exchangeJSON.utf8))
        page["hasResults"] = true
        page["years"] = SVG.number(summary.years, 1)
        page["firstDate"] = summary.firstDate
        page["lastDate"] = summary.lastDate
        page["residual"] = String(format: "%.1e", summary.worstMassBalanceResidual)
        page["demands"] = summary.demands.map { ["name": $0.name, "owner": $0.owner ?? "—", "demand": SVG.label($0.demandMm3), "delivered": SVG.label($0.deliveredMm3), "deficit": SVG.number($0.deficitPercent, 1)] }
        page["reservoirs"] = summary.reservoirs.map { ["name": $0.name, "min": SVG.label($0.minMm3), "mean": SVG.label($0.meanMm3), "max": SVG.label($0.maxMm3), "final": SVG.label($0.finalMm3)] }
        page["plants"] = summary.plants.map { ["name": $0.name, "owner": $0.owner ?? "—", "gwh": SVG.label($0.gwh), "perYear": SVG.label($0.gwhPerYear)] }
        page["sinks"] = summary.sinks.map { ["name": $0.name, "km3": SVG.number($0.inflowKm3, 2), "perYear": SVG.number($0.inflowKm3PerYear, 2)] }

        var schematicState = Schematic.State()
        for r in summary.reservoirs { if let c = r.capacityMm3, c > 0 { schematicState.fill[r.name] = r.meanMm3 / c } }
        for d in summary.demands where d.demandMm3 > 0 { schematicState.satisfaction[d.name] = d.deliveredMm3 / d.demandMm3 }
        page["schematic"] = Schematic(nodes: l.model.nodes, edges: l.model.edges, state: schematicState,
                                      linkPrefix: "/runs/\(l.run.id)/nodes/").render()
        page["charts"] = charts(l, docs: docs, summary: summary, exchange: exchange)
        return state.pages.page("run", title: l.run.name, page)
    }

    static func charts(_ l: Loaded, docs: RunDocuments, summary: RunSummary, exchange: SeasonAccounts) -> [String] {
        var charts: [String] = []
        let storage = summary.reservoirs.compactMap { r in l.values(r.name, "volume").map { SVG.Line(label: r.name, values: $0) } }
        if !storage.isEmpty { charts.append(SVG.lineChart(title: "Reservoir storage", unit: "million m³", dates: docs.dates, lines: storage)) }

        let byParty = exchange.totalsByParty
        let parties = byParty.keys.sorted().filter { (byParty[$0]?.entitlementMm3 ?? 0) > 0 }
        if !parties.isEmpty {
            charts.append(SVG.barChart(title: "Deliveries vs entitlement per party", unit: "million m³", seriesLabels: ["entitlement", "delivered"],
                                       groups: parties.map { SVG.BarGroup(label: $0, values: [byParty[$0]?.entitlementMm3 ?? 0, byParty[$0]?.deliveredMm3 ?? 0]) }))
        }
        let years = max(summary.years, 1e-9)
        let plantGroups = summary.plants.compactMap { p -> SVG.BarGroup? in
            guard let energy = l.values(p.name, "energy") else { return nil }
            var vegetation = 0.0, winter = 0.0
            for (i, date) in docs.dates.enumerated() where i < energy.count {
                let month = Int(date.split(separator: "-").dropFirst().first ?? "") ?? 1
                if (4...9).contains(month) { vegetation += energy[i] / 1000 } else { winter += energy[i] / 1000 }
            }
            return SVG.BarGroup(label: p.name, values: [vegetation / years, winter / years])
        }
        if !plantGroups.isEmpty {
            charts.append(SVG.barChart(title: "Energy by plant and season, per year", unit: "GWh", seriesLabels: ["vegetation (Apr–Sep)", "non-vegetation (Oct–Mar)"], groups: plantGroups))
        }
        let sinks = summary.sinks.compactMap { s in l.values(s.name, "flow").map { SVG.Line(label: s.name, values: $0) } }
        if !sinks.isEmpty { charts.append(SVG.lineChart(title: "Inflow to the Aral Sea and terminal lakes", unit: "m³/s", dates: docs.dates, lines: sinks)) }
        return charts
    }

    static func exchange(_ context: BasicRequestContext, state: ServerState) async throws -> Response {
        let l = try await load(context, state: state)
        guard let docs = l.docs else { throw APIError(.conflict, "run \(l.run.id) has no results yet (\(l.run.status.rawValue))") }
        if l.run.kind == .plan { return try PlanPages.exchange(l, docs: docs, state: state) }
        // An ensemble keeps statistics, not one run's seasonal accounts: its page was a 500
        // (the accounts did not decode; found from outside).
        guard l.run.kind != .ensemble, let accounts = try? JSONDecoder().decode(SeasonAccounts.self, from: Data(docs.exchangeJSON.utf8)) else {
            throw APIError(.notFound, "run \(l.run.id) is an ensemble: it has no seasonal accounts; its statistics are on its page")
        }
        var seasons: [String] = []
        for p in accounts.parties where !seasons.contains(p.season) { seasons.append(p.season) }
        let rows: [[String: Any]] = seasons.map { season in
            [
                "season": season,
                "parties": accounts.parties.filter { $0.season == season }.map {
                    ["party": $0.party, "entitlement": SVG.label($0.entitlementMm3), "delivered": SVG.label($0.deliveredMm3), "energy": SVG.label($0.energyGWh)]
                },
            ]
        }
        return state.pages.page("exchange", title: "Seasons — \(l.run.name)", ["id": l.run.id, "name": l.run.name, "seasons": rows])
    }

    static func node(_ context: BasicRequestContext, state: ServerState) async throws -> Response {
        let l = try await load(context, state: state)
        let raw = context.parameters.get("node") ?? ""
        let name = raw.removingPercentEncoding ?? raw
        guard l.model.nodes.contains(where: { $0.name == name }) || l.series.contains(where: { $0.element == name }) else { throw APIError.notFound("node '\(name)'") }
        let docs = l.docs ?? RunDocuments(dates: [], summaryJSON: "{}", exchangeJSON: "{}")
        let series = l.series.filter { $0.element == name }
        let charts = series.map { s in
            SVG.lineChart(title: "\(name) — \(s.attribute)", unit: unit(s.attribute), dates: docs.dates, lines: [SVG.Line(label: s.attribute, values: s.values)])
        }
        return state.pages.page("node", title: name, ["id": l.run.id, "runName": l.run.name, "name": name, "charts": charts, "hasCharts": !charts.isEmpty])
    }

    /// A Pywr run: the schematic (nodes link to their series), storage volumes, and per node the
    /// mean flow and final volume, and the recorders, in the model's own units.
    static func pywrRun(_ l: Loaded, docs: RunDocuments, page: [String: Any], state: ServerState) throws -> Response {
        var page = page
        let summary = try JSONDecoder().decode(PywrRunSummary.self, from: Data(docs.summaryJSON.utf8))
        page["hasResults"] = true
        page["firstDate"] = docs.dates.first ?? ""
        page["lastDate"] = docs.dates.last ?? ""
        page["residual"] = String(format: "%.1e", summary.worstMassBalanceResidual)
        page["schematic"] = Schematic(nodes: l.model.nodes, edges: l.model.edges, linkPrefix: "/runs/\(l.run.id)/nodes/").render()
        page["nodes"] = summary.nodes.map { ["name": $0.name, "type": $0.type, "meanFlow": SVG.label($0.meanFlow), "finalVolume": $0.finalVolume.map(SVG.label) ?? "—"] }
        page["recorders"] = summary.recorders.map { ["name": $0.name, "value": SVG.label($0.value)] }
        page["hasRecorders"] = !summary.recorders.isEmpty
        page["ignored"] = summary.ignoredRecorders.joined(separator: ", ")
        let storage = l.series.filter { $0.attribute == "volume" }.map { SVG.Line(label: $0.element, values: $0.values) }
        page["charts"] = storage.isEmpty ? [] : [SVG.lineChart(title: "Storage volume", unit: "model units", dates: docs.dates, lines: storage)]
        return state.pages.page("pywr-run", title: l.run.name, page)
    }

    static func unit(_ attribute: String) -> String {
        switch attribute {
        case "volume", "evaporation": return "million m³"
        case "energy": return "MWh"
        default: return "m³/s"
        }
    }
}
