import Foundation
import Testing
import AralSchema
import AralPywr
import AralClp

/// Pywr parameters evaluated at the start of each step: series from CSV, control curves on
/// start-of-step volumes, references by name and inline definitions.
@Suite("Pywr parameters")
struct PywrParameterTests {
    @Test("a dataframe parameter reads a CSV column next to the model file")
    func dataframe() throws {
        let dir = try temporaryDirectory()
        try "Date,inflow,other\n2015-01-01,3,0\n2015-01-02,4,0\n2015-01-03,5.5,0\n"
            .write(toFile: (dir as NSString).appendingPathComponent("flows.csv"), atomically: true, encoding: .utf8)
        let json = pywrModel(nodes: """
            [{"name": "catchment", "type": "catchment", "flow": "inflow"},
             {"name": "demand", "type": "output", "cost": -1}]
            """, edges: #"[["catchment", "demand"]]"#, parameters: """
            {"inflow": {"type": "dataframe", "url": "flows.csv", "column": "inflow", "index_col": "Date", "parse_dates": true}}
            """)
        let r = try runPywr(json, directory: dir)
        #expect(matches(r.flow("demand"), [3.0, 4, 5.5]))
    }

    @Test("controlcurveindex + indexedarray switch the demand when the store falls below the curve")
    func controlCurveIndex() throws {
        let json = pywrModel(days: 5, nodes: """
            [{"name": "res", "type": "storage", "max_volume": 100, "initial_volume": 80},
             {"name": "demand", "type": "output", "max_flow": "demand", "cost": -10}]
            """, edges: #"[["res", "demand"]]"#, parameters: """
            {"demand": {"type": "indexedarray", "params": [10, {"type": "constant", "value": 2}],
                        "index_parameter": {"type": "controlcurveindex", "storage_node": "res", "control_curves": [0.5]}}}
            """)
        let r = try runPywr(json)
        // The index reads the start-of-step volume: 80, 70, 60, 50 (at the curve: still above), 40.
        #expect(matches(r.flow("demand"), [10.0, 10, 10, 10, 2]))
        #expect(matches(r.volume("res"), [70.0, 60, 50, 40, 38]))
    }

    @Test("controlcurveinterpolated interpolates between the curve, full and empty")
    func controlCurveInterpolated() throws {
        let json = pywrModel(days: 4, nodes: """
            [{"name": "res", "type": "storage", "max_volume": 100, "initial_volume": 80},
             {"name": "demand", "type": "output", "max_flow": "demand", "cost": -10}]
            """, edges: #"[["res", "demand"]]"#, parameters: """
            {"demand": {"type": "controlcurveinterpolated", "storage_node": "res", "control_curves": [0.5], "values": [20, 10, 0]}}
            """)
        let r = try runPywr(json)
        // 0.8 → 20·0.6 + 10·0.4 = 16; 0.64 → 12.8; 0.512 → 10.24; 0.4096 (below) → 10·0.8192.
        let expected = [16.0, 12.8, 10.24, 8.192]
        #expect(matches(r.flow("demand"), expected))
        #expect(close(r.volume("res")[3], 80 - expected.reduce(0, +)))
    }

    @Test("aggregated, monthly and scenario parameters")
    func aggregatedMonthlyScenario() throws {
        let json = pywrModel(days: 2, start: "2015-01-31", nodes: """
            [{"name": "supply", "type": "input", "max_flow": 1000},
             {"name": "demand", "type": "output", "max_flow": "total", "cost": -1}]
            """, edges: #"[["supply", "demand"]]"#, parameters: """
            {"profile": {"type": "monthlyprofile", "values": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]},
             "member": {"type": "constantscenario", "scenario": "size", "values": [100, 200]},
             "total": {"type": "aggregated", "agg_func": "sum", "parameters": ["profile", "member", 0.5]}}
            """, extra: #", "scenarios": [{"name": "size", "size": 2}]"#)
        let model = try compilePywr(json)
        let first = try PywrRun.run(model, solver: ClpSolver(), scenario: [0])
        let second = try PywrRun.run(model, solver: ClpSolver(), scenario: [1])
        // 31 January: 1 + member + 0.5; 1 February: 2 + member + 0.5.
        #expect(matches(first.flow("demand"), [101.5, 102.5]))
        #expect(matches(second.flow("demand"), [201.5, 202.5]))
    }
}
