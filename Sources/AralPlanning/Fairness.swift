/// Jain's fairness index of non-negative values: (Σx)² / (n·Σx²). It is 1 when all values
/// are equal and 1/n when one party gets everything; scale-free, so satisfaction fractions
/// and volumes give the same index. Empty or all-zero input counts as equal (1).
public func jainIndex(_ values: [Double]) -> Double {
    let sum = values.reduce(0, +)
    let squares = values.reduce(0) { $0 + $1 * $1 }
    guard !values.isEmpty, squares > 0 else { return 1 }
    return sum * sum / (Double(values.count) * squares)
}
