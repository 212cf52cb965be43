/// A table for the HTML reports: header and cells escaped, numeric columns right-aligned
/// (`class="num"`), wrapped so that a wide table scrolls instead of widening the page.
public struct HTMLTable: Sendable {
    public var header: [String]
    public var rows: [[String]]
    /// Columns from this index on hold numbers.
    public var numericFrom: Int
    /// The table's class (the dashboard's tests and styles find tables by it).
    public var cssClass: String?

    public init(header: [String], rows: [[String]], numericFrom: Int = 1, cssClass: String? = nil) {
        self.header = header
        self.rows = rows
        self.numericFrom = numericFrom
        self.cssClass = cssClass
    }

    public func render() -> String {
        let open = cssClass.map { "<table class=\"\(HTMLEscape.escape($0))\">" } ?? "<table>"
        let head = "<thead><tr>" + header.map { "<th>\(HTMLEscape.escape($0))</th>" }.joined() + "</tr></thead>"
        let body = rows.map { row in
            "<tr>" + row.enumerated().map { i, cell in
                i >= numericFrom ? "<td class=\"num\">\(HTMLEscape.escape(cell))</td>" : "<td>\(HTMLEscape.escape(cell))</td>"
            }.joined() + "</tr>"
        }.joined()
        return "<div class=\"scroll\">\(open)\(head)<tbody>\(body)</tbody></table></div>"
    }
}
