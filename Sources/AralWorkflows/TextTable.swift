import Foundation

// Aligned text tables for the summaries every front end prints.

/// Fixed-width number formatting for tables.
public func fmt(_ x: Double, _ decimals: Int = 1) -> String {
    String(format: "%.\(decimals)f", x)
}

public func pad(_ s: String, _ width: Int, right: Bool = false) -> String {
    if s.count >= width { return s }
    let fill = String(repeating: " ", count: width - s.count)
    return right ? fill + s : s + fill
}

/// Renders rows as an aligned text table; numeric-looking columns are right-aligned.
public func table(_ header: [String], _ rows: [[String]]) -> String {
    var widths = header.map(\.count)
    for row in rows { for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) } }
    func isNumeric(_ col: Int) -> Bool {
        rows.allSatisfy { row in col < row.count && (Double(row[col].replacingOccurrences(of: ",", with: "")) != nil || row[col] == "-") }
    }
    let numeric = header.indices.map { isNumeric($0) }
    var lines: [String] = []
    lines.append(header.enumerated().map { pad($1, widths[$0], right: numeric[$0]) }.joined(separator: "  "))
    lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
    for row in rows {
        lines.append(row.enumerated().map { pad($1, widths[$0], right: numeric[$0]) }.joined(separator: "  "))
    }
    return lines.joined(separator: "\n")
}
