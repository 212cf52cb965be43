import Testing
import AralModel
import AralEngine
import AralClp

/// Issue 17 item 13: no storage ends below its minimum except by a physical shortfall, and
/// none above its maximum. Each basin is small enough to compute by hand.
@Suite("Storage stays within its bounds")
struct StorageBoundsTests {
    @Test("A reservoir at its minimum releases less: inflow minus evaporation, never the minimum")
    func atMinimumReleasesLess() throws {
        // 10 km² × 5 mm/day = 0.05 Mm³/day of evaporation; the river brings 100 m³/s = 8.64 Mm³/day.
        // The demand wants 200 m³/s, far above what arrives: all the reservoir may give is
        // what arrives less what evaporates, 8.59 Mm³/day = 99.4213 m³/s, and it stays at 50.
        let r = try run("""
        \(daily(10))
        nodes:
          - {name: river, kind: inflow, flow: 100}
          - name: lake
            kind: reservoir
            maxVolume: 100
            minVolume: 50
            initialVolume: 50
            table: {volume: [0, 100], area: [10, 10]}
            evaporationMmPerDay: 5
          - {name: town, kind: demand, maxFlow: 200, priority: 1}
        edges: [[river, lake], [lake, town]]
        """)
        let volume = try #require(r.values("lake", "volume"))
        let delivered = try #require(r.values("town", "flow"))
        for d in 0..<10 {
            #expect(close(volume[d], 50), "day \(d): volume \(volume[d])")
            #expect(close(delivered[d], (8.64 - 0.05) / 0.0864), "day \(d): delivered \(delivered[d])")
        }
        #expect(r.physicalShortfalls.isEmpty)
        #expect(r.values("lake", "physical-shortfall") == nil)
    }

    @Test("Evaporation alone below the minimum, nothing released: a physical shortfall, reported per step")
    func evaporationAloneIsAPhysicalShortfall() throws {
        // No inflow: each day 0.05 Mm³ evaporates from a lake at its minimum (constant area),
        // nothing is released, and the lake ends 0.05, 0.10, 0.15 Mm³ below its minimum.
        let r = try run("""
        \(daily(3))
        nodes:
          - {name: river, kind: inflow, flow: 0}
          - name: lake
            kind: reservoir
            maxVolume: 100
            minVolume: 50
            initialVolume: 50
            table: {volume: [0, 100], area: [10, 10]}
            evaporationMmPerDay: 5
          - {name: town, kind: demand, maxFlow: 200, priority: 1}
        edges: [[river, lake], [lake, town]]
        """)
        let volume = try #require(r.values("lake", "volume"))
        let delivered = try #require(r.values("town", "flow"))
        for d in 0..<3 {
            #expect(close(volume[d], 50 - 0.05 * Double(d + 1)), "day \(d): volume \(volume[d])")
            #expect(close(delivered[d], 0), "day \(d): delivered \(delivered[d])")
        }
        #expect(r.physicalShortfalls.map(\.step) == [0, 1, 2])
        #expect(r.physicalShortfalls.allSatisfy { $0.node == "lake" })
        for (d, shortfall) in r.physicalShortfalls.enumerated() {
            #expect(close(shortfall.volume, 0.05 * Double(d + 1)), "day \(d): shortfall \(shortfall.volume)")
        }
        let line = try #require(r.physicalShortfallLines.first)
        #expect(line.name == "lake" && line.steps == 3)
        #expect(close(line.worstMm3, 0.15))
        let series = try #require(r.values("lake", "physical-shortfall"))
        #expect(zip(series, [0.05, 0.10, 0.15]).allSatisfy { close($0, $1) })
    }

    @Test("Below its minimum with some inflow, the reservoir keeps all of it and climbs back")
    func refillsBeforeReleasing() throws {
        // Starts at its minimum, 50 (a model may not start below it); evaporation takes
        // 0.05 Mm³/day. January has no inflow: 50 − 31 × 0.05 = 48.45. February brings
        // 1 m³/s = 2.4192 Mm³ over 28 days: 48.45 − 1.4 + 2.4192 = 49.4692, still below the
        // minimum, so all of it is kept. March brings 2.6784 Mm³: 49.4692 − 1.55 + 2.6784 =
        // 50.5976 would pass the minimum; it stops at 50 and releases 0.5976 Mm³ over 31 days.
        let r = try run("""
        timestepper: {start: 2001-01-01, end: 2001-03-31, step: monthly}
        nodes:
          - {name: river, kind: inflow, flow: {monthly: [0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]}}
          - name: lake
            kind: reservoir
            maxVolume: 100
            minVolume: 50
            initialVolume: 50
            table: {volume: [0, 100], area: [10, 10]}
            evaporationMmPerDay: 5
          - {name: town, kind: demand, maxFlow: 200, priority: 1}
        edges: [[river, lake], [lake, town]]
        """)
        let volume = try #require(r.values("lake", "volume"))
        let delivered = try #require(r.values("town", "flow"))
        #expect(close(volume[0], 48.45) && close(volume[1], 49.4692) && close(volume[2], 50))
        #expect(close(delivered[0], 0) && close(delivered[1], 0))
        #expect(close(delivered[2], (49.4692 - 1.55 + 2.6784 - 50) / (31 * 0.0864)))
        #expect(r.physicalShortfalls.map(\.step) == [0, 1])
    }
}
