import Testing
import Foundation
import AralModel
import AralEngine
import AralClp

/// Networks small enough to solve by hand; each test states the arithmetic.
@Suite("Hand-computed networks")
struct HandComputedTests {
    /// 1 m³/s for a day is 0.0864 million m³.
    let dayVolume = 0.0864

    @Test("A reservoir fills, then releases up to its maximum and spills the rest")
    func reservoirFillsAndSpills() throws {
        let r = try run("""
        \(daily(15))
        nodes:
          - {name: river, kind: inflow, flow: 100}
          - {name: dam, kind: reservoir, maxVolume: 100, initialVolume: 0, maxRelease: 10}
          - {name: sea, kind: sink}
        edges: [[river, dam], [dam, sea]]
        """)
        let volume = try #require(r.values("dam", "volume"))
        let release = try #require(r.values("dam", "release"))
        let spill = try #require(r.values("dam", "spill"))
        // Days 1–11: all 8.64 Mm³/day is stored (storing is worth more than releasing to a sink).
        for d in 0..<11 {
            #expect(close(volume[d], 8.64 * Double(d + 1)))
            #expect(close(release[d] + spill[d], 0))
        }
        // Day 12: 95.04 + 8.64 = 103.68 > 100, so 3.68 Mm³ = 42.593 m³/s leaves: 10 released, the rest spilt.
        #expect(close(volume[11], 100))
        #expect(close(release[11], 10))
        #expect(close(spill[11], 3.68 / dayVolume - 10))
        // Full from then on: inflow passes, release first.
        for d in 12..<15 {
            #expect(close(volume[d], 100))
            #expect(close(release[d], 10))
            #expect(close(spill[d], 90))
        }
        #expect(close(try #require(r.values("sea", "flow"))[14], 100))
    }

    @Test("In shortage the higher priority is served first, exactly", arguments: [false, true])
    func prioritiesInShortage(reversed: Bool) throws {
        let high = "  - {name: high, kind: demand, priority: 1, maxFlow: 40}"
        let low = "  - {name: low, kind: demand, priority: 2, maxFlow: 30}"
        let r = try run("""
        \(daily(3))
        nodes:
          - {name: river, kind: inflow, flow: 50}
          - {name: split, kind: confluence}
        \(reversed ? low : high)
        \(reversed ? high : low)
          - {name: sea, kind: sink}
        edges: [[river, split], [split, high], [split, low], [split, sea]]
        """)
        #expect(close(try #require(r.values("high", "flow"))[0], 40))
        #expect(close(try #require(r.values("low", "flow"))[0], 10))
        #expect(close(try #require(r.values("low", "deficit"))[0], 20))
        #expect(close(try #require(r.values("sea", "flow"))[0], 0))
    }

    @Test("A higher priority behind a lossy canal still comes first")
    func priorityBehindLosses() throws {
        let r = try run("""
        \(daily(1))
        nodes:
          - {name: river, kind: inflow, flow: 50}
          - {name: split, kind: confluence}
          - {name: canal, kind: link, lossFraction: 0.2}
          - {name: far-city, kind: demand, priority: 1, maxFlow: 20}
          - {name: near-farm, kind: demand, priority: 2, maxFlow: 100}
        edges: [[river, split], [split, canal], [canal, far-city], [split, near-farm]]
        """)
        // The city needs 20 after 20% loss: 25 enter the canal; the farm gets the other 25.
        #expect(close(try #require(r.values("far-city", "flow"))[0], 20))
        #expect(close(try #require(r.values("canal", "flow"))[0], 25))
        #expect(close(try #require(r.values("near-farm", "flow"))[0], 25))
    }

    @Test("Link losses take their fraction of the flow")
    func linkLosses() throws {
        let r = try run("""
        \(daily(2))
        nodes:
          - {name: river, kind: inflow, flow: 100}
          - {name: canal, kind: link, lossFraction: 0.2, capacity: 1000}
          - {name: farm, kind: demand, maxFlow: 1000, priority: 1}
        edges: [[river, canal], [canal, farm]]
        """)
        #expect(close(try #require(r.values("canal", "flow"))[1], 100))
        #expect(close(try #require(r.values("farm", "flow"))[1], 80))
    }

    @Test("A demand returns its non-consumptive share downstream")
    func returnFlows() throws {
        let r = try run("""
        \(daily(1))
        nodes:
          - {name: river, kind: inflow, flow: 100}
          - {name: split, kind: confluence}
          - {name: farm, kind: demand, priority: 1, maxFlow: 60, consumptiveFraction: 0.75, returnTo: lower}
          - {name: lower, kind: confluence}
          - {name: sea, kind: sink}
        edges: [[river, split], [split, farm], [split, lower], [lower, sea]]
        """)
        #expect(close(try #require(r.values("farm", "flow"))[0], 60))
        // 40 bypass the farm and 0.25 × 60 = 15 come back.
        #expect(close(try #require(r.values("sea", "flow"))[0], 55))
    }

    @Test("Evaporation is the rate times the area at the start-of-step volume")
    func evaporation() throws {
        let r = try run("""
        \(daily(4))
        nodes:
          - {name: river, kind: inflow, flow: 0}
          - name: lake
            kind: reservoir
            maxVolume: 100
            initialVolume: 50
            table: {volume: [0, 100], area: [10, 10]}
            evaporationMmPerDay: 5
          - {name: sea, kind: sink}
        edges: [[river, lake], [lake, sea]]
        """)
        // 5 mm/day over 10 km² = 50,000 m³/day = 0.05 Mm³/day.
        let volume = try #require(r.values("lake", "volume"))
        let evap = try #require(r.values("lake", "evaporation"))
        for d in 0..<4 {
            #expect(close(evap[d], 0.05))
            #expect(close(volume[d], 50 - 0.05 * Double(d + 1)))
        }
    }

    @Test("Evaporation follows the area–volume table")
    func evaporationFromTable() throws {
        let r = try run("""
        \(daily(1))
        nodes:
          - {name: river, kind: inflow, flow: 0}
          - name: lake
            kind: reservoir
            maxVolume: 200
            initialVolume: 150
            table: {volume: [0, 100, 200], area: [0, 20, 40]}
            evaporationMmPerDay: {monthly: [2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2]}
          - {name: sea, kind: sink}
        edges: [[river, lake], [lake, sea]]
        """)
        // Area at 150 Mm³ is 30 km²; 2 mm × 30 km² = 0.06 Mm³.
        #expect(close(try #require(r.values("lake", "evaporation"))[0], 0.06))
    }

    @Test("Run-of-river energy is ρgQHη·Δt, capped at the installed capacity")
    func runOfRiverEnergy() throws {
        let model = """
        \(daily(2))
        nodes:
          - {name: river, kind: inflow, flow: 50}
          - {name: reach, kind: link}
          - {name: plant, kind: hydropower, link: reach, head: 100, efficiency: 0.9, capacityMW: CAP}
          - {name: sea, kind: sink}
        edges: [[river, reach], [reach, sea]]
        """
        // 9.81 kN/m³ × 50 m³/s × 100 m × 0.9 = 44.145 MW; × 24 h = 1,059.48 MWh.
        let uncapped = try run(model.replacingOccurrences(of: "CAP", with: "100"))
        #expect(close(try #require(uncapped.values("plant", "energy"))[0], 1059.48))
        let capped = try run(model.replacingOccurrences(of: "CAP", with: "40"))
        #expect(close(try #require(capped.values("plant", "energy"))[1], 960))
    }

    @Test("Reservoir head is the level at the mean volume minus the tailwater")
    func reservoirHeadEnergy() throws {
        let r = try run("""
        \(daily(1))
        nodes:
          - {name: river, kind: inflow, flow: 0}
          - name: dam
            kind: reservoir
            maxVolume: 100
            initialVolume: 100
            maxRelease: 100
            minRelease: 100
            table: {volume: [0, 100], level: [500, 600]}
          - {name: plant, kind: hydropower, reservoir: dam, capacityMW: 1000, efficiency: 1, tailwaterLevel: 450}
          - {name: sea, kind: sink}
        edges: [[river, dam], [dam, sea]]
        """)
        // Releasing 100 m³/s for a day takes 8.64 Mm³: mean volume 95.68, level 595.68, head 145.68 m.
        let head = 595.68 - 450
        let expected = 9.81e-3 * 100 * head * 24
        #expect(close(try #require(r.values("dam", "volume"))[0], 91.36))
        #expect(close(try #require(r.values("plant", "energy"))[0], expected))
    }

    @Test("A rule curve holds water above its target against a low-priority demand")
    func ruleCurve() throws {
        let r = try run("""
        \(daily(1))
        nodes:
          - {name: river, kind: inflow, flow: 0}
          - name: dam
            kind: reservoir
            maxVolume: 100
            initialVolume: 50
            ruleCurve: {target: 45, priority: 1}
          - {name: farm, kind: demand, priority: 2, maxFlow: 1000}
        edges: [[river, dam], [dam, farm]]
        """)
        // Only 5 Mm³ (57.87 m³/s over a day) may be released before the curve binds.
        #expect(close(try #require(r.values("dam", "volume"))[0], 45))
        #expect(close(try #require(r.values("farm", "flow"))[0], 5 / 0.0864))
    }

    @Test("A model whose minimum cannot be met is reported with its step and node")
    func infeasible() throws {
        let model = try compile("""
        \(daily(3))
        nodes:
          - {name: river, kind: inflow, flow: 50}
          - {name: sea, kind: sink, minFlow: 80}
        edges: [[river, sea]]
        """)
        do {
            _ = try BasinRun.run(model, solver: ClpSolver(), makeDiagnosticSolver: { ClpSolver() })
            Issue.record("expected an infeasible step")
        } catch let error as SimulationError {
            guard case .infeasible(let step, let date, let culprits) = error else {
                Issue.record("expected .infeasible, got \(error)")
                return
            }
            #expect(step == 0)
            #expect(date == CivilDate(year: 2001, month: 1, day: 1))
            // The river brings 50 and the sea needs 80: 30 m³/s is missing. The diagnosis
            // relaxes bounds before rows and a minimum before a fixed inflow, so it names the
            // sea's minimum, short by 30 (it named a balance row at the river before).
            #expect(culprits.count == 1, "\(culprits)")
            #expect(culprits.first?.node == "sea" && culprits.first?.what == "minimum flow", "\(culprits)")
            #expect(close(culprits.map(\.violation).reduce(0, +), 30), "\(culprits)")
            #expect(error.description.contains("step 0 (2001-01-01)"))
        }
    }

    @Test("A soft minimum with a penalty reports a shortfall instead of failing")
    func softMinimum() throws {
        let r = try run("""
        \(daily(1))
        nodes:
          - {name: river, kind: inflow, flow: 50}
          - {name: sea, kind: sink, minFlow: 80, priority: 1}
        edges: [[river, sea]]
        """)
        #expect(close(try #require(r.values("sea", "flow"))[0], 50))
        #expect(close(try #require(r.values("sea", "shortfall"))[0], 30))
    }

    @Test("A switched-off reservoir passes water straight through")
    func disabledReservoir() throws {
        let r = try run("""
        \(daily(1))
        nodes:
          - {name: river, kind: inflow, flow: 70}
          - {name: planned, kind: reservoir, enabled: false, maxVolume: 5000}
          - {name: sea, kind: sink}
        edges: [[river, planned], [planned, sea]]
        """)
        #expect(close(try #require(r.values("sea", "flow"))[0], 70))
        #expect(r.values("planned", "volume") == nil)
    }

    @Test("Monthly steps carry their own month length")
    func monthlyVolumes() throws {
        let r = try run("""
        timestepper: {start: 2001-01-01, end: 2001-02-28, step: monthly}
        nodes:
          - {name: river, kind: inflow, flow: 10}
          - {name: dam, kind: reservoir, maxVolume: 1000, initialVolume: 0}
          - {name: sea, kind: sink}
        edges: [[river, dam], [dam, sea]]
        """)
        let v = try #require(r.values("dam", "volume"))
        #expect(close(v[0], 10 * 31 * 0.0864))
        #expect(close(v[1], 10 * 59 * 0.0864))
    }
}
