import Foundation
import AralModel
import AralFormats
import ArgumentParser

/// Loads the model a command was given, printing every problem with its location and
/// turning it into a non-zero exit.
enum ModelInput {
    static func load(_ path: String) throws -> BasinModel {
        do {
            return try ModelLoader.load(path: path)
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

