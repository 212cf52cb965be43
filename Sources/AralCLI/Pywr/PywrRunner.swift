import ArgumentParser
import Foundation
import AralModel
import AralClp
import AralEngine
import AralFormats
import AralPywr

/// Runs Pywr JSON models through `aral run`: `aral run MODEL.json --format pywr --csv OUT.csv`
/// writes every Pywr node's flow and every storage's volume per step under Pywr's names
/// (Pywr's first scenario combination; with `--ensemble` every combination, with a leading
/// `scenario` column).
enum PywrRunner {
    /// True when the file is clearly a Pywr model: JSON with `timestepper`, typed `nodes`
    /// and `edges` as lists of names (Aral's own JSON models use `kind` and `step`).
    static func looksLikePywr(path: String) -> Bool {
        guard path.lowercased().hasSuffix(".json"),
              let text = try? String(contentsOfFile: path, encoding: .utf8) else { return false }
        return PywrImporter.looksLikePywr(text: text)
    }

    static func run(_ command: RunCommand) async throws {
        if !command.scenario.isEmpty {
            throw ValidationError("--scenario overlays apply to Aral model files, not to Pywr models")
        }
        if command.shard != nil || command.sqlite != nil || !command.dumpLP.isEmpty {
            throw ValidationError("--shard, --sqlite and --dump-lp are not available for Pywr models yet")
        }
        let model = try load(command.model)
        let clock = ContinuousClock()
        let started = clock.now
        // --ensemble runs every scenario combination Pywr runs, in its order; else the first.
        let combinations = command.ensemble ? model.combinations : [model.combinations.first ?? []]
        var ensemble: [PywrResults] = []
        for combination in combinations {
            do {
                ensemble.append(try PywrRun.run(model, solver: ClpSolver(), scenario: combination,
                                                makeDiagnosticSolver: { ClpSolver() }))
            } catch {
                let which = combination.isEmpty ? "" : " (scenario combination \(combination))"
                Terminal.error("\(command.model)\(which): \(error)")
                throw ExitCode.failure
            }
        }
        guard let results = ensemble.first else { throw ExitCode.failure }
        let seconds = (clock.now - started).seconds
        if let csv = command.csv {
            let text = command.ensemble ? PywrResultsCSV.render(ensemble: ensemble) : PywrResultsCSV.render(results)
            do { try writeAtomically(text, to: csv) } catch {
                Terminal.error("cannot write \(csv): \(error.localizedDescription)")
                throw ExitCode.failure
            }
        }
        try writeResultFiles(ensemble)
        if command.quiet { return }
        print(PywrSummary.render(ensemble, seconds: seconds, json: command.json))
    }

    /// Writes the files the model's `csvrecorder`s and `tablesrecorder`s ask for, as Pywr does
    /// at the end of a run.
    static func writeResultFiles(_ ensemble: [PywrResults]) throws {
        do { try PywrResultFileWriter.write(ensemble) } catch {
            Terminal.error("\(error)")
            throw ExitCode.failure
        }
    }

    /// Loads a Pywr model, printing every problem with its location.
    static func load(_ path: String) throws -> PywrModel {
        do {
            return try PywrImporter.load(path: path)
        } catch {
            ModelInput.report(error)
            throw ExitCode.failure
        }
    }
}
