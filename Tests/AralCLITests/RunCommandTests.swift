import Foundation
import Testing

/// `aral run` and `aral validate` end to end, through the real executable.
@Suite("aral run and validate")
struct RunCommandTests {
    /// Golden-file tolerance: results may differ from the stored ones by this much (relative).
    static let goldenTolerance = 1e-6
    /// The infeasible model's March shortfall, m³/s (minimum flow 20 − inflow 10), and the slack
    /// allowed on the diagnosis's relaxation of it.
    static let missingMarchFlow = 10.0
    static let relaxationTolerance = 1e-6

    @Test("The example runs, prints its summary and closes its mass balance")
    func exampleSummary() throws {
        let r = try AralProcess.run(["run", "examples/basin.yaml"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("up-irrigation"))
        #expect(r.stdout.contains("upper-plant"))
        #expect(r.stdout.contains("Mass balance: closes at every node and step"))
    }

    @Test("The example's long CSV matches its golden file")
    func exampleGoldenCSV() throws {
        let dir = try AralProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out.csv").path
        let r = try AralProcess.run(["run", "examples/basin.yaml", "--csv", out, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let actual = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
        let expected = try String(contentsOf: AralProcess.packageRoot.appendingPathComponent("examples/basin.expected.csv"), encoding: .utf8).split(separator: "\n")
        #expect(actual.first == "step,date,node,attribute,value")
        #expect(actual.count == expected.count)
        var worst = 0.0
        for (a, e) in zip(actual.dropFirst(), expected.dropFirst()) {
            let fa = a.split(separator: ","), fe = e.split(separator: ",")
            #expect(fa.prefix(4) == fe.prefix(4), "row differs: \(a) vs \(e)")
            // A value that does not parse, or is NaN or infinite, is a difference (NaN would
            // otherwise compare false against the worst and pass unnoticed).
            guard fa.count == 5, fe.count == 5, let va = Double(fa[4]), let ve = Double(fe[4]), va.isFinite, ve.isFinite else {
                Issue.record("not a finite value: \(a) (expected \(e))")
                continue
            }
            worst = max(worst, abs(va - ve) / max(1, abs(ve)))
        }
        #expect(worst <= Self.goldenTolerance, "largest relative difference \(worst)")
    }

    @Test("--sqlite writes a results database")
    func sqliteResults() throws {
        let dir = try AralProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("results.sqlite").path
        let r = try AralProcess.run(["run", "examples/basin.yaml", "--sqlite", db, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(FileManager.default.fileExists(atPath: db))
    }

    @Test("--dump-lp writes the step's LP in MPS with readable names")
    func dumpLP() throws {
        let dir = try AralProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let mps = dir.appendingPathComponent("step3.mps").path
        let r = try AralProcess.run(["run", "examples/basin.yaml", "--dump-lp", "3", mps, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let text = try String(contentsOfFile: mps, encoding: .utf8)
        #expect(text.contains("ROWS"))
        #expect(text.contains("storage[upper-dam]"))
        #expect(text.contains("x[dn-city]"))
    }

    @Test("validate accepts a good model and rejects a bad one with file, line and key path")
    func validate() throws {
        let good = try AralProcess.run(["validate", "examples/basin.yaml"])
        #expect(good.status == 0)
        #expect(good.stdout.contains("valid"))

        let dir = try AralProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let bad = dir.appendingPathComponent("bad.yaml")
        try """
        timestepper: {start: 2001-01-01, end: 2001-12-31, step: monthly}
        nodes:
          - {name: river, kind: inflow, flow: 10}
          - {name: canal, kind: link, capacity: -3}
          - {name: sea, kind: sinc}
        edges: [[river, canal], [canal, sea]]
        """.write(to: bad, atomically: true, encoding: .utf8)
        let r = try AralProcess.run(["validate", bad.path])
        #expect(r.status != 0)
        #expect(r.stderr.contains("bad.yaml:5"))
        #expect(r.stderr.contains("unknown node kind 'sinc'"))
    }

    @Test("A missing model file is a clear error, not a crash")
    func missingFile() throws {
        let r = try AralProcess.run(["run", "no/such/model.yaml"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("no/such/model.yaml"))
        #expect(r.stderr.contains("not found"))
    }

    @Test("An infeasible model exits non-zero naming the step and node")
    func infeasibleRun() throws {
        let dir = try AralProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = dir.appendingPathComponent("infeasible.yaml")
        try """
        timestepper: {start: 2001-01-01, end: 2001-03-31, step: monthly}
        nodes:
          - {name: river, kind: inflow, flow: {monthly: [50, 50, 10, 50, 50, 50, 50, 50, 50, 50, 50, 50]}}
          - {name: sea, kind: sink, minFlow: 20}
        edges: [[river, sea]]
        """.write(to: model, atomically: true, encoding: .utf8)
        let r = try AralProcess.run(["run", model.path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("step 2 (2001-03-01)"))
        // The diagnosis relaxes bounds before rows and a minimum before a fixed inflow
        // (`Simulation.diagnoseInfeasibility`): the culprit is the sea's minimum flow, and it
        // gives at least the 10 m³/s missing in March (inflow 10, minimum flow 20).
        let culprits = r.stderr.split(separator: "\n").filter { $0.hasPrefix("  - ") }
        #expect(culprits.count == 1, "\(r.stderr)")
        #expect(culprits.allSatisfy { $0.contains("minimum flow at 'sea' ") }, "\(r.stderr)")
        let relaxed = culprits.compactMap { line -> Double? in
            guard let open = line.range(of: "(off by "), let close = line.lastIndex(of: ")") else { return nil }
            return Double(line[open.upperBound..<close])
        }
        #expect(relaxed.count == culprits.count, "\(r.stderr)")
        #expect(relaxed.reduce(0) { $0 + abs($1) } >= Self.missingMarchFlow - Self.relaxationTolerance, "\(r.stderr)")
    }
}
