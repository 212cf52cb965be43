import ArgumentParser
import AralWorkflows
import AralCLI
import Foundation
import AralModel
import AralSchema
import AralSolver
import AralClp
import AralEnsemble
import AralEngine
import AralPywr

/// `aral-bench ensemble`: the ensemble benchmark of issue 7 — (1) Aral vs Pywr per
/// scenario-step on the same synthetic basin, (2) ensemble throughput on 1 and 2 workers,
/// (3) peak resident memory of a large monthly ensemble. Run it in release mode
/// (scripts/bench-ensemble.sh); figures depend on the machine's load, so each timing is the
/// best of `--repeats`.
struct EnsembleBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ensemble",
        abstract: "Benchmark ensembles: Aral vs Pywr, scaling over cores, peak memory.",
        discussion: "Parts: pywr, scaling, memory (default: all). The memory part is best run in a process of its own, as scripts/bench-ensemble.sh does."
    )

    enum Part: String, ExpressibleByArgument, CaseIterable { case all, pywr, scaling, memory }

    @Option(help: "Which part to run: all, pywr, scaling, memory.")
    var part: Part = .all

    @Option(help: "Python with Pywr installed (scripts/.cache/venv/bin/python after scripts/bench-ensemble.sh sets it up).")
    var python = "scripts/.cache/venv/bin/python"

    @Option(help: "Years of daily steps for the Pywr comparison (both tools run the same horizon; 30 as issue 7 asks).")
    var pywrYears = 30

    @Option(help: "Scenario counts for the Pywr comparison (comma-separated).")
    var scenarioCounts = "1,10,100"

    @Option(help: "Model for the scaling and memory parts (default: models/syr-darya.yaml if present, else examples/basin.yaml).")
    var model: String?

    @Option(help: "Members for the scaling part (hundreds, like a real ensemble: with a few dozen, the serial start and the last member's tail weigh on the figure).")
    var members = 400

    @Option(help: "Traces for the memory part.")
    var traces = 1000

    @Option(help: "Years per trace for the memory part (monthly).")
    var years = 30

    @Option(help: "Repetitions of each timing; the best is reported.")
    var repeats = 3

    func run() async throws {
        do {
            if part == .all || part == .pywr { try await pywrPart() }
            if part == .all || part == .scaling { try await scalingPart() }
            if part == .all || part == .memory { try await memoryPart() }
        } catch let error as EnsembleError {
            Terminal.error(error.description)
            throw ExitCode.failure
        }
    }

    static let makeSolver: @Sendable () -> any LPSolver = { ClpSolver() }

    // MARK: - 1. Aral vs Pywr

    func pywrPart() async throws {
        let basin = EnsembleBenchBasin(years: pywrYears)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("aral-bench-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let jsonPath = dir.appendingPathComponent("bench-basin.pywr.json").path
        let data = try JSONSerialization.data(withJSONObject: basin.pywrJSON, options: [.prettyPrinted, .sortedKeys])
        try data.write(to: URL(fileURLWithPath: jsonPath))
        let model: BasinModel
        do { model = try BasinCompiler().compile(basin.document) } catch {
            throw EnsembleError("the benchmark basin does not compile: \(error)")
        }
        let steps = model.network.steps.count
        print("1. Aral vs Pywr: \(model.elements.count) model nodes (\(model.network.nodes.count) network nodes), \(pywrYears) years daily (\(steps) steps); Pywr model written to \(jsonPath)")
        let cores = ProcessInfo.processInfo.activeProcessorCount
        print("   Aral: (a) Aral's own model of the network as an ensemble, on one worker (like Pywr's single thread) and on every core (how `aral run --ensemble` runs); (b) the very Pywr JSON through Aral's Pywr importer, scenarios one after another.")
        let counts = scenarioCounts.split(separator: ",").compactMap { Int($0) }
        var rows: [[String]] = []
        for n in counts {
            let traces = benchTraces(basin, count: n)
            let grid = ScenarioGrid(dimensions: [.init(name: "hydrology", kind: .traces, labels: (0..<n).map(String.init))])
            let plan = try EnsemblePlan(modelPath: "bench", grid: grid, models: [model], traces: traces)
            func bestSeconds(workers: Int) async throws -> Double {
                var best = Double.infinity
                for _ in 0..<max(1, repeats) {
                    let store = try EnsembleStore(path: nil)
                    let outcome = try await EnsembleEngine.run(plan, store: store, options: EnsembleOptions(workers: workers),
                                                               makeSolver: Self.makeSolver)
                    best = min(best, outcome.seconds)
                }
                return best
            }
            let one = try await bestSeconds(workers: 1)
            let all = cores > 1 ? try await bestSeconds(workers: cores) : one
            let aralPerStep = one / Double(n * steps), aralAllPerStep = all / Double(n * steps)
            let imported = try importedPywrSeconds(basin, scenarios: n, directory: dir)
            var pywrCell = "n/a", ratioCell = "n/a", ratioAllCell = "n/a"
            if let pywr = runPywr(jsonPath, scenarios: n) {
                let perStep = pywr / Double(n * steps)
                pywrCell = String(format: "%.1f µs (%.2f s)", 1e6 * perStep, pywr)
                ratioCell = String(format: "%.1f×", perStep / aralPerStep)
                ratioAllCell = String(format: "%.1f×", perStep / aralAllPerStep)
            }
            let importedCell = imported.map { String(format: "%.1f µs (%.2f s)", 1e6 * $0 / Double(n * steps), $0) } ?? "n/a"
            rows.append(["\(n)", String(format: "%.1f µs (%.2f s)", 1e6 * aralPerStep, one),
                         String(format: "%.1f µs (%.2f s)", 1e6 * aralAllPerStep, all), importedCell, pywrCell, ratioCell, ratioAllCell])
        }
        print(table(["scenarios", "Aral, 1 worker", "Aral, \(cores) workers", "Pywr JSON in Aral, 1 worker", "Pywr (1 thread)",
                     "Pywr / Aral 1 worker", "Pywr / Aral \(cores) workers"], rows))
        print("   per scenario-step (wall time / (scenarios × steps)); goal: Pywr / Aral ≥ 10×")
        try? FileManager.default.removeItem(at: dir)
    }

    /// Seconds for Aral to run the Pywr JSON itself (imported by AralPywr) for `scenarios`
    /// members, one after another (best of `repeats`); nil when the importer refuses the file.
    func importedPywrSeconds(_ basin: EnsembleBenchBasin, scenarios n: Int, directory: URL) throws -> Double? {
        var json = basin.pywrJSON
        json["scenarios"] = [["name": "hydrology", "size": n]]
        if var parameters = json["parameters"] as? [String: Any], var factor = parameters["inflow-factor"] as? [String: Any] {
            factor["values"] = (0..<n).map { EnsembleBenchBasin.factor($0, of: n) }
            parameters["inflow-factor"] = factor
            json["parameters"] = parameters
        }
        let path = directory.appendingPathComponent("bench-\(n).pywr.json").path
        try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys]).write(to: URL(fileURLWithPath: path))
        let model: PywrModel
        do { model = try PywrImporter.load(path: path) } catch {
            Terminal.note("   Pywr importer: \(error)")
            return nil
        }
        var best = Double.infinity
        for _ in 0..<max(1, repeats) {
            let clock = ContinuousClock()
            let start = clock.now
            for k in 0..<n {
                var options = SimulationOptions()
                options.scenario = [k]
                let simulation = try Simulation(network: model.network, solver: ClpSolver(), options: options)
                try simulation.run(recorders: [])
            }
            best = min(best, (clock.now - start).seconds)
        }
        return best
    }

    func benchTraces(_ basin: EnsembleBenchBasin, count n: Int) -> TraceSet {
        let branches = basin.branchData
        let profiles = branches.flatMap(\.inflows)
        let months = basin.years * 12
        var values = [Double](repeating: 0, count: n * months * profiles.count)
        for k in 0..<n {
            let f = EnsembleBenchBasin.factor(k, of: n)
            for t in 0..<months {
                for (s, p) in profiles.enumerated() { values[(k * months + t) * profiles.count + s] = p[t % 12] * f }
            }
        }
        return TraceSet(sites: basin.inflowNames, start: CivilDate(year: 2000, month: 1, day: 1), months: months, count: n, values: values)
    }

    /// Seconds of Pywr's `model.run()` (best of `repeats`), or nil when Pywr is not available.
    func runPywr(_ jsonPath: String, scenarios: Int) -> Double? {
        guard FileManager.default.isExecutableFile(atPath: python) else {
            Terminal.note("   Pywr: \(python) not found; run scripts/bench-ensemble.sh to install Pywr in a venv")
            return nil
        }
        var best: Double?
        for _ in 0..<max(1, repeats) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: python)
            process.arguments = ["scripts/pywr-bench.py", jsonPath, String(scenarios)]
            let pipe = Pipe(), errors = Pipe()
            process.standardOutput = pipe
            process.standardError = errors
            do { try process.run() } catch {
                Terminal.note("   Pywr: cannot start \(python): \(error.localizedDescription)")
                return nil
            }
            let out = pipe.fileHandleForReading.readDataToEndOfFile()
            let err = errors.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard process.terminationStatus == 0,
                  let object = try? JSONSerialization.jsonObject(with: out) as? [String: Any],
                  let seconds = object["seconds"] as? Double else {
                Terminal.note("   Pywr failed: \(String(decoding: err.suffix(600), as: UTF8.self))")
                return nil
            }
            best = min(best ?? .infinity, seconds)
        }
        return best
    }

    // MARK: - 2. Scaling

    var modelPath: String {
        if let model { return model }
        return FileManager.default.fileExists(atPath: "models/syr-darya.yaml") ? "models/syr-darya.yaml" : "examples/basin.yaml"
    }

    func loadModel() throws -> BasinModel {
        do { return try ModelLoader.load(path: modelPath) } catch { throw EnsembleError(error.description) }
    }

    func scalingPart() async throws {
        let model = try loadModel()
        let traces = try BenchHydrology.traces(for: model, modelPath: modelPath, count: members, seed: 7)
        let grid = ScenarioGrid(dimensions: [.init(name: "hydrology", kind: .traces, labels: (0..<members).map(String.init))])
        let plan = try EnsemblePlan(modelPath: modelPath, grid: grid, models: [model], traces: traces)
        print("2. Scaling: \(modelPath), \(members) members × \(model.network.steps.count) steps; \(ProcessInfo.processInfo.activeProcessorCount) cores")
        var rates: [Int: Double] = [:]
        for workers in [1, 2] {
            var best = Double.infinity
            for _ in 0..<max(1, repeats) {
                let outcome = try await EnsembleEngine.run(plan, store: try EnsembleStore(path: nil), options: EnsembleOptions(workers: workers),
                                                           makeSolver: Self.makeSolver)
                best = min(best, outcome.seconds)
            }
            rates[workers] = Double(members) / best
            print(String(format: "   %d worker%@: %.2f s, %.1f members/s, %.0f steps/s", workers, workers == 1 ? " " : "s", best,
                         Double(members) / best, Double(members * model.network.steps.count) / best))
        }
        if let one = rates[1], let two = rates[2] {
            print(String(format: "   speed-up on 2 workers: %.2f× (goal ≥ 1.8×)", two / one))
        }
    }

    // MARK: - 3. Memory

    func memoryPart() async throws {
        // The memory figure is for the requested horizon: `years` of monthly steps.
        let model = try BenchHydrology.restepped(path: modelPath, years: years)
        let steps = model.network.steps
        let before = PeakMemory.residentMegabytes()
        let traces = try BenchHydrology.traces(for: model, modelPath: modelPath, count: traces, seed: 11)
        let grid = ScenarioGrid(dimensions: [.init(name: "hydrology", kind: .traces, labels: (0..<traces.count).map(String.init))])
        let plan = try EnsemblePlan(modelPath: modelPath, grid: grid, models: [model], traces: traces)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("aral-bench-mem-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try EnsembleStore(path: dir.appendingPathComponent("ensemble.sqlite").path)
        let outcome = try await EnsembleEngine.run(plan, store: store, options: EnsembleOptions(workers: ProcessInfo.processInfo.activeProcessorCount),
                                                   makeSolver: Self.makeSolver)
        let peak = PeakMemory.peakMegabytes()
        print(String(format: "3. Memory: %@, %d traces × %d years monthly (%d steps): %.1f s; peak resident (VmHWM) %.0f MB (%.0f MB before the traces; traces in memory %.1f MB); goal < 500 MB",
                     modelPath, traces.count, years, steps.count, outcome.seconds, peak ?? .nan, before ?? .nan,
                     Double(traces.values.count * 8) / 1_048_576))
    }
}

/// Reads the process's memory figures from /proc/self/status (Linux); nil elsewhere.
enum PeakMemory {
    static func field(_ name: String) -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(name + ":") {
            let number = line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first
            return number.flatMap { Double($0) }.map { $0 / 1024 }
        }
        return nil
    }
    /// Peak resident set size (VmHWM), MB.
    static func peakMegabytes() -> Double? { field("VmHWM") }
    /// Current resident set size (VmRSS), MB.
    static func residentMegabytes() -> Double? { field("VmRSS") }
}
