import ArgumentParser
import Foundation
import AralModel
import AralSchema
import AralPlanning
import AralCLI
import AralWorkflows

/// `aral-bench plan [MODEL]`: how long plans take — one year monthly, ten years monthly,
/// one year daily — on a model file and on the synthetic benchmark basin, successive-LP
/// iterations included. Goals (issue 4, full Syr Darya model): < 1 s, < 10 s, < 1 min.
struct PlanBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Time one-year monthly, ten-year monthly and one-year daily plans of a model and of a synthetic basin.")

    @Argument(help: "The model file (default: models/syr-darya.yaml if present, else examples/basin.yaml).")
    var model: String?

    @Option(help: "Reservoirs of the synthetic benchmark basin (0: skip it).")
    var syntheticReservoirs = 10

    @Flag(help: "Plan each upstream state alone too (the exchange doubles the work).")
    var exchange = false

    @Flag(help: "Skip the one-year daily case.")
    var skipDaily = false

    struct Case {
        var label: String
        var years: Int
        var step: String
        var goal: Double
    }

    func run() throws {
        let path = model ?? (FileManager.default.fileExists(atPath: "models/syr-darya.yaml") ? "models/syr-darya.yaml" : "examples/basin.yaml")
        var cases = [Case(label: "1 year monthly", years: 1, step: "monthly", goal: 1),
                     Case(label: "10 years monthly", years: 10, step: "monthly", goal: 10)]
        if !skipDaily { cases.append(Case(label: "1 year daily", years: 1, step: "daily", goal: 60)) }
        var rows: [[String]] = []
        let (document, text) = try load(path)
        for c in cases { rows.append(try measure(document, text: text, file: path, name: path, c)) }
        if syntheticReservoirs > 0 {
            let synthetic = SyntheticBasin.document(reservoirs: syntheticReservoirs, years: 10, step: "monthly")
            for c in cases { rows.append(try measure(synthetic, text: "", file: "synthetic.yaml", name: "synthetic-\(syntheticReservoirs)", c)) }
        }
        print(table(["model", "case", "steps", "columns", "rows", "SLP iterations", "LPs", "wall s", "CPU s", "goal s"], rows))
    }

    func load(_ path: String) throws -> (BasinDocument, String) {
        do { return try ModelLoader.readDocument(path: path) } catch {
            ModelInput.report(error)
            throw ExitCode.failure
        }
    }

    func measure(_ document: BasinDocument, text: String, file: String, name: String, _ c: Case) throws -> [String] {
        guard let start = CivilDate(parsing: document.timestepper.start) else {
            throw ValidationError("\(file): timestepper.start is not a date")
        }
        let from = CivilDate(year: start.year, month: 1, day: 1)
        let to = CivilDate(year: start.year + c.years - 1, month: 12, day: 31)
        do {
            var doc = try PlanHorizon.apply(to: document, from: from, to: to)
            doc.timestepper.step = c.step
            let model = text.isEmpty ? try BasinCompiler().compile(doc) : try ModelLoader.compile(doc, text: text, file: file)
            let compiler = ModelLoading.compiler(for: .file(path: file))
            let inputs = try PlanInputs(model: model, policy: try PlanPolicy.resolve(model, compiler: compiler))
            let planner = Planner(inputs: inputs, makeSolver: PlanWorkflow.makeSolver)
            let clock = ContinuousClock()
            let began = clock.now
            let cpuBegan = Self.cpuSeconds()
            var plan = try planner.plan()
            if exchange, !inputs.policy.upstream.isEmpty {
                let alone = try planner.planAlone(upstream: inputs.policy.upstream)
                plan.iterations += alone.iterations
                plan.lpSolves += alone.lpSolves
            }
            let seconds = (clock.now - began).seconds
            let cpu = Self.cpuSeconds() - cpuBegan
            let size = planner.size
            return [name, c.label + (exchange ? " + alone" : ""), String(model.network.steps.count), String(size.columns), String(size.rows),
                    String(plan.iterations), String(plan.lpSolves), fmt(seconds, 3), fmt(cpu, 3), fmt(c.goal, 0)]
        } catch let error as PlanError {
            PlanSetup.report(error, file: file)
            throw ExitCode.failure
        } catch let error as ModelFileError {
            ModelInput.report(error)
            throw ExitCode.failure
        }
    }

    /// CPU time of this process: the machine is shared, so wall time alone overstates.
    static func cpuSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
}
