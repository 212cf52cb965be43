import Foundation
import Testing

/// Options and settings that did nothing, or something else than asked, are refused before any
/// work with a message that names them (each found from outside).
@Suite("Options refused before running")
struct OptionConflictTests {
    @Test("--json with --quiet, and --dump-lp or --no-fast-path with an ensemble, are refused naming both")
    func conflictingRunOptions() throws {
        let quiet = try AralProcess.run(["run", "examples/basin.yaml", "--json", "--quiet"])
        #expect(quiet.status != 0)
        #expect(quiet.stderr.contains("--json") && quiet.stderr.contains("--quiet"))
        #expect(quiet.stdout.isEmpty)

        let dump = try AralProcess.run(["run", "examples/basin.yaml", "--ensemble", "--dump-lp", "3", "never.mps"])
        #expect(dump.status != 0)
        #expect(dump.stderr.contains("--dump-lp") && dump.stderr.contains("--ensemble"))
        #expect(!FileManager.default.fileExists(atPath: AralProcess.packageRoot.appendingPathComponent("never.mps").path))

        let plain = try AralProcess.run(["run", "examples/basin.yaml", "--ensemble", "--no-fast-path"])
        #expect(plain.status != 0)
        #expect(plain.stderr.contains("--no-fast-path"))
    }

    @Test("ARAL_WORKERS that is not a whole number from 1 is refused, naming its value; a good one runs")
    func workersSetting() throws {
        for bad in ["0", "-1", "abc", "2.5"] {
            let r = try AralProcess.run(["validate", "examples/basin.yaml"], environment: ["ARAL_WORKERS": bad])
            #expect(r.status == 1, "ARAL_WORKERS=\(bad)")
            #expect(r.stderr.contains("ARAL_WORKERS='\(bad)'"), "ARAL_WORKERS=\(bad): \(r.stderr)")
        }
        let good = try AralProcess.run(["validate", "examples/basin.yaml"], environment: ["ARAL_WORKERS": "1"])
        #expect(good.status == 0)
    }

    @Test("A negative number given to a numeric option is named as invalid, not as a missing value")
    func negativeNumbers() throws {
        let seed = try AralProcess.run(["hydrology", "generate", "--history", "models/hydrology/syr-darya.csv", "--seed", "-5"])
        #expect(seed.status != 0)
        #expect(seed.stderr.contains("'-5' is invalid for '--seed"), "\(seed.stderr)")
        let traces = try AralProcess.run(["hydrology", "generate", "--history", "models/hydrology/syr-darya.csv", "--traces", "-3"])
        #expect(traces.status != 0)
        #expect(traces.stderr.contains("--traces and --years must be at least 1"), "\(traces.stderr)")
        for r in [seed, traces] { #expect(!r.stderr.contains("Missing value")) }
    }

    @Test("convert refuses to write over the Pywr model it reads, even through a link")
    func convertOntoItself() throws {
        let dir = try AralProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = dir.appendingPathComponent("model.json")
        let original = try Data(contentsOf: AralProcess.packageRoot.appendingPathComponent("examples/pywr-delay.json"))
        try original.write(to: model)
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("link.json").path, withDestinationPath: model.path)
        for output in ["model.json", "link.json"] {
            let r = try AralProcess.run(["convert", "model.json", "-o", output, "--partial"], in: dir)
            #expect(r.status == 1)
            #expect(r.stderr.contains("is the Pywr model being converted"))
            #expect(try Data(contentsOf: model) == original)
        }
    }

    @Test("validate names a plan's policy problems (an unknown upstream party) at their line, as plan would refuse them")
    func validateChecksThePolicy() throws {
        let dir = try AralProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = try String(contentsOf: AralProcess.packageRoot.appendingPathComponent("examples/plan-exchange.yaml"), encoding: .utf8)
        let model = dir.appendingPathComponent("model.yaml")
        // The example as shipped is valid.
        try source.write(to: model, atomically: true, encoding: .utf8)
        #expect(try AralProcess.run(["validate", model.path]).status == 0)
        var lines = source.components(separatedBy: "\n")
        let exchange = try #require(lines.firstIndex { $0 == "exchange:" })
        let index = exchange + 1
        lines.insert("  upstream: [NOPE]", at: index)
        try lines.joined(separator: "\n").write(to: model, atomically: true, encoding: .utf8)
        let r = try AralProcess.run(["validate", model.path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("model.yaml:\(index + 1):"), "\(r.stderr)")
        #expect(r.stderr.contains("exchange.upstream[0]: 'NOPE' is not a party"))
    }

    @Test("A plan horizon shorter than a return delay names the horizon's dates; --from inside a month is said to move")
    func planHorizonMessages() throws {
        let short = try AralProcess.run(["plan", "models/syr-darya.yaml", "--from", "2018-10-01", "--to", "2018-10-31"])
        #expect(short.status == 1)
        #expect(short.stderr.contains("returnDelay.steps: 2 steps is longer than the run: 1 step, 2018-10-01 to 2018-10-01"), "\(short.stderr)")
        #expect(short.stderr.contains("plan horizon"))
        let moved = try AralProcess.run(["plan", "models/syr-darya.yaml", "--from", "2018-10-15", "--to", "2019-09-20"])
        #expect(moved.status == 0)
        #expect(moved.stderr.contains("--from 2018-10-15 falls inside the step that starts 2018-10-01"), "\(moved.stderr)")
        #expect(moved.stderr.contains("the plan ends on 2019-09-30"), "\(moved.stderr)")
        #expect(moved.stdout.contains("plan 2018-10-01 to 2019-09-30"))
    }

    @Test("plan --format pywr on an Aral model says what --format did, without the usage banner")
    func planAsPywr() throws {
        let r = try AralProcess.run(["plan", "models/syr-darya.yaml", "--format", "pywr"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("--format pywr reads models/syr-darya.yaml as Pywr's"), "\(r.stderr)")
        #expect(!r.stderr.contains("Usage:"))
    }

    @Test("a forecast file's problem met by eight inflows is one line, with the other key paths after it")
    func oneLinePerProblem() throws {
        let dir = try AralProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let history = try String(contentsOf: AralProcess.packageRoot.appendingPathComponent("models/hydrology/syr-darya.csv"), encoding: .utf8)
        var rows = history.split(separator: "\n").filter { !$0.hasPrefix("#") }
        let header = rows.removeFirst()
        let year = rows.filter { $0.hasPrefix("2018-1") || $0.hasPrefix("2019-0") }
        #expect(year.count == 12)
        let gap = [header] + year.enumerated().filter { $0.offset != 2 }.map(\.element)  // December missing
        try (gap.joined(separator: "\n") + "\n").write(to: dir.appendingPathComponent("forecast.csv"), atomically: true, encoding: .utf8)
        let r = try AralProcess.run(["plan", AralProcess.packageRoot.appendingPathComponent("models/syr-darya.yaml").path,
                                     "--from", "2018-10-01", "--to", "2019-09-30", "--inflows", "forecast.csv"], in: dir)
        #expect(r.status == 1)
        #expect(r.stderr.contains("1 problem in the model"), "\(r.stderr)")
        #expect(r.stderr.components(separatedBy: "leaves a gap").count == 2, "\(r.stderr)")
        #expect(r.stderr.contains("the same at 7 more key paths: nodes[17].flow"), "\(r.stderr)")
    }

    @Test("plan --obligations without --exchange is refused, not ignored")
    func obligationsWithoutExchange() throws {
        let r = try AralProcess.run(["plan", "examples/plan-exchange.yaml", "--obligations", "never.json"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("add --exchange"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: AralProcess.packageRoot.appendingPathComponent("never.json").path))
    }
}
