import Foundation
import AralModel
import AralSchema

/// Writes the result files of a run's `csvrecorder`s and `tablesrecorder`s.
public enum PywrResultFileWriter {
    public struct WriteError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Writes every result file of `ensemble[0].model`; `ensemble` holds the combinations
    /// that were run, in Pywr's order.
    public static func write(_ ensemble: [PywrResults]) throws(WriteError) {
        guard let model = ensemble.first?.model else { return }
        for file in model.resultFiles {
            switch file.format {
            case .csv(let scenarioIndex):
                guard let results = ensemble.first(where: { $0.combination == scenarioIndex }) else {
                    throw WriteError(description: "recorder '\(file.recorder)' writes scenario combination \(scenarioIndex), which was not run (use --ensemble)")
                }
                try save(csv(file, results), to: file.path, recorder: file.recorder)
            case .tables:
                try PywrTablesWriter.write(file, ensemble: ensemble)
            }
        }
    }

    /// Pywr's `CSVRecorder`: `Datetime` then one column per node, a row per step with the
    /// step's ISO date-time and each node's flow (a storage's volume) as Python prints floats.
    static func csv(_ file: PywrResultFile, _ results: PywrResults) -> String {
        var out = (["Datetime"] + file.columns.map { PywrResultsCSV.quote($0.name) }).joined(separator: ",") + "\r\n"
        for (i, step) in results.steps.enumerated() {
            var row = ["\(step.date)T00:00:00"]
            for column in file.columns {
                guard case .node(let n) = column.source else { continue }
                row.append(pythonFloat(results.volumes[n]?[i] ?? results.flows[n][i]))
            }
            out += row.joined(separator: ",") + "\r\n"
        }
        return out
    }

    /// Python's `repr(float)`: the shortest round-trip digits, `inf`, `nan`; Swift's
    /// description gives the same digits and exponent form for finite values.
    static func pythonFloat(_ v: Double) -> String {
        if v.isNaN { return "nan" }
        if v.isInfinite { return v > 0 ? "inf" : "-inf" }
        return "\(v)"
    }

    static func save(_ text: String, to path: String, recorder: String) throws(WriteError) {
        do { try OutputFile.write(Data(text.utf8), to: path) } catch {
            throw WriteError(description: "recorder '\(recorder)': cannot write \(path): \(error.localizedDescription)")
        }
    }
}
