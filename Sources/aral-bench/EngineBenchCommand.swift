import AralWorkflows
import ArgumentParser
import AralCLI
import Foundation
import AralModel
import AralSchema
import AralSolver
import AralClp
import AralEngine
import AralPywr

/// `aral-bench engine` (the default): the engine's speed on a synthetic basin beside a bare CLP loop solving the
/// very same LPs, so the model layer's overhead is visible.
struct EngineBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "engine",
        abstract: "Benchmark the engine against a bare CLP loop on a synthetic basin.",
        discussion: """
        Builds a synthetic basin (10 reservoirs, 20 inflows, 30 demands by default), runs it \
        30 years daily through the engine, records every change the engine passes to CLP, and \
        replays those changes through the same CLP shim with nothing around it.
        """
    )

    @Option(help: "Number of reservoirs (branches); inflows are 2 and demands 3 per branch.")
    var reservoirs = 10

    @Option(help: "Years to simulate.")
    var years = 30

    @Option(help: "Step: daily or monthly.")
    var step = "daily"

    @Option(help: "Repetitions of each measurement; the best is reported.")
    var repeats = 3

    @Option(help: "Benchmark this model file (Aral YAML or Pywr JSON) instead of the synthetic basin.")
    var model: String?

    @Flag(help: "The synthetic basin with daily inflows and daily-moving reservoir targets, so every step moves every reservoir (none at a bound).")
    var moving = false

    func run() async throws {
        let net: Network
        let label: String
        /// A Pywr model's own recorder, run beside the engine alone to show its share.
        var pywrModel: PywrModel?
        if let path = model {
            do {
                let loaded = try ModelLoading.load(.file(path: path))
                net = loaded.network
                if case .pywr(let model) = loaded { pywrModel = model }
            } catch {
                Terminal.error(error.description)
                throw ExitCode.failure
            }
            label = path + (pywrModel != nil ? " (Pywr):" : ":")
        } else {
            let document = SyntheticBasin.document(reservoirs: reservoirs, years: years, step: step)
            let basin: BasinModel
            do { basin = try BasinCompiler().compile(document) } catch {
                Terminal.error("the synthetic basin does not compile: \(error)")
                throw ExitCode.failure
            }
            net = moving ? MovingBasin.network(basin) : basin.network
            label = "\(moving ? "moving synthetic basin" : "synthetic basin"): \(basin.elements.count) model nodes,"
        }
        let lp = AllocationProblem(network: net).program
        print("\(label) \(net.nodes.count) network nodes, \(net.edges.count) edges; LP \(lp.columnCount) columns × \(lp.rowCount) rows, \(lp.nonzeroCount) nonzeros; \(net.steps.count) steps")

        var engineBest = Double.infinity
        var changeLog: [[LPChange]] = []
        var iterations = 0
        var fastSolves = 0
        var declines: FastPathDeclines?
        for _ in 0..<max(1, repeats) {
            let solver = ClpSolver()
            let simulation = try Simulation(network: net, solver: solver)
            let recorder = MemoryRecorder()
            let clock = ContinuousClock()
            let start = clock.now
            try simulation.run(recorders: [recorder])
            let seconds = (clock.now - start).seconds
            engineBest = min(engineBest, seconds)
            iterations = simulation.totalIterations
            fastSolves = solver.fastSolveCount
            declines = solver.fastPathDeclines
        }
        // A Pywr model: the whole `PywrRun` (its recorders as `aral run --quiet` streams them).
        if let pywrModel {
            var best = Double.infinity
            for _ in 0..<max(1, repeats) {
                let clock = ContinuousClock()
                let start = clock.now
                _ = try PywrRun.run(pywrModel, solver: ClpSolver(), retaining: .streamed)
                best = min(best, (clock.now - start).seconds)
            }
            print(String(format: "PywrRun (engine + the model's Pywr recorders, streamed): %.3f s, %.1f µs/step",
                         best, 1e6 * best / Double(net.steps.count)))
        }
        // A separate run records the solver calls (recording is not timed).
        let recording = try Simulation(network: net, solver: ClpSolver())
        recording.changeLog = []
        let boundDays = BoundDays()
        try recording.run(recorders: [boundDays])
        changeLog = recording.changeLog ?? []
        let changes = changeLog.reduce(0) { $0 + $1.count }

        func bestReplay(fastPath: Bool) throws -> ClpBareLoop.Measurement? {
            let bare = ClpBareLoop(program: lp, steps: changeLog, fastPath: fastPath)
            var best: ClpBareLoop.Measurement?
            for _ in 0..<max(1, repeats) {
                let m = try bare.run()
                if m.seconds < best?.seconds ?? .infinity { best = m }
            }
            return best
        }
        guard let bareBest = try bestReplay(fastPath: false), let fastBest = try bestReplay(fastPath: true) else { return }
        let parts = try ClpBareLoop(program: lp, steps: changeLog, fastPath: true).breakdown()
        let steps = Double(net.steps.count)
        let engineRate = steps / engineBest
        print(String(format: "engine:    %8.0f steps/s  (%.2f s for %d steps, %.1f µs/step, %.2f simplex iterations/step, %.1f LP changes/step, %.0f%% of steps answered by the basis-reuse fast path)",
                     engineRate, engineBest, net.steps.count, 1e6 * engineBest / steps, Double(iterations) / steps, Double(changes) / steps,
                     100 * Double(fastSolves) / steps))
        if let d = declines {
            print("why the fast path handed steps to CLP: \(d.basicColumn) a basic column left its bounds, \(d.basicRow) a basic row did, "
                  + "\(d.reducedCost) a reduced cost changed sign, \(d.unsupported) a change it cannot follow, \(d.streak) after 64 fast answers in a row; "
                  + "\(d.zeroPivotSolves) of those \(d.total) CLP solves needed no pivot")
        }
        print("reservoir-days ending at a storage's minimum or maximum: \(boundDays.count) of \(net.storages.count * net.steps.count)")
        print(String(format: "bare CLP:  %8.0f solves/s (%.2f s, %.1f µs/solve, %d non-optimal) — plain ClpSimplex::dual(0, 7) per step",
                     bareBest.solvesPerSecond, bareBest.seconds, bareBest.microsecondsPerSolve, bareBest.nonOptimalSolves))
        print(String(format: "bare loop with the fast path: %8.0f solves/s (%.2f s, %.1f µs/solve, %.0f%% fast)",
                     fastBest.solvesPerSecond, fastBest.seconds, fastBest.microsecondsPerSolve, 100 * Double(fastBest.fastSolves) / steps))
        print(String(format: "the solver by kind of solve (one replay with the fast path, each solve timed): first solve, from a slack basis: %d iterations, %.0f µs; fast path: %d solves, %.1f µs each; CLP's warm dual simplex: %d solves, %.2f iterations and %.1f µs each",
                     parts.firstIterations, 1e6 * parts.firstSeconds, parts.fastSolves, 1e6 * parts.fastSeconds / Double(max(1, parts.fastSolves)),
                     parts.simplexSolves, Double(parts.simplexIterations) / Double(max(1, parts.simplexSolves)),
                     1e6 * parts.simplexSeconds / Double(max(1, parts.simplexSolves))))
        print(String(format: "engine / bare CLP loop: %.0f%% (goal ≥ 80%%); engine / bare loop with the same fast path: %.0f%%",
                     100 * engineRate / bareBest.solvesPerSecond, 100 * engineRate / fastBest.solvesPerSecond))
        // Both loops solved the same LPs: their optimal objectives must agree, step by step summed.
        let difference = abs(fastBest.objectiveSum - bareBest.objectiveSum) / max(1, abs(bareBest.objectiveSum))
        print(String(format: "sum of the optimal objectives, plain vs fast path: %.12g vs %.12g (relative difference %.1e)",
                     bareBest.objectiveSum, fastBest.objectiveSum, difference))
    }
}
