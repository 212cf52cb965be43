import Testing
import AralModel
import AralEngine
import AralClp

/// Water lost on a link costs `BasinCompiler.lossCost` per m³/s lost, so the LP no longer
/// picks a lossy path where a lossless one is free (the sink was worth nothing, so both paths
/// cost the same before).
@Suite("Lossy links are avoided when a lossless path exists")
struct LossyLinkCostTests {
    @Test("A river beside a lossy canal carries all the water to the sink")
    func parallelPaths() throws {
        let r = try run("""
        \(daily(2))
        nodes:
          - {name: a, kind: inflow, flow: 5}
          - {name: c, kind: confluence}
          - {name: lossy, kind: link, lossFraction: 0.9}
          - {name: clean, kind: link}
          - {name: s, kind: sink}
        edges: [[a, c], [c, lossy], [c, clean], [lossy, s], [clean, s]]
        """)
        for d in 0..<2 {
            #expect(close(try #require(r.values("s", "flow"))[d], 5))
            #expect(close(try #require(r.values("lossy", "flow"))[d], 0))
        }
    }

    @Test("Water does not circle a loop through a lossy link until it is gone")
    func lossyLoop() throws {
        let r = try run("""
        \(daily(2))
        nodes:
          - {name: a, kind: inflow, flow: 5}
          - {name: c, kind: confluence}
          - {name: l, kind: link, lossFraction: 0.5}
          - {name: s, kind: sink}
        edges: [[a, c], [c, l], [l, c], [c, s]]
        """)
        for d in 0..<2 {
            #expect(close(try #require(r.values("s", "flow"))[d], 5))
            #expect(close(try #require(r.values("l", "flow"))[d], 0))
        }
    }

    @Test("A lossy canal is still used when it is the only way to a demand")
    func onlyPath() throws {
        let r = try run("""
        \(daily(1))
        nodes:
          - {name: a, kind: inflow, flow: 10}
          - {name: canal, kind: link, lossFraction: 0.2}
          - {name: farm, kind: demand, maxFlow: 100, priority: 1}
        edges: [[a, canal], [canal, farm]]
        """)
        #expect(close(try #require(r.values("farm", "flow"))[0], 8))
    }
}
