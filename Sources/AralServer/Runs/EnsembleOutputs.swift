import Foundation
import AralEnsemble
import AralWorkflows

/// What the server stores of a finished ensemble: its summary as `aral run --traces … --json`
/// prints it (`EnsembleRunSummary`: what ran and every statistic row), no per-step series (an
/// ensemble keeps none) and no exchange.
enum EnsembleOutputs {
    static func output(_ outcome: EnsembleOutcome, workers: Int) throws -> RunOutput {
        let summary = try EnsembleRunSummary(outcome, workers: workers).json()
        return RunOutput(documents: RunDocuments(dates: [], summaryJSON: summary, exchangeJSON: "{}"), series: [], finishedAt: ServerClock.timestamp())
    }
}
