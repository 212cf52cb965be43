import Foundation

/// The generated part of `docs/validation.md` (`aral hindcast --table`): per basin, the
/// validation comparisons, then apart from them what the model was calibrated to (inputs and
/// calibration targets), then every parameter moved.
public enum HindcastTable {
    public static func markdown(_ reports: [HindcastWorkflow.Report]) -> String {
        var lines: [String] = []
        for report in reports {
            lines.append("## \(report.basin) (`\(report.model)`)")
            lines.append("")
            lines.append("Runs: \(report.periodText).")
            lines.append("")
            lines.append("### Validated against (computed by the run, fed to nobody)")
            lines.append("")
            lines.append(contentsOf: rowTable(report.rows.filter { $0.comparison.role == .validation }))
            lines.append("")
            lines.append("### Calibrated to")
            lines.append("")
            if report.inputs.isEmpty {
                lines.append("Inputs scaled to a published figure: none on this branch.")
            } else {
                lines.append("Inputs scaled to a published figure:")
                lines.append("")
                lines.append(contentsOf: report.inputs.map { "- \($0)" })
            }
            lines.append("")
            let targets = report.rows.filter { $0.comparison.role == .calibration }
            if !targets.isEmpty {
                lines.append("Calibration targets (reported, not tests):")
                lines.append("")
                lines.append(contentsOf: rowTable(targets))
                lines.append("")
            }
            lines.append("### Parameters moved")
            lines.append("")
            if report.parameterMoves.isEmpty {
                lines.append("None.")
            } else {
                lines.append("| parameter | from | to | why |")
                lines.append("|---|---|---|---|")
                for move in report.parameterMoves {
                    lines.append("| \(cell(move.parameter)) | \(cell(move.from)) | \(cell(move.to)) | \(cell(move.reason)) |")
                }
            }
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }

    static func rowTable(_ rows: [HindcastWorkflow.Row]) -> [String] {
        guard !rows.isEmpty else { return ["None."] }
        var lines = ["| what | period | observed | modelled | error | tolerance | within | source | note |",
                     "|---|---|---|---|---|---|---|---|---|"]
        for row in rows {
            let c = row.comparison
            let unit = c.unit.isEmpty ? "" : " \(c.unit)"
            let error = row.relativeError.map { ($0 >= 0 ? "+" : "") + HindcastFormat.number($0 * 100) + "%" } ?? "–"
            let within = row.withinTolerance.map { $0 ? "yes" : "**no**" } ?? "–"
            lines.append("| \(cell(c.what)) | \(cell(c.period)) | \(HindcastFormat.number(row.observed))\(unit) | "
                + "\(HindcastFormat.number(row.modelled))\(unit) | \(error) | \(c.toleranceText) | \(within) | \(cell(c.source)) | \(cell(c.note ?? "")) |")
        }
        return lines
    }

    /// Text safe inside a Markdown table cell.
    static func cell(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }
}
