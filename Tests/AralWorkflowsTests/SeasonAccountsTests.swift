import Foundation
import Testing
import AralSchema
import AralModel
import AralEngine
import AralWorkflows

/// A run's accounts per party and season (`SeasonAccounts`, the server's run pages): a jointly
/// owned plant's energy is each owner's by share, as the plan counts it; a plant with one owner
/// is all its owner's.
@Suite("Season accounts of a run")
struct SeasonAccountsTests {
    static let model = """
    name: joint-plant-run
    timestepper: {start: 2001-01-01, end: 2001-12-31, step: monthly}
    parties: [{code: UP, name: Upstream}, {code: DN, name: Downstream}]
    nodes:
      - {name: river, kind: inflow, flow: 100}
      - {name: dam, kind: reservoir, owner: UP, maxVolume: 1000, minVolume: 0, initialVolume: 500}
      - {name: plant, kind: hydropower, owner: UP, owners: {UP: 0.25, DN: 0.75}, reservoir: dam, capacityMW: 1000, efficiency: 1.0, head: 100}
      - {name: small, kind: hydropower, owner: DN, link: mouth, capacityMW: 10, efficiency: 1.0, head: 10}
      - {name: fields, kind: demand, owner: DN, maxFlow: 40}
      - {name: mouth, kind: link}
      - {name: sea, kind: sink}
    edges: [[river, dam], [dam, fields], [dam, mouth], [mouth, sea]]
    """
    static let toleranceGWh = 1e-9

    @Test("a joint plant's energy is split by share between its owners, every season")
    func jointPlantBySharePerSeason() throws {
        let path = try Fixtures.temporaryFile(Self.model, name: "joint-plant-run.yaml")
        let basin = try ModelLoading.loadBasin(.file(path: path))
        let results = try RunWorkflow.run(basin).results
        let plant = try #require(results.values("plant", "energy"))
        let small = try #require(results.values("small", "energy"))
        let accounts = SeasonAccounts(results)
        let seasons = Set(results.steps.map { SeasonAccounts.season(of: $0.date) })
        #expect(seasons.count >= 2)
        for season in seasons {
            let steps = results.steps.indices.filter { SeasonAccounts.season(of: results.steps[$0].date) == season }
            let plantGWh = steps.reduce(0) { $0 + plant[$1] / 1000 }
            let smallGWh = steps.reduce(0) { $0 + small[$1] / 1000 }
            #expect(plantGWh > 0, "the joint plant makes energy in \(season)")
            let up = accounts.parties.first { $0.season == season && $0.party == "UP" }?.energyGWh ?? 0
            let dn = accounts.parties.first { $0.season == season && $0.party == "DN" }?.energyGWh ?? 0
            #expect(abs(up - 0.25 * plantGWh) <= Self.toleranceGWh, "UP in \(season): \(up) GWh, its quarter of \(plantGWh)")
            #expect(abs(dn - (0.75 * plantGWh + smallGWh)) <= Self.toleranceGWh, "DN in \(season): \(dn) GWh")
        }
    }
}
