import Testing
import AralModel
import AralSchema
import AralPlanning

/// The plan keeps the run's spillway rule (`Planner+Spillways`): a reservoir spills only in a
/// step it ends at its top. Found from outside: a plan spilled 40 m³/s from a reservoir at 500
/// of its 1,000 Mm³ to serve a demand past the reservoir's maximum release of 10.
@Suite("The plan spills only from a full reservoir")
struct PlanSpillwayTests {
    static func model(initialVolume: Double) -> String {
        """
        timestepper: {start: 2001-01-01, end: 2001-01-31, step: monthly}
        nodes:
          - {name: river, kind: inflow, flow: 100}
          - {name: res, kind: reservoir, maxVolume: 1000, initialVolume: \(initialVolume), maxRelease: 10}
          - {name: farm, kind: demand, maxFlow: 100, priority: 1}
        edges: [[river, res], [res, farm]]
        """
    }

    /// January: 31 days × 0.0864 Mm³ per m³/s-day.
    static let k = 31 * 0.0864

    func plan(initialVolume: Double) throws -> (farm: Double, spill: Double, release: Double, volume: Double) {
        let yaml = Self.model(initialVolume: initialVolume)
        let model = try PlanFixture.model(yaml)
        let plan = try PlanFixture.planner(yaml).plan()
        let res = try #require(model.element(named: "res"))
        let farm = try #require(model.element(named: "farm")?.node)
        return (plan.flow(node: farm)[0], plan.flow(node: try #require(res.spillNode))[0],
                plan.flow(node: try #require(res.releaseNode))[0], plan.volumes[0][0])
    }

    @Test("A half-full reservoir serves the farm at its maximum release and keeps the rest")
    func halfFull() throws {
        let p = try plan(initialVolume: 500)
        #expect(close(p.spill, 0, volumeTolerance), "spill \(p.spill)")
        #expect(close(p.release, 10, volumeTolerance))
        #expect(close(p.farm, 10, volumeTolerance))
        #expect(close(p.volume, 500 + 90 * Self.k, volumeTolerance))
    }

    @Test("A reservoir that fills in the step spills what does not fit, no more")
    func fillsThenSpills() throws {
        // From 990: 100 m³/s in, 10 released, 10 Mm³ of room; the rest, 90 − 10 / k m³/s,
        // goes over the crest to the farm, and the reservoir ends full.
        let p = try plan(initialVolume: 990)
        #expect(close(p.volume, 1000, volumeTolerance), "volume \(p.volume)")
        #expect(close(p.release, 10, volumeTolerance))
        #expect(close(p.spill, 90 - 10 / Self.k, volumeTolerance), "spill \(p.spill)")
        #expect(close(p.farm, 100 - 10 / Self.k, volumeTolerance))
    }

    @Test("A full reservoir passes its inflow: the maximum release and the spill")
    func full() throws {
        let p = try plan(initialVolume: 1000)
        #expect(close(p.volume, 1000, volumeTolerance))
        #expect(close(p.spill, 90, volumeTolerance))
        #expect(close(p.farm, 100, volumeTolerance))
    }
}
