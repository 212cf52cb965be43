import Testing
import AralModel
import AralSchema
import AralPlanning

/// Three parties on one river in shortage: 120 m³/s for demands of 100, 60 and 40 with
/// shares 0.5, 0.3, 0.2 of the system's 200 — entitlements 100, 60 and 40 (× the month).
func threeParties(sharing: String, canalToC: Double? = nil) -> String {
    let cPath = canalToC == nil ? "[split, c]" : "[split, canal], [canal, c]"
    let canal = canalToC.map { "\n  - {name: canal, kind: link, capacity: \($0)}" } ?? ""
    return """
    name: three-parties
    timestepper: {start: 2001-06-01, end: 2001-06-30, step: monthly}
    parties: [{code: A, name: A}, {code: B, name: B}, {code: C, name: C}]
    nodes:
      - {name: river, kind: inflow, flow: 120}
      - {name: split, kind: confluence}
      - {name: a, kind: demand, owner: A, priority: 1, maxFlow: 100}
      - {name: b, kind: demand, owner: B, priority: 2, maxFlow: 60}
      - {name: c, kind: demand, owner: C, priority: 3, maxFlow: 40}\(canal)
      - {name: sea, kind: sink}
    edges: [[river, split], [split, a], [split, b], \(cPath), [split, sea]]
    policy:
      shares: {syr: {A: 0.5, B: 0.3, C: 0.2}}
      sharing: \(sharing)
    """
}

func satisfactions(_ yaml: String) throws -> [String: Double] {
    let planner = try PlanFixture.planner(yaml)
    let report = PlanReport(inputs: planner.inputs, plan: try planner.plan())
    return Dictionary(uniqueKeysWithValues: report.parties.map { ($0.party, $0.satisfaction) })
}

@Suite("Sharing shortage")
struct SharingTests {
    @Test("proportional: every party gets the same fraction, 120/200")
    func proportional() throws {
        let s = try satisfactions(threeParties(sharing: "proportional"))
        for party in ["A", "B", "C"] { #expect(close(s[party] ?? -1, 0.6, fractionTolerance)) }
    }

    @Test("priority: the first priority is served first")
    func priority() throws {
        let s = try satisfactions(threeParties(sharing: "priority"))
        #expect(close(s["A"] ?? -1, 1, fractionTolerance))
        #expect(close(s["B"] ?? -1, 20.0 / 60, fractionTolerance))
        #expect(close(s["C"] ?? -1, 0, fractionTolerance))
    }

    /// A canal of 10 m³/s caps C at 10/40 = 0.25. Proportional: everyone at 0.25, then A
    /// takes the remaining 70 by priority (0.95). Max-min: C at 0.25, then A and B rise
    /// together to 110/160 = 0.6875.
    @Test("max-min never leaves a party below what proportional gives")
    func maxmin() throws {
        let proportional = try satisfactions(threeParties(sharing: "proportional", canalToC: 10))
        let maxmin = try satisfactions(threeParties(sharing: "maxmin", canalToC: 10))
        #expect(close(proportional["A"] ?? -1, 0.95, fractionTolerance))
        #expect(close(proportional["C"] ?? -1, 0.25, fractionTolerance))
        #expect(close(maxmin["A"] ?? -1, 0.6875, fractionTolerance))
        #expect(close(maxmin["B"] ?? -1, 0.6875, fractionTolerance))
        #expect(close(maxmin["C"] ?? -1, 0.25, fractionTolerance))
        let common = proportional.values.min() ?? 0
        for (party, value) in maxmin { #expect(value >= common - fractionTolerance, "\(party)") }
        #expect((maxmin.values.min() ?? 0) >= (proportional.values.min() ?? 0) - fractionTolerance)
    }

    @Test("Jain's index: 1 when equal, 1/n when one party has everything")
    func jain() {
        #expect(close(jainIndex([0.6, 0.6, 0.6]), 1, 1e-12))
        #expect(close(jainIndex([1, 0, 0]), 1.0 / 3, 1e-12))
    }
}
