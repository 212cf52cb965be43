import ArgumentParser
import Foundation
import AralModel
import AralFormats
import AralPywr
import AralSchema
import AralWorkflows

/// Runs Pywr JSON models through `aral run`: `aral run MODEL.json --format pywr --csv OUT.csv`
/// writes every Pywr node's flow and every storage's volume per step under Pywr's names
/// (Pywr's first scenario combination; with `--ensemble` every combination, with a leading
/// `scenario` column).
enum PywrRunner {
    static func run(_ command: RunCommand) async throws {
        if !command.scenario.isEmpty {
            throw ValidationError("--scenario overlays apply to Aral model files, not to Pywr models")
        }
        if command.shard != nil || command.sqlite != nil || !command.dumpLP.isEmpty {
            throw ValidationError("--shard, --sqlite and --dump-lp are not available for Pywr models yet")
        }
        let model = try ModelInput.catching { () throws(ModelFileError) in
            try ModelLoading.load(command.input.source, format: .pywr)
        }
        guard case .pywr(let pywr) = model else { throw ExitCode.failure }
        // --ensemble runs every scenario combination Pywr runs, in its order, on every core
        // (ARAL_WORKERS to change); else the first. Per-step results are kept only when an
        // output needs them, so memory stays flat in the number of combinations otherwise.
        let retention = PywrRetention(perStep: command.csv != nil || !pywr.resultFiles.isEmpty, recorderData: command.json)
        let outcome: (results: [PywrResults], seconds: Double)
        do {
            outcome = try await PywrEnsembleWorkflow.run(pywr, combinations: command.ensemble ? pywr.combinations : [pywr.combinations.first ?? []],
                                                         retaining: retention, fastPath: !command.noFastPath)
        } catch {
            let which = error.combination.isEmpty ? "" : " (scenario combination \(error.combination))"
            Terminal.error("\(command.model)\(which): \(error)")
            throw ExitCode.failure
        }
        guard let results = outcome.results.first else { throw ExitCode.failure }
        if let csv = command.csv {
            let text = command.ensemble ? PywrResultsCSV.render(ensemble: outcome.results) : PywrResultsCSV.render(results)
            do { try writeAtomically(text, to: csv) } catch {
                Terminal.error("cannot write \(csv): \(error.localizedDescription)")
                throw ExitCode.failure
            }
        }
        try writeResultFiles(outcome.results)
        if command.quiet { return }
        print(PywrSummary.render(outcome.results, seconds: outcome.seconds, json: command.json))
    }

    /// Writes the files the model's `csvrecorder`s and `tablesrecorder`s ask for, as Pywr does
    /// at the end of a run.
    static func writeResultFiles(_ ensemble: [PywrResults]) throws {
        do { try PywrResultFileWriter.write(ensemble) } catch {
            Terminal.error("\(error)")
            throw ExitCode.failure
        }
    }
}
