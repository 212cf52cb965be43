import AralModel
import AralSchema
import AralEngine

/// The seasonal part of `aral run`'s summary, printed when the model has parties: what the
/// states negotiate over — deliveries against limits and energy, by season (vegetation
/// April–September, non-vegetation October–March), storage on 1 April, sink inflow per year.
enum SeasonalSummary {
    static func render(_ results: BasinResults) -> [String] {
        guard !results.model.parties.isEmpty else { return [] }
        let report = SeasonalReport(results)
        var out: [String] = []
        if !report.deliveries.isEmpty {
            out.append("Deliveries per state against its limit (km³/year; veg = Apr–Sep, non-veg = Oct–Mar)")
            out.append(table(["state", "veg limit", "veg delivered", "veg %", "non-veg limit", "non-veg delivered", "non-veg %"],
                             report.deliveries.map { d in
                [d.party, fmt(d.limitKm3.vegetation, 2), fmt(d.deliveredKm3.vegetation, 2), percent(d.deliveredKm3.vegetation, d.limitKm3.vegetation),
                 fmt(d.limitKm3.nonVegetation, 2), fmt(d.deliveredKm3.nonVegetation, 2), percent(d.deliveredKm3.nonVegetation, d.limitKm3.nonVegetation)]
            }))
            out.append("")
        }
        if !report.plants.isEmpty {
            out.append("Energy per plant (GWh/year)")
            out.append(table(["plant", "owner", "veg", "non-veg", "year"], report.plants.map {
                [$0.name, $0.owner ?? "-", fmt($0.gwh.vegetation), fmt($0.gwh.nonVegetation), fmt($0.gwh.total)]
            }))
            out.append("")
            out.append("Energy per state (GWh/year)")
            out.append(table(["state", "veg", "non-veg", "year"], report.states.map {
                [$0.name, fmt($0.gwh.vegetation), fmt($0.gwh.nonVegetation), fmt($0.gwh.total)]
            }))
            out.append("")
        }
        let storages = report.aprilStorage.filter { !$0.byYear.isEmpty }
        if let first = storages.first {
            out.append("Storage on 1 April (km³)")
            out.append(table(["year"] + storages.map(\.reservoir), first.byYear.indices.map { i in
                ["\(first.byYear[i].year)"] + storages.map { i < $0.byYear.count ? fmt($0.byYear[i].volumeMm3 / 1000, 2) : "-" }
            }))
            out.append("")
        }
        for sink in report.sinks where !sink.byYear.isEmpty {
            let hasTarget = !sink.targetByYear.isEmpty
            out.append("Inflow to \(sink.sink) per year (km³)")
            out.append(table(["year", "inflow"] + (hasTarget ? ["target"] : []), sink.byYear.indices.map { i in
                ["\(sink.byYear[i].year)", fmt(sink.byYear[i].km3, 2)] + (hasTarget && i < sink.targetByYear.count ? [fmt(sink.targetByYear[i].km3, 2)] : [])
            }))
            out.append("")
        }
        return out
    }

    static func percent(_ part: Double, _ whole: Double) -> String {
        whole > 0 ? fmt(100 * part / whole, 1) : "-"
    }
}
