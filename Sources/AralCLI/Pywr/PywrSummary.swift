import Foundation
import AralModel
import AralPywr

/// The terminal summary of a Pywr run: per node the mean flow (and storage range), then
/// the recorders Aral computed and those it did not.
enum PywrSummary {
    static func render(_ ensemble: [PywrResults], seconds: Double, json: Bool) -> String {
        let p = PywrRunSummary(ensemble: ensemble, seconds: seconds)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            // A recorder's value may be NaN or infinite (Pywr's too); JSON has no such numbers.
            encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
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
            for rec in p.recorders { out.append(recorderLine(rec)) }
        }
        if !p.ignoredRecorders.isEmpty {
            out.append("")
            out.append("Recorders not computed by Aral (they do not change the allocation): \(p.ignoredRecorders.joined(separator: ", "))")
        }
        if let files = p.resultFiles, !files.isEmpty {
            out.append("")
            out.append("Result files: \(files.joined(separator: ", "))")
        }
        out.append("")
        out.append("Mass balance: closes at every node and step (largest relative residual \(String(format: "%.1e", p.worstMassBalanceResidual)))")
        return out.joined(separator: "\n")
    }

    /// `name (type): aggregated value [agg_func over combinations: v0, v1, …]`, with the
    /// objective and comment when the file gives them.
    static func recorderLine(_ rec: PywrRunSummary.RecorderLine) -> String {
        var line = "  \(rec.name)"
        if let type = rec.type { line += " (\(type))" }
        line += ": \(String(format: "%.6g", rec.value))"
        if let values = rec.values, values.count > 1 {
            line += " [\(rec.aggregation ?? "mean") of \(values.map { String(format: "%.6g", $0) }.joined(separator: ", "))]"
        }
        if let objective = rec.objective { line += " objective: \(objective)" }
        if let comment = rec.comment { line += " — \(comment)" }
        return line
    }
}
