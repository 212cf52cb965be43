import Foundation
import ArgumentParser
import AralWorkflows

/// The thin entry point of the `aral` executable, so `@main` holds no logic. `aral serve …` and
/// `aral ledger …` are handed over to their own executables before any parsing, so that every
/// option and `--help` is theirs.
public enum AralEntryPoint {
    public static func run() async {
        let arguments = CommandLine.arguments
        if arguments.count >= 2, let product = Handover.siblings[arguments[1]] {
            exit(Handover.run(product, subcommand: arguments[1], arguments: Array(arguments.dropFirst(2))))
        }
        Terminal.failOnUnwrittenOutput()
        if case .failure(let problem) = EnsembleWorkflow.workersSetting {
            Terminal.error(problem.description)
            exit(1)
        }
        await AralCommand.main()
    }
}
