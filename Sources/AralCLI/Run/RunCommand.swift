import ArgumentParser
import Foundation
import AralModel
import AralSchema
import AralSolver
import AralClp
import AralEngine
import AralFormats
import AralStore
import AralWorkflows

/// `aral run MODEL`: simulate a basin model step by step and report the result.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a basin model and print a summary.",
        discussion: """
        Each step allocates water with one LP (COIN-OR CLP) and checks the mass balance at \
        every node. Results go to a long CSV (step,date,node,attribute,value) with --csv and \
        to SQLite with --sqlite.
        """
    )

    @OptionGroup var input: ModelOptions
    var model: String { input.model }
    var scenario: [String] { input.scenario }

    @Option(name: .long, help: "Write per-step results as long CSV to this file.")
    var csv: String?

    @Option(name: .long, help: "Write per-step results to this SQLite file.")
    var sqlite: String?

    @Option(name: .customLong("dump-lp"), parsing: .upToNextOption,
            help: ArgumentHelp("Write step STEP's LP in MPS format to FILE before solving it.", valueName: "STEP FILE"))
    var dumpLP: [String] = []

    @Flag(name: .long, help: "Run every member of the model's scenario grid in parallel (see docs/ensembles.md).")
    var ensemble = false

    /// `--traces` (a model option, shared with `plan` and `validate`) implies `--ensemble`.
    var traces: String? { input.traces }

    @Option(name: .long, help: ArgumentHelp("Run only slice I of N of the ensemble (0-based), for batch schedulers.", valueName: "I/N"))
    var shard: String?

    @Flag(name: .customLong("keep-traces"), help: "Keep every member's full per-step results (ensembles).")
    var keepTraces = false

    @Flag(name: .customLong("no-fast-path"), help: "Run CLP's simplex, with its default checks, at every step instead of reusing the last optimal basis (diagnosis; same answers, slower).")
    var noFastPath = false

    @Flag(name: .long, help: "Print only errors.")
    var quiet = false

    @Flag(name: .long, help: "Print the summary as JSON.")
    var json = false

    /// Options that would be ignored together are refused before anything runs (found from
    /// outside: `--dump-lp` and `--no-fast-path` did nothing with `--traces`, and `--json
    /// --quiet` printed nothing).
    func validate() throws {
        if json && quiet {
            throw ValidationError("--json prints the summary and --quiet prints nothing but errors; give one of them")
        }
        let ensembleOption = ensemble ? "--ensemble" : traces != nil ? "--traces" : shard != nil ? "--shard" : nil
        // The format is detected once (it reads the model file), and only when an option
        // depends on it.
        let isPywr = (csv != nil || ensembleOption != nil) && input.isPywr
        try checkOutputs(isPywr: isPywr, isEnsemble: ensembleOption != nil)
        if let ensembleOption, !isPywr {
            if !dumpLP.isEmpty {
                throw ValidationError("--dump-lp writes a step of a single run, not of an ensemble (\(ensembleOption)); run the model without \(ensembleOption) to dump a step")
            }
            if noFastPath {
                throw ValidationError("--no-fast-path applies to a single run (and to Pywr models); an ensemble (\(ensembleOption)) always uses the fast path, whose answers the tests compare with the plain simplex")
            }
        }
    }

    /// `--csv` and `--sqlite`, as `OutputChecks` checks outputs (`--csv` onto the model file
    /// replaced it).
    func checkOutputs(isPywr: Bool, isEnsemble: Bool) throws {
        let outputs = [("--csv", csv), ("--sqlite", sqlite)].compactMap { name, path in path.map { (option: name, path: $0) } }
        try OutputChecks.distinct(outputs: outputs, inputs: [("the model", model), ("--traces", traces)])
        guard let csv, !isPywr else { return }
        let header = isEnsemble ? EnsembleRunSummary.csvHeader : ResultsCSVWriter.header
        try OutputChecks.replaceable(csv, option: "--csv", holds: isEnsemble ? "an ensemble summary CSV" : "a results CSV") { $0.hasPrefix(header) }
    }

    func run() async throws {
        if input.isPywr {
            try await PywrRunner.run(self)
            return
        }
        if ensemble || shard != nil || traces != nil {
            try await EnsembleRunner.run(self)
            return
        }
        var options = SimulationOptions()
        if !dumpLP.isEmpty {
            guard dumpLP.count == 2, let step = Int(dumpLP[0]), step >= 0 else {
                throw ValidationError("--dump-lp takes a step number and a file: --dump-lp 12 step12.mps")
            }
            options.dumpLP = (step, dumpLP[1])
        }
        let basin = try input.loadBasin()
        if let dump = options.dumpLP, dump.step >= basin.network.steps.count {
            throw ValidationError("--dump-lp \(dump.step): the model has \(basin.network.steps.count) steps (0 to \(basin.network.steps.count - 1))")
        }
        let progress = Terminal.Progress(label: "running", enabled: !quiet && Terminal.stderrIsTerminal && basin.network.steps.count > 2000)
        let outcome: RunWorkflow.BasinOutcome
        do {
            outcome = try RunWorkflow.run(basin, options: options, fastPath: !noFastPath, progress: progress.update)
        } catch {
            Terminal.error("\(model): \(error)")
            throw ExitCode.failure
        }
        let results = outcome.results
        if let csv {
            do { try ResultsCSVWriter.write(results, to: csv) } catch {
                Terminal.error("cannot write \(csv): \(error.localizedDescription)")
                throw ExitCode.failure
            }
        }
        if let sqlite {
            do { try SQLiteResultsStore(path: sqlite).save(results) } catch {
                Terminal.error("cannot write \(sqlite): \(error)")
                throw ExitCode.failure
            }
        }
        if quiet { return }
        if json {
            print(try RunSummary(results, seconds: outcome.seconds).json())
        } else {
            print(RunSummaryText.render(results, seconds: outcome.seconds))
        }
    }
}
