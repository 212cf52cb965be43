package import AralSolver
import CClpShim

/// Replays a recorded sequence of per-step LP changes straight through the CLP shim, with
/// nothing else in the loop, and times it.
///
/// Why: the engine's benchmark records what it asks of the solver each step (`[[LPChange]]`)
/// and compares its own solves per second with this bare loop. The difference is the engine's
/// own overhead (building bounds, recorders, mass balance), which tells where to optimise.
///
/// The replay uses the same shim and warm-start path as `ClpSolver`, so the two agree on
/// results; only Swift-side checks and protocol dispatch are skipped. A benchmark hook, so
/// `package`: visible to `aral-bench` and the tests, not part of AralClp's public API.
package struct ClpBareLoop: Sendable {
    /// What one timed replay measured.
    package struct Measurement: Sendable, Equatable {
        /// Solves timed (steps × repetitions).
        package var solves: Int
        /// Wall time of the timed loop, changes and solves included, in seconds.
        package var seconds: Double
        /// Simplex iterations summed over the timed solves.
        package var iterations: Int
        /// Timed solves that did not end optimal.
        package var nonOptimalSolves: Int
        /// Timed solves the fast path answered without the simplex (0 with `fastPath` off).
        package var fastSolves: Int = 0
        /// Sum of objective values over the timed solves; compare with an engine run to check
        /// that both solved the same LPs.
        package var objectiveSum: Double

        package var solvesPerSecond: Double { seconds > 0 ? Double(solves) / seconds : 0 }
        package var microsecondsPerSolve: Double { solves > 0 ? seconds * 1e6 / Double(solves) : 0 }
        package var iterationsPerSolve: Double { solves > 0 ? Double(iterations) / Double(solves) : 0 }
    }

    /// Where the solver's time goes, by kind of solve (`breakdown()`).
    package struct Breakdown: Sendable {
        /// The first solve: from a slack basis (a member's or a run's first step).
        package var firstIterations = 0
        package var firstSeconds = 0.0
        /// Solves the basis-reuse fast path answered.
        package var fastSolves = 0
        package var fastSeconds = 0.0
        /// Later solves that ran CLP's warm dual simplex (the fast path could not answer).
        package var simplexSolves = 0
        package var simplexIterations = 0
        package var simplexSeconds = 0.0
    }

    /// The LP structure as loaded before step 0.
    package var program: LinearProgram
    /// Changes applied before each solve, one list per step.
    package var steps: [[LPChange]]
    /// CLP scaling mode (0 off, as `ClpSolver` uses by default).
    package var scaling: Int32
    /// Whether the shim's basis-reuse fast path may answer a solve (see
    /// `ClpSolver.usesFastPath`). Off by default: the bare loop is plain `ClpSimplex::dual`.
    package var fastPath: Bool

    package init(program: LinearProgram, steps: [[LPChange]], scaling: Int32 = 0, fastPath: Bool = false) {
        self.program = program
        self.steps = steps
        self.scaling = scaling
        self.fastPath = fastPath
    }

    /// Loads the program, then times `repetitions` replays of all steps: exactly the engine's
    /// sequence, whose first step is a cold solve (the first replay's first solve is cold here
    /// too). Later repetitions start from the state the previous one left, like consecutive
    /// simulated years.
    ///
    /// Throws `LPSolverError.loadFailed` if the program is malformed or a change addresses a
    /// row or column that does not exist.
    package func run(repetitions: Int = 1) throws -> Measurement {
        let handle = try loadedHandle()
        defer { aral_clp_free(handle) }
        var measurement = Measurement(solves: 0, seconds: 0, iterations: 0, nonOptimalSolves: 0, objectiveSum: 0)
        let clock = ContinuousClock()
        let start = clock.now
        for _ in 0..<max(repetitions, 0) {
            for step in steps {
                Self.apply(step, to: handle)
                if aral_clp_solve(handle) != 0 { measurement.nonOptimalSolves += 1 }
                measurement.iterations += Int(aral_clp_iterations(handle))
                measurement.objectiveSum += aral_clp_objective_value(handle)
                measurement.solves += 1
            }
        }
        measurement.fastSolves = Int(aral_clp_fast_solves(handle))
        measurement.seconds = Self.seconds(clock.now - start)
        return measurement
    }

    /// Replays the steps once, timing each solve on its own, and sums the time by kind: the
    /// first (cold) solve, the fast path's answers, CLP's warm dual simplex. The per-solve
    /// clock reads make the total a little larger than `run`'s.
    package func breakdown() throws -> Breakdown {
        let handle = try loadedHandle()
        defer { aral_clp_free(handle) }
        var result = Breakdown()
        let clock = ContinuousClock()
        for (s, step) in steps.enumerated() {
            Self.apply(step, to: handle)
            let fastBefore = aral_clp_fast_solves(handle)
            let start = clock.now
            _ = aral_clp_solve(handle)
            let seconds = Self.seconds(clock.now - start)
            let iterations = Int(aral_clp_iterations(handle))
            if s == 0 {
                result.firstIterations = iterations
                result.firstSeconds = seconds
            } else if aral_clp_fast_solves(handle) != fastBefore {
                result.fastSolves += 1
                result.fastSeconds += seconds
            } else {
                result.simplexSolves += 1
                result.simplexIterations += iterations
                result.simplexSeconds += seconds
            }
        }
        return result
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }

    private static func apply(_ step: [LPChange], to handle: OpaquePointer) {
        for change in step {
            switch change {
            case .columnBounds(let j, let lower, let upper):
                aral_clp_set_column_bounds(handle, Int32(truncatingIfNeeded: j), lower, upper)
            case .rowBounds(let i, let lower, let upper):
                aral_clp_set_row_bounds(handle, Int32(truncatingIfNeeded: i), lower, upper)
            case .cost(let j, let value):
                aral_clp_set_objective_coefficient(handle, Int32(truncatingIfNeeded: j), value)
            }
        }
    }

    /// A shim handle with the program loaded, after checking the program and every change.
    private func loadedHandle() throws -> OpaquePointer {
        if let problem = ClpSolver.structuralProblem(in: program) {
            throw LPSolverError.loadFailed(problem)
        }
        let columns = program.columnCount, rows = program.rowCount
        for (s, step) in steps.enumerated() {
            for change in step {
                switch change {
                case .columnBounds(let j, _, _), .cost(let j, _):
                    guard j >= 0 && j < columns else {
                        throw LPSolverError.loadFailed("step \(s): column \(j) out of range 0..<\(columns)")
                    }
                case .rowBounds(let i, _, _):
                    guard i >= 0 && i < rows else {
                        throw LPSolverError.loadFailed("step \(s): row \(i) out of range 0..<\(rows)")
                    }
                }
            }
        }
        guard let handle = aral_clp_create() else {
            throw LPSolverError.loadFailed("could not create ClpSimplex")
        }
        aral_clp_set_scaling(handle, scaling)
        aral_clp_set_fast_path(handle, fastPath ? 1 : 0)
        guard ClpSolver.loadInto(handle, program) == 0 else {
            let message = String(cString: aral_clp_last_error(handle))
            aral_clp_free(handle)
            throw LPSolverError.loadFailed(message)
        }
        return handle
    }
}
