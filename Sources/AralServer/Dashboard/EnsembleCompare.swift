import Foundation
import Hummingbird
import AralWorkflows
import HTTPTypes
import HummingbirdCore
import NIOCore

/// `/compare?a=ENSEMBLE&b=ENSEMBLE`: two finished ensembles (e.g. the same traces with and
/// without a scenario) side by side: each party's share of its demand delivered (p5, p50, p95
/// across members), plants' and sinks' medians on the same charts, and the parties' figures in
/// one table. Statistics of the first group of each (`all` for a model without overlay members).
enum EnsembleCompare {
    struct Side {
        var run: RunRecord
        var rows: [EnsembleRunSummary.Row]

        func value(_ element: String, _ statistic: String) -> Double {
            rows.first { $0.element == element && $0.statistic == statistic }?.value ?? .nan
        }

        func elements(_ kind: String) -> [String] {
            rows.filter { $0.kind == kind }.map(\.element).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        }

        /// The share of its demand a party is delivered at the p-th percentile of members (%).
        func deliveredPercent(_ party: String, _ p: Int) -> Double {
            let demand = value(party, "demand_mm3_per_year_mean")
            return demand > 0 ? 100 * (1 - value(party, "deficit_mm3_per_year_p\(100 - p)") / demand) : 100
        }
    }

    /// The comparison when either of the two (loaded by `ComparePages`) is an ensemble: both must be.
    static func page(_ ra: RunPages.Loaded, _ rb: RunPages.Loaded, state: ServerState) throws -> Response {
        for (l, path) in [(ra, "a"), (rb, "b")] where l.run.kind != .ensemble {
            throw APIError.badRequest("run \(l.run.id) is not an ensemble; compare two ensembles, or two runs", path: path)
        }
        let sides = try [(ra, "a"), (rb, "b")].map { l, path -> Side in
            guard let docs = l.docs else { throw APIError(.conflict, "ensemble \(l.run.id) has no statistics yet (\(l.run.status.rawValue))") }
            let rows = try EnsembleRunSummary.decode(docs.summaryJSON).rows
            let group = rows.first?.group
            return Side(run: l.run, rows: rows.filter { $0.group == group })
        }
        let (x, y) = (sides[0], sides[1])
        let labels = ["A: \(x.run.name)", "B: \(y.run.name)"]
        let parties = ComparePages.rows(x.elements("state"), y.elements("state"))
        var charts: [String] = []
        if !parties.isEmpty {
            for p in [50, 5] {
                charts.append(SVG.barChart(title: "Water delivered per party, p\(p) of members", unit: "% of its demand per year", seriesLabels: labels,
                                           groups: parties.map { party in SVG.BarGroup(label: party, values: [x, y].map { $0.deliveredPercent(party, p) }) }))
            }
        }
        let plants = ComparePages.rows(x.elements("plant"), y.elements("plant"))
        if !plants.isEmpty {
            charts.append(SVG.barChart(title: "Energy per plant, median of members", unit: "GWh per year", seriesLabels: labels,
                                       groups: plants.map { name in SVG.BarGroup(label: name, values: [x, y].map { $0.value(name, "gwh_per_year_p50") }) }))
        }
        let sinks = ComparePages.rows(x.elements("sink"), y.elements("sink"))
        if !sinks.isEmpty {
            charts.append(SVG.barChart(title: "Inflow to the sinks, median of members", unit: "km³ per year", seriesLabels: labels,
                                       groups: sinks.map { name in SVG.BarGroup(label: name, values: [x, y].map { $0.value(name, "inflow_km3_per_year_p50") }) }))
        }
        let partyRows: [[String: Any]] = parties.map { party in
            ["name": party,
             "aMean": SVG.number(x.value(party, "deficit_mm3_per_year_mean"), 1), "bMean": SVG.number(y.value(party, "deficit_mm3_per_year_mean"), 1),
             "aP95": SVG.number(x.value(party, "deficit_mm3_per_year_p95"), 1), "bP95": SVG.number(y.value(party, "deficit_mm3_per_year_p95"), 1),
             "aYears": SVG.number(x.value(party, "reliability_years"), 3), "bYears": SVG.number(y.value(party, "reliability_years"), 3)]
        }
        return state.pages.page("ensemble-compare", title: "\(x.run.name) against \(y.run.name)", [
            "a": RunPages.row(x.run), "b": RunPages.row(y.run), "charts": charts, "parties": partyRows,
        ])
    }
}
