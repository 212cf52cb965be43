import Foundation
import AralWorkflows
import AralEnsemble
import AralEngine
import AralSchema

/// The text an ensemble run prints: per group, the reliability of every demand and state,
/// the energy of every plant, the risk of dead storage and the sink's inflow.
enum EnsembleReport {
    static func render(_ outcome: EnsembleOutcome, plan: EnsemblePlan?, workers: Int) -> String {
        var lines: [String] = []
        let rate = outcome.seconds > 0 ? Double(outcome.membersRun) / outcome.seconds : 0
        lines.append("\(outcome.info.model): \(outcome.membersRun) of \(outcome.membersPlanned) members (grid of \(outcome.info.memberCount), shard \(outcome.info.shard)), \(outcome.steps) steps in \(fmt(outcome.seconds, 2)) s on \(workers) workers (\(fmt(rate, 1)) members/s, \(fmt(outcome.seconds > 0 ? Double(outcome.steps) / outcome.seconds : 0, 0)) steps/s); status \(outcome.info.status)")
        lines.append("Mass balance: closes at every node and step of every member (largest relative residual \(String(format: "%.1e", outcome.worstMassBalanceResidual)), tolerance \(String(format: "%.0e", Simulation.massBalanceTolerance)))")
        lines += render(outcome.summary)
        return lines.joined(separator: "\n")
    }

    static func render(_ summary: EnsembleSummary) -> [String] {
        var lines: [String] = []
        let groups = summary.rows.map(\.group).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        for group in groups {
            let rows = summary.rows.filter { $0.group == group }
            func v(_ element: String, _ statistic: String) -> Double {
                rows.first { $0.element == element && $0.statistic == statistic }?.value ?? .nan
            }
            func elements(_ kind: MetricElementKind) -> [String] {
                rows.filter { $0.kind == kind }.map(\.element).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
            }
            lines.append("")
            lines.append("== \(group) (\(rows.first?.members ?? 0) members)")
            let supply = elements(.demand).map { ($0, "demand") } + elements(.state).map { ($0, "state") }
            if !supply.isEmpty {
                lines.append(table(["demand / state", "kind", "reliab. steps", "reliab. years", "resilience", "vulnerab. Mm³", "deficit p50 Mm³/yr", "p95"],
                                   supply.map { e, k in [e, k, fmt(v(e, "reliability_steps"), 3), fmt(v(e, "reliability_years"), 3), fmt(v(e, "resilience"), 3),
                                                        fmt(v(e, "vulnerability_mm3"), 1), fmt(v(e, "deficit_mm3_per_year_p50"), 1), fmt(v(e, "deficit_mm3_per_year_p95"), 1)] }))
            }
            let plants = elements(.plant)
            if !plants.isEmpty {
                lines.append("")
                lines.append(table(["plant GWh/yr", "veg p5", "p50", "p95", "non-veg p5", "p50", "p95"],
                                   plants.map { p in [p] + ["gwh_per_year_vegetation", "gwh_per_year_non_vegetation"].flatMap { s in
                                       ["p5", "p50", "p95"].map { fmt(v(p, "\(s)_\($0)"), 0) } } }))
            }
            let reservoirs = elements(.reservoir)
            if !reservoirs.isEmpty {
                lines.append("")
                lines.append(table(["reservoir", "P(dead storage)", "min volume p5 Mm³", "p50"],
                                   reservoirs.map { [$0, fmt(v($0, "probability_dead_storage"), 3), fmt(v($0, "min_volume_mm3_p5"), 0), fmt(v($0, "min_volume_mm3_p50"), 0)] }))
            }
            let sinks = elements(.sink)
            if !sinks.isEmpty {
                lines.append("")
                lines.append(table(["sink inflow km³/yr", "p5", "p50", "p95"],
                                   sinks.map { s in [s] + ["p5", "p50", "p95"].map { fmt(v(s, "inflow_km3_per_year_\($0)"), 2) } }))
            }
        }
        return lines
    }
}

/// The summary as CSV: group,element,kind,statistic,value,members (`EnsembleRunSummary.csv`,
/// which the server's download writes too).
enum EnsembleCSV {
    static func write(_ summary: EnsembleSummary, to path: String) throws(EnsembleError) {
        let text = EnsembleRunSummary.csv(EnsembleRunSummary.rows(summary))
        do { try OutputFile.write(Data(text.utf8), to: path) } catch {
            throw EnsembleError(file: path, "cannot write: \(error.localizedDescription)")
        }
    }
}
