import Foundation
import AralSchema

/// A data frame written inline in a Pywr model (`"data": {column: {index: value}}`), as
/// Pywr's `read_dataframe` builds it with `pandas.DataFrame.from_dict` (orient `columns`):
/// one column per outer key in file order, the index the inner keys in order of first
/// appearance, a cell a column lacks left empty (pandas' NaN). It is turned into CSV text so
/// the rest of the dataframe path (index column 0, `parse_dates`, `scenario`, `column`)
/// reads it exactly as it reads a file.
enum PywrInlineFrame {
    struct Problem: Error {
        var node: JSONNode
        var message: String
    }

    static func csvText(_ data: JSONNode) throws(Problem) -> String {
        guard let columns = data.members, !columns.isEmpty else {
            throw Problem(node: data, message: "inline 'data' must be an object mapping column names to {index: value} objects")
        }
        var index: [String] = []
        var seen: Set<String> = []
        var cells: [[String: String]] = []
        for (_, column) in columns {
            guard let rows = column.members else {
                throw Problem(node: column, message: "a column of inline 'data' must be an object mapping index labels to numbers")
            }
            var byIndex: [String: String] = [:]
            for (label, value) in rows {
                if seen.insert(label).inserted { index.append(label) }
                if let number = value.number { byIndex[label] = "\(number)" }
                else if !value.isNull {
                    throw Problem(node: value, message: "'\(label)' is not a number (a \(value.typeName))")
                }
            }
            cells.append(byIndex)
        }
        var lines = [([""] + columns.map(\.key)).map(quoted).joined(separator: ",")]
        for label in index {
            lines.append(([label] + cells.map { $0[label] ?? "" }).map(quoted).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// CSV quoting for a cell that holds a comma, a quote or a line end.
    static func quoted(_ cell: String) -> String {
        guard cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return cell }
        return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
