import Foundation
import AralModel
import AralSchema
import ArgumentParser

/// Loads the model a command was given, printing every problem with its location and
/// turning it into a non-zero exit.
enum ModelInput {
    static func load(_ path: String, scenarios: [String] = []) throws -> BasinModel {
        do {
            if scenarios.isEmpty { return try ModelLoader.load(path: path) }
            let (document, text) = try ModelLoader.readDocument(path: path)
            let changed = try ScenarioOverlay.apply(scenarios, to: document, modelPath: path)
            return try ModelLoader.compile(changed, text: text, file: path)
        } catch {
            report(error)
            throw ExitCode.failure
        }
    }

    static func report(_ error: ModelFileError) {
        let count = error.issues.count
        Terminal.error("\(count == 1 ? "1 problem" : "\(count) problems") in the model:")
        for issue in error.issues { Terminal.note("  \(issue)") }
    }
}

