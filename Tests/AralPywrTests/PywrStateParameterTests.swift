import Foundation
import Testing
import AralPywr
import AralModel
import AralSchema
import AralClp

/// Parameters that look back a step (previous flow, deficit, rolling means, thresholds with
/// a ratchet), interpolate a table, pick by scenario member or discount by year; gzipped
/// CSVs, scenario profiles from a CSV, multi-index tables and aggregated storages. Expected
/// values are worked out by hand from Pywr's definitions (comments give the arithmetic).
@Suite("Pywr state-dependent parameters")
struct PywrStateParameterTests {
    /// Supply follows a monthly profile (5 in January, 7 in February) over Jan 30 – Feb 2.
    static func lookBackModel(parameters: String, reader: String) -> String {
        pywrModel(days: 4, start: "2015-01-30", nodes: """
            [{"name": "supply", "type": "input", "max_flow": {"type": "monthlyprofile", "values": [5, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7]}},
             {"name": "demand", "type": "output", "max_flow": {"type": "monthlyprofile", "values": [8, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9]}, "cost": -10},
             {"name": "reader", "type": "input", "max_flow": "\(reader)"},
             {"name": "sink", "type": "output", "cost": -10}]
            """, edges: #"[["supply", "demand"], ["reader", "sink"]]"#, parameters: parameters)
    }

    @Test("flow is the node's previous-step flow, initial_value at the first step")
    func previousFlow() throws {
        let r = try runPywr(Self.lookBackModel(parameters: #"{"f": {"type": "flow", "node": "demand", "initial_value": 3.5}}"#, reader: "f"))
        // demand takes the supply: 5, 5, 7, 7 → yesterday's: 3.5 (initial), 5, 5, 7.
        #expect(zip(r.flow("demand"), [5.0, 5, 7, 7]).allSatisfy { close($0, $1) })
        #expect(zip(r.flow("reader"), [3.5, 5, 5, 7]).allSatisfy { close($0, $1) })
    }

    @Test("deficit is yesterday's maximum flow minus yesterday's flow, 0 at the first step")
    func deficit() throws {
        let r = try runPywr(Self.lookBackModel(parameters: #"{"d": {"type": "deficit", "node": "demand"}}"#, reader: "d"))
        // Max 8, 8, 9, 9 and flow 5, 5, 7, 7: deficits 3, 3, 2, 2, read one step later.
        #expect(zip(r.flow("reader"), [0.0, 3, 3, 2]).allSatisfy { close($0, $1) })
    }

    /// Supply of 2 in January and 6 in February (demand 10) over Jan 30 – Feb 3.
    static func thresholdModel(maxFlow: String, parameters: String = "{}", recorders: String = "{}") -> String {
        pywrModel(days: 5, start: "2015-01-30", nodes: """
            [{"name": "supply1", "type": "input", "max_flow": {"type": "monthlyprofile", "values": [2, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6]}},
             {"name": "demand1", "type": "output", "max_flow": 10, "cost": -10},
             {"name": "supply2", "type": "input", "max_flow": 100},
             {"name": "demand2", "type": "output", "max_flow": \(maxFlow), "cost": -10}]
            """, edges: #"[["supply1", "demand1"], ["supply2", "demand2"]]"#, parameters: parameters,
            extra: ", \"recorders\": \(recorders)")
    }

    @Test("rollingmeanflownode + parameterthreshold: mean of the last 3 flows against 3")
    func rollingMeanThreshold() throws {
        let r = try runPywr(Self.thresholdModel(maxFlow: """
            {"type": "parameterthreshold", "parameter": "mean", "threshold": 3, "values": [60, 50], "predicate": "LT"}
            """, parameters: #"{"mean": {"type": "rollingmeanflownode", "node": "supply1", "timesteps": 3}}"#))
        // Flows 2, 2, 6, 6, 6. Means: 0 (initial), 2, 2, 10/3, 14/3 → < 3 gives 50, else 60.
        #expect(zip(r.flow("supply1"), [2.0, 2, 6, 6, 6]).allSatisfy { close($0, $1) })
        #expect(zip(r.flow("demand2"), [50.0, 50, 50, 60, 60]).allSatisfy { close($0, $1) })
    }

    @Test("recorderthreshold reads a rolling-mean recorder's previous value, initial_value at the first step")
    func recorderThreshold() throws {
        let r = try runPywr(Self.thresholdModel(maxFlow: """
            {"type": "recorderthreshold", "recorder": "mean", "threshold": 3, "values": [60, 50], "predicate": "<", "initial_value": 0}
            """, recorders: #"{"mean": {"type": "rollingmeanflownode", "node": "supply1", "timesteps": 2}}"#))
        // Recorder after each step (window 2): 2, 2, 4, 6, 6. Step 0 uses initial_value 0 → 60;
        // then 2 < 3 → 50, 2 → 50, 4 → 60, 6 → 60.
        #expect(zip(r.flow("demand2"), [60.0, 50, 50, 60, 60]).allSatisfy { close($0, $1) })
    }

    @Test("a ratchet keeps a threshold triggered once it was")
    func ratchet() throws {
        // Supply 6 in January and 2 in February over Jan 30 – Feb 2: yesterday's flow 0, 6, 6, 2.
        for (ratchet, expected) in [(true, [10.0, 20, 20, 20]), (false, [10.0, 20, 20, 10])] {
            let json = pywrModel(days: 4, start: "2015-01-30", nodes: """
                [{"name": "a", "type": "input", "max_flow": {"type": "monthlyprofile", "values": [6, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2]}},
                 {"name": "b", "type": "output", "cost": -1},
                 {"name": "c", "type": "input", "max_flow": 100},
                 {"name": "d", "type": "output", "cost": -1, "max_flow": {"type": "parameterthreshold",
                    "parameter": {"type": "flow", "node": "b"}, "threshold": 4, "values": [10, 20], "predicate": "GT", "ratchet": \(ratchet)}}]
                """, edges: #"[["a", "b"], ["c", "d"]]"#)
            let r = try runPywr(json)
            #expect(zip(r.flow("d"), expected).allSatisfy { close($0, $1) }, "ratchet \(ratchet): \(r.flow("d"))")
        }
    }

    @Test("interpolatedvolume: evaporation from the area at the start-of-step volume")
    func interpolatedVolume() throws {
        let json = pywrModel(days: 2, nodes: """
            [{"name": "res", "type": "storage", "max_volume": 1000, "initial_volume": 1000},
             {"name": "demand", "type": "output", "max_flow": 10, "cost": -10},
             {"name": "evaporation", "type": "output", "max_flow": "evap", "cost": -1000}]
            """, edges: #"[["res", "evaporation"], ["res", "demand"]]"#, parameters: """
            {"area": {"type": "interpolatedvolume", "node": "res", "volumes": [0, 1000], "values": [0, 500]},
             "evap": {"type": "aggregated", "agg_func": "product", "parameters": ["area", 5, 0.001]}}
            """)
        let r = try runPywr(json)
        // Area 500 → 2.5 evaporated, volume 987.5 → area 493.75 → 2.46875.
        #expect(zip(r.flow("evaporation"), [2.5, 2.46875]).allSatisfy { close($0, $1) })
        #expect(zip(r.volume("res"), [987.5, 975.03125]).allSatisfy { close($0, $1) })
    }

    @Test("cubic interpolation is SciPy's not-a-knot spline: exact on a cubic polynomial, and as interp1d computes")
    func cubicSpline() throws {
        let xs = [0.0, 1, 2, 3, 5]
        let curve = try #require(Interpolation(x: xs, y: xs.map { $0 * $0 * $0 - 2 * $0 }, kind: .cubic, outside: .error))
        // A not-a-knot spline through points of one cubic is that cubic: 2.5³ − 5 = 10.625.
        #expect(close(curve.evaluate(2.5), 10.625, tolerance: 1e-12))
        #expect(close(curve.evaluate(4.2), 4.2 * 4.2 * 4.2 - 8.4, tolerance: 1e-12))
        #expect(curve.evaluate(5.5).isNaN)  // outside with bounds_error: Pywr stops; Aral gives NaN
        // scipy.interpolate.interp1d(kind="cubic") on hydropower_example's level table.
        let level = try #require(Interpolation(x: [0, 25000, 50000, 75000, 100000, 150000, 200000],
                                               y: [0, 29.2, 36.8, 42.2, 46.4, 53.1, 58.5], kind: .cubic, outside: .error))
        #expect(close(level.evaluate(170000), 55.41183255813954, tolerance: 1e-12))
        #expect(close(level.evaluate(12345.6), 18.64383697694317, tolerance: 1e-12))
        #expect(Interpolation(x: [0, 1, 2], y: [0, 1, 2], kind: .cubic, outside: .error) == nil)
    }

    @Test("InterpolatedFlowParameter interpolates yesterday's flow (0 at the first step)")
    func interpolatedFlow() throws {
        let r = try runPywr(Self.lookBackModel(parameters: """
            {"level": {"type": "InterpolatedFlowParameter", "node": "demand", "flows": [0, 5, 10], "values": [3, 6, 8]}}
            """, reader: "level"))
        // Yesterday's flow 0, 5, 5, 7 → 3, 6, 6, 6 + 2·(2/5) = 6.8.
        #expect(zip(r.flow("reader"), [3.0, 6, 6, 6.8]).allSatisfy { close($0, $1) })
    }

    @Test("HydroPowerTarget: q = P / (conversion · ρ · g · head · η), then max_flow and min_flow")
    func hydropowerTarget() throws {
        for (target, expected) in [(5e4, 5e4 / (1e-6 * 1000 * 9.81 * 10 * 0.85 * 1e3)), (1e5, 1000), (1e4, 500)] {
            let json = pywrModel(days: 1, nodes: """
                [{"name": "supply", "type": "input", "max_flow": 5000},
                 {"name": "turbine", "type": "output", "max_flow": "q", "cost": -1}]
                """, edges: #"[["supply", "turbine"]]"#, parameters: """
                {"q": {"type": "HydroPowerTarget", "water_elevation_parameter": 45, "turbine_elevation": 35, "efficiency": 0.85,
                       "flow_unit_conversion": 1e3, "target": {"type": "constant", "value": \(target)},
                       "max_flow": {"type": "constant", "value": 1000}, "min_flow": {"type": "constant", "value": 500}}}
                """)
            let r = try runPywr(json)
            #expect(close(r.flow("turbine")[0], expected), "target \(target)")
        }
    }

    @Test("DiscountFactorParameter is 1/(1+rate)^(year − base_year)")
    func discount() throws {
        let json = pywrModel(days: 2, start: "2015-12-31", nodes: """
            [{"name": "supply", "type": "input", "max_flow": 10},
             {"name": "demand", "type": "output", "max_flow": "df", "cost": -1}]
            """, edges: #"[["supply", "demand"]]"#, parameters: #"{"df": {"type": "DiscountFactorParameter", "base_year": 2015, "rate": 0.035}}"#)
        let r = try runPywr(json)
        #expect(zip(r.flow("demand"), [1.0, 1 / 1.035]).allSatisfy { close($0, $1) })
    }

    @Test("scenariowrapper picks the member's parameter")
    func scenarioWrapper() throws {
        let json = pywrModel(days: 1, nodes: """
            [{"name": "supply", "type": "input", "max_flow": "w"},
             {"name": "demand", "type": "output", "cost": -1}]
            """, edges: #"[["supply", "demand"]]"#, parameters: """
            {"w": {"type": "scenariowrapper", "scenario": "s", "parameters": [4, {"type": "constant", "value": 7}, 9]}}
            """, extra: #", "scenarios": [{"name": "s", "size": 3}]"#)
        let model = try compilePywr(json)
        for (member, expected) in [(0, 4.0), (1, 7), (2, 9)] {
            let r = try PywrRun.run(model, solver: ClpSolver(), scenario: [member])
            #expect(close(r.flow("demand")[0], expected))
        }
        // One parameter per member is required.
        #expect(throws: ModelFileError.self) { try compilePywr(json.replacingOccurrences(of: ", 9]", with: "]")) }
    }

    @Test("aggregatedstorage reports the total net inflow of its storages")
    func aggregatedStorage() throws {
        let json = pywrModel(days: 2, nodes: """
            [{"name": "s1", "type": "storage", "max_volume": 20, "initial_volume": 10},
             {"name": "o1", "type": "output", "max_flow": 3, "cost": -10},
             {"name": "i2", "type": "input", "max_flow": 1, "cost": -1},
             {"name": "s2", "type": "storage", "max_volume": 20, "initial_volume": 10},
             {"name": "o2", "type": "output", "max_flow": 4, "cost": -10},
             {"name": "total", "type": "aggregatedstorage", "storage_nodes": ["s1", "s2"]}]
            """, edges: #"[["s1", "o1"], ["i2", "s2"], ["s2", "o2"]]"#)
        let r = try runPywr(json)
        // s1: −3; s2: +1 − 4 = −3 → total −6 each step.
        #expect(zip(r.flow("total"), [-6.0, -6]).allSatisfy { close($0, $1) })
    }

    @Test("data: a gzipped CSV, a scenario monthly profile from a CSV, a multi-index table cell")
    func dataFiles() throws {
        let dir = try temporaryDirectory()
        // gzip of "Date,flow\n2015-01-01,3\n2015-01-02,4.5\n2015-01-03,6\n".
        let gz = try #require(Data(base64Encoded: "H4sIAAAAAAACA3NJLEnVScvJL+cyMjA01TUwBCIdYwTHSMdEzxTBNdYx4wIAJtW9ZDMAAAA="))
        try gz.write(to: URL(fileURLWithPath: (dir as NSString).appendingPathComponent("flows.gz")))
        let months = (1...12).map(String.init).joined(separator: ",")
        try "scenario,\(months)\n0,\((1...12).map { _ in "1" }.joined(separator: ","))\n1,\((1...12).map { _ in "2" }.joined(separator: ","))\n"
            .write(toFile: (dir as NSString).appendingPathComponent("profiles.csv"), atomically: true, encoding: .utf8)
        try "level,node,max_flow\n0,demand,10\n1,demand,100\n"
            .write(toFile: (dir as NSString).appendingPathComponent("multi.csv"), atomically: true, encoding: .utf8)
        let json = pywrModel(nodes: """
            [{"name": "catchment", "type": "catchment", "flow": {"type": "aggregated", "agg_func": "product", "parameters": [
                {"type": "dataframe", "url": "flows.gz", "index_col": "Date", "column": "flow", "parse_dates": true},
                {"type": "scenariomonthlyprofile", "url": "profiles.csv", "scenario": "s", "index_col": 0}]}},
             {"name": "demand", "type": "output", "cost": -1, "max_flow": {"type": "constant", "url": "multi.csv",
                "column": "max_flow", "index": [1, "demand"], "index_col": ["level", "node"]}},
             {"name": "spill", "type": "output"}]
            """, edges: #"[["catchment", "demand"], ["catchment", "spill"]]"#, extra: #", "scenarios": [{"name": "s", "size": 2}]"#)
        let model = try compilePywr(json, directory: dir)
        let r0 = try PywrRun.run(model, solver: ClpSolver(), scenario: [0])
        let r1 = try PywrRun.run(model, solver: ClpSolver(), scenario: [1])
        #expect(zip(r0.flow("demand"), [3.0, 4.5, 6]).allSatisfy { close($0, $1) })
        #expect(zip(r1.flow("demand"), [6.0, 9, 12]).allSatisfy { close($0, $1) })
    }

    /// Supply → demand (max `demand`, or a monthly profile), with a licence on the supply.
    static func licenceModel(days: Int, start: String, demand: String, licence: String) -> String {
        pywrModel(days: days, start: start, nodes: """
            [{"name": "supply", "type": "input", "max_flow": 100},
             {"name": "demand", "type": "output", "max_flow": \(demand), "cost": -10},
             {"name": "licence", "nodes": ["supply"], \(licence)}]
            """, edges: #"[["supply", "demand"]]"#)
    }

    @Test("monthlyvirtualstorage resets to max_volume at the first step of each new period of months")
    func monthlyLicence() throws {
        let r = try runPywr(Self.licenceModel(days: 4, start: "2015-01-30", demand: "5", licence: """
            "type": "monthlyvirtualstorage", "max_volume": 8, "initial_volume": 8, "months": 1
            """))
        // 8 → 3 (5 taken) → 0 (3 taken); 1 February resets to 8 → 3 → 0.
        #expect(zip(r.flow("demand"), [5.0, 3, 5, 3]).allSatisfy { close($0, $1) })
        #expect(zip(r.volume("licence"), [3.0, 0, 3, 0]).allSatisfy { close($0, $1) })
    }

    @Test("seasonalvirtualstorage is off from its end day: no constraint, volume kept, last flow reported")
    func seasonalLicence() throws {
        let r = try runPywr(Self.licenceModel(days: 3, start: "2015-01-30",
                                              demand: #"{"type": "monthlyprofile", "values": [5, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6]}"#, licence: """
            "type": "seasonalvirtualstorage", "max_volume": 8, "initial_volume": 8, "end_day": 31, "end_month": 1
            """))
        // 30 January: on (the run starts after the 1 January reset) → 5 taken, 3 left. From
        // 31 January off: demand unconstrained (5, then February's 6), volume stays 3, and the
        // licence's flow stays at the −5 computed on 30 January.
        #expect(zip(r.flow("demand"), [5.0, 5, 6]).allSatisfy { close($0, $1) })
        #expect(zip(r.volume("licence"), [3.0, 3, 3]).allSatisfy { close($0, $1) })
        #expect(zip(r.flow("licence"), [-5.0, -5, -5]).allSatisfy { close($0, $1) })
    }

    @Test("rollingvirtualstorage gets back what was used window − 1 steps earlier")
    func rollingLicence() throws {
        let r = try runPywr(Self.licenceModel(days: 5, start: "2015-01-01", demand: "4", licence: """
            "type": "rollingvirtualstorage", "max_volume": 10, "initial_volume": 10, "timesteps": 3
            """))
        // Full at the start, so nothing is owed back at first. Volume after use + return:
        // 10−4+0 = 6; 6−4+0 = 2; 2−2+4 = 4; 4−4+4 = 4; 4−4+2 = 2.
        #expect(zip(r.flow("demand"), [4.0, 4, 2, 4, 4]).allSatisfy { close($0, $1) })
        #expect(zip(r.volume("licence"), [6.0, 2, 4, 4, 2]).allSatisfy { close($0, $1) })
    }

    @Test("scenario combinations: the product (last scenario fastest, with slices) or the user's list")
    func combinations() throws {
        let base = pywrModel(days: 1, nodes: """
            [{"name": "supply", "type": "input", "max_flow": {"type": "constantscenario", "scenario": "b", "values": [1, 2, 3]}},
             {"name": "demand", "type": "output", "cost": -1}]
            """, edges: #"[["supply", "demand"]]"#)
        let sliced = try compilePywr(base.replacingOccurrences(of: #""parameters": {}"#, with: """
            "parameters": {}, "scenarios": [{"name": "a", "size": 2}, {"name": "b", "size": 3, "slice": [1, 3]}]
            """))
        #expect(sliced.combinations == [[0, 1], [0, 2], [1, 1], [1, 2]])
        let user = try compilePywr(base.replacingOccurrences(of: #""parameters": {}"#, with: """
            "parameters": {}, "scenarios": [{"name": "a", "size": 2}, {"name": "b", "size": 3}], "scenario_combinations": [[1, 2], [0, 0]]
            """))
        #expect(user.combinations == [[1, 2], [0, 0]])
        // A run without a member list runs the first combination: b = 2 → supply 3.
        #expect(close(try PywrRun.run(user, solver: ClpSolver()).flow("demand")[0], 3))
    }
}
