import Foundation

/// Output helpers shared by commands: errors to stderr, progress only on a terminal.
enum Terminal {
    static func error(_ message: String) {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
    }

    static func note(_ message: String) {
        FileHandle.standardError.write(Data("\(message)\n".utf8))
    }

    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) != 0 }

    /// A progress line redrawn in place: `[=====>     ] 45% 5123/11322 steps, 41,200 steps/s, 0.2 s left`.
    final class Progress {
        let label: String
        let start = Date()
        var lastDraw = Date.distantPast
        let enabled: Bool

        init(label: String, enabled: Bool = Terminal.stderrIsTerminal) {
            self.label = label
            self.enabled = enabled
        }

        func update(_ done: Int, _ total: Int) {
            guard enabled else { return }
            let now = Date()
            guard done == total || now.timeIntervalSince(lastDraw) > 0.1 else { return }
            lastDraw = now
            let elapsed = now.timeIntervalSince(start)
            let rate = elapsed > 0 ? Double(done) / elapsed : 0
            let left = rate > 0 ? Double(total - done) / rate : 0
            let width = 30
            let filled = total > 0 ? width * done / total : width
            let bar = String(repeating: "=", count: filled) + String(repeating: " ", count: width - filled)
            let line = String(format: "\r%@ [%@] %3d%% %d/%d, %.0f/s, %.1f s left ", label, bar, total > 0 ? 100 * done / total : 100, done, total, rate, left)
            FileHandle.standardError.write(Data(line.utf8))
            if done == total { FileHandle.standardError.write(Data("\n".utf8)) }
        }
    }
}

/// Fixed-width number formatting for tables.
func fmt(_ x: Double, _ decimals: Int = 1) -> String {
    String(format: "%.\(decimals)f", x)
}

func pad(_ s: String, _ width: Int, right: Bool = false) -> String {
    if s.count >= width { return s }
    let fill = String(repeating: " ", count: width - s.count)
    return right ? fill + s : s + fill
}

/// Renders rows as an aligned text table; numeric-looking columns are right-aligned.
func table(_ header: [String], _ rows: [[String]]) -> String {
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
