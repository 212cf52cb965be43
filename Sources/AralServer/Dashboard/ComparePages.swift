import Foundation
import Hummingbird
import AralFormats
import AralWorkflows
import HTTPTypes
import HummingbirdCore
import NIOCore

/// `/compare?a=RUN&b=RUN`: two finished basin runs side by side on the same charts (e.g. the
/// Syr Darya with `energy-mode` against `soviet-1984`): storage of each reservoir, deliveries
/// per party, energy per plant, inflow to the sinks, and the summary tables next to each other.
/// `/runs/{id}/results.csv`: a run's series as `aral run --csv` writes them.
enum ComparePages {
    static func add(to router: Router<BasicRequestContext>, state: ServerState) {
        router.get("compare") { request, _ in try await DashboardRoutes.html(state) { try await compare(request, state: state) } }
        router.get("runs/:id/results.csv") { _, context in try await csv(context, state: state) }
    }

    /// One side of the comparison: a finished basin run with its summary and exchange table.
    struct Side {
        var loaded: RunPages.Loaded
        var docs: RunDocuments
        var summary: RunSummary
        var exchange: SeasonAccounts
        var label: String { loaded.run.name }
    }

    /// The run or ensemble `id` names, loaded once for whichever comparison it takes part in.
    static func load(_ id: String?, path: String, state: ServerState) async throws -> RunPages.Loaded {
        guard let id, !id.isEmpty else { throw APIError.badRequest("choose two runs to compare", path: path) }
        return try await RunPages.load(id: id, state: state)
    }

    static func side(_ l: RunPages.Loaded, path: String) throws -> Side {
        guard l.run.kind == .run, l.model.format == .aral else {
            throw APIError.badRequest("run \(l.run.id) is a \(l.model.format == .pywr ? "Pywr run" : "plan"); compare two runs of Aral basin models", path: path)
        }
        guard let docs = l.docs else { throw APIError(.conflict, "run \(l.run.id) has no results yet (\(l.run.status.rawValue))") }
        let summary = try JSONDecoder().decode(RunSummary.self, from: Data(docs.summaryJSON.utf8))
        let exchange = try JSONDecoder().decode(SeasonAccounts.self, from: Data(docs.exchangeJSON.utf8))
        return Side(loaded: l, docs: docs, summary: summary, exchange: exchange)
    }

    static func compare(_ request: Request, state: ServerState) async throws -> Response {
        let query = try Query(request, allowed: ["a", "b"])
        let la = try await load(query.string("a"), path: "a", state: state)
        let lb = try await load(query.string("b"), path: "b", state: state)
        if la.run.kind == .ensemble || lb.run.kind == .ensemble { return try EnsembleCompare.page(la, lb, state: state) }
        let a = try side(la, path: "a")
        let b = try side(lb, path: "b")
        let labels = ["A: \(a.label)", "B: \(b.label)"]
        return state.pages.page("compare", title: "\(a.label) against \(b.label)", [
            "a": RunPages.row(a.loaded.run), "b": RunPages.row(b.loaded.run),
            "charts": charts(a, b, labels: labels),
            "demands": rows(a.summary.demands.map(\.name), b.summary.demands.map(\.name)).map { name in
                ["name": name,
                 "a": a.summary.demands.first { $0.name == name }.map { SVG.label($0.deliveredMm3) } ?? "—",
                 "b": b.summary.demands.first { $0.name == name }.map { SVG.label($0.deliveredMm3) } ?? "—",
                 "aDeficit": a.summary.demands.first { $0.name == name }.map { SVG.number($0.deficitPercent, 1) } ?? "—",
                 "bDeficit": b.summary.demands.first { $0.name == name }.map { SVG.number($0.deficitPercent, 1) } ?? "—"]
            },
            "plants": rows(a.summary.plants.map(\.name), b.summary.plants.map(\.name)).map { name in
                ["name": name,
                 "a": a.summary.plants.first { $0.name == name }.map { SVG.label($0.gwhPerYear) } ?? "—",
                 "b": b.summary.plants.first { $0.name == name }.map { SVG.label($0.gwhPerYear) } ?? "—"]
            },
        ])
    }

    /// Names of A, then those only B has.
    static func rows(_ a: [String], _ b: [String]) -> [String] { a + b.filter { !a.contains($0) } }

    /// The same charts as a run's page, each with both runs in it, on the dates of both: each
    /// run's values at its own dates (two scenarios of one model share theirs; a run over other
    /// years is drawn over its own).
    static func charts(_ a: Side, _ b: Side, labels: [String]) -> [String] {
        var charts: [String] = []
        let dates = Array(Set(a.docs.dates).union(b.docs.dates)).sorted()
        let index = Dictionary(uniqueKeysWithValues: dates.enumerated().map { ($1, $0) })
        func line(_ side: Side, _ label: String, _ values: [Double]) -> SVG.Line {
            SVG.Line(label: label, values: values, positions: side.docs.dates.map { index[$0] ?? 0 })
        }
        for name in rows(a.summary.reservoirs.map(\.name), b.summary.reservoirs.map(\.name)) {
            let lines = zip([a, b], labels).compactMap { side, label in side.loaded.values(name, "volume").map { line(side, label, $0) } }
            if !lines.isEmpty { charts.append(SVG.lineChart(title: "Storage of \(name)", unit: "million m³", dates: dates, lines: lines)) }
        }
        let parties = rows(partyTotals(a).keys.sorted(), partyTotals(b).keys.sorted())
        if !parties.isEmpty {
            let ta = partyTotals(a), tb = partyTotals(b)
            charts.append(SVG.barChart(title: "Deliveries per party", unit: "million m³", seriesLabels: labels,
                                       groups: parties.map { SVG.BarGroup(label: $0, values: [ta[$0] ?? 0, tb[$0] ?? 0]) }))
        }
        let plants = rows(a.summary.plants.map(\.name), b.summary.plants.map(\.name))
        if !plants.isEmpty {
            charts.append(SVG.barChart(title: "Energy per plant, per year", unit: "GWh", seriesLabels: labels, groups: plants.map { name in
                SVG.BarGroup(label: name, values: [a, b].map { side in side.summary.plants.first { $0.name == name }?.gwhPerYear ?? 0 })
            }))
        }
        for name in rows(a.summary.sinks.map(\.name), b.summary.sinks.map(\.name)) {
            let lines = zip([a, b], labels).compactMap { side, label in side.loaded.values(name, "flow").map { line(side, label, $0) } }
            if !lines.isEmpty { charts.append(SVG.lineChart(title: "Inflow to \(name)", unit: "m³/s", dates: dates, lines: lines)) }
        }
        return charts
    }

    /// Water delivered per party over the whole run, from the run's accounts per season.
    static func partyTotals(_ side: Side) -> [String: Double] {
        side.exchange.totalsByParty.mapValues(\.deliveredMm3)
    }

    /// Every stored series of a finished run in the long CSV format of `aral run --csv`
    /// (`step,date,node,attribute,value`), as a download.
    static func csv(_ context: BasicRequestContext, state: ServerState) async throws -> Response {
        let l = try await RunPages.load(context, state: state)
        guard let docs = l.docs else { throw APIError(.conflict, "run \(l.run.id) has no results yet (\(l.run.status.rawValue))") }
        let text = ResultsCSVWriter.render(dates: docs.dates, series: l.series.map { ($0.element, $0.attribute, $0.values) })
        var response = JSONResponse.bytes(Array(text.utf8), contentType: "text/csv; charset=utf-8")
        response.headers[.contentDisposition] = "attachment; filename=\"\(l.run.id).csv\""
        return response
    }
}
