import AralModel
public import AralSchema
public import AralSolver
public import AralEngine
public import AralPywr
import AralClp

/// Runs a compiled model step by step, timed, with the solver every front end uses.
public enum RunWorkflow {
    /// CLP, warm-started from step to step (the step LP keeps its structure). `fastPath: false`
    /// makes CLP run its simplex at every step (`aral run --no-fast-path`, for diagnosis).
    public static func makeSolver(fastPath: Bool = true) -> any LPSolver { ClpSolver(usesFastPath: fastPath) }

    /// A finished basin run and its wall time.
    public struct BasinOutcome: Sendable {
        public var results: BasinResults
        public var seconds: Double
    }

    /// Runs an Aral basin model; `progress` and `shouldContinue` are called between steps.
    public static func run(_ model: BasinModel, options: SimulationOptions = SimulationOptions(),
                           fastPath: Bool = true,
                           progress: ((Int, Int) -> Void)? = nil,
                           shouldContinue: (() -> Bool)? = nil) throws -> BasinOutcome {
        let clock = ContinuousClock()
        let started = clock.now
        let results = try BasinRun.run(model, solver: makeSolver(fastPath: fastPath), options: options,
                                       makeDiagnosticSolver: { makeSolver() },
                                       progress: progress, shouldContinue: shouldContinue)
        return BasinOutcome(results: results, seconds: (clock.now - started).seconds)
    }

    /// One Pywr scenario combination that failed, and why.
    public struct PywrFailure: Error, CustomStringConvertible {
        public var combination: [Int]
        public var underlying: any Error
        public var description: String { "\(underlying)" }
    }

    /// Runs a Pywr model: `combinations` (Pywr's order; empty = its first combination only),
    /// one result per combination, and the wall time of them all. `fastPath` as for a basin run.
    public static func run(_ model: PywrModel, combinations: [[Int]]? = nil,
                           fastPath: Bool = true) throws(PywrFailure) -> (results: [PywrResults], seconds: Double) {
        let clock = ContinuousClock()
        let started = clock.now
        var ensemble: [PywrResults] = []
        for combination in combinations ?? [model.combinations.first ?? []] {
            do {
                ensemble.append(try PywrRun.run(model, solver: makeSolver(fastPath: fastPath), scenario: combination, makeDiagnosticSolver: { makeSolver() }))
            } catch {
                throw PywrFailure(combination: combination, underlying: error)
            }
        }
        return (ensemble, (clock.now - started).seconds)
    }
}

extension Duration {
    /// The duration in seconds, as a `Double` (wall times in summaries).
    public var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
