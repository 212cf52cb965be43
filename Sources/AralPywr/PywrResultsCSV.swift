import AralModel
import AralSchema

/// Writes Pywr results in Aral's long format, `step,date,node,attribute,value`, with Pywr's
/// node names: `flow` for every node, `volume` for every storage and licence (end of step).
/// Values use Swift's shortest round-trip form, so comparisons see every digit.
public enum PywrResultsCSV {
    public static let header = "step,date,node,attribute,value"

    public static func render(_ results: PywrResults) -> String {
        var out = header + "\n"
        out.reserveCapacity(results.steps.count * results.flows.count * 40)
        let names = results.model.nodes.map { quote($0.name) }
        for (i, step) in results.steps.enumerated() {
            let date = step.date.description
            for (n, name) in names.enumerated() {
                out += "\(i),\(date),\(name),flow,\(results.flows[n][i])\n"
                if let v = results.volumes[n] { out += "\(i),\(date),\(name),volume,\(v[i])\n" }
            }
        }
        return out
    }

    public static let ensembleHeader = "scenario,step,date,node,attribute,value"

    /// Every scenario combination's results, `scenario` being the combination's position
    /// in Pywr's order (its `ScenarioIndex.global_id`).
    public static func render(ensemble: [PywrResults]) -> String {
        var out = ensembleHeader + "\n"
        for (c, results) in ensemble.enumerated() {
            let names = results.model.nodes.map { quote($0.name) }
            for (i, step) in results.steps.enumerated() {
                let date = step.date.description
                for (n, name) in names.enumerated() {
                    out += "\(c),\(i),\(date),\(name),flow,\(results.flows[n][i])\n"
                    if let v = results.volumes[n] { out += "\(c),\(i),\(date),\(name),volume,\(v[i])\n" }
                }
            }
        }
        return out
    }

    static func quote(_ field: String) -> String {
        guard field.contains(",") || field.contains("\"") || field.contains("\n") else { return field }
        var escaped = ""
        for c in field { escaped += c == "\"" ? "\"\"" : String(c) }
        return "\"\(escaped)\""
    }
}
