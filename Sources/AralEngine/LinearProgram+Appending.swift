import AralSolver

extension LinearProgram {
    /// This program with `terms[j]` appended to column `j`'s coefficients. The rows named
    /// must come after every row the column already has (rows appended since), so each
    /// column's row indices stay sorted, as CLP expects.
    ///
    /// Why here: the step LP's matrix is fixed (`LPSolver` changes bounds and costs only);
    /// shortage sharing alone needs a changed copy, built once per short step.
    func addingCoefficients(_ terms: [Int: [(row: Int, value: Double)]]) -> LinearProgram {
        var result = self
        var starts: [Int32] = [0], rows: [Int32] = [], values: [Double] = []
        starts.reserveCapacity(columnCount + 1)
        rows.reserveCapacity(nonzeroCount + terms.count * 2)
        values.reserveCapacity(nonzeroCount + terms.count * 2)
        for j in 0..<columnCount {
            let start = Int(columnStarts[j]), end = Int(columnStarts[j + 1])
            rows.append(contentsOf: rowIndices[start..<end])
            values.append(contentsOf: elements[start..<end])
            if let extra = terms[j] {
                for term in extra.sorted(by: { $0.row < $1.row }) where term.value != 0 {
                    precondition(start == end || Int(rowIndices[end - 1]) < term.row,
                                 "appended coefficients must be on rows after the column's last")
                    rows.append(Int32(term.row))
                    values.append(term.value)
                }
            }
            starts.append(Int32(values.count))
        }
        result.columnStarts = starts
        result.rowIndices = rows
        result.elements = values
        return result
    }
}
