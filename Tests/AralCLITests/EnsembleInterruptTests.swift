import Foundation
import Testing
import AralEnsemble

/// `aral run --ensemble` through the real executable: traces given on the command line, and
/// Ctrl-C (the workers stop, the process exits with 130, and the store holds exactly the
/// finished members and their summary).
@Suite("aral run --ensemble")
struct EnsembleInterruptTests {
    /// A three-site monthly history with a seasonal cycle and year-to-year variation.
    static func historyCSV(years: Int) -> String {
        var text = "date,naryn,karadarya,chirchik\n"
        let shape = [0.45, 0.45, 0.55, 0.9, 1.6, 2.2, 2.3, 1.8, 1.1, 0.7, 0.55, 0.5]
        for y in 0..<years {
            for m in 0..<12 {
                let wet = 1 + 0.3 * sin(Double(y) * 1.7) + 0.1 * cos(Double(y * 12 + m) * 0.9)
                let values = [300.0, 120, 200].map { $0 * shape[m] * wet }
                text += String(format: "%04d-%02d-01,", 1960 + y, m + 1) + values.map { String(format: "%.3f", $0) }.joined(separator: ",") + "\n"
            }
        }
        return text
    }

    /// One reservoir feeding one demand, for `years` of `step`s, its inflows from the traces
    /// (declared in the model, or left to `--traces`).
    static func model(years: Int, step: String = "daily", declaresTraces: Bool = true) -> String {
        """
        name: interrupt-test
        timestepper: {start: 2000-01-01, end: \(1999 + years)-12-31, step: \(step)}
        parties: [{code: UP, name: Upstream}]
        \(declaresTraces ? "scenarios: [{name: hydrology, traces: {csv: traces.csv}}]" : "")
        nodes:
          - {name: naryn, kind: inflow, flow: 300}
          - {name: karadarya, kind: inflow, flow: 120}
          - {name: chirchik, kind: inflow, flow: 200}
          - {name: lake, kind: reservoir, owner: UP, maxVolume: 3000, minVolume: 300, initialVolume: 1500, maxRelease: 900}
          - {name: fields, kind: demand, owner: UP, priority: 1, maxFlow: {monthly: [10, 10, 40, 150, 300, 420, 480, 400, 220, 80, 20, 10]}}
          - {name: delta, kind: sink}
        edges: [[naryn, lake], [karadarya, lake], [chirchik, lake], [lake, fields], [lake, delta]]
        """
    }

    @Test("--traces runs a model without scenarios as an ensemble, one member per trace")
    func tracesOption() throws {
        let dir = try AralProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.historyCSV(years: 30).write(to: dir.appendingPathComponent("history.csv"), atomically: true, encoding: .utf8)
        try Self.model(years: 3, step: "monthly", declaresTraces: false)
            .write(to: dir.appendingPathComponent("model.yaml"), atomically: true, encoding: .utf8)
        let plain = try AralProcess.run(["run", "model.yaml", "--ensemble"], in: dir)
        #expect(plain.status != 0)
        #expect(plain.stderr.contains("--traces"), "\(plain.stderr)")
        let generated = try AralProcess.run(["hydrology", "generate", "--from", "history.csv", "--traces", "12",
                                             "--years", "3", "--start", "2000-01", "--seed", "2", "-o", "inflows.csv"], in: dir)
        #expect(generated.status == 0, "\(generated.stderr)")
        let store = dir.appendingPathComponent("ensemble.sqlite").path
        let r = try AralProcess.run(["run", "model.yaml", "--traces", "inflows.csv", "--sqlite", store, "--quiet"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let reopened = try EnsembleStore(path: store)
        #expect(try reopened.info().status == "complete")
        #expect(try reopened.members().count == 12)
    }

    /// Found from outside: `merge -o DIR` deleted the directory, `-o SHARD` emptied that shard
    /// before reading it, and a failed merge or ensemble wiped the complete store kept there.
    @Test("merge and ensemble stores: a directory, a shard or a CSV as output is refused; a failure keeps the store kept there")
    func storesKeptOnRefusalAndFailure() throws {
        let dir = try AralProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        func path(_ name: String) -> String { dir.appendingPathComponent(name).path }
        try Self.historyCSV(years: 30).write(toFile: path("history.csv"), atomically: true, encoding: .utf8)
        try Self.model(years: 2, step: "monthly", declaresTraces: false).write(toFile: path("model.yaml"), atomically: true, encoding: .utf8)
        #expect(try AralProcess.run(["hydrology", "generate", "--history", "history.csv", "--traces", "4", "--years", "2",
                                     "--start", "2000-01", "-o", "inflows.csv"], in: dir).status == 0)
        for i in 0..<2 {
            let shard = try AralProcess.run(["run", "model.yaml", "--traces", "inflows.csv", "--shard", "\(i)/2", "--sqlite", "s\(i).sqlite", "--quiet"], in: dir)
            #expect(shard.status == 0, "\(shard.stderr)")
        }
        try FileManager.default.createDirectory(atPath: path("results/2024"), withIntermediateDirectories: true)
        let toDirectory = try AralProcess.run(["ensemble", "merge", "s0.sqlite", "s1.sqlite", "-o", "results", "--quiet"], in: dir)
        #expect(toDirectory.status == 1 && toDirectory.stderr.contains("is a directory"), "\(toDirectory.stderr)")
        #expect(FileManager.default.fileExists(atPath: path("results/2024")))
        let before = try Data(contentsOf: URL(fileURLWithPath: path("s1.sqlite")))
        let toShard = try AralProcess.run(["ensemble", "merge", "s0.sqlite", "s1.sqlite", "-o", "./s1.sqlite", "--quiet"], in: dir)
        #expect(toShard.status == 1 && toShard.stderr.contains("is also a shard"), "\(toShard.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path("s1.sqlite"))) == before)

        #expect(try AralProcess.run(["ensemble", "merge", "s0.sqlite", "s1.sqlite", "-o", "all.sqlite", "--quiet"], in: dir).status == 0)
        // Every member's water closes, and the run says so (text and JSON).
        let text = try AralProcess.run(["run", "model.yaml", "--traces", "inflows.csv"], in: dir)
        #expect(text.stdout.contains("Mass balance: closes at every node and step of every member"), "\(text.stdout.prefix(300))")
        let json = try AralProcess.run(["run", "model.yaml", "--traces", "inflows.csv", "--json"], in: dir)
        let summary = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let residual = try #require(summary?["massBalanceResidual"] as? Double, "\(json.stdout.prefix(300))")
        #expect(residual >= 0 && residual < 1e-6)
        let merged = try Data(contentsOf: URL(fileURLWithPath: path("all.sqlite")))
        try "not a store".write(toFile: path("bad.sqlite"), atomically: true, encoding: .utf8)
        let failed = try AralProcess.run(["ensemble", "merge", "s0.sqlite", "bad.sqlite", "-o", "all.sqlite", "--quiet"], in: dir)
        #expect(failed.status == 1, "\(failed.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path("all.sqlite"))) == merged)
        #expect(try EnsembleStore(path: path("all.sqlite")).members().count == 4)

        // An ensemble that fails at a step (a December minimum no inflow can meet) keeps the
        // store; a CSV is no store.
        let impossible = Self.model(years: 2, step: "monthly", declaresTraces: false)
            .replacingOccurrences(of: "{name: delta, kind: sink}", with: "{name: delta, kind: sink, minFlow: {monthly: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 50000]}}")
        try impossible.write(toFile: path("impossible.yaml"), atomically: true, encoding: .utf8)
        let failing = try AralProcess.run(["run", "impossible.yaml", "--traces", "inflows.csv", "--sqlite", "all.sqlite", "--quiet"], in: dir)
        #expect(failing.status == 1 && failing.stderr.contains("step 11"), "\(failing.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path("all.sqlite"))) == merged)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).allSatisfy { !$0.contains(".partial-") })
        let csv = try AralProcess.run(["run", "model.yaml", "--traces", "inflows.csv", "--sqlite", "inflows.csv", "--quiet"], in: dir)
        #expect(csv.status == 1 && csv.stderr.contains("--sqlite inflows.csv is --traces being read"), "\(csv.stderr)")
        try "a,b\n1,2\n".write(toFile: path("other.csv"), atomically: true, encoding: .utf8)
        let other = try AralProcess.run(["run", "model.yaml", "--traces", "inflows.csv", "--sqlite", "other.csv", "--quiet"], in: dir)
        #expect(other.status == 1 && other.stderr.contains("is not an SQLite file"), "\(other.stderr)")
        #expect(try AralProcess.run(["hydrology", "check", "--history", "history.csv", "--traces", "inflows.csv"], in: dir).status == 0)
    }

    /// Found from outside: a grid was checked only when the ensemble ran; `validate` said
    /// "valid" to a misspelt member, and a grid of 4^20 members took 12 GB before failing.
    @Test("validate checks a model's scenario grid: its members bind, and it fits in memory")
    func validateChecksTheGrid() throws {
        let dir = try AralProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        func validate(_ scenarios: String) throws -> AralProcess.Result {
            let yaml = Self.model(years: 1, step: "monthly", declaresTraces: false) + "\nscenarios: " + scenarios + "\n"
            try yaml.write(to: dir.appendingPathComponent("model.yaml"), atomically: true, encoding: .utf8)
            return try AralProcess.run(["validate", "model.yaml"], in: dir)
        }
        let good = try validate("[{name: infra, members: [baseline, baseline]}]")
        #expect(good.status == 0 && good.stdout.contains("a grid of 2 members"), "\(good.stdout)\(good.stderr)")
        let misspelt = try validate("[{name: infra, members: [baseline, with-nothing]}]")
        #expect(misspelt.status == 1 && misspelt.stderr.contains("'with-nothing' not found"), "\(misspelt.stderr)")
        let big = try validate("[" + (0..<20).map { "{name: d\($0), members: [baseline, baseline, baseline, baseline]}" }.joined(separator: ", ") + "]")
        #expect(big.status == 1 && big.stderr.contains("scenarios: the grid d0 4 × d1 4"), "\(big.stderr)")
        let missing = try validate("[{name: hydrology, traces: {csv: nothere.csv}}]")
        #expect(missing.status == 1 && missing.stderr.contains("scenarios[0].traces.csv: 'nothere.csv' not found"), "\(missing.stderr)")
    }

    @Test("Ctrl-C stops the workers, exits 130 and leaves a consistent store")
    func interrupt() throws {
        guard let binary = AralProcess.binary else { throw AralProcess.MissingBinary() }
        let dir = try AralProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let traces = 400, years = 20
        try Self.historyCSV(years: 40).write(to: dir.appendingPathComponent("history.csv"), atomically: true, encoding: .utf8)
        try Self.model(years: years).write(to: dir.appendingPathComponent("model.yaml"), atomically: true, encoding: .utf8)
        let generated = try AralProcess.run(["hydrology", "generate", "--from", "history.csv", "--traces", "\(traces)",
                                             "--years", "\(years)", "--start", "2000-01", "--seed", "5", "-o", "traces.csv"], in: dir)
        #expect(generated.status == 0, "\(generated.stderr)")

        let store = dir.appendingPathComponent("ensemble.sqlite").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["run", "model.yaml", "--ensemble", "--sqlite", store, "--quiet"]
        process.currentDirectoryURL = dir
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The Ctrl-C handler is installed before the workers start, so once a finished member
        // is in the store the handler is in place and the run is under way: interrupt then.
        // Members are written in batches of 32 and there are 400, so the run is far from its end.
        // Waiting on that condition, not on a fixed time, keeps a loaded machine from failing it.
        // The store is written beside its name (`.ensemble.sqlite.partial-PID`) until the end.
        var stored = 0
        let partial = dir.appendingPathComponent(".ensemble.sqlite.partial-\(process.processIdentifier)").path
        while process.isRunning, stored == 0 {
            if FileManager.default.fileExists(atPath: partial) { stored = (try? EnsembleStore(path: partial).members().count) ?? 0 }
            if stored == 0 { Thread.sleep(forTimeInterval: 0.05) }
        }
        #expect(!FileManager.default.fileExists(atPath: store), "the store is in place before the run ends")
        #expect(process.isRunning, "the ensemble stopped before it could be interrupted (status \(process.isRunning ? 0 : process.terminationStatus))")
        process.interrupt()
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 130)

        #expect(!FileManager.default.fileExists(atPath: partial))
        let reopened = try EnsembleStore(path: store)
        #expect(try reopened.info().status == "cancelled")
        let members = try reopened.members()
        #expect(members.count >= stored && members.count < traces, "\(members.count) members stored, \(stored) seen before Ctrl-C")
        let width = try reopened.layout().entries.count
        for m in members { #expect(m.metrics.values.count == width) }
        let summary = try reopened.summary()
        #expect(summary == EnsembleSummary(layout: try reopened.layout(), members: members))
    }
}
