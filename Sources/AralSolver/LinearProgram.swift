/// A sparse linear program in the bounded form every LP solver accepts:
///
///     minimize    c·x
///     subject to  rowLower ≤ A·x ≤ rowUpper
///                 columnLower ≤ x ≤ columnUpper
///
/// The matrix is held column-wise (compressed sparse column), which is what CLP loads
/// without a copy. Infinite bounds are `±Double.infinity`. Names are kept so that a dumped
/// MPS file and an infeasibility report speak the model's language, not column numbers.
///
/// A `LinearProgram` is the *structure* of a step LP. Between time steps an engine keeps
/// the matrix fixed and changes only bounds and costs through `LPSolver`, so a warm-started
/// solver sees only what changed.
public struct LinearProgram: Sendable {
    public var columnLower: [Double] = []
    public var columnUpper: [Double] = []
    public var objective: [Double] = []
    public var columnNames: [String] = []

    public var rowLower: [Double] = []
    public var rowUpper: [Double] = []
    public var rowNames: [String] = []

    /// Column-wise nonzeros: column `j` owns entries `columnStarts[j] ..< columnStarts[j+1]`.
    public var columnStarts: [Int32] = [0]
    public var rowIndices: [Int32] = []
    public var elements: [Double] = []

    public init() {}

    public var columnCount: Int { columnLower.count }
    public var rowCount: Int { rowLower.count }
    public var nonzeroCount: Int { elements.count }

    /// Adds an empty row and returns its index; coefficients come with the columns.
    @discardableResult
    public mutating func addRow(name: String, lower: Double, upper: Double) -> Int {
        rowLower.append(lower)
        rowUpper.append(upper)
        rowNames.append(name)
        return rowLower.count - 1
    }

    /// Adds a column with its coefficients in existing rows and returns its index.
    /// Coefficients on the same row are summed, so callers may list a row twice.
    @discardableResult
    public mutating func addColumn(
        name: String, lower: Double, upper: Double, cost: Double,
        coefficients: [(row: Int, value: Double)]
    ) -> Int {
        columnLower.append(lower)
        columnUpper.append(upper)
        objective.append(cost)
        columnNames.append(name)
        var merged: [Int: Double] = [:]
        var order: [Int] = []
        for (row, value) in coefficients {
            precondition(row >= 0 && row < rowLower.count, "row \(row) does not exist")
            if merged[row] == nil { order.append(row) }
            merged[row, default: 0] += value
        }
        for row in order.sorted() {
            guard let value = merged[row], value != 0 else { continue }
            rowIndices.append(Int32(row))
            elements.append(value)
        }
        columnStarts.append(Int32(elements.count))
        return columnLower.count - 1
    }

    /// The coefficients of column `j` as (row, value) pairs.
    public func column(_ j: Int) -> [(row: Int, value: Double)] {
        let start = Int(columnStarts[j]), end = Int(columnStarts[j + 1])
        return (start..<end).map { (Int(rowIndices[$0]), elements[$0]) }
    }
}
