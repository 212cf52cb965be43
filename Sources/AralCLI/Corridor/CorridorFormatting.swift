import Foundation
import AralWorkflows
import AralCorridors

/// Text renderings of routes and assignments shared by the corridor commands.
enum CorridorFormatting {
    static func thousands(_ x: Double) -> String {
        let formatter = NumberFormatter()
        formatter.numberStyle = .decimal
        formatter.maximumFractionDigits = 0
        return formatter.string(from: NSNumber(value: x.rounded())) ?? fmt(x, 0)
    }

    static func summaryRow(_ i: Int, _ r: RouteBreakdown) -> [String] {
        ["#\(i + 1)", fmt(r.totalDays, 1), fmt(r.totalHours, 1), thousands(r.totalKm), thousands(r.costUSDPerTEU),
         "\(r.borderCrossings)", "\(r.gaugeChanges)", fmt(r.weight, 1)]
    }

    static let summaryHeader = ["route", "days", "hours", "km", "USD/TEU", "borders", "gauge chg", "metric"]

    static func details(_ i: Int, _ r: RouteBreakdown) -> String {
        var lines = ["#\(i + 1): " + r.places.joined(separator: " → ")]
        let modes = CorridorMode.allCases.compactMap { m -> String? in
            guard let km = r.kmByMode[m] ?? (r.movingHoursByMode[m] != nil ? 0 : nil) else { return nil }
            return "\(m.rawValue) \(thousands(km)) km \(fmt(r.movingHoursByMode[m] ?? 0, 1)) h"
        }
        lines.append("    moving: " + modes.joined(separator: " | "))
        lines.append("    waiting: borders \(fmt(r.borderHours, 1)) h (\(r.borderCrossings) crossings), ferries \(fmt(r.ferryWaitHours, 1)) h, "
                     + "gauge changes \(fmt(r.gaugeChangeHours, 1)) h (\(r.gaugeChanges)), transfers \(fmt(r.transferHours, 1)) h")
        lines.append("    total: \(fmt(r.totalHours, 1)) h = \(fmt(r.totalDays, 1)) days, USD \(thousands(r.costUSDPerTEU)) per TEU")
        return lines.joined(separator: "\n")
    }

    static func assignment(_ result: CorridorAssignment.Result) -> String {
        var out: [String] = []
        // The demand, what was carried and what was not; the metric's own unit (hours under
        // `--by time`, printed as USD before; found from outside).
        let unit = result.metric.totalUnit
        out.append("demand \(fmt(result.demandTonnes / 1e6, 3)) Mt/yr, carried \(fmt((result.demandTonnes - result.unservedTonnes) / 1e6, 3)), unserved \(fmt(result.unservedTonnes / 1e6, 3)); by \(result.metric): carried \(thousands(result.carriedCost)) \(unit)/yr; \(result.iterations) simplex iterations")
        let used = result.segments.filter { $0.totalTonnes > 1e-6 }.sorted { ($0.utilisation ?? 0, $0.totalTonnes) > ($1.utilisation ?? 0, $1.totalTonnes) }
        out.append("\nsegment loads (Mt/yr; utilisation of capacity over both directions):")
        out.append(table(["segment", "mode", "forward", "backward", "capacity", "use %"], used.map { s in
            [s.segment, s.mode.rawValue, fmt(s.forwardTonnes / 1e6, 3), fmt(s.backwardTonnes / 1e6, 3),
             s.capacityTonnesPerYear.map { fmt($0 / 1e6, 2) } ?? "-", s.utilisation.map { fmt(100 * $0, 1) } ?? "-"]
        }))
        let places = result.placeLoads.filter { $0.tonnes > 1e-6 }
        if !places.isEmpty {
            out.append("\nnode throughput (Mt/yr):")
            out.append(table(["node", "load", "capacity", "use %"], places.map { p in
                [p.id, fmt(p.tonnes / 1e6, 3), fmt(p.capacity / 1e6, 2), fmt(p.capacity > 0 ? 100 * p.tonnes / p.capacity : 0, 1)]
            }))
        }
        out.append("\nbottlenecks (binding capacities; shadow price = saving per extra tonne/yr of capacity):")
        if result.bottlenecks.isEmpty { out.append("  none") } else {
            out.append(table(["kind", "id", "capacity Mt", "load Mt", "shadow \(result.metric.perTonneUnit)"], result.bottlenecks.map { b in
                [b.kind, b.id, fmt(b.capacityTonnesPerYear / 1e6, 2), fmt(b.loadTonnes / 1e6, 3), fmt(b.shadowPricePerTonne, 2)]
            }))
        }
        out.append("\nunserved volume: \(fmt(result.unservedTonnes / 1e6, 3)) Mt/yr")
        if !result.unserved.isEmpty {
            out.append("(a capacity that leaves volume unserved is priced by the unserved penalty, \(thousands(result.unservedCostPerTonne)) \(result.metric.perTonneUnit), not by another route)")
        }
        if !result.unserved.isEmpty {
            out.append(table(["origin", "destination", "unserved Mt"], result.unserved.map { [$0.origin, $0.destination, fmt($0.tonnesPerYear / 1e6, 3)] }))
        }
        return out.joined(separator: "\n")
    }
}
