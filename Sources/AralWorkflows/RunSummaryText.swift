import Foundation
import AralModel
import AralSchema
public import AralEngine

/// The terminal summary of a run: per demand, reservoir, plant and sink, then the mass balance.
public enum RunSummaryText {
    public static func render(_ r: BasinResults, seconds: Double) -> String {
        var out: [String] = []
        let net = r.model.network
        let first = r.steps.first?.date.description ?? "-", last = r.steps.last?.date.description ?? "-"
        out.append("\(net.name): \(r.steps.count) steps, \(first) to \(last) (\(fmt(r.years, 1)) years), solved in \(fmt(seconds, 2)) s")
        out.append("")
        let demands = r.demandLines
        if !demands.isEmpty {
            out.append("Demands (million m³ over the run)")
            out.append(table(["demand", "owner", "priority", "demand", "delivered", "deficit %"], demands.map {
                [$0.name, $0.owner ?? "-", $0.priority.map(String.init) ?? "-", fmt($0.demandMm3), fmt($0.deliveredMm3), fmt($0.deficitPercent, 2)]
            }))
            out.append("")
        }
        let reservoirs = r.reservoirLines
        if !reservoirs.isEmpty {
            out.append("Reservoirs (end-of-step storage, million m³)")
            out.append(table(["reservoir", "min", "mean", "max", "final", "evaporation", "spill"], reservoirs.map {
                [$0.name, fmt($0.minMm3), fmt($0.meanMm3), fmt($0.maxMm3), fmt($0.finalMm3), fmt($0.evaporationMm3), fmt($0.spillMm3)]
            }))
            out.append("")
        }
        let plants = r.plantLines
        if !plants.isEmpty {
            out.append("Hydropower")
            out.append(table(["plant", "owner", "GWh", "GWh/year"], plants.map {
                [$0.name, $0.owner ?? "-", fmt($0.gwh), fmt($0.gwhPerYear)]
            }))
            out.append("")
        }
        let sinks = r.sinkLines
        if !sinks.isEmpty {
            out.append("Sinks")
            out.append(table(["sink", "inflow km³", "km³/year"], sinks.map { [$0.name, fmt($0.inflowKm3, 3), fmt($0.inflowKm3PerYear, 3)] }))
            out.append("")
        }
        let shortfalls = r.physicalShortfallLines
        if !shortfalls.isEmpty {
            out.append("Physical shortfalls (evaporation alone took the storage below its minimum with nothing released)")
            out.append(table(["reservoir", "steps", "deepest below minimum (million m³)", "on"], shortfalls.map {
                [$0.name, String($0.steps), fmt($0.worstMm3, 3), $0.worstDate.description]
            }))
            out.append("")
        }
        out.append(contentsOf: VolumeSummaryText.render(r))
        out.append(contentsOf: SeasonalSummary.render(r))
        out.append("Mass balance: closes at every node and step (largest relative residual \(String(format: "%.1e", r.worstMassBalanceResidual)), tolerance \(String(format: "%.0e", Simulation.massBalanceTolerance)))")
        if !r.volumesInTransit.isEmpty {
            let list = r.volumesInTransit.map { "\($0.name) \(fmt($0.volumeMm3, 1))" }.joined(separator: ", ")
            out.append("Return water in transit at the end (arrives after the run, counted in the balance; million m³): \(list)")
        }
        return out.joined(separator: "\n")
    }
}
