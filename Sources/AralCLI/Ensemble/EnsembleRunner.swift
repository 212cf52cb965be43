import ArgumentParser
import Foundation
import AralSolver
import AralClp
import AralEnsemble
import AralWorkflows

/// Runs `aral run MODEL --ensemble [--shard I/N] [--keep-traces] [--sqlite F] [--csv F]`:
/// every member of the model's scenario grid, on every core, with a progress line; Ctrl-C
/// stops the workers after their current step and leaves a consistent store.
enum EnsembleRunner {
    /// Workers default to the number of cores; `ARAL_WORKERS` overrides (benchmarks, shared machines).
    static var workerCount: Int {
        if let text = ProcessInfo.processInfo.environment["ARAL_WORKERS"], let n = Int(text), n >= 1 { return n }
        return ProcessInfo.processInfo.activeProcessorCount
    }

    static func run(_ command: RunCommand) async throws {
        do {
            let shard = try command.shard.map { text throws(EnsembleError) in try Shard(parsing: text) }
            if shard != nil && command.sqlite == nil {
                throw EnsembleError(path: "--shard", "a shard's results must go to a file: add --sqlite SHARD.sqlite, then merge with aral ensemble merge")
            }
            let plan = try EnsemblePlan.load(modelPath: command.model, overlays: command.scenario, tracesPath: command.traces)
            let store = try EnsembleStore(path: command.sqlite)
            let options = EnsembleOptions(workers: workerCount, shard: shard, keepTraces: command.keepTraces)
            let stop = StopFlag()
            let interrupt = InterruptHandler { stop.stop() }
            defer { interrupt.cancel() }
            let progress = Terminal.Progress(label: "members", enabled: !command.quiet && Terminal.stderrIsTerminal)
            let outcome = try await EnsembleEngine.run(plan, store: store, options: options, makeSolver: { ClpSolver() },
                                                       stop: stop, progress: progress.update)
            if let csv = command.csv { try EnsembleCSV.write(outcome.summary, to: csv) }
            if outcome.info.status == "cancelled" {
                Terminal.note("stopped: \(outcome.membersRun) of \(outcome.membersPlanned) members finished; the store holds them and their summary (status 'cancelled')")
            }
            if command.json {
                if !command.quiet { print(try EnsembleRunSummary(outcome, workers: options.workers).json()) }
            } else if !command.quiet {
                print(EnsembleReport.render(outcome, plan: plan, workers: options.workers))
            }
            // 130 = interrupted (128 + SIGINT), with or without --quiet, so scripts can tell.
            if outcome.info.status == "cancelled" { throw ExitCode(130) }
        } catch let error as EnsembleError {
            Terminal.error(error.description)
            throw ExitCode.failure
        }
    }
}

/// Turns SIGINT (Ctrl-C) into a call, so workers finish their step and the store is closed
/// properly; a second Ctrl-C is left to the default handler (immediate exit).
final class InterruptHandler {
    private let source: any DispatchSourceSignal

    init(_ action: @escaping @Sendable () -> Void) {
        signal(SIGINT, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler {
            Terminal.note("\ninterrupted: stopping workers after their current step…")
            action()
            signal(SIGINT, SIG_DFL)
        }
        source.resume()
    }

    func cancel() {
        source.cancel()
        signal(SIGINT, SIG_DFL)
    }
}
