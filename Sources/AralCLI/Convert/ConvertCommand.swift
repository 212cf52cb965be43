import ArgumentParser
import Foundation
import AralFormats
import AralPywr
import AralSchema

/// `aral convert MODEL.json -o MODEL.yaml`: writes the Aral model file equivalent to a Pywr
/// model. Anything without an Aral equivalent is listed with its key path; the file is then
/// written only with `--partial`, so a converted model never silently means something else.
struct ConvertCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert a Pywr JSON model into an Aral model file.",
        discussion: """
        Catchments become inflows, outputs demands or sinks, links links or confluences, \
        storages reservoirs; Pywr's costs become explicit costs. Pywr's flows are per day \
        (--flow-unit, default Ml/d) and are written in m³/s, volumes in Mm³. What Aral's \
        model file cannot express (parameters that vary, licences, compound nodes…) is listed \
        with its key path. To run a Pywr model exactly as Pywr does, use `aral run MODEL.json`.
        """
    )

    @Argument(help: "The Pywr model (JSON).")
    var model: String

    @Option(name: .shortAndLong, help: "The Aral model file to write (YAML).")
    var output: String

    @Option(name: .customLong("flow-unit"), help: "Pywr's flow unit: \(PywrConverter.FlowUnit.allCases.map(\.rawValue).joined(separator: ", ")).")
    var flowUnit: String = PywrConverter.FlowUnit.megalitresPerDay.rawValue

    @Flag(name: .long, help: "Write the file even when parts of the model cannot be expressed (they are left out).")
    var partial = false

    func run() async throws {
        guard let units = PywrConverter.FlowUnit(rawValue: flowUnit) else {
            throw ValidationError("--flow-unit must be one of \(PywrConverter.FlowUnit.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if OutputFile.sameFile(model, output) {
            Terminal.error("\(output) is the Pywr model being converted; write the Aral model to another file")
            throw ExitCode.failure
        }
        let text: String
        switch TextFile.read(model) {
        case .success(let read): text = read
        case .failure(let problem):
            Terminal.error("\(model): \(problem.message)")
            throw ExitCode.failure
        }
        let result: PywrConverter.Result
        do { result = try PywrConverter.convert(text: text, file: model, units: units) } catch {
            ModelInput.report(error)
            throw ExitCode.failure
        }
        if !result.omissions.isEmpty {
            Terminal.error("\(result.omissions.count) part(s) of \(model) have no Aral equivalent:")
            for issue in result.omissions { Terminal.note("  \(issue)") }
            guard partial else {
                Terminal.note("Nothing written. Use --partial to write the rest, or run the model as it is with `aral run \(model)`.")
                throw ExitCode.failure
            }
        }
        do { try writeAtomically(result.yaml, to: output) } catch {
            Terminal.error("cannot write \(output): \(error.localizedDescription)")
            throw ExitCode.failure
        }
        if result.omissions.isEmpty { print("wrote \(output)") } else { print("wrote \(output) without the parts listed above") }
    }
}
