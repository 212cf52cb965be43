import Testing
import AralModel
import AralSchema
import AralEngine

/// The shipped Amu Darya model shares its dry-year shortages by its own rule
/// (`policy.sharing: proportional` over the reaches named in `policy.sharingGroups`).
@Suite("Shortage sharing on the shipped Amu Darya model")
struct AmuDaryaSharingTests {
    /// The bound: fractions of the parties sharing a reach agree within 1 percentage point.
    static let fractionTolerance = 0.01
    /// A party counts as short below this fraction of its limit (solver noise above it).
    static let fullFraction = 1 - 1e-6

    /// Each member's fraction of its limit at each step: its deliveries over its demands'
    /// maximum flows (the ICWC limits spread by month), nil where the limit is zero.
    static func fractions(_ r: BasinResults, _ member: ShortageSharing.Member) throws -> [Double?] {
        if member.allocation != nil {
            // The Aral Sea and the deltas (133 m³/s on the Amu Darya, 4.2 km³ a year), the North
            // Aral (monthly on the Syr Darya): the sink's inflow over its minimum flow that step.
            #expect(member.allocation == .sinkMinimum)
            let node = try #require(member.nodes.first)
            let net = r.model.network
            let flow = try #require(r.values(net.nodes[node].name, "flow"))
            // Capped at 1: more than its allocation (a wet month's surplus) is not its claim.
            return flow.indices.map { t in
                let minimum = net.scheduledValue(net.nodes[node].minFlow, at: t)
                return minimum > 0 ? min(1, flow[t] / minimum) : nil
            }
        }
        let names = member.nodes.compactMap { node in r.model.elements.first { $0.kind == .demand && $0.node == node }?.name }
        #expect(names.count == member.nodes.count)
        let flows = try names.map { try #require(r.values($0, "flow")) }
        let limits = try names.map { try #require(r.values($0, "demand")) }
        return r.steps.indices.map { t in
            let limit = limits.reduce(0) { $0 + $1[t] }
            return limit > 0 ? flows.reduce(0) { $0 + $1[t] } / limit : nil
        }
    }

    @Test("Dry year: on every short step the parties sharing a reach, and the Aral and delta allocation below Tuyamuyun, get the same fraction of their limits")
    func dryYearFractionsAgree() throws {
        let r = try Models.run(Models.amuDarya, scenarios: ["dry-year"])
        let sharing = try #require(r.model.network.sharing, "the model states no sharing rule")
        #expect(sharing.rule == .proportional)
        #expect(sharing.groups.map { Set($0.members.map(\.party)) } == [["UZ", "TM"], ["UZ", "TM", "aral-sea-south"]])
        var shortSteps = 0, worstSpread = 0.0, aralShortSteps = 0
        for group in sharing.groups {
            let fractions = try group.members.map { try Self.fractions(r, $0) }
            for t in r.steps.indices {
                let values = fractions.compactMap { $0[t] }
                guard let low = values.min(), let high = values.max(), low < Self.fullFraction else { continue }
                shortSteps += 1
                if group.members.contains(where: { $0.allocation != nil }) && low < Self.fullFraction { aralShortSteps += 1 }
                worstSpread = max(worstSpread, high - low)
                #expect(high - low <= Self.fractionTolerance,
                        "\(group.name) at \(r.steps[t].date): fractions \(values.map { ($0 * 1000).rounded() / 10 }) %")
            }
        }
        // The dry year does cut limits (else this test would check nothing).
        #expect(shortSteps > 0)
        #expect(aralShortSteps > 0)
        #expect(worstSpread <= Self.fractionTolerance)
        #expect(r.worstMassBalanceResidual <= Simulation.massBalanceTolerance)
    }

    @Test("Dry year: no demand gets more than its limit; Afghanistan, with no ICWC limit, is in no group")
    func noPartyAboveItsLimit() throws {
        let r = try Models.run(Models.amuDarya, scenarios: ["dry-year"])
        for e in r.model.elements where e.kind == .demand {
            let flow = try #require(r.values(e.name, "flow")), limit = try #require(r.values(e.name, "demand"))
            for t in flow.indices { #expect(flow[t] <= limit[t] * (1 + 1e-9) + 1e-9, "\(e.name) at \(r.steps[t].date)") }
        }
        let sharing = try #require(r.model.network.sharing)
        #expect(!sharing.groups.flatMap(\.members).contains { $0.party == "AF" })
    }
}
