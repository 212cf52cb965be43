import Testing
import Foundation
import AralModel
import AralPlanning

/// Level 2's entitlements per season (`PlanOptions.seasonalEntitlements`; docs/planning.md,
/// "Per season"): a reservoir that can
/// carry winter water into summer, one party short by half in both seasons.
///
/// Hand-worked: a winter step (30 days from 2 March) and a summer step (30 days from 1 April);
/// inflow 50 m³/s in each; an empty reservoir that must end empty, so 100 m³/s-steps reach DN in
/// all. DN asks 100 in March (its winter fields, priority 2) and 100 in April (its summer
/// fields, priority 1): its entitlements are 259.2 Mm³ in each season, 518.4 over the horizon.
/// * One entitlement over the horizon: any split of the 259.2 Mm³ gives DN half of it, so the
///   priorities decide and the summer fields take it all: 0 in March, 100 in April.
/// * Per season: DN gets the same fraction, ½, in both seasons: 50 in March, 50 in April; the
///   growing season cannot rise above ½ without taking the winter's below it.
let shortInBothSeasons = """
name: short-in-both-seasons
timestepper: {start: 2001-03-02, end: 2001-04-30, step: 30}
parties: [{code: DN, name: Downstream}]
nodes:
  - {name: river, kind: inflow, flow: 50}
  - {name: dam, kind: reservoir, maxVolume: 1000, minVolume: 0, initialVolume: 0, maxRelease: 200}
  - {name: winter-fields, kind: demand, owner: DN, priority: 2, maxFlow: {monthly: [0, 0, 100, 0, 0, 0, 0, 0, 0, 0, 0, 0]}}
  - {name: summer-fields, kind: demand, owner: DN, priority: 1, maxFlow: {monthly: [0, 0, 0, 100, 0, 0, 0, 0, 0, 0, 0, 0]}}
  - {name: sea, kind: sink}
edges: [[river, dam], [dam, winter-fields], [dam, summer-fields], [dam, sea]]
policy:
  shares: {amu: {DN: 1.0}}
  sharing: SHARING
"""

@Suite("Plan: entitlements per season")
struct SeasonEntitlementTests {
    static let mm3PerCumecStep = 2.592

    @Test("the seasons' entitlements are each season's own demand", arguments: ["proportional", "maxmin"])
    func entitlements(_ sharing: String) throws {
        let planner = try PlanFixture.planner(shortInBothSeasons.replacingOccurrences(of: "SHARING", with: sharing))
        let seasons = planner.inputs.seasonEntitlements
        #expect(seasons.map(\.season) == ["growing", "non-growing"])
        #expect(seasons.map(\.steps) == [[1], [0]])
        for season in seasons { #expect(close(season.entitlementsMm3[0], 100 * Self.mm3PerCumecStep, volumeTolerance)) }
    }

    /// DN's winter and summer deliveries (m³/s) in a plan with or without seasonal entitlements.
    static func deliveries(_ sharing: String, seasonal: Bool) throws -> (winter: Double, summer: Double) {
        var options = PlanOptions()
        options.seasonalEntitlements = seasonal
        let planner = try PlanFixture.planner(shortInBothSeasons.replacingOccurrences(of: "SHARING", with: sharing), options: options)
        let plan = try planner.plan()
        let net = planner.inputs.network
        let winter = try #require(net.nodeIndex(named: "winter-fields")), summer = try #require(net.nodeIndex(named: "summer-fields"))
        return (plan.nodeFlows[0][winter], plan.nodeFlows[1][summer])
    }

    @Test("per season, a short year is short in both seasons alike: ½ of each season's limit", arguments: ["proportional", "maxmin"])
    func equalFractions(_ sharing: String) throws {
        let (winter, summer) = try Self.deliveries(sharing, seasonal: true)
        #expect(close(winter, 50, volumeTolerance), "March \(winter) m³/s")
        #expect(close(summer, 50, volumeTolerance), "April \(summer) m³/s")
    }

    @Test("over the horizon (the default), the priorities put all of it in the summer", arguments: ["proportional", "maxmin"])
    func horizonDefault(_ sharing: String) throws {
        let (winter, summer) = try Self.deliveries(sharing, seasonal: false)
        #expect(close(winter, 0, volumeTolerance), "March \(winter) m³/s")
        #expect(close(summer, 100, volumeTolerance), "April \(summer) m³/s")
    }
}
