import Foundation
public import AralPlanning

/// The one HTML rendering of a plan. `aral plan --report FILE` writes it as a page of its own;
/// the dashboard's plan page embeds the same sections in its layout, so the two cannot drift.
/// Every piece of user text is escaped here (`HTMLEscape`); the embedding page inserts the
/// result unescaped.
public enum PlanReportHTML {
    /// The report's sections: parties, hydropower, reservoirs, the sea, the value of cooperation,
    /// the exchange and its obligations, then the charts.
    public static func sections(_ r: PlanReport) -> String {
        var out: [String] = []
        out.append("<section><h2>Summary</h2><p>Plan from \(e(r.from)) to \(e(r.to)), \(r.steps) steps, sharing <b>\(e(r.sharing))</b>; "
            + "Jain's fairness index \(SVG.number(r.jainIndex, 4)); inflow to the Aral Sea and deltas \(SVG.number(r.aralInflowMm3 / 1000, 3)) km³. "
            + "Solved in \(SVG.number(r.solver.seconds, 2)) s: \(r.solver.slpIterations) successive-LP iterations, \(r.solver.lpSolves) LPs. "
            + "Mass balance closes at every node and step (largest relative residual \(String(format: "%.1e", r.solver.massBalanceResidual))).</p></section>")
        out.append(tables(r))
        if let exchange = r.exchange { out.append(exchangeSection(exchange)) }
        let charts = self.charts(r)
        if !charts.isEmpty {
            out.append("<section class=\"charts\"><h2>Charts</h2>" + charts.map { "<div class=\"figure\">\($0)</div>" }.joined() + "</section>")
        }
        return out.joined(separator: "\n")
    }

    /// A self-contained page (inline CSS, no scripts, no network) for `aral plan --report`.
    public static func document(_ r: PlanReport) -> String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>\(e(r.model)) plan</title>
        <style>
        body{font:15px/1.45 system-ui,sans-serif;margin:2em auto;max-width:72rem;color:#1d2733;padding:0 1em}
        section{border:1px solid #d5dde5;border-radius:6px;padding:.5rem 1rem 1rem;margin:1rem 0}
        .scroll{overflow-x:auto}table{border-collapse:collapse;width:100%;font-size:.92rem}
        th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #d5dde5;white-space:nowrap}
        td.num{text-align:right;font-variant-numeric:tabular-nums}.empty{color:#5b6b7b}
        .figure svg{width:100%;height:auto}svg .grid{stroke:#e3e8ee}svg .axis{font-size:11px;fill:#5b6b7b}
        svg .chart-title{font-size:13px;font-weight:600;fill:#1d2733}
        </style></head><body>
        <h1>\(e(r.model)): plan \(e(r.from)) to \(e(r.to))</h1>
        \(sections(r))
        </body></html>
        """
    }

    /// The exchange: what each upstream state releases and forgoes, what each downstream state
    /// receives, the summer electricity, and the obligations with their seasons.
    public static func exchangeSection(_ x: ExchangeResult) -> String {
        var out = "<section class=\"exchange\"><h2>Exchange</h2><p>\(e(x.method))</p>"
        if !x.upstream.isEmpty {
            out += HTMLTable(header: ["upstream", "extra vegetation release Mm³", "summer energy MWh", "winter energy forgone MWh", "energy value lost", "compensation MWh"], rows: x.upstream.map {
                [$0.party, SVG.label($0.extraVegetationReleaseMm3), SVG.label($0.summerEnergyMWh), SVG.label($0.winterEnergyForgoneMWh),
                 $0.energyValueLost.map(SVG.label) ?? "—", $0.compensationMWh.map(SVG.label) ?? "—"]
            }).render()
        }
        if !x.downstream.isEmpty {
            out += HTMLTable(header: ["downstream", "extra water Mm³"], rows: x.downstream.map { [$0.party, SVG.label($0.extraWaterMm3)] }).render()
        }
        if !x.summerElectricity.isEmpty {
            out += HTMLTable(header: ["summer electricity from", "to", "MWh", "value"], rows: x.summerElectricity.map {
                [$0.from, $0.to, SVG.label($0.energyMWh), $0.value.map(SVG.label) ?? "—"]
            }).render()
        }
        out += "<h3>Obligations</h3>"
        if x.obligations.isEmpty {
            out += "<p class=\"empty\">No obligations: cooperation changes nothing measurable on these inputs.</p>"
        } else {
            out += HTMLTable(header: ["owes", "to", "what", "value", "season", "from", "to"], rows: x.obligations.map {
                [$0.from, $0.to, $0.commodity == .water ? "\(SVG.label($0.amount)) Mm³ water" + ($0.gauge.map { " at \($0)" } ?? "") : "\(SVG.label($0.amount)) MWh energy",
                 $0.value.map(SVG.label) ?? "—", $0.season, $0.start, $0.end]
            }, numericFrom: 3, cssClass: "obligations").render()
        }
        return out + "</section>"
    }

    static func tables(_ r: PlanReport) -> String {
        var out = ""
        if !r.parties.isEmpty {
            out += "<section><h2>Parties</h2>" + HTMLTable(header: ["party", "system", "quota %", "entitlement Mm³", "delivered Mm³", "satisfaction %", "deviation pp"], rows: r.parties.map {
                [$0.party, $0.system, SVG.number(100 * $0.share), SVG.label($0.entitlementMm3), SVG.label($0.deliveredMm3),
                 SVG.number(100 * $0.satisfaction), SVG.number(100 * $0.deviationFromShare)]
            }, numericFrom: 2, cssClass: "plan-parties").render() + "</section>"
        }
        if !r.plants.isEmpty {
            out += "<section><h2>Hydropower (GWh)</h2>" + HTMLTable(header: ["plant", "owner", "vegetation", "non-vegetation", "total", "value"], rows: r.plants.map {
                [$0.name, $0.owner ?? "—", SVG.label($0.vegetationMWh / 1000), SVG.label($0.nonVegetationMWh / 1000), SVG.label($0.totalMWh / 1000), SVG.label($0.value)]
            }, numericFrom: 2).render() + "</section>"
        }
        if !r.reservoirs.isEmpty {
            out += "<section><h2>Reservoirs (million m³)</h2>" + HTMLTable(header: ["reservoir", "owner", "initial", "min", "max", "final"], rows: r.reservoirs.map {
                [$0.name, $0.owner ?? "—", SVG.label($0.initialMm3), SVG.label($0.volumeMm3.min() ?? 0), SVG.label($0.volumeMm3.max() ?? 0), SVG.label($0.volumeMm3.last ?? 0)]
            }, numericFrom: 2).render() + "</section>"
        }
        let short = r.environmentalShortfalls.filter { $0.shortfallMm3 > 1e-6 }
        if !r.sinks.isEmpty || !short.isEmpty {
            out += "<section><h2>Aral Sea and deltas</h2>"
            if !r.sinks.isEmpty { out += HTMLTable(header: ["sink", "inflow Mm³"], rows: r.sinks.map { [$0.name, SVG.label($0.inflowMm3)] }).render() }
            if !short.isEmpty { out += HTMLTable(header: ["environmental shortfall at", "Mm³"], rows: short.map { [$0.node, SVG.label($0.shortfallMm3)] }).render() }
            out += "</section>"
        }
        if let c = r.cooperation {
            out += "<section><h2>Value of cooperation</h2><p>The consortium's plan against \(e(c.upstream.joined(separator: ", "))) planning alone.</p>"
            out += HTMLTable(header: ["", "alone", "consortium", "difference"], rows: [
                ["water delivered Mm³", SVG.label(c.alone.deliveredMm3), SVG.label(c.consortium.deliveredMm3), SVG.label(c.difference.deliveredMm3)],
                ["energy GWh", SVG.label(c.alone.energyMWh / 1000), SVG.label(c.consortium.energyMWh / 1000), SVG.label(c.difference.energyMWh / 1000)],
                ["energy value", SVG.label(c.alone.energyValue), SVG.label(c.consortium.energyValue), SVG.label(c.difference.energyValue)],
                ["Aral Sea inflow Mm³", SVG.label(c.alone.aralInflowMm3), SVG.label(c.consortium.aralInflowMm3), SVG.label(c.difference.aralInflowMm3)],
            ]).render() + "</section>"
        }
        return out
    }

    /// Storage, deliveries against entitlement, energy by season, inflow to the sea.
    public static func charts(_ r: PlanReport) -> [String] {
        var charts: [String] = []
        let storage = r.reservoirs.map { SVG.Line(label: $0.name, values: $0.volumeMm3) }
        if !storage.isEmpty { charts.append(SVG.lineChart(title: "Planned reservoir storage", unit: "million m³", dates: r.dates, lines: storage)) }
        let delivered = r.parties.filter { $0.entitlementMm3 > 0 }
        if !delivered.isEmpty {
            charts.append(SVG.barChart(title: "Deliveries vs entitlement per party", unit: "million m³", seriesLabels: ["entitlement", "delivered"],
                                       groups: delivered.map { SVG.BarGroup(label: "\($0.party) (\($0.system))", values: [$0.entitlementMm3, $0.deliveredMm3]) }))
        }
        if !r.plants.isEmpty {
            charts.append(SVG.barChart(title: "Planned energy by plant and season", unit: "GWh", seriesLabels: ["vegetation", "non-vegetation"],
                                       groups: r.plants.map { SVG.BarGroup(label: $0.name, values: [$0.vegetationMWh / 1000, $0.nonVegetationMWh / 1000]) }))
        }
        let sinks = r.sinks.map { SVG.Line(label: $0.name, values: $0.inflowM3s) }
        if !sinks.isEmpty { charts.append(SVG.lineChart(title: "Inflow to the Aral Sea and terminal lakes", unit: "m³/s", dates: r.dates, lines: sinks)) }
        return charts
    }

    private static func e(_ text: String) -> String { HTMLEscape.escape(text) }
}
