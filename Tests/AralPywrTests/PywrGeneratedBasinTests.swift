import Foundation
import Testing
import AralClp
import AralPywr
import AralModel

/// A small basin of the shape `scripts/pywr-generate-model.py` writes for issue 18's benchmark
/// (reservoirs in a tree, catchments as a dataframe column × a `constantscenario` factor,
/// demands with distinct costs, the recorders the generator declares), two years daily. Its
/// reservoirs fill, spill and empty, so some steps keep the optimal basis (the fast path answers)
/// and many change it (CLP pivots): both kinds of step are compared here.
@Suite("Pywr: a generated basin, fast path vs plain simplex, streamed recorders")
struct PywrGeneratedBasinTests {
    static let reservoirs = 5
    static let days = 731  // 2000-01-01 … 2001-12-31
    static let factors = [0.8, 1.0, 1.2]

    /// Writes the model and its inflow CSV into a fresh folder; returns the folder.
    static func writeBasin() throws -> String {
        let directory = NSTemporaryDirectory() + "aral-generated-basin-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var nodes: [String] = [], edges: [String] = [], parameters: [String] = [], recorders: [String] = []
        var catchments: [String] = []
        parameters.append(#""inflow_factor": {"type": "constantscenario", "scenario": "hydrology", "values": \#(factors)}"#)
        var demand = 0
        for i in 0..<reservoirs {
            // Small reservoirs (a few days of inflow), so they fill and empty often.
            nodes.append(#"{"name": "reservoir\#(i)", "type": "storage", "max_volume": \#(300 + 70 * i), "initial_volume_pc": 0.5, "cost": \#(-1 - 0.37 * Double(i))}"#)
            nodes.append(#"{"name": "river\#(i)", "type": "link", "cost": \#(0.01 * Double(i + 1))}"#)
            edges.append(#"["reservoir\#(i)", "river\#(i)"]"#)
            edges.append(i > 0 ? #"["river\#(i)", "reservoir\#((i - 1) / 2)"]"# : #"["river0", "sea"]"#)
            recorders.append(#""reservoir\#(i)_min_volume": {"type": "minimumvolumestorage", "node": "reservoir\#(i)"}"#)
            for c in 0..<2 {
                let name = "catchment\(i)_\(c)"
                catchments.append(name)
                parameters.append(#""\#(name)_flow": {"type": "aggregated", "agg_func": "product", "parameters": [{"type": "dataframe", "url": "inflows.csv", "column": "\#(name)", "index_col": 0, "parse_dates": true}, "inflow_factor"]}"#)
                nodes.append(#"{"name": "\#(name)", "type": "catchment", "flow": "\#(name)_flow"}"#)
                edges.append(#"["\#(name)", "reservoir\#(i)"]"#)
            }
            for d in 0..<2 {
                nodes.append(#"{"name": "demand\#(i)_\#(d)", "type": "output", "max_flow": \#(12 + 3 * d + i), "cost": \#(-500 - 7.3 * Double(demand))}"#)
                edges.append(#"["river\#(i)", "demand\#(i)_\#(d)"]"#)
                recorders.append(#""demand\#(i)_\#(d)_deficit": {"type": "totaldeficitnode", "node": "demand\#(i)_\#(d)"}"#)
                demand += 1
            }
        }
        nodes.append(#"{"name": "sea", "type": "output"}"#)
        nodes.append(#"{"name": "transfer3_2", "type": "link", "cost": 0.5, "max_flow": 6}"#)
        edges.append(#"["river3", "transfer3_2"]"#)
        edges.append(#"["transfer3_2", "reservoir2"]"#)
        recorders.append(#""sea_mean_flow": {"type": "meanflownode", "node": "sea"}"#)
        let json = """
            {"metadata": {"title": "generated basin", "minimum_version": "0.1"},
             "timestepper": {"start": "2000-01-01", "end": "2001-12-31", "timestep": 1},
             "scenarios": [{"name": "hydrology", "size": \(factors.count)}],
             "nodes": [\(nodes.joined(separator: ",\n"))],
             "edges": [\(edges.joined(separator: ",\n"))],
             "parameters": {\(parameters.joined(separator: ",\n"))},
             "recorders": {\(recorders.joined(separator: ",\n"))}}
            """
        // Seasonal inflows with a per-catchment phase and a deterministic wobble, never negative:
        // wet seasons overfill the small reservoirs, dry ones leave demands short.
        var csv = "date," + catchments.joined(separator: ",") + "\n"
        let start = CivilDate(year: 2000, month: 1, day: 1)
        for t in 0..<days {
            let date = CivilDate(dayNumber: start.dayNumber + t)
            let row = catchments.indices.map { c -> String in
                let season = 1 + 0.9 * sin(2 * Double.pi * Double(t) / 365.25 + Double(c))
                let wobble = 1 + 0.3 * sin(Double(t * (c + 3)) * 0.7)
                return String(format: "%.4f", max(0, (8 + Double(c)) * season * wobble))
            }
            csv += String(format: "%04d-%02d-%02d", date.year, date.month, date.day) + "," + row.joined(separator: ",") + "\n"
        }
        try json.write(toFile: directory + "/model.json", atomically: true, encoding: .utf8)
        try csv.write(toFile: directory + "/inflows.csv", atomically: true, encoding: .utf8)
        return directory
    }

    static func load(_ directory: String) throws -> PywrModel {
        let text = try String(contentsOfFile: directory + "/model.json", encoding: .utf8)
        return try PywrImporter.compile(text: text, file: "model.json", baseDirectory: directory)
    }

    @Test("every flow and volume at every step equals the plain simplex's, in every scenario member")
    func fastPathEqualsPlainAtEveryStep() throws {
        let directory = try Self.writeBasin()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let model = try Self.load(directory)
        #expect(model.combinations.count == Self.factors.count)
        for combination in model.combinations {
            let fastSolver = ClpSolver(usesFastPath: true), plainSolver = ClpSolver(usesFastPath: false)
            let fast = try PywrRun.run(model, solver: fastSolver, scenario: combination)
            let plain = try PywrRun.run(model, solver: plainSolver, scenario: combination)
            #expect(fast.steps.count == Self.days && plain.steps.count == Self.days)
            for (i, node) in model.nodes.enumerated() {
                #expect(matches(fast.flows[i], plain.flows[i]), "flow of \(node.name), member \(combination)")
                if let v = plain.volumes[i] {
                    #expect(matches(fast.volumes[i] ?? [], v), "volume of \(node.name), member \(combination)")
                }
            }
            #expect(zip(fast.recorderValues, plain.recorderValues).allSatisfy { close($0, $1) }
                    && fast.recorderValues.count == model.recorders.count)
            // Both kinds of step happened, and every solve after the first was one or the other:
            // answered by the fast path, or handed to CLP for a counted reason.
            let declines = fastSolver.fastPathDeclines
            #expect(fastSolver.fastSolveCount > Self.days / 10)
            #expect(declines.basicColumn + declines.basicRow > Self.days / 10)
            #expect(fastSolver.fastSolveCount + declines.total == Self.days - 1)
            #expect(plainSolver.fastSolveCount == 0 && plainSolver.fastPathDeclines.total == 0)
        }
    }

    @Test("streamed recorders equal the per-step record's own sums and minima, bit for bit with the retained run")
    func streamedRecordersMatchTheRecord() throws {
        let directory = try Self.writeBasin()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let model = try Self.load(directory)
        for combination in model.combinations {
            let kept = try PywrRun.run(model, solver: ClpSolver(), scenario: combination, retaining: .all)
            let streamed = try PywrRun.run(model, solver: ClpSolver(), scenario: combination, retaining: .streamed)
            #expect(kept.recorderValues == streamed.recorderValues)
            #expect(kept.meanFlows == streamed.meanFlows)
            func value(_ name: String) -> Double {
                guard let r = model.recorders.firstIndex(where: { $0.name == name }) else {
                    Issue.record("no recorder '\(name)'")
                    return .nan
                }
                return kept.recorderValues[r]
            }
            var anyDeficit = false
            for i in 0..<Self.reservoirs {
                // Pywr's minimumvolumestorage: the smallest end-of-step volume.
                #expect(close(value("reservoir\(i)_min_volume"), kept.volume("reservoir\(i)").min() ?? .nan))
                for d in 0..<2 {
                    // totaldeficitnode: Σ (max_flow − flow) × days, one day per step.
                    let maxFlow = Double(12 + 3 * d + i)
                    let deficit = kept.flow("demand\(i)_\(d)").reduce(0) { $0 + (maxFlow - $1) }
                    #expect(close(value("demand\(i)_\(d)_deficit"), deficit))
                    anyDeficit = anyDeficit || deficit > 1
                }
            }
            let sea = kept.flow("sea")
            #expect(close(value("sea_mean_flow"), sea.reduce(0, +) / Double(sea.count)))
            #expect(anyDeficit, "some demand is short, so the deficits are not all zero")
        }
    }
}
