import Foundation
import AralModel
import AralPywr

/// The terminal summary of a Pywr run: per node the mean flow (and storage range), then
/// the recorders Aral computed and those it did not.
enum PywrSummary {
    static func render(_ r: PywrResults, seconds: Double, json: Bool) -> String {
        let p = PywrRunSummary(r, seconds: seconds)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            return (try? encoder.encode(p)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        }
        var out = ["\(p.model) (Pywr model): \(p.steps) steps, solved in \(String(format: "%.3f", seconds)) s", ""]
        out.append("node | type | mean flow | final volume")
        for n in p.nodes {
            out.append("\(n.name) | \(n.type) | \(String(format: "%.6g", n.meanFlow)) | \(n.finalVolume.map { String(format: "%.6g", $0) } ?? "-")")
        }
        if !p.recorders.isEmpty {
            out.append("")
            out.append("Recorders")
            for rec in p.recorders { out.append("  \(rec.name): \(String(format: "%.6g", rec.value))") }
        }
        if !p.ignoredRecorders.isEmpty {
            out.append("")
            out.append("Recorders not computed by Aral (they do not change the allocation): \(p.ignoredRecorders.joined(separator: ", "))")
        }
        out.append("")
        out.append("Mass balance: closes at every node and step (largest relative residual \(String(format: "%.1e", p.worstMassBalanceResidual)))")
        return out.joined(separator: "\n")
    }
}
