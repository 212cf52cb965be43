import Foundation
import Testing
import ZIPFoundation
import AralPywr

/// Pywr's `dataframe` parameter from an Excel workbook (`url: ….xlsx`, `sheet_name`), as in
/// Pywr's `timeseries1_xlsx.json`. The workbooks are written here, part by part, the way
/// Excel writes them: shared strings, an inline string, dates as serial days with a date
/// style, numbers as written.
@Suite("Pywr data frames from Excel workbooks")
struct PywrExcelTests {
    static let styles = """
        <?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
        <cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>
        """

    /// A workbook with an empty first sheet `notes` and a second sheet `flows` whose cells are
    /// `flowsCells` (the `<sheetData>` rows).
    static func workbook(flowsCells: String) throws -> (directory: String, file: String) {
        let directory = try temporaryDirectory()
        let path = (directory as NSString).appendingPathComponent("data.xlsx")
        let parts: [(String, String)] = [
            ("xl/workbook.xml", """
                <?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
                xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>\
                <sheet name="notes" sheetId="1" r:id="rId1"/><sheet name="flows" sheetId="2" r:id="rId2"/></sheets></workbook>
                """),
            ("xl/_rels/workbook.xml.rels", """
                <?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                <Relationship Id="rId2" Target="worksheets/sheet2.xml"/><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>
                """),
            ("xl/sharedStrings.xml", """
                <?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
                <si><t>Date</t></si><si><r><t>Fl</t></r><r><t>ow</t></r></si></sst>
                """),
            ("xl/styles.xml", styles),
            ("xl/worksheets/sheet1.xml", #"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>"#),
            ("xl/worksheets/sheet2.xml", """
                <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>\(flowsCells)</sheetData></worksheet>
                """),
        ]
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .create)
        for (name, text) in parts {
            let data = Data(text.utf8)
            try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return (directory, "data.xlsx")
    }

    static func model(file: String, sheet: String) -> String {
        pywrModel(nodes: """
            [{"name": "catchment1", "type": "Input",
              "max_flow": {"type": "dataframe", "url": "\(file)", "sheet_name": \(sheet), "index_col": 0}},
             {"name": "demand1", "type": "Output", "max_flow": 100, "cost": -10}]
            """, edges: #"[["catchment1", "demand1"]]"#)
    }

    /// Header (shared strings, the second a rich-text run), then 2015-01-01… as Excel serials
    /// 42005… with the date style, and the flows.
    static let goodRows = """
        <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>\
        <row r="2"><c r="A2" s="1"><v>42005</v></c><c r="B2"><v>23.92</v></c></row>\
        <row r="3"><c r="A3" s="1"><v>42006</v></c><c r="B3"><v>22.14</v></c></row>\
        <row r="4"><c r="A4" s="1"><v>42007</v></c><c r="B4"><v>7</v></c></row>
        """

    @Test("a sheet chosen by name (or position) gives the input's maximum flow day by day")
    func sheetByNameAndPosition() throws {
        let (directory, file) = try Self.workbook(flowsCells: Self.goodRows)
        for sheet in [#""flows""#, "1"] {
            let r = try runPywr(Self.model(file: file, sheet: sheet), directory: directory)
            #expect(matches(r.flow("demand1"), [23.92, 22.14, 7]))
        }
    }

    @Test("an Excel error value is reported with the file, the sheet and the cell")
    func errorCell() throws {
        let rows = Self.goodRows.replacingOccurrences(of: #"<c r="B3"><v>22.14</v></c>"#, with: #"<c r="B3" t="e"><v>#DIV/0!</v></c>"#)
        let (directory, file) = try Self.workbook(flowsCells: rows)
        #expect { _ = try compilePywr(Self.model(file: file, sheet: #""flows""#), directory: directory) } throws: {
            let text = "\($0)"
            return text.contains("data.xlsx") && text.contains("sheet 'flows', cell B3") && text.contains("#DIV/0!")
        }
    }

    @Test("a sheet the workbook does not have is named with the sheets it has")
    func missingSheet() throws {
        let (directory, file) = try Self.workbook(flowsCells: Self.goodRows)
        #expect { _ = try compilePywr(Self.model(file: file, sheet: #""timeseries""#), directory: directory) } throws: {
            "\($0)".contains("no sheet named 'timeseries'") && "\($0)".contains("notes, flows")
        }
    }
}
