import Foundation
import AralWorkflows
import AralPlanning
import AralSchema

/// A self-contained HTML report (inline CSS and SVG, no scripts, no network): storage
/// trajectories, deliveries against entitlements per party, energy by season.
enum PlanHTML {
    static func render(_ r: PlanReport) -> String {
        var body: [String] = []
        body.append("<h1>\(esc(r.model)): plan \(esc(r.from)) to \(esc(r.to))</h1>")
        body.append("<p>\(r.steps) steps, sharing <b>\(esc(r.sharing))</b>; \(r.solver.slpIterations) successive-LP iterations, \(r.solver.lpSolves) LPs, \(fmt(r.solver.seconds, 2)) s. Jain's fairness index \(fmt(r.jainIndex, 4)).</p>")
        if !r.parties.isEmpty {
            body.append("<h2>Parties</h2>")
            body.append(htmlTable(["party", "system", "share %", "entitlement Mm³", "delivered Mm³", "satisfaction %", "deviation pp"], r.parties.map {
                [$0.party, $0.system, fmt(100 * $0.share), fmt($0.entitlementMm3), fmt($0.deliveredMm3), fmt(100 * $0.satisfaction), fmt(100 * $0.deviationFromShare)]
            }))
            body.append("<h3>Deliveries against entitlement</h3>")
            body.append(bars(r.parties.map { ("\($0.party) \($0.system)", [$0.entitlementMm3, $0.deliveredMm3]) },
                             series: ["entitlement", "delivered"], unit: "Mm³"))
        }
        if !r.reservoirs.isEmpty {
            body.append("<h2>Storage</h2>")
            body.append(lines(r.reservoirs.map { ($0.name, $0.volumeMm3) }, dates: r.dates, unit: "Mm³"))
        }
        if !r.plants.isEmpty {
            body.append("<h2>Energy by season</h2>")
            body.append(bars(r.plants.map { ($0.name, [$0.vegetationMWh / 1000, $0.nonVegetationMWh / 1000]) },
                             series: ["vegetation", "non-vegetation"], unit: "GWh"))
            body.append(htmlTable(["plant", "owner", "vegetation GWh", "non-vegetation GWh", "value"], r.plants.map {
                [$0.name, $0.owner ?? "-", fmt($0.vegetationMWh / 1000), fmt($0.nonVegetationMWh / 1000), fmt($0.value, 0)]
            }))
        }
        body.append("<h2>Aral Sea and deltas</h2><p>\(fmt(r.aralInflowMm3 / 1000, 3)) km³ over the horizon.</p>")
        if let c = r.cooperation {
            body.append("<h2>Value of cooperation</h2>")
            body.append(htmlTable(["", "alone", "consortium", "difference"], [
                ["water delivered Mm³", fmt(c.alone.deliveredMm3), fmt(c.consortium.deliveredMm3), fmt(c.difference.deliveredMm3)],
                ["energy GWh", fmt(c.alone.energyMWh / 1000), fmt(c.consortium.energyMWh / 1000), fmt(c.difference.energyMWh / 1000)],
                ["energy value", fmt(c.alone.energyValue, 0), fmt(c.consortium.energyValue, 0), fmt(c.difference.energyValue, 0)],
                ["Aral inflow Mm³", fmt(c.alone.aralInflowMm3), fmt(c.consortium.aralInflowMm3), fmt(c.difference.aralInflowMm3)],
            ]))
        }
        if let x = r.exchange, !x.obligations.isEmpty {
            body.append("<h2>Obligations</h2><p>\(esc(x.method))</p>")
            body.append(htmlTable(["who", "owes", "amount", "unit", "season", "from", "to"], x.obligations.map {
                [$0.from, $0.to, fmt($0.amount, 1), $0.commodity == .water ? "Mm³" : "MWh", $0.season, $0.start, $0.end]
            }))
        }
        return """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>\(esc(r.model)) plan</title>
        <style>
        body{font-family:system-ui,sans-serif;margin:2em;max-width:1000px;color:#222}
        table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.25em .6em;text-align:right}
        td:first-child,th:first-child{text-align:left}svg{background:#fafafa;border:1px solid #ddd}
        .legend span{display:inline-block;margin-right:1em}
        </style></head><body>
        \(body.joined(separator: "\n"))
        </body></html>
        """
    }

    static let palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"]

    /// Every piece of user text (see `HTMLEscape`).
    static func esc(_ s: String) -> String { HTMLEscape.escape(s) }

    static func htmlTable(_ header: [String], _ rows: [[String]]) -> String {
        "<table><tr>" + header.map { "<th>\(esc($0))</th>" }.joined() + "</tr>"
            + rows.map { "<tr>" + $0.map { "<td>\(esc($0))</td>" }.joined() + "</tr>" }.joined() + "</table>"
    }

    static func legend(_ names: [String]) -> String {
        "<div class=\"legend\">" + names.enumerated().map { i, n in
            "<span><svg width=\"12\" height=\"12\"><rect width=\"12\" height=\"12\" fill=\"\(palette[i % palette.count])\"/></svg> \(esc(n))</span>"
        }.joined() + "</div>"
    }

    /// One line per series over the steps, with the y axis from 0 to the largest value.
    static func lines(_ series: [(String, [Double])], dates: [String], unit: String) -> String {
        let w = 900.0, h = 300.0, left = 60.0, bottom = 30.0
        let top = max(1e-9, series.flatMap(\.1).max() ?? 1)
        let n = max(2, dates.count)
        func x(_ i: Int) -> Double { left + (w - left - 10) * Double(i) / Double(n - 1) }
        func y(_ v: Double) -> Double { (h - bottom) - (h - bottom - 10) * v / top }
        var svg = "<svg width=\"\(Int(w))\" height=\"\(Int(h))\" viewBox=\"0 0 \(Int(w)) \(Int(h))\">"
        for k in 0...4 {
            let v = top * Double(k) / 4
            svg += "<line x1=\"\(left)\" x2=\"\(w - 10)\" y1=\"\(y(v))\" y2=\"\(y(v))\" stroke=\"#ddd\"/>"
            svg += "<text x=\"\(left - 5)\" y=\"\(y(v) + 4)\" font-size=\"10\" text-anchor=\"end\">\(fmt(v, 0))</text>"
        }
        let labelEvery = max(1, dates.count / 8)
        for (i, d) in dates.enumerated() where i % labelEvery == 0 {
            svg += "<text x=\"\(x(i))\" y=\"\(h - 10)\" font-size=\"10\" text-anchor=\"middle\">\(esc(String(d.prefix(7))))</text>"
        }
        for (s, (_, values)) in series.enumerated() {
            let points = values.enumerated().map { "\(fmt(x($0), 1)),\(fmt(y($1), 1))" }.joined(separator: " ")
            svg += "<polyline fill=\"none\" stroke=\"\(palette[s % palette.count])\" stroke-width=\"2\" points=\"\(points)\"/>"
        }
        svg += "<text x=\"5\" y=\"12\" font-size=\"10\">\(esc(unit))</text></svg>"
        return svg + legend(series.map(\.0))
    }

    /// Grouped bars: one group per item, one bar per series.
    static func bars(_ groups: [(String, [Double])], series: [String], unit: String) -> String {
        let w = 900.0, h = 280.0, left = 60.0, bottom = 40.0
        let top = max(1e-9, groups.flatMap(\.1).max() ?? 1)
        let groupWidth = (w - left - 10) / Double(max(1, groups.count))
        let barWidth = groupWidth * 0.8 / Double(max(1, series.count))
        func y(_ v: Double) -> Double { (h - bottom) - (h - bottom - 10) * v / top }
        var svg = "<svg width=\"\(Int(w))\" height=\"\(Int(h))\" viewBox=\"0 0 \(Int(w)) \(Int(h))\">"
        for k in 0...4 {
            let v = top * Double(k) / 4
            svg += "<line x1=\"\(left)\" x2=\"\(w - 10)\" y1=\"\(y(v))\" y2=\"\(y(v))\" stroke=\"#ddd\"/>"
            svg += "<text x=\"\(left - 5)\" y=\"\(y(v) + 4)\" font-size=\"10\" text-anchor=\"end\">\(fmt(v, 0))</text>"
        }
        for (g, (name, values)) in groups.enumerated() {
            let x0 = left + groupWidth * Double(g) + groupWidth * 0.1
            for (s, v) in values.enumerated() {
                let top = y(max(0, v))
                svg += "<rect x=\"\(fmt(x0 + barWidth * Double(s), 1))\" y=\"\(fmt(top, 1))\" width=\"\(fmt(barWidth, 1))\" height=\"\(fmt(h - bottom - top, 1))\" fill=\"\(palette[s % palette.count])\"><title>\(esc(name)) \(esc(series[s])): \(fmt(v))</title></rect>"
            }
            svg += "<text x=\"\(fmt(x0 + groupWidth * 0.4, 1))\" y=\"\(h - 22)\" font-size=\"10\" text-anchor=\"middle\">\(esc(name))</text>"
        }
        svg += "<text x=\"5\" y=\"12\" font-size=\"10\">\(esc(unit))</text></svg>"
        return svg + legend(series)
    }
}
