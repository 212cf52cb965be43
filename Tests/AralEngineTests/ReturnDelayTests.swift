import Testing
import Foundation
import AralModel
import AralSchema
import AralEngine
import AralClp

/// A demand's return water that arrives whole steps after the withdrawal (`returnDelay`),
/// solved by hand: the water returns exactly N steps later, the volume is kept when steps
/// differ in length, the water in transit closes the mass balance, and the check fires when
/// an arrival is wrong.
@Suite("Delayed return water")
struct ReturnDelayTests {
    /// river 100 m³/s → split → farm (60 m³/s, priority 1, 75% consumed) returning to `lower`;
    /// the rest of the river bypasses to `lower` → sea. `DELAY` is replaced per test.
    static func farm(_ timestepper: String, delay: String) -> String {
        """
        \(timestepper)
        nodes:
          - {name: river, kind: inflow, flow: 100}
          - {name: split, kind: confluence}
          - {name: farm, kind: demand, priority: 1, maxFlow: 60, consumptiveFraction: 0.75, returnTo: lower, returnDelay: \(delay)}
          - {name: lower, kind: confluence}
          - {name: sea, kind: sink}
        edges: [[river, split], [split, farm], [split, lower], [lower, sea]]
        """
    }

    /// Runs model text and keeps the simulation (for the water in transit at the end).
    static func simulate(_ yaml: String) throws -> (BasinResults, Simulation) {
        let model = try compile(yaml)
        let simulation = try Simulation(network: model.network, solver: ClpSolver())
        let recorder = MemoryRecorder()
        try simulation.run(recorders: [recorder])
        return (BasinResults(model: model, recorder: recorder, worstMassBalanceResidual: simulation.worstMassBalanceResidual), simulation)
    }

    @Test("Return water arrives exactly two steps later; what is in transit at the end is reported")
    func arrivesTwoStepsLater() throws {
        let (r, simulation) = try Self.simulate(Self.farm(daily(4), delay: "{steps: 2}"))
        let sea = try #require(r.values("sea", "flow"))
        // The farm takes 60 every day, 40 bypass it; 0.25 × 60 = 15 come back two days later.
        #expect(close(try #require(r.values("farm", "flow"))[0], 60))
        let expected = [40.0, 40, 55, 55]
        for d in 0..<4 { #expect(close(sea[d], expected[d]), "day \(d): sea \(sea[d])") }
        // Days 3 and 4 (indices 2, 3) returned water is still on its way: 2 × 15 m³/s·day.
        let transit = try #require(simulation.volumesInTransit.first)
        #expect(close(transit, 2 * 15 * 0.0864))
        // The whole run balances: in = to the sea + consumed + in transit (m³/s·days).
        let inflow = 4 * 100.0, consumed = 4 * 0.75 * 60
        #expect(close(inflow, sea.reduce(0, +) + consumed + transit / 0.0864))
    }

    @Test("Steps 0 is the same-step return")
    func zeroStepsIsImmediate() throws {
        let (r, simulation) = try Self.simulate(Self.farm(daily(2), delay: "{steps: 0}"))
        let sea = try #require(r.values("sea", "flow"))
        #expect(close(sea[0], 55) && close(sea[1], 55))
        #expect(simulation.volumesInTransit.isEmpty)
    }

    @Test("Shares spread the return over steps and keep its volume when the months differ in length")
    func sharesKeepVolume() throws {
        // Monthly from January 2001: half of the 15 m³/s returns in the same month, half a month
        // later. January's late half (7.5 m³/s over 31 days) arrives in February (28 days) as
        // 7.5 × 31 / 28 m³/s; February's (28 days) in March (31 days) as 7.5 × 28 / 31.
        let timestepper = "timestepper: {start: 2001-01-01, end: 2001-03-31, step: monthly}"
        let (r, simulation) = try Self.simulate(Self.farm(timestepper, delay: "{shares: [0.5, 0.5]}"))
        let sea = try #require(r.values("sea", "flow"))
        #expect(close(sea[0], 40 + 7.5))
        #expect(close(sea[1], 40 + 7.5 + 7.5 * 31 / 28))
        #expect(close(sea[2], 40 + 7.5 + 7.5 * 28 / 31))
        // March's late half is in transit: 7.5 m³/s over 31 days, in Mm³.
        #expect(close(try #require(simulation.volumesInTransit.first), 7.5 * 31 * 0.0864))
    }

    @Test("initialFlow is the withdrawal before the run: its return arrives in the first steps")
    func initialFlowArrivesFirst() throws {
        let (r, _) = try Self.simulate(Self.farm(daily(3), delay: "{steps: 2, initialFlow: 40}"))
        let sea = try #require(r.values("sea", "flow"))
        // Days −2 and −1 withdrew 40 each: 0.25 × 40 = 10 arrive on days 0 and 1; then the run's own 15.
        #expect(close(sea[0], 50) && close(sea[1], 50) && close(sea[2], 55))
    }

    @Test("An arrival one step early stops the run at the water in transit")
    func wrongArrivalIsCaught() throws {
        var model = try compile(Self.farm(daily(4), delay: "{steps: 2}"))
        let delay = try #require(model.network.flowDelays.first)
        guard case .parameter(let p) = delay.arrival else {
            Issue.record("the arrival must be a parameter")
            return
        }
        // The node balances stay closed (the LP takes whatever inflow it is given); only the
        // transit's balance sees water arriving that has not left long enough ago.
        model.network.parameters[p] = StepSeriesParameter(label: "early", values: [0, 15, 15, 15])
        let simulation = try Simulation(network: model.network, solver: ClpSolver())
        do {
            try simulation.run(recorders: [])
            Issue.record("an early arrival must not pass the mass-balance check")
        } catch .massBalance(let step, _, let node, let residual, _) {
            // Day 1: in transit 15 (from day 0) + 15 leaving − 15 arriving ≠ 30 still owed.
            #expect(step == 1)
            #expect(node == "farm (in transit)")
            #expect(close(residual, -15 * 0.0864))
        } catch {
            Issue.record("expected a mass-balance error, got \(error)")
        }
    }

    @Test("Bad delays are refused at their key path", arguments: [
        ("{steps: -1}", "nodes[2].returnDelay.steps", "whole number"),
        ("{steps: 2.5}", "nodes[2].returnDelay.steps", "whole number"),
        ("{steps: 4}", "nodes[2].returnDelay.steps", "longer than the run: 4 steps, "),
        // Once trapped in `Int(_:)` (found by the input fuzzer): a whole number beyond Int's range.
        ("{steps: 99999999999999999999999999999}", "nodes[2].returnDelay.steps", "longer than the run: 4 steps, "),
        ("{shares: [0.5, 0.4]}", "nodes[2].returnDelay.shares", "sum to 0.9"),
        ("{shares: [0.5, -0.5, 1]}", "nodes[2].returnDelay.shares[1]", "between 0 and 1"),
        ("{shares: [0, 0, 0, 0, 1]}", "nodes[2].returnDelay.shares", "longer than the run"),
        ("{steps: 1, shares: [0, 1]}", "nodes[2].returnDelay", "not both"),
        ("{initialFlow: 3}", "nodes[2].returnDelay", "give 'steps'"),
        ("{steps: 1, initialFlow: -3}", "nodes[2].returnDelay.initialFlow", "≥ 0"),
        // Ran, and the relative mass balance closed around 1e26 Mm³ (found from outside).
        ("{steps: 1, initialFlow: 1e29}", "nodes[2].returnDelay.initialFlow", "is no withdrawal"),
    ])
    func badDelays(delay: String, path: String, message: String) throws {
        let issues = problems(Self.farm(daily(4), delay: delay))
        let issue = try #require(issues.first { $0.path == path }, "\(issues)")
        #expect(issue.message.contains(message), "\(issue)")
        #expect(issue.line == 5, "the farm's line")
    }

    @Test("A delay on a demand that returns nothing is refused")
    func delayWithoutReturn() throws {
        let text = Self.farm(daily(4), delay: "{steps: 1}").replacingOccurrences(of: "consumptiveFraction: 0.75, returnTo: lower, ", with: "")
        let issues = problems(text)
        let issue = try #require(issues.first { $0.path == "nodes[2].returnDelay" }, "\(issues)")
        #expect(issue.message.contains("returns no water"))
    }
}
