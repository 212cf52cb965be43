import Foundation
import AralWorkflows
import AralPlanning
import AralSchema

/// The terminal report of a plan: parties, plants, reservoirs, sinks, cooperation, exchange.
enum PlanText {
    static func render(_ r: PlanReport, exchange showObligations: Bool) -> String {
        var out: [String] = []
        out.append("\(r.model): plan \(r.from) to \(r.to), \(r.steps) steps, sharing '\(r.sharing)'")
        out.append("Solved in \(fmt(r.solver.seconds, 2)) s: \(r.solver.slpIterations) successive-LP iterations, \(r.solver.evaporationPasses) evaporation pass(es), \(r.solver.lpSolves) LPs")
        out.append("Mass balance: closes at every node and step (largest relative residual \(String(format: "%.1e", r.solver.massBalanceResidual)), tolerance \(String(format: "%.0e", PlanMassBalance.tolerance)))")
        out.append("")
        if !r.parties.isEmpty {
            out.append("Parties (million m³ over the horizon)")
            out.append(table(["party", "system", "share %", "entitlement", "delivered", "satisfaction %", "deviation pp"], r.parties.map {
                [$0.party, $0.system, fmt(100 * $0.share, 1), fmt($0.entitlementMm3), fmt($0.deliveredMm3),
                 fmt(100 * $0.satisfaction, 1), fmt(100 * $0.deviationFromShare, 1)]
            }))
            out.append("Jain's fairness index: \(fmt(r.jainIndex, 4))")
            out.append("")
        }
        if !r.plants.isEmpty {
            out.append("Hydropower (GWh)")
            out.append(table(["plant", "owner", "vegetation", "non-vegetation", "total", "value"], r.plants.map {
                [$0.name, $0.owner ?? "-", fmt($0.vegetationMWh / 1000), fmt($0.nonVegetationMWh / 1000), fmt($0.totalMWh / 1000), fmt($0.value, 0)]
            }))
            out.append("")
        }
        if !r.reservoirs.isEmpty {
            out.append("Reservoirs (million m³)")
            out.append(table(["reservoir", "owner", "initial", "min", "max", "final"], r.reservoirs.map {
                [$0.name, $0.owner ?? "-", fmt($0.initialMm3), fmt($0.volumeMm3.min() ?? 0), fmt($0.volumeMm3.max() ?? 0), fmt($0.volumeMm3.last ?? 0)]
            }))
            out.append("")
        }
        if !r.sinks.isEmpty {
            out.append("Aral Sea and deltas: \(fmt(r.aralInflowMm3 / 1000, 3)) km³ (" + r.sinks.map { "\($0.name) \(fmt($0.inflowMm3))" }.joined(separator: ", ") + " Mm³)")
        }
        let short = r.environmentalShortfalls.filter { $0.shortfallMm3 > 1e-6 }
        if !short.isEmpty {
            out.append("Environmental shortfalls: " + short.map { "\($0.node) \(fmt($0.shortfallMm3)) Mm³" }.joined(separator: ", "))
        }
        if let physical = r.physicalShortfalls {
            out.append("Physical shortfalls (evaporation alone took the storage below its minimum with nothing released): "
                + physical.map { "\($0.reservoir) \($0.steps) step(s), deepest \(fmt($0.deepestMm3)) Mm³ on \($0.on)" }.joined(separator: ", "))
        }
        let volumesOff = r.volumes.filter { $0.shortfallMm3 > 1e-6 * max(1, $0.minMm3 ?? 0) || $0.excessMm3 > 1e-6 * max(1, $0.maxMm3 ?? 0) }
        if !r.volumes.isEmpty {
            out.append("Volumes over periods: \(r.volumes.count - volumesOff.count) of \(r.volumes.count) periods met" + (volumesOff.isEmpty ? "" : "; not met: "
                + volumesOff.map { "\($0.name) \($0.from)–\($0.to) \(fmt($0.volumeMm3)) Mm³ (short \(fmt($0.shortfallMm3)), above \(fmt($0.excessMm3)))" }.joined(separator: ", ")))
        }
        if let transit = r.waterInTransitAtEndMm3 {
            out.append("Return water in transit at the horizon's end (arrives after it; million m³): "
                + transit.sorted { $0.key < $1.key }.map { "\($0.key) \(fmt($0.value))" }.joined(separator: ", "))
        }
        if let c = r.cooperation {
            out.append("")
            out.append("Value of cooperation (consortium minus \(c.upstream.joined(separator: ", ")) alone)")
            out.append(table(["", "alone", "consortium", "difference"], [
                ["water delivered Mm³", fmt(c.alone.deliveredMm3), fmt(c.consortium.deliveredMm3), fmt(c.difference.deliveredMm3)],
                ["energy GWh", fmt(c.alone.energyMWh / 1000), fmt(c.consortium.energyMWh / 1000), fmt(c.difference.energyMWh / 1000)],
                ["energy value", fmt(c.alone.energyValue, 0), fmt(c.consortium.energyValue, 0), fmt(c.difference.energyValue, 0)],
                ["Aral inflow Mm³", fmt(c.alone.aralInflowMm3), fmt(c.consortium.aralInflowMm3), fmt(c.difference.aralInflowMm3)],
            ]))
        }
        if showObligations, let x = r.exchange {
            out.append("")
            out.append("Exchange (\(x.method))")
            out.append(table(["upstream", "extra vegetation release Mm³", "summer energy MWh", "winter energy forgone MWh", "energy value lost", "compensation MWh"], x.upstream.map {
                [$0.party, fmt($0.extraVegetationReleaseMm3), fmt($0.summerEnergyMWh, 0), fmt($0.winterEnergyForgoneMWh, 0),
                 $0.energyValueLost.map { fmt($0, 0) } ?? "-", $0.compensationMWh.map { fmt($0, 0) } ?? "-"]
            }))
            out.append(table(["downstream", "extra water Mm³"], x.downstream.map { [$0.party, fmt($0.extraWaterMm3)] }))
            if !x.summerElectricity.isEmpty {
                out.append(table(["summer electricity from", "to", "MWh", "value"], x.summerElectricity.map {
                    [$0.from, $0.to, fmt($0.energyMWh, 0), $0.value.map { fmt($0, 0) } ?? "-"]
                }))
            }
            out.append("")
            out.append("Obligations")
            if x.obligations.isEmpty { out.append("  none: cooperation changes nothing on these inputs") }
            else {
                out.append(table(["who", "owes", "amount", "unit", "value", "season", "from", "to"], x.obligations.map {
                    [$0.from, $0.to, fmt($0.amount, $0.commodity == .water ? 1 : 0), $0.commodity == .water ? "Mm³" : "MWh",
                     $0.value.map { fmt($0, 0) } ?? "-", $0.season, $0.start, $0.end]
                }))
            }
            if let fuel = r.fuelForms, !fuel.isEmpty {
                out.append("")
                out.append("Winter compensation in fuel (the 1998 agreement's forms)")
                out.append(table(["who", "owes", "MWh", "or gas m³", "or coal t", "value"], fuel.map {
                    [$0.from, $0.to, fmt($0.energyMWh, 0), fmt($0.fuel.gasM3, 0), fmt($0.fuel.coalTonnes, 0), $0.value.map { fmt($0, 0) } ?? "-"]
                }))
                out.append("  " + FuelEquivalents.note)
            }
        }
        return out.joined(separator: "\n")
    }
}
