import ArgumentParser
import Foundation
import AralEnsemble
import AralWorkflows

/// Runs `aral run MODEL --ensemble [--shard I/N] [--keep-traces] [--sqlite F] [--csv F]`:
/// every member of the model's scenario grid, on every core, with a progress line; Ctrl-C
/// stops the workers after their current step and leaves a consistent store.
enum EnsembleRunner {
    static func run(_ command: RunCommand) async throws {
        do {
            let request = EnsembleWorkflow.Request(model: command.model, scenarios: command.scenario, traces: command.traces,
                                                   shard: command.shard, store: command.sqlite, keepTraces: command.keepTraces)
            let stop = StopFlag()
            let interrupt = InterruptHandler { stop.stop() }
            defer { interrupt.cancel() }
            let progress = Terminal.Progress(label: "members", enabled: !command.quiet && Terminal.stderrIsTerminal)
            let (plan, outcome) = try await EnsembleWorkflow.run(request, stop: stop, progress: progress.update)
            if let csv = command.csv { try EnsembleCSV.write(outcome.summary, to: csv) }
            if outcome.info.status == "cancelled" {
                Terminal.note("stopped: \(outcome.membersRun) of \(outcome.membersPlanned) members finished; the store holds them and their summary (status 'cancelled')")
            }
            if command.json {
                if !command.quiet { print(try EnsembleRunSummary(outcome, workers: request.workers).json()) }
            } else if !command.quiet {
                print(EnsembleReport.render(outcome, plan: plan, workers: request.workers))
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
