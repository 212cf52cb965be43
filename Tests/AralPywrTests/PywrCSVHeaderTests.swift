import Foundation
import Testing
import AralSchema
import AralPywr

/// Column names as pandas reads them: a header cell written `, flow` is `" flow"` to pandas,
/// and pywr-editor's `table.csv` (`Column 1,Demand centre,Column 3, Date`) has one. Aral
/// trimmed every header, so `"column": " Date"` — which Pywr runs — was refused with a list
/// that seemed to contain it.
@Suite("Pywr data frame column names")
struct PywrCSVHeaderTests {
    static func model(column: String) throws -> (json: String, directory: String) {
        try pywrSeriesModel(header: "date, flow", column: column)
    }

    @Test("a column named with its leading space, as pandas names it, is read", arguments: [" flow", "flow"])
    func leadingSpace(column: String) throws {
        let (json, directory) = try Self.model(column: column)
        let r = try runPywr(json, directory: directory)
        #expect(matches(r.flow("river"), [1.0, 4, 2, 5, 3]))
    }

    @Test("a missing column is listed with the names quoted as written")
    func missingColumn() throws {
        let (json, directory) = try Self.model(column: "flw")
        do {
            _ = try compilePywr(json, directory: directory)
            Issue.record("a missing column was accepted")
        } catch {
            let message = error.issues.map(\.message).joined(separator: "; ")
            #expect(message.contains("no column 'flw'; its columns: 'date', ' flow'"), "\(message)")
        }
    }

    /// A numeric index_col beyond the file's columns read past its cells and crashed.
    @Test("a numeric index_col outside the file is refused at its key")
    func indexColumnOutside() throws {
        let (json, directory) = try Self.model(column: "flow")
        do {
            _ = try compilePywr(json.replacingOccurrences(of: #""index_col": "date""#, with: #""index_col": 5"#), directory: directory)
            Issue.record("index_col 5 of 2 columns was accepted")
        } catch {
            let issue = try #require(error.issues.first)
            #expect(issue.path == "nodes[0].flow.index_col", "\(issue)")
            #expect(issue.message.contains("index_col 5 is not a column"), "\(issue)")
        }
    }
}

