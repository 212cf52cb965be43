import Testing
import AralModel
import AralEngine
import AralClp

/// A reservoir's spill is water over the crest: it flows only when the reservoir ends the step
/// at its top (`SpillwayRule`). Before, a spill priced below a demand's benefit served that
/// demand from a half-full reservoir past its maximum release.
@Suite("Spillways open only at the top")
struct SpillwayRuleTests {
    /// One day of 1 m³/s, in Mm³.
    let day = 0.0864

    /// Runs with the fast path on and off and requires both to give the same series.
    func runBothWays(_ yaml: String) throws -> BasinResults {
        let model = try compile(yaml)
        let fast = try BasinRun.run(model, solver: ClpSolver(usesFastPath: true))
        let plain = try BasinRun.run(model, solver: ClpSolver(usesFastPath: false))
        #expect(fast.series.count == plain.series.count)
        for (a, b) in zip(fast.series, plain.series) {
            #expect(a.element == b.element && a.attribute == b.attribute)
            for i in a.values.indices {
                #expect(close(a.values[i], b.values[i]), "\(a.element) \(a.attribute)[\(i)]: fast \(a.values[i]), plain \(b.values[i])")
            }
        }
        return fast
    }

    @Test("A half-full reservoir serves a demand at its maximum release and spills nothing")
    func halfFullReservoirKeepsItsMaximumRelease() throws {
        let r = try runBothWays("""
        \(daily(3))
        nodes:
          - {name: river, kind: inflow, flow: 0}
          - {name: dam, kind: reservoir, maxVolume: 1000, initialVolume: 500, maxRelease: 10}
          - {name: farm, kind: demand, maxFlow: 100, priority: 1}
        edges: [[river, dam], [dam, farm]]
        """)
        let volume = try #require(r.values("dam", "volume"))
        for d in 0..<3 {
            // The farm (benefit 100 per m³/s at priority 1) wants 100; only the 10 of the
            // maximum release may leave a reservoir that is not full.
            #expect(close(try #require(r.values("farm", "flow"))[d], 10))
            #expect(close(try #require(r.values("dam", "spill"))[d], 0))
            #expect(close(volume[d], 500 - 10 * day * Double(d + 1)))
        }
    }

    @Test("A full reservoir still spills what does not fit")
    func fullReservoirSpills() throws {
        let r = try runBothWays("""
        \(daily(2))
        nodes:
          - {name: river, kind: inflow, flow: 100}
          - {name: dam, kind: reservoir, maxVolume: 1000, initialVolume: 1000, maxRelease: 10}
          - {name: farm, kind: demand, maxFlow: 100, priority: 1}
        edges: [[river, dam], [dam, farm]]
        """)
        for d in 0..<2 {
            #expect(close(try #require(r.values("dam", "volume"))[d], 1000))
            #expect(close(try #require(r.values("dam", "release"))[d], 10))
            #expect(close(try #require(r.values("dam", "spill"))[d], 90))
            #expect(close(try #require(r.values("farm", "flow"))[d], 100))
        }
    }

    @Test("Water above a penalised rule curve goes over the crest at the target; an unpenalised curve keeps the crest at the maximum")
    func ruleCurveTop() throws {
        func model(abovePenalty: String) -> String {
            """
            \(daily(2))
            nodes:
              - {name: river, kind: inflow, flow: 100}
              - name: dam
                kind: reservoir
                maxVolume: 1000
                initialVolume: 600
                maxRelease: 10
                ruleCurve: {target: 600, priority: 1\(abovePenalty)}
              - {name: farm, kind: demand, maxFlow: 100, priority: 1}
            edges: [[river, dam], [dam, farm]]
            """
        }
        // At the target, with being above it penalised, the dam is at its top: it holds 600,
        // releases 10 and spills the other 90 to the farm.
        let penalised = try runBothWays(model(abovePenalty: ", abovePenalty: 5"))
        for d in 0..<2 {
            #expect(close(try #require(penalised.values("dam", "volume"))[d], 600))
            #expect(close(try #require(penalised.values("dam", "release"))[d], 10))
            #expect(close(try #require(penalised.values("dam", "spill"))[d], 90))
            #expect(close(try #require(penalised.values("farm", "flow"))[d], 100))
        }
        // Without the penalty the crest is the maximum: the farm gets the maximum release,
        // and the other 90 m³/s is stored.
        let free = try runBothWays(model(abovePenalty: ""))
        for d in 0..<2 {
            #expect(close(try #require(free.values("dam", "volume"))[d], 600 + 90 * day * Double(d + 1)))
            #expect(close(try #require(free.values("dam", "spill"))[d], 0))
            #expect(close(try #require(free.values("farm", "flow"))[d], 10))
        }
    }

    @Test("In a cascade neither reservoir spills below its top, though the lower one is full")
    func cascade() throws {
        // The upper dam is half full; the lower one is full. The first solve spills 90 from
        // the upper dam, which the lower one passes over its crest to the farm; the rule shuts
        // the upper spill, then the lower dam's drawdown through its spill, until only the
        // upper dam's 10 m³/s reaches the farm, through the lower dam's turbines.
        let r = try runBothWays("""
        \(daily(3))
        nodes:
          - {name: river, kind: inflow, flow: 0}
          - {name: upper, kind: reservoir, maxVolume: 1000, initialVolume: 500, maxRelease: 10}
          - {name: lower, kind: reservoir, maxVolume: 100, initialVolume: 100, maxRelease: 10}
          - {name: farm, kind: demand, maxFlow: 100, priority: 1}
        edges: [[river, upper], [upper, lower], [lower, farm]]
        """)
        for d in 0..<3 {
            #expect(close(try #require(r.values("farm", "flow"))[d], 10))
            #expect(close(try #require(r.values("upper", "spill"))[d], 0))
            #expect(close(try #require(r.values("lower", "spill"))[d], 0))
            #expect(close(try #require(r.values("lower", "volume"))[d], 100))
            #expect(close(try #require(r.values("upper", "volume"))[d], 500 - 10 * day * Double(d + 1)))
        }
    }

    @Test("A hard minimum that only a spill can meet outranks the rule: the run spills rather than stops")
    func hardMinimumOutranksTheRule() throws {
        // The reach must carry 50; the turbines give 10; the dam is half full. Capping the
        // spill would make the step infeasible, so the spill that meets the minimum stays.
        let r = try runBothWays("""
        \(daily(2))
        nodes:
          - {name: river, kind: inflow, flow: 100}
          - {name: dam, kind: reservoir, maxVolume: 1000, initialVolume: 500, maxRelease: 10}
          - {name: reach, kind: link, minFlow: 50}
          - {name: sea, kind: sink}
        edges: [[river, dam], [dam, reach], [reach, sea]]
        """)
        for d in 0..<2 {
            #expect(close(try #require(r.values("reach", "flow"))[d], 50))
            #expect(close(try #require(r.values("dam", "spill"))[d], 40))
            #expect(close(try #require(r.values("dam", "volume"))[d], 500 + 50 * day * Double(d + 1)))
        }
    }
}
