public import AralSolver
import AralSchema

/// Builds a `LinearProgram` from coefficients given in any order (row, column, value), so the
/// planner can add a row over existing columns — which `LinearProgram`'s column-wise
/// `addColumn` cannot — and still hand CLP its compressed-column arrays.
public struct SparseBuilder: Sendable {
    public private(set) var columnLower: [Double] = []
    public private(set) var columnUpper: [Double] = []
    public var objective: [Double] = []
    public private(set) var rowLower: [Double] = []
    public private(set) var rowUpper: [Double] = []
    private var entryRow: [Int32] = []
    private var entryColumn: [Int32] = []
    private var entryValue: [Double] = []

    public init() {}

    public var columnCount: Int { columnLower.count }
    public var rowCount: Int { rowLower.count }

    @discardableResult
    public mutating func addColumn(lower: Double, upper: Double, cost: Double = 0) -> Int {
        columnLower.append(lower)
        columnUpper.append(upper)
        objective.append(cost)
        return columnLower.count - 1
    }

    @discardableResult
    public mutating func addRow(lower: Double, upper: Double, terms: [(column: Int, value: Double)] = []) -> Int {
        rowLower.append(lower)
        rowUpper.append(upper)
        let r = rowLower.count - 1
        for t in terms { set(row: r, column: t.column, t.value) }
        return r
    }

    /// Adds `value` at (row, column); repeated positions are summed when the program is built.
    public mutating func set(row: Int, column: Int, _ value: Double) {
        guard value != 0 else { return }
        entryRow.append(Int32(truncatingIfNeeded: row))
        entryColumn.append(Int32(truncatingIfNeeded: column))
        entryValue.append(value)
    }

    public mutating func setBounds(column: Int, lower: Double, upper: Double) {
        columnLower[column] = lower
        columnUpper[column] = upper
    }

    public mutating func setRowBounds(row: Int, lower: Double, upper: Double) {
        rowLower[row] = lower
        rowUpper[row] = upper
    }

    /// The compressed-column program (a counting sort by column; duplicates summed).
    public func program() -> LinearProgram {
        var lp = LinearProgram()
        let n = columnCount
        lp.columnLower = columnLower
        lp.columnUpper = columnUpper
        lp.objective = objective
        lp.rowLower = rowLower
        lp.rowUpper = rowUpper
        var counts = [Int](repeating: 0, count: n + 1)
        for c in entryColumn { counts[Int(c) + 1] += 1 }
        for j in 0..<n { counts[j + 1] += counts[j] }
        var next = counts
        var rows = [Int32](repeating: 0, count: entryValue.count)
        var values = [Double](repeating: 0, count: entryValue.count)
        for k in entryValue.indices {
            let j = Int(entryColumn[k])
            rows[next[j]] = entryRow[k]
            values[next[j]] = entryValue[k]
            next[j] += 1
        }
        // Sort each column by row and merge duplicates.
        var starts: [Int32] = [0]
        starts.reserveCapacity(n + 1)
        var outRows: [Int32] = []
        var outValues: [Double] = []
        outRows.reserveCapacity(rows.count)
        outValues.reserveCapacity(rows.count)
        for j in 0..<n {
            let range = counts[j]..<counts[j + 1]
            if range.count > 1 {
                let pairs = range.map { (rows[$0], values[$0]) }.sorted { $0.0 < $1.0 }
                for (r, v) in pairs {
                    if let last = outRows.last, outRows.count > Int(starts[j]), last == r {
                        outValues[outValues.count - 1] += v
                    } else {
                        outRows.append(r)
                        outValues.append(v)
                    }
                }
            } else {
                for k in range {
                    outRows.append(rows[k])
                    outValues.append(values[k])
                }
            }
            starts.append(Int32(outRows.count))
        }
        lp.columnStarts = starts
        lp.rowIndices = outRows
        lp.elements = outValues
        return lp
    }
}
