import Foundation
import Testing
import AralModel
import AralSchema
import AralPlanning

/// Kambarata-1 as the joint KZ–KG–UZ plant of the 2024 draft agreement (KG 34%, KZ 33%, UZ 33%;
/// scenario `kambarata-1-joint`): a plant with several owners and their shares of its energy
/// (`owners:` in the model file, `HydropowerPlant.shares`), and what it changes in the 2018-19
/// exchange (issue 14).
@Suite("Kambarata-1 as a jointly owned plant")
struct SyrDaryaExchangeJointPlantTests {
    /// The draft tripartite agreement's shares (Interfax, 15 April 2024; the scenario's header).
    static let agreedShares = ["KG": 0.34, "KZ": 0.33, "UZ": 0.33]
    /// Shares are compared as written (decimal text to Double).
    static let shareTolerance = 1e-12
    /// LP noise on energy (MWh).
    static let energyToleranceMWh = 1.0

    @Test("kambarata-1-joint compiles Kambarata-1 with its owners' shares; KG operates it; other plants keep one owner")
    func sharesCompile() throws {
        let (read, text) = try ModelLoader.readDocument(path: Models.syrDarya)
        let document = try ScenarioOverlay.apply(["kambarata-1-joint"], to: read, modelPath: Models.syrDarya)
        let model = try ModelLoader.compile(document, text: text, file: Models.syrDarya)
        let plant = try #require(model.network.hydropower.first { $0.name == "kambarata-1-hpp" })
        #expect(plant.owner == "KG")
        #expect(plant.shares.map(\.party) == ["KG", "KZ", "UZ"], "sorted by party")
        for (party, share) in Self.agreedShares {
            #expect(abs(plant.share(of: party) - share) <= Self.shareTolerance, "\(party): \(plant.share(of: party))")
        }
        #expect(plant.share(of: "TJ") == 0)
        let total = model.parties.map { plant.share(of: $0.code) }.reduce(0, +)
        #expect(abs(total - 1) <= Self.shareTolerance, "shares over the parties sum to \(total)")
        let toktogul = try #require(model.network.hydropower.first { $0.name == "toktogul-hpp" })
        #expect(toktogul.shares.isEmpty)
        #expect(toktogul.share(of: "KG") == 1 && toktogul.share(of: "UZ") == 0)
    }

    /// Applies `owners` text to Kambarata-1's plant through a scenario and returns the error.
    func ownersError(_ owners: String, operatorParty: String? = nil) throws -> (ModelFileError, String) {
        let folder = try Models.temporaryFolder()
        let file = (folder as NSString).appendingPathComponent("joint.yaml")
        var text = "nodes:\n  kambarata-1: {enabled: true}\n  kambarata-1-hpp:\n    enabled: true\n    owners: \(owners)\n"
        if let operatorParty { text += "    owner: \(operatorParty)\n" }
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let (document, _) = try ModelLoader.readDocument(path: Models.syrDarya)
        do {
            _ = try ScenarioOverlay.apply([file], to: document, modelPath: Models.syrDarya)
        } catch {
            return (error, file)
        }
        Issue.record("the scenario was accepted: \(text)")
        return (ModelFileError(issues: []), file)
    }

    @Test("Shares that do not sum to 1 are an error at the plant's owners")
    func sharesMustSumToOne() throws {
        let (error, file) = try ownersError("{KG: 0.5, KZ: 0.3}")
        let issue = try #require(error.issues.first { $0.path == "nodes.kambarata-1-hpp.owners" }, "\(error.issues)")
        #expect(issue.file == file)
        #expect(issue.message.contains("sum to 0.8"), "\(issue.message)")
    }

    @Test("An owner that is not a party is an error at its key")
    func ownerMustBeAParty() throws {
        let (error, _) = try ownersError("{KG: 0.5, XX: 0.5}")
        let issue = try #require(error.issues.first { $0.path == "nodes.kambarata-1-hpp.owners.XX" }, "\(error.issues)")
        #expect(issue.message.contains("'XX' is not a party"), "\(issue.message)")
    }

    @Test("A share outside (0, 1] is an error at its key")
    func shareInRange() throws {
        let (error, _) = try ownersError("{KG: 1.2, KZ: -0.2}")
        let issue = try #require(error.issues.first { $0.path == "nodes.kambarata-1-hpp.owners.KZ" }, "\(error.issues)")
        #expect(issue.message.contains("(0, 1]"), "\(issue.message)")
    }

    @Test("The operator must be one of the owners")
    func operatorIsAnOwner() throws {
        let (error, _) = try ownersError("{KZ: 0.5, UZ: 0.5}", operatorParty: "KG")
        let issue = try #require(error.issues.first { $0.path == "nodes.kambarata-1-hpp.owner" }, "\(error.issues)")
        #expect(issue.message.contains("not one of the plant's owners"), "\(issue.message)")
    }

    /// The 2018-19 exchange with the joint plant, from the run's state under the same scenario.
    /// Kambarata-1's energy, split by share from the plan's own output, adds up to the plant's;
    /// the winter energy the exchange says KG forgoes should count only KG's share of
    /// Kambarata-1 (KZ and UZ forgo their own shares), as the planner counts it
    /// (`HydropowerPlant.share(of:)` in the exchange and in each state's "alone" plan).
    @Test("2018-19 with the joint Kambarata-1: its energy split by share, and KG's forgone winter energy by share")
    func exchangeWithJointPlant() throws {
        let plans = try SyrDaryaExchangeTests.plans(SyrDaryaExchangeTests.readmeYear, scenarios: ["kambarata-1-joint"])
        let network = plans.inputs.model.network
        let k = try #require(network.hydropower.firstIndex { $0.name == "kambarata-1-hpp" })
        let plant = network.hydropower[k]
        let total = plans.consortium.energyMWh[k].reduce(0, +)
        #expect(total > Self.energyToleranceMWh, "Kambarata-1 makes energy in the consortium plan: \(total) MWh")
        let split = Self.agreedShares.keys.map { party in plant.share(of: party) * total }.reduce(0, +)
        #expect(abs(split - total) <= Self.energyToleranceMWh, "the owners' parts add up to the plant's energy")

        let winter = plans.consortium.steps.filter { !plans.inputs.policy.isVegetation($0) }.map(\.index)
        func winterEnergy(_ s: PlanSolution, party: String) -> Double {
            network.hydropower.indices.reduce(0) { sum, p in
                sum + network.hydropower[p].share(of: party) * winter.reduce(0) { $0 + s.energyMWh[p][$1] }
            }
        }
        let kgForgoneByShare = winterEnergy(plans.alone, party: "KG") - winterEnergy(plans.consortium, party: "KG")
        let kg = try #require(plans.exchange.upstream.first { $0.party == "KG" })
        let kambarataForgone = winter.reduce(0) { $0 + plans.alone.energyMWh[k][$1] - plans.consortium.energyMWh[k][$1] }
        #expect(abs(kg.winterEnergyForgoneMWh - kgForgoneByShare) <= Self.energyToleranceMWh,
                "KG forgoes \(kg.winterEnergyForgoneMWh) MWh in the exchange, \(kgForgoneByShare) by share (Kambarata-1's forgone winter energy \(kambarataForgone) MWh)")
    }
}
