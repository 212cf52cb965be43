import Foundation
import Testing
import AralSchema
@testable import AralPywr

/// Edited Pywr models on which Aral and Pywr 1.31.1 parted (found from outside, 2026-12-05).
@Suite("Pywr parity on edited models")
struct PywrOutsideParityTests {
    @Test("an inline parameter given a name is that parameter wherever the name is used, as in Pywr")
    func inlineNamedParameter() throws {
        let r = try runPywr(pywrModel(nodes: """
            [{"name": "src", "type": "input", "max_flow": 20},
             {"name": "d1", "type": "output", "cost": -10, "max_flow": {"type": "constant", "value": 7, "name": "cap"}},
             {"name": "d2", "type": "output", "cost": -5, "max_flow": "cap"}]
            """, edges: #"[["src", "d1"], ["src", "d2"]]"#))
        #expect(matches(r.flow("d1"), [7, 7, 7]))
        #expect(matches(r.flow("d2"), [7, 7, 7]))  // Pywr: 7 and 7
    }

    @Test("a scenario data frame needs one column per member, as Pywr requires")
    func scenarioColumns() throws {
        let directory = try temporaryDirectory()
        try "Date,a,b,c\n2015-01-01,1,2,3\n2015-01-02,1,2,3\n2015-01-03,1,2,3\n"
            .write(toFile: (directory as NSString).appendingPathComponent("f.csv"), atomically: true, encoding: .utf8)
        let json = pywrModel(nodes: """
            [{"name": "inflow", "type": "catchment",
              "flow": {"type": "dataframe", "url": "f.csv", "index_col": "Date", "parse_dates": true, "scenario": "sc"}},
             {"name": "demand", "type": "output", "cost": -10}]
            """, edges: #"[["inflow", "demand"]]"#, extra: #", "scenarios": [{"name": "sc", "size": 2}]"#)
        do {
            _ = try compilePywr(json, directory: directory)
            Issue.record("a frame of 3 columns ran for a scenario of 2 members")
        } catch {
            #expect(error.description.contains("has 3 data columns but scenario 'sc' has 2 members"), "\(error)")
        }
    }

    @Test("a weekly data frame on daily steps says that Aral does not fill between its dates")
    func sparseFrame() throws {
        let directory = try temporaryDirectory()
        try "Date,flow\n2015-01-01,3\n2015-01-08,4\n"
            .write(toFile: (directory as NSString).appendingPathComponent("w.csv"), atomically: true, encoding: .utf8)
        let json = pywrModel(days: 10, nodes: """
            [{"name": "inflow", "type": "catchment", "flow": {"type": "dataframe", "url": "w.csv", "column": "flow", "index_col": "Date", "parse_dates": true}},
             {"name": "demand", "type": "output", "cost": -10}]
            """, edges: #"[["inflow", "demand"]]"#)
        do {
            _ = try compilePywr(json, directory: directory)
            Issue.record("a weekly frame ran on daily steps")
        } catch {
            #expect(error.description.contains("at least 7 days apart") && error.description.contains("does not fill between them"), "\(error)")
        }
    }
}
