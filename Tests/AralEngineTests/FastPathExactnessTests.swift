import Testing
import AralModel
import AralEngine
import AralClp

/// Issue 17 item 12 in the engine: the basis-reuse fast path gives CLP's answer.
@Suite("Fast path is exactly CLP (engine)")
struct FastPathExactnessTests {
    /// How far (Mm³) a volume may end above its maximum: CLP's primal tolerance is 1e-7 flow
    /// units, 8.64e-9 Mm³ on a daily step.
    static let volumeTolerance = 1e-6
    /// How far (m³/s) an outflow may differ from the hand-computed one.
    static let flowTolerance = 1e-6
    /// One day of 0.0002 m³/s, in Mm³.
    static let dailyInflow = 0.0002 * 0.0864

    /// The case: a reservoir of 19,500 Mm³ filled to just below its maximum (half a
    /// day's inflow short after the first day) then receiving 0.0002 m³/s. The old fast path
    /// allowed 1e-9 × 225,694 flow units ≈ 2.3e-4 above the maximum where CLP allows 1e-7, so
    /// on day 2 the reservoir ended 8.6e-6 Mm³ above its maximum and let nothing out.
    static let fullReservoir = """
    \(daily(40))
    nodes:
      - {name: river, kind: inflow, flow: 0.0002}
      - {name: dam, kind: reservoir, maxVolume: 19500, initialVolume: \(19500 - 1.5 * dailyInflow)}
      - {name: sea, kind: sink}
    edges: [[river, dam], [dam, sea]]
    """

    @Test("A full reservoir receiving 0.0002 m³/s lets it out and never ends above its maximum, fast path on or off")
    func fullReservoirLetsInflowOut() throws {
        let model = try compile(Self.fullReservoir)
        for fast in [true, false] {
            let solver = ClpSolver(usesFastPath: fast)
            let r = try BasinRun.run(model, solver: solver)
            let volume = try #require(r.values("dam", "volume"))
            let outflow = try #require(r.values("dam", "flow"))
            // Day 1 fills to half a day's inflow below the maximum; day 2 lets half the
            // inflow out; from day 3 all of it.
            #expect(abs(outflow[0]) <= Self.flowTolerance, "fast path \(fast), day 0: \(outflow[0])")
            #expect(abs(outflow[1] - 0.0001) <= Self.flowTolerance, "fast path \(fast), day 1: \(outflow[1])")
            for d in volume.indices {
                #expect(volume[d] <= 19500 + Self.volumeTolerance, "fast path \(fast), day \(d): volume \(volume[d])")
                if d >= 2 {
                    #expect(abs(outflow[d] - 0.0002) <= Self.flowTolerance, "fast path \(fast), day \(d): outflow \(outflow[d])")
                }
            }
            if fast { #expect(solver.fastSolveCount > 0, "the fast path was never taken") }
        }
    }
}
