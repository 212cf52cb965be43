import AralModel
public import AralEngine

/// The run summary's section on volumes over periods (`policy.volumes`): per volume, how many
/// periods met it, then every period that fell short of its least volume or passed its most,
/// and by how much — so a dry year that could not pass the Kerki volume is named.
public enum VolumeSummaryText {
    public static func render(_ r: BasinResults) -> [String] {
        let outcomes = r.volumeOutcomes
        guard !outcomes.isEmpty else { return [] }
        var out = ["Volumes over periods (million m³)"]
        var names: [String] = []
        for o in outcomes where !names.contains(o.target) { names.append(o.target) }
        out.append(table(["volume", "periods", "met", "short", "above max"], names.map { name in
            let mine = outcomes.filter { $0.target == name }
            let short = mine.filter { isOff($0.shortfall, $0.period.minVolume) }.count
            let above = mine.filter { isOff($0.excess, $0.period.maxVolume) }.count
            let met = mine.filter { !isOff($0.shortfall, $0.period.minVolume) && !isOff($0.excess, $0.period.maxVolume) }.count
            return [name, String(mine.count), String(met), String(short), String(above)]
        }))
        let off = outcomes.filter { isOff($0.shortfall, $0.period.minVolume) || isOff($0.excess, $0.period.maxVolume) }
        if !off.isEmpty {
            out.append("")
            // The legend only where a starred period is listed (found from outside: the header
            // announced a mark that no line showed).
            out.append(off.contains { $0.period.isPartial }
                       ? "Periods not met (* a period the run covers only in part: its min and max scaled by days)"
                       : "Periods not met")
            out.append(table(["volume", "from", "to", "passed", "min", "max", "short", "above"], off.map { o in
                [o.target, o.period.from.description + (o.period.isPartial ? "*" : ""), o.period.to.description, fmt(o.volume),
                 o.period.minVolume.map { fmt($0) } ?? "-", o.period.maxVolume.map { fmt($0) } ?? "-", fmt(o.shortfall), fmt(o.excess)]
            }))
        }
        out.append("")
        return out
    }

    /// Relative size below which a shortfall or excess is the solver's rounding, not a miss.
    public static let reportTolerance = 1e-6

    static func isOff(_ amount: Double, _ bound: Double?) -> Bool {
        amount > reportTolerance * max(1, bound ?? 0)
    }
}
