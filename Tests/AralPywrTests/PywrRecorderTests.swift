import Testing
import AralSchema
import Foundation
import AralClp
import AralFormats
import AralModel
import AralPywr

/// Pywr's recorders, checked against values worked by hand (and, where Pywr's own
/// `tests/test_recorders.py` has numbers, against those).
@Suite("Pywr recorders")
struct PywrRecorderTests {
    /// Recorder values are sums of LP flows: they agree with the hand values to this.
    static let tolerance = 1e-9

    // MARK: - Aggregation functions (numpy / scipy semantics)

    @Test("aggregation functions compute what numpy and scipy compute")
    func aggregators() {
        let v = [3.0, 1, 4, 2]
        #expect(PywrAggregator.sum.aggregate(v) == 10)
        #expect(PywrAggregator.mean.aggregate(v) == 2.5)
        #expect(PywrAggregator.min.aggregate(v) == 1)
        #expect(PywrAggregator.max.aggregate(v) == 4)
        #expect(PywrAggregator.product.aggregate(v) == 24)
        // np.median of an even count: mean of the two middle values.
        #expect(PywrAggregator.median.aggregate(v) == 2.5)
        #expect(PywrAggregator.median.aggregate([5, 1, 3]) == 3)
        // np.percentile([1, 2, 3, 4], 40): rank 0.4 × 3 = 1.2 → 2 + 0.2 × (3 − 2).
        #expect(abs(PywrAggregator.percentile(40).aggregate(v) - 2.2) <= Self.tolerance)
        #expect(PywrAggregator.percentile(100).aggregate(v) == 4)
        #expect(PywrAggregator.countNonzero.aggregate([0, 1, 0, 2]) == 2)
        // scipy percentileofscore([1, 2, 3, 4], 3): 2 below, 3 at or below.
        #expect(PywrAggregator.percentileOfScore(score: 3, kind: .rank).aggregate(v) == 75)
        #expect(PywrAggregator.percentileOfScore(score: 3, kind: .weak).aggregate(v) == 75)
        #expect(PywrAggregator.percentileOfScore(score: 3, kind: .strict).aggregate(v) == 50)
        #expect(PywrAggregator.percentileOfScore(score: 3, kind: .mean).aggregate(v) == 62.5)
        #expect(PywrAggregator.mean.aggregate([]).isNaN)
    }

    @Test("numpy's pairwise summation: a long sum rounds as numpy's does")
    func pairwiseSum() {
        // 0.1 × 1000 summed one by one drifts to 99.9999999999986; numpy's pairwise sum
        // gives 100.00000000000001 (np.sum(np.full(1000, 0.1))).
        let values = Array(repeating: 0.1, count: 1000)
        #expect(PywrAggregator.sum.aggregate(values) == 100.00000000000001)
    }

    // MARK: - Node recorders

    /// Pywr's `simple_linear_model` as its recorder tests set it up: Input (max 10) →
    /// Link → Output (max `demand`, cost −2).
    static func linearModel(demand: Double = 30, days: Int = 3, timestep: Int = 1, recorders: String) -> String {
        let end = CivilDate(year: 2015, month: 1, day: 1).adding(days: days - 1)
        return """
        {"metadata": {"title": "linear"},
         "timestepper": {"start": "2015-01-01", "end": "\(end)", "timestep": \(timestep)},
         "nodes": [{"name": "Input", "type": "input", "max_flow": 10},
                   {"name": "Link", "type": "link"},
                   {"name": "Output", "type": "output", "max_flow": \(demand), "cost": -2}],
         "edges": [["Input", "Link"], ["Link", "Output"]],
         "recorders": \(recorders)}
        """
    }

    func value(_ r: PywrResults, _ name: String) throws -> Double {
        let i = try #require(r.model.recorders.firstIndex { $0.name == name }, "no recorder \(name)")
        return r.recorderValues[i]
    }

    @Test("totalflownode: Σ flow × days (Pywr's test: 10 after one step, 20 after two)")
    func totalFlow() throws {
        let r = try runPywr(Self.linearModel(days: 2, recorders: #"{"t": {"type": "totalflownode", "node": "Output"}, "f": {"type": "totalflownode", "node": "Output", "factor": 0.5}}"#))
        #expect(abs(try value(r, "t") - 20) <= Self.tolerance)
        #expect(abs(try value(r, "f") - 10) <= Self.tolerance)
    }

    @Test("meanflownode divides by the number of steps (Pywr's test: 10 over a year)")
    func meanFlow() throws {
        let r = try runPywr(Self.linearModel(days: 365, recorders: #"{"m": {"type": "meanflownode", "node": "Output"}}"#))
        #expect(abs(try value(r, "m") - 10) <= Self.tolerance)
    }

    @Test("totaldeficitnode: Σ (max_flow − flow) × days; 5-day steps (Pywr's test)")
    func totalDeficit() throws {
        for demand in [10.0, 15, 30] {
            let r = try runPywr(Self.linearModel(demand: demand, days: 10, timestep: 5,
                                                 recorders: #"{"d": {"type": "totaldeficitnode", "node": "Output"}}"#))
            #expect(r.steps.count == 2)
            #expect(abs(try value(r, "d") - 2 * max(demand - 10, 0) * 5) <= Self.tolerance)
        }
    }

    @Test("deficitfrequencynode: the share of steps with a deficit")
    func deficitFrequency() throws {
        let short = try runPywr(Self.linearModel(demand: 15, days: 4, recorders: #"{"d": {"type": "deficitfrequencynode", "node": "Output"}}"#))
        #expect(try value(short, "d") == 1)
        let met = try runPywr(Self.linearModel(demand: 8, days: 4, recorders: #"{"d": {"type": "deficitfrequencynode", "node": "Output"}}"#))
        #expect(try value(met, "d") == 0)
    }

    @Test("numpyarraynode keeps each step's flow × factor; temporal_agg_func and agg_func reduce it")
    func nodeArray() throws {
        let r = try runPywr(Self.linearModel(days: 3, recorders: """
            {"a": {"type": "numpyarraynoderecorder", "node": "Output", "factor": 2, "temporal_agg_func": "sum",
                   "agg_func": "max", "is_objective": "maximise", "comment": "twice the flow"}}
            """))
        let i = try #require(r.model.recorders.firstIndex { $0.name == "a" })
        #expect(r.recorderData[i] == [20, 20, 20])
        #expect(r.recorderValues[i] == 60)
        let summary = PywrRunSummary(r, seconds: 0)
        let line = try #require(summary.recorders.first)
        #expect(line.value == 60 && line.objective == "maximise" && line.comment == "twice the flow" && line.aggregation == "max")
        #expect(line.data == [[20, 20, 20]])
    }

    @Test("aggregated recorders combine per combination with recorder_agg_func, nested")
    func aggregated() throws {
        let r = try runPywr(Self.linearModel(demand: 15, days: 2, recorders: """
            {"flow": {"type": "totalflownode", "node": "Output"},
             "deficit": {"type": "totaldeficitnode", "node": "Output"},
             "both": {"type": "aggregated", "recorders": ["flow", "deficit"], "recorder_agg_func": "sum"},
             "larger": {"type": "aggregated", "recorders": ["both", "flow"], "recorder_agg_func": "max"},
             "product": {"type": "aggregated", "recorders": ["flow", "deficit"], "agg_func": "product"}}
            """))
        // Flow 10 a day (total 20), deficit 5 a day (total 10).
        #expect(abs(try value(r, "both") - 30) <= Self.tolerance)
        #expect(abs(try value(r, "larger") - 30) <= Self.tolerance)
        #expect(abs(try value(r, "product") - 200) <= Self.tolerance)
    }

    @Test("an aggregated recorder with a function Pywr cannot combine recorders with is rejected")
    func aggregatedMedianRejected() throws {
        let json = Self.linearModel(recorders: """
            {"flow": {"type": "totalflownode", "node": "Output"},
             "bad": {"type": "aggregated", "recorders": ["flow"], "recorder_agg_func": "median"}}
            """)
        let error = try #require(throws: ModelFileError.self) { try compilePywr(json) }
        #expect("\(error)".contains("median"))
    }

    @Test("an aggregated recorder that contains itself is rejected")
    func aggregatedCycle() throws {
        let json = Self.linearModel(recorders: """
            {"a": {"type": "aggregated", "recorders": ["b"]}, "b": {"type": "aggregated", "recorders": ["a"]}}
            """)
        let error = try #require(throws: ModelFileError.self) { try compilePywr(json) }
        #expect("\(error)".contains("cycle"))
    }

    @Test("unknown recorder keys are rejected, as Pywr's constructors reject them")
    func unknownKey() throws {
        let json = Self.linearModel(recorders: #"{"t": {"type": "totalflownode", "node": "Output", "facter": 2}}"#)
        let error = try #require(throws: ModelFileError.self) { try compilePywr(json) }
        #expect("\(error)".contains("facter"))
    }

    // MARK: - Flow duration curves, hydropower, parameters

    @Test("flowdurationcurve: numpy percentiles of the flows, reduced with temporal_agg_func")
    func flowDurationCurve() throws {
        let (json, directory) = try pywrSeriesModel(recorders: """
            {"fdc": {"type": "flowdurationcurverecorder", "node": "river", "percentiles": [20, 50, 90]},
             "fdcmax": {"type": "flowdurationcurve", "node": "river", "percentiles": [20, 50, 90], "temporal_agg_func": "max"}}
            """)
        let r = try runPywr(json, directory: directory)
        // Sorted flows 1…5: the 20th, 50th and 90th percentiles are 1.8, 3 and 4.6.
        #expect(abs(try value(r, "fdc") - (1.8 + 3 + 4.6) / 3) <= Self.tolerance)
        #expect(abs(try value(r, "fdcmax") - 4.6) <= Self.tolerance)
    }

    @Test("flowdurationcurvedeviation: the worst of the upper and lower deviation, 0 between")
    func flowDurationCurveDeviation() throws {
        let (json, directory) = try pywrSeriesModel(recorders: """
            {"dev": {"type": "flowdurationcurvedeviation", "node": "river", "percentiles": [20, 50, 90],
                     "lower_target_fdc": [2, 2, 2], "upper_target_fdc": [4, 4, 4], "temporal_agg_func": "sum"}}
            """)
        let r = try runPywr(json, directory: directory)
        // FDC 1.8, 3, 4.6: below the lower target by (2 − 1.8)/2 = 0.1, inside, above the
        // upper by (4.6 − 4)/4 = 0.15.
        #expect(abs(try value(r, "dev") - 0.25) <= Self.tolerance)
    }

    @Test("rollingmeanflownode: the mean of the last min(step + 1, window) flows")
    func rollingMean() throws {
        let (json, directory) = try pywrSeriesModel(recorders: #"{"m": {"type": "rollingmeanflownode", "node": "river", "timesteps": 2}}"#)
        let r = try runPywr(json, directory: directory)
        let i = try #require(r.model.recorders.firstIndex { $0.name == "m" })
        #expect(r.recorderData[i] == [1, 2.5, 3, 3.5, 4])
    }

    @Test("hydropower: ρ·q·g·H·η × conversions per step; totalhydroenergy sums power × days")
    func hydropower() throws {
        let r = try runPywr(Self.linearModel(days: 2, recorders: """
            {"p": {"type": "hydropowerrecorder", "node": "Output", "water_elevation_parameter": "level",
                   "turbine_elevation": 5, "efficiency": 0.8, "flow_unit_conversion": 1000},
             "e": {"type": "totalhydroenergy", "node": "Output", "turbine_elevation": 20, "efficiency": 0.8}}
            """).replacingOccurrences(of: "\"recorders\"", with: "\"parameters\": {\"level\": {\"type\": \"constant\", \"value\": 25}}, \"recorders\""))
        // Head 25 − 5 = 20: 1000 × (10 × 1000) × 9.81 × 20 × 0.8 × 1e-6 = 1569.6 per day.
        let i = try #require(r.model.recorders.firstIndex { $0.name == "p" })
        #expect(zip(r.recorderData[i] ?? [], [1569.6, 1569.6]).allSatisfy { abs($0 - $1) <= Self.tolerance * $1 })
        // No water level: the head is the turbine elevation, 20; flow 10 (no conversion), 2 days.
        #expect(abs(try value(r, "e") - 1000 * 10 * 9.81 * 20 * 0.8 * 1e-6 * 2) <= Self.tolerance)
    }

    @Test("numpyarrayparameter, totalparameter (integrated) and meanparameter read the parameter's value each step")
    func parameterRecorders() throws {
        let json = """
        {"metadata": {"title": "p"},
         "timestepper": {"start": "2015-01-30", "end": "2015-02-02", "timestep": 1},
         "nodes": [{"name": "a", "type": "input", "max_flow": "profile"}, {"name": "b", "type": "output", "cost": -1}],
         "edges": [["a", "b"]],
         "parameters": {"profile": {"type": "monthlyprofile", "values": [2, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6]}},
         "recorders": {"arr": {"type": "numpyarrayparameterrecorder", "parameter": "profile"},
                       "tot": {"type": "totalparameter", "parameter": "profile", "factor": 2, "integrate": true},
                       "avg": {"type": "meanparameter", "parameter": "profile"}}}
        """
        let r = try runPywr(json)
        let i = try #require(r.model.recorders.firstIndex { $0.name == "arr" })
        #expect(r.recorderData[i] == [2, 2, 6, 6])
        #expect(try value(r, "tot") == 2 * (2 + 2 + 6 + 6))
        #expect(try value(r, "avg") == 4)
    }

    // MARK: - Storage recorders

    /// A store of 20 (max 100) drained by 5 a day with no inflow.
    static func storageModel(recorders: String) -> String {
        """
        {"metadata": {"title": "store"},
         "timestepper": {"start": "2015-01-01", "end": "2015-01-03", "timestep": 1},
         "nodes": [{"name": "store", "type": "storage", "max_volume": 100, "initial_volume": 20},
                   {"name": "use", "type": "output", "max_flow": 5, "cost": -1}],
         "edges": [["store", "use"]],
         "recorders": \(recorders)}
        """
    }

    @Test("storage recorders: volumes, proportions, minimum, thresholds")
    func storageRecorders() throws {
        let r = try runPywr(Self.storageModel(recorders: """
            {"v": {"type": "numpyarraystoragerecorder", "node": "store"},
             "pc": {"type": "numpyarraystoragerecorder", "node": "store", "proportional": true, "temporal_agg_func": "min"},
             "low": {"type": "minimumvolumestorage", "node": "store"},
             "hit": {"type": "minimumthresholdvolumestorage", "node": "store", "threshold": 10},
             "miss": {"type": "minimumthresholdvolumestorage", "node": "store", "threshold": 4},
             "lt": {"type": "storagethresholdrecorder", "node": "store", "threshold": 6, "predicate": "LT"}}
            """))
        let v = try #require(r.model.recorders.firstIndex { $0.name == "v" })
        #expect(r.recorderData[v] == [15, 10, 5])
        #expect(try value(r, "v") == 10)
        #expect(abs(try value(r, "pc") - 0.05) <= Self.tolerance)
        #expect(try value(r, "low") == 5)
        #expect(try value(r, "hit") == 1)
        #expect(try value(r, "miss") == 0)
        // The threshold recorder reports the last step: 5 < 6.
        #expect(try value(r, "lt") == 1)
    }

    // MARK: - Annual totals

    @Test("annualtotalflow splits a step that crosses New Year between the two years")
    func annualTotalFlow() throws {
        let json = """
        {"metadata": {"title": "y"},
         "timestepper": {"start": "2015-12-29", "end": "2016-01-03", "timestep": 5},
         "nodes": [{"name": "a", "type": "input", "max_flow": 2}, {"name": "b", "type": "output", "cost": -1}],
         "edges": [["a", "b"]],
         "recorders": {"y": {"type": "annualtotalflow", "nodes": ["b"], "temporal_agg_func": "max"},
                       "s": {"type": "annualtotalflow", "nodes": ["b"], "factors": [0.5]}}}
        """
        let r = try runPywr(json)
        // Steps of 5 days from Dec 29 and Jan 3 at flow 2: 2015 gets Dec 29–31 (3 × 2 = 6),
        // 2016 gets Jan 1–2 and Jan 3–7 (7 × 2 = 14). Max 14; × 0.5 summed over years: 10.
        #expect(r.steps.count == 2)
        #expect(try value(r, "y") == 14)
        #expect(try value(r, "s") == 10)
    }

    // MARK: - Result files

    @Test("csvrecorder writes Pywr's file: Datetime and each node's flow or volume per step")
    func csvRecorder() throws {
        let directory = try temporaryDirectory()
        let json = Self.storageModel(recorders: #"{"out": {"type": "CSVRecorder", "url": "out.csv", "nodes": ["use", "store"]}}"#)
        let model = try compilePywr(json, directory: directory)
        let results = try PywrRun.run(model, solver: ClpSolver())
        try PywrResultFileWriter.write([results])
        let text = try String(contentsOfFile: (directory as NSString).appendingPathComponent("out.csv"), encoding: .utf8)
        #expect(text == "Datetime,use,store\r\n2015-01-01T00:00:00,5.0,15.0\r\n2015-01-02T00:00:00,5.0,10.0\r\n2015-01-03T00:00:00,5.0,5.0\r\n")
    }
}

@Suite("Pywr TablesRecorder")
struct PywrTablesRecorderTests {
    @Test("tablesrecorder writes an HDF5 array per node and parameter with Pywr's attributes")
    func tablesRecorder() throws {
        let directory = try temporaryDirectory()
        let json = """
        {"metadata": {"title": "store"},
         "timestepper": {"start": "2015-01-01", "end": "2015-01-03", "timestep": 1},
         "nodes": [{"name": "store", "type": "storage", "max_volume": 100, "initial_volume": 20},
                   {"name": "use", "type": "output", "max_flow": "demand", "cost": -1}],
         "edges": [["store", "use"]],
         "parameters": {"demand": {"type": "constant", "value": 5}},
         "recorders": {"db": {"type": "TablesRecorder", "url": "out.h5",
                              "nodes": [["/outputs/use", "use"], "store"], "parameters": ["demand"],
                              "filter_kwds": {"complevel": 5, "complib": "zlib"}, "metadata": {"author": "test"}}}}
        """
        let model = try compilePywr(json, directory: directory)
        try PywrResultFileWriter.write([try PywrRun.run(model, solver: ClpSolver())])
        let reader = try #require(HDF5Reader(path: (directory as NSString).appendingPathComponent("out.h5")))
        defer { reader.close() }
        // Steps × 1 (no scenarios); the store loses 5 a day from 20.
        let use = try #require(reader.array("/outputs/use"))
        #expect(use.shape == [3, 1] && use.values == [5, 5, 5])
        let store = try #require(reader.array("/store"))
        #expect(store.values == [15, 10, 5])
        #expect(reader.attribute("/store", "PYWR_ATTRIBUTE") == "volume")
        #expect(reader.attribute("/store", "PYWR_TYPE") == "Storage")
        #expect(reader.attribute("/outputs/use", "CLASS") == "CARRAY")
        let demand = try #require(reader.array("/demand"))
        #expect(demand.values == [5, 5, 5])
        #expect(reader.attribute("/demand", "PYWR_ATTRIBUTE") == "parameter")
        #expect(reader.attribute("/", "TITLE") == "store")
        #expect(reader.attribute("/", "author") == "test")
        #expect(reader.attribute("/time", "CLASS") == "TABLE")
    }
}

@Suite("Pywr recorders on look-back parameters and HDF5 inputs")
struct PywrRecorderLookBackTests {
    @Test("a recorder of Pywr's deficit parameter reports the step's own deficit (Pywr computes it in after())")
    func deficitParameterRecorder() throws {
        // Supply 5 in January and 6 in February over Jan 31 – Feb 2, demand 10: the steps'
        // deficits are 5, 4, 4; the parameter's value the steps use is the previous one (0, 5, 4).
        let json = pywrModel(days: 3, start: "2015-01-31", nodes: """
            [{"name": "supply", "type": "input", "max_flow": {"type": "monthlyprofile", "values": [5, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6]}},
             {"name": "demand", "type": "output", "max_flow": 10, "cost": -10}]
            """, edges: #"[["supply", "demand"]]"#, parameters: #"{"d": {"type": "deficit", "node": "demand"}}"#,
            extra: #", "recorders": {"rec": {"type": "numpyarrayparameterrecorder", "parameter": "d"}}"#)
        let r = try runPywr(json)
        let i = try #require(r.model.recorders.firstIndex { $0.name == "rec" })
        #expect(r.recorderData[i] == [5, 4, 4])
    }

    @Test("tablesarray reads back, as a parameter, the array a tablesrecorder wrote")
    func tablesArrayRoundTrip() throws {
        let directory = try temporaryDirectory()
        let writer = """
        {"metadata": {"title": "w"},
         "timestepper": {"start": "2015-01-01", "end": "2015-01-03", "timestep": 1},
         "nodes": [{"name": "store", "type": "storage", "max_volume": 100, "initial_volume": 20},
                   {"name": "use", "type": "output", "max_flow": 5, "cost": -1}],
         "edges": [["store", "use"]],
         "recorders": {"db": {"type": "tablesrecorder", "url": "flows.h5", "nodes": [["/run/store", "store"]]}}}
        """
        try PywrResultFileWriter.write([try PywrRun.run(try compilePywr(writer, directory: directory), solver: ClpSolver())])
        // The store's volumes 15, 10, 5 become the next model's demand.
        let reader = pywrModel(days: 3, nodes: """
            [{"name": "a", "type": "input", "max_flow": 100},
             {"name": "b", "type": "output", "cost": -1,
              "max_flow": {"type": "tablesarray", "url": "flows.h5", "where": "/run", "node": "store"}}]
            """, edges: #"[["a", "b"]]"#)
        let r = try runPywr(reader, directory: directory)
        #expect(r.flow("b") == [15, 10, 5])
    }
}

/// Flow duration curve settings that once trapped or read past the flows (percentile 150,
/// a month of 1e29) are refused at their place.
@Suite("Pywr flow duration curve settings")
struct PywrFlowDurationCurveSettingTests {
    @Test("Out-of-range percentiles and months are refused at their key", arguments: [
        (#"{"type": "flowdurationcurve", "node": "river", "percentiles": [20, 150]}"#, "a percentile is between 0 and 100; found 150"),
        (#"{"type": "flowdurationcurvedeviation", "node": "river", "percentiles": [-5], "lower_target_fdc": [1]}"#, "found -5"),
        (#"{"type": "seasonalflowdurationcurve", "node": "river", "percentiles": [50], "months": [6, 99999999999999999999999999999]}"#,
         "months are whole numbers from 1 to 12"),
        (#"{"type": "seasonalflowdurationcurve", "node": "river", "percentiles": [50], "months": [6.5]}"#, "found 6.5"),
    ])
    func refused(recorder: String, message: String) throws {
        let (json, directory) = try pywrSeriesModel(recorders: #"{"fdc": "# + recorder + "}")
        do throws(ModelFileError) {
            _ = try PywrImporter.compile(text: json, file: "fdc.json", baseDirectory: directory)
            Issue.record("'\(recorder)' must be refused")
        } catch {
            let issue = try #require(error.issues.first, "\(error)")
            #expect(issue.message.contains(message), "\(issue)")
            #expect(issue.file == "fdc.json" && issue.line == 7, "\(issue)")
        }
    }
}

/// A recorder type Pywr 1.31 does not register (PywrApp's `polynomial1dcost`, a typo) made
/// Pywr raise "Unrecognised recorder type" and was listed by Aral like any recorder it does
/// not compute; the list now says which names Pywr itself would not know.
@Suite("Pywr recorder types Pywr does not know")
struct PywrUnknownRecorderTypeTests {
    @Test("an unregistered type is named as such; the run goes on")
    func unknownType() throws {
        let model = try compilePywr(PywrRecorderTests.linearModel(recorders: #"{"typo": {"type": "TotalFlowNodeRecordr", "node": "Output"}}"#))
        let entry = try #require(model.ignoredRecorders.first, "\(model.ignoredRecorders)")
        #expect(entry.hasPrefix("typo (TotalFlowNodeRecordr: not a type Pywr 1.31 registers"), "\(entry)")
    }
}

