import Foundation
public import AralEngine
import AralModel
import AralSchema

/// Writes results in the long format every comparison reads:
/// `step,date,node,attribute,value`, one row per step, node and attribute, the step counted
/// from 0 and the date the step's first day. Values use Swift's shortest round-trip form,
/// so nothing is lost between a run and a file.
public enum ResultsCSVWriter {
    public static let header = "step,date,node,attribute,value"

    /// One row per step of each series, grouped by step.
    public static func render(_ results: BasinResults) -> String {
        var out = header + "\n"
        out.reserveCapacity(results.steps.count * results.series.count * 40)
        let dates = results.steps.map { $0.date.description }
        for (i, _) in results.steps.enumerated() {
            for s in results.series {
                out += "\(i),\(dates[i]),\(quote(s.element)),\(s.attribute),\(s.values[i])\n"
            }
        }
        return out
    }

    public static func write(_ results: BasinResults, to path: String) throws {
        try writeAtomically(render(results), to: path)
    }

    static func quote(_ field: String) -> String {
        field.contains(",") || field.contains("\"") || field.contains("\n") || field.contains("\r")
            ? "\"\(field.replacingOccurrences(of: "\"", with: "\"\""))\"" : field
    }
}

/// Writes a result file as every command does (`OutputFile`): whole or not at all, through a
/// device or a link rather than over it.
public func writeAtomically(_ text: String, to path: String) throws {
    try OutputFile.write(Data(text.utf8), to: path)
}
