import Foundation
import AralModel
package import ArgumentParser
package import AralSchema
package import AralWorkflows

/// The model a command reads, with the same options everywhere: the file, its format, the
/// scenario overlays and inflow traces (`aral run`, `aral validate`, `aral plan`).
package struct ModelOptions: ParsableArguments {
    @Argument(help: "The model file: Aral YAML or JSON, or Pywr JSON.")
    package var model: String

    @Option(name: .long, help: "Model format: auto, aral or pywr (auto detects Pywr's JSON).")
    package var format: FormatChoice = .auto

    @Option(name: .long, help: "Apply a scenario overlay (repeatable, applied in order; Aral models).")
    package var scenario: [String] = []

    @Option(name: .long, help: ArgumentHelp("Inflow traces from `aral hydrology generate` (Aral models): `run` runs the ensemble over them, `plan` plans with one of them (--member), `validate` checks that they fit the model.", valueName: "FILE"))
    package var traces: String?

    package enum FormatChoice: String, ExpressibleByArgument, CaseIterable, Sendable {
        case auto, aral, pywr
    }

    package init() {}

    package var source: ModelSource { .file(path: model) }

    /// The format asked for, or `nil` to detect it.
    package var requestedFormat: ModelFormat? {
        switch format {
        case .auto: nil
        case .aral: .aral
        case .pywr: .pywr
        }
    }

    /// Loads the model, printing every problem with its location (then exits non-zero).
    package func load() throws -> LoadedModel {
        try ModelInput.catching { () throws(ModelFileError) in
            try ModelLoading.load(source, format: requestedFormat, scenarios: scenario)
        }
    }

    /// Whether the model is read as Pywr's: `--format pywr`, or `auto` and `ModelFormat.detect`
    /// says so (an unreadable file is not: loading it as Aral's then says why).
    package var isPywr: Bool {
        switch requestedFormat {
        case .pywr?: return true
        case .aral?: return false
        case nil:
            guard let text = try? String(contentsOfFile: model, encoding: .utf8) else { return false }
            return ModelFormat.detect(text) == .pywr
        }
    }

    /// Loads the model as an Aral basin model, once `isPywr` has ruled out Pywr's format (so
    /// the format is not detected a second time).
    package func loadBasin() throws -> BasinModel {
        try ModelInput.catching { () throws(ModelFileError) in
            try ModelLoading.loadBasin(source, scenarios: scenario)
        }
    }
}

/// Prints the problems of a model file with their locations and turns them into a non-zero exit.
package enum ModelInput {
    package static func catching<T>(_ body: () throws(ModelFileError) -> T) throws -> T {
        do { return try body() } catch {
            report(error)
            throw ExitCode.failure
        }
    }

    /// One line per distinct problem: a forecast file with a gap read by eight inflows gave
    /// the same line eight times, once per node (found from outside); the other key paths that
    /// meet it are listed after it.
    package static func report(_ error: ModelFileError) {
        var order: [String] = []
        var byMessage: [String: [FileIssue]] = [:]
        for issue in error.issues {
            if byMessage[issue.message] == nil { order.append(issue.message) }
            byMessage[issue.message, default: []].append(issue)
        }
        let count = order.count
        Terminal.error("\(count == 1 ? "1 problem" : "\(count) problems") in the model:")
        for message in order {
            guard let issues = byMessage[message], let first = issues.first else { continue }
            Terminal.note("  \(first)")
            let others = issues.dropFirst().map { $0.path ?? $0.file }
            if !others.isEmpty {
                let shown = others.prefix(6).joined(separator: ", ") + (others.count > 6 ? ", …" : "")
                Terminal.note("    the same at \(others.count) more key path\(others.count == 1 ? "" : "s"): \(shown)")
            }
        }
    }
}
