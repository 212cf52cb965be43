import AralClp
import AralSolver
import Testing

extension Tag {
    /// Tests that print timings; they assert correctness only, never speed.
    @Tag static var benchmark: Self
}

@Suite("ClpBareLoop")
struct ClpBareLoopTests {
    /// Records `steps` steps of inflow/demand-like bound changes on a network LP.
    func recording(columns: Int, rows: Int, steps: Int, seed: UInt64) -> (LinearProgram, [[LPChange]]) {
        var rng = SplitMix64(seed: seed)
        let program = networkLP(columns: columns, rows: rows, using: &rng)
        var recorded: [[LPChange]] = []
        for _ in 0..<steps {
            var step: [LPChange] = []
            for _ in 0..<6 {
                let j = Int.random(in: 0..<columns, using: &rng)
                step.append(.columnBounds(j, 0, Double.random(in: 5...50, using: &rng)))
            }
            for _ in 0..<3 {
                let i = Int.random(in: 0..<rows, using: &rng)
                let half = Double.random(in: 2...8, using: &rng)
                step.append(.rowBounds(i, -half, half))
            }
            let j = Int.random(in: 0..<columns, using: &rng)
            step.append(.cost(j, Double.random(in: -5...5, using: &rng)))
            recorded.append(step)
        }
        return (program, recorded)
    }

    @Test("replay agrees with ClpSolver on the same recording")
    func agreesWithSolver() throws {
        let (program, steps) = recording(columns: 30, rows: 15, steps: 50, seed: 3)
        let measured = try ClpBareLoop(program: program, steps: steps).run()
        #expect(measured.solves == 50)
        #expect(measured.nonOptimalSolves == 0)

        let solver = ClpSolver()
        try solver.load(program)
        _ = solver.solve()
        var sum = 0.0
        for step in steps {
            solver.apply(step)
            #expect(solver.solve() == .optimal)
            sum += solver.objectiveValue
        }
        #expect(approximatelyEqual(measured.objectiveSum, sum, tolerance: Tolerance.objective))
        #expect(measured.microsecondsPerSolve > 0)
        #expect(measured.solvesPerSecond > 0)
    }

    @Test("the breakdown by kind counts every solve once, as the timed replay does")
    func breakdownCountsEverySolve() throws {
        let (program, steps) = seasonalRecording(columns: 64, rows: 32, steps: 200, seed: 5)
        let loop = ClpBareLoop(program: program, steps: steps, fastPath: true)
        let parts = try loop.breakdown()
        let measured = try loop.run()
        #expect(1 + parts.fastSolves + parts.simplexSolves == steps.count)
        // The same replay from the same load: the fast path answers the same solves, and CLP
        // pivots as often.
        #expect(parts.fastSolves == measured.fastSolves)
        #expect(parts.firstIterations + parts.simplexIterations == measured.iterations)
        #expect(parts.fastSolves > 0 && parts.simplexSolves > 0, "the recording should exercise both kinds")
        #expect(parts.firstSeconds > 0 && parts.fastSeconds > 0 && parts.simplexSeconds > 0)
    }

    @Test("out-of-range changes are rejected before anything runs")
    func rejectsBadIndices() {
        let (program, _) = recording(columns: 10, rows: 5, steps: 1, seed: 1)
        #expect(throws: LPSolverError.self) {
            try ClpBareLoop(program: program, steps: [[.columnBounds(10, 0, 1)]]).run()
        }
        #expect(throws: LPSolverError.self) {
            try ClpBareLoop(program: program, steps: [[.rowBounds(-1, 0, 1)]]).run()
        }
    }

    /// An engine-like recording: 8 inflow arcs and 4 demand rows follow a seasonal cycle with
    /// noise, so the basis changes only now and then (about 0.3 pivots per step).
    func seasonalRecording(columns: Int, rows: Int, steps: Int, seed: UInt64) -> (LinearProgram, [[LPChange]]) {
        var rng = SplitMix64(seed: seed)
        let program = networkLP(columns: columns, rows: rows, using: &rng)
        var recorded: [[LPChange]] = []
        for t in 0..<steps {
            // A smooth yearly cycle (no Foundation needed): a triangle wave between 0.2 and 1.8.
            let phase = Double(t % 365) / 365
            let season = 0.2 + 1.6 * (phase < 0.5 ? 2 * phase : 2 - 2 * phase)
            var step: [LPChange] = []
            for k in 0..<8 {
                let noise = 1 + 0.05 * Double.random(in: -1...1, using: &rng)
                step.append(.columnBounds((k * 8) % columns, 0, 25 * season * noise))
            }
            for i in 0..<4 { step.append(.rowBounds((i * 9) % rows, -5 * (2 - season), 5)) }
            recorded.append(step)
        }
        return (program, recorded)
    }

    @Test("prints µs per solve for a 66-column, 38-row step LP", .tags(.benchmark))
    func printTiming() throws {
        let (program, steps) = seasonalRecording(columns: 66, rows: 38, steps: 2000, seed: 42)
        let measured = try ClpBareLoop(program: program, steps: steps).run(repetitions: 3)
        #expect(measured.solves == 6000)
        #expect(measured.nonOptimalSolves == 0)
        print("ClpBareLoop 66×38: \(measured.microsecondsPerSolve) µs/solve, \(measured.solvesPerSecond) solves/s,",
              "\(measured.iterationsPerSolve) iterations/solve, \(measured.nonOptimalSolves) non-optimal",
              "(debug builds are slower; see a release run)")
    }
}
