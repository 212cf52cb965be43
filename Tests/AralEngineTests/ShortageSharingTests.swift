import Testing
import AralModel
import AralSchema
import AralEngine
import AralClp

/// Per-step shortage sharing (`policy.sharing`), on a river small enough to share by hand.
///
/// One inflow, three parties drawing from the same point, a sink for what is left. Month 1:
/// 100 m³/s against 40 + 30 + 6 = 76 demanded, no shortage. Month 2: 50 m³/s, short.
/// Limits: A 40, B 40, C 20; demands: A 40, B 30, C 6. Priorities favour A, then B, then C.
@Suite("Shortage sharing in every step")
struct ShortageSharingTests {
    /// Fractions are compared to 0.1 percentage point, as the issue asks.
    static let fractionTolerance = 0.001

    static let yaml = """
    timestepper: {start: 2001-01-01, end: 2001-02-28, step: monthly}
    nodes:
      - {name: river, kind: inflow, flow: [100, 50, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100]}
      - {name: split, kind: confluence}
      - {name: a, kind: demand, owner: A, priority: 1, maxFlow: 40}
      - {name: b, kind: demand, owner: B, priority: 2, maxFlow: 30}
      - {name: c, kind: demand, owner: C, priority: 3, maxFlow: 6}
      - {name: sea, kind: sink}
    edges: [[river, split], [split, a], [split, b], [split, c], [split, sea]]
    """
    static let limits: [String: Double] = ["a": 40, "b": 40, "c": 20]

    /// Runs the river with `rule` over `groups` (lists of demand names; one party each).
    func run(_ rule: ShortageSharing.Rule?, groups: [[String]] = [["a", "b", "c"]]) throws -> (BasinResults, Int) {
        var model = try compile(Self.yaml)
        if let rule {
            let built = try groups.enumerated().map { g, names in
                ShortageSharing.Group(name: "g\(g)", members: try names.map { name in
                    let node = try #require(model.element(named: name)?.node)
                    return ShortageSharing.Member(party: name.uppercased(), nodes: [node],
                                                  limit: .constant(try #require(Self.limits[name])))
                })
            }
            model.network.sharing = ShortageSharing(rule: rule, groups: built)
        }
        let simulation = try Simulation(network: model.network, solver: ClpSolver())
        let recorder = MemoryRecorder()
        try simulation.run(recorders: [recorder])
        return (BasinResults(model: model, recorder: recorder, worstMassBalanceResidual: simulation.worstMassBalanceResidual),
                simulation.sharedSteps)
    }

    func flow(_ r: BasinResults, _ name: String, step: Int) throws -> Double {
        try #require(r.values(name, "flow"))[step]
    }

    @Test("Priority alone: the short month goes to A first (the rule the others replace)")
    func priorityAlone() throws {
        let (r, shared) = try run(.priority)
        // 50 = A 40 + B 10 + C 0.
        #expect(close(try flow(r, "a", step: 1), 40))
        #expect(close(try flow(r, "b", step: 1), 10))
        #expect(close(try flow(r, "c", step: 1), 0))
        #expect(shared == 0)
    }

    @Test("Proportional: equal fractions of the limits; C, whose demand is below its share, gets its demand")
    func proportional() throws {
        let (r, shared) = try run(.proportional)
        // Water-filling: C's 6 is below f·20 for any f > 0.3, so C gets 6 and A and B share
        // the other 44: 40 f + 40 f = 44, f = 0.55, A 22, B 22 (B's demand 30 is above 22).
        let a = try flow(r, "a", step: 1), b = try flow(r, "b", step: 1), c = try flow(r, "c", step: 1)
        #expect(abs(a / 40 - 0.55) <= Self.fractionTolerance)
        #expect(abs(b / 40 - 0.55) <= Self.fractionTolerance)
        #expect(close(c, 6))
        #expect(abs(a / 40 - b / 40) <= Self.fractionTolerance)
        #expect(close(a + b + c, 50))
        #expect(shared == 1)
        #expect(r.worstMassBalanceResidual <= Simulation.massBalanceTolerance)
    }

    @Test("A step without shortage is the priority solve's, unchanged", arguments: [ShortageSharing.Rule.proportional, .maxmin])
    func noShortageUnchanged(rule: ShortageSharing.Rule) throws {
        let (plain, _) = try run(nil)
        let (shared, _) = try run(rule)
        for name in ["a", "b", "c", "sea"] {
            #expect(try flow(shared, name, step: 0) == flow(plain, name, step: 0))
        }
        #expect(close(try flow(shared, "a", step: 0), 40))
        #expect(close(try flow(shared, "sea", step: 0), 24))
    }

    @Test("Max–min over two groups: C gets its demand, A and B rise together to 0.55; its smallest fraction is at least proportional’s")
    func maxminAtLeastProportional() throws {
        let groups = [["a", "b"], ["c"]]
        let (mm, _) = try run(.maxmin, groups: groups)
        let (prop, _) = try run(.proportional, groups: groups)
        func fractions(_ r: BasinResults) throws -> [Double] {
            try ["a", "b", "c"].map { try flow(r, $0, step: 1) / (Self.limits[$0] ?? 1) }
        }
        let m = try fractions(mm), p = try fractions(prop)
        // Max–min with C's demand 6 (fraction 0.3 at most): C gets 6, then A and B rise together
        // to (50 − 6) / 80 = 0.55.
        #expect(abs(m[0] - 0.55) <= Self.fractionTolerance)
        #expect(abs(m[1] - 0.55) <= Self.fractionTolerance)
        #expect(close(m[2] * 20, 6))
        #expect((m.min() ?? 0) >= (p.min() ?? 0) - Self.fractionTolerance)
    }
}
