import Foundation
import Testing
import AralModel
import AralSchema

/// The compiler and the planner agree on what a valid share is because only the compiler
/// judges it (`BasinPolicy.isValidShare`), and the compiled model carries the checked policy.
@Suite("Policy on the compiled model")
struct PolicyRuleTests {
    static func model(shares: String) -> String {
        """
        name: shares
        timestepper: {start: 2000-01-01, end: 2000-12-31, step: monthly}
        parties: [{code: KG, name: Kyrgyzstan}, {code: UZ, name: Uzbekistan}]
        nodes:
          - {name: river, kind: inflow, flow: 10}
          - {name: farms, kind: demand, owner: UZ, maxFlow: 5, priority: 1}
          - {name: sea, kind: sink}
        edges: [[river, farms], [river, sea]]
        policy:
          sharing: proportional
          shares: {syr: \(shares)}
          seasons: {vegetation: [4, 5, 6]}
        """
    }

    static func compile(_ text: String) -> Result<BasinModel, ModelFileError> {
        Result { () throws(ModelFileError) -> BasinModel in
            try ModelLoader.compile(try ModelLoader.decode(text, file: "shares.yaml"), text: text, file: "shares.yaml")
        }
    }

    @Test("a share above 1 is refused by the compiler, though the shares sum to 1")
    func shareAboveOne() {
        guard case .failure(let error) = Self.compile(Self.model(shares: "{KG: 1.5, UZ: -0.5}")) else {
            Issue.record("shares of 1.5 and -0.5 were accepted")
            return
        }
        let paths = Set(error.issues.compactMap(\.path))
        #expect(paths == ["policy.shares.syr.KG", "policy.shares.syr.UZ"])
        #expect(error.issues.allSatisfy { $0.message.contains("between 0 and 1") && $0.line == 11 })
    }

    @Test("the compiled model carries the checked policy and each inflow's series")
    func carried() throws {
        let model = try Self.compile(Self.model(shares: "{KG: 0.25, UZ: 0.75}")).get()
        #expect(model.policy.isGiven)
        #expect(model.policy.sharing == .proportional)
        #expect(model.policy.shares["syr"]?["UZ"] == 0.75)
        #expect(model.policy.vegetationMonths == [4, 5, 6])
        #expect(model.edges.map(\.from) == ["river", "river"])
        #expect(model.element(named: "river")?.inflowSeries == nil)
    }

    @Test("a vegetation season with no month, all 12 or a month twice is refused at its key path", arguments: [
        ("[]", "policy.seasons.vegetation", "lists no month"),
        ("[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]", "policy.seasons.vegetation", "lists all 12 months"),
        ("[4, 5, 5, 6]", "policy.seasons.vegetation[2]", "month 5 is listed twice"),
    ])
    func vegetationSeason(months: String, path: String, message: String) {
        let text = Self.model(shares: "{KG: 0.25, UZ: 0.75}").replacingOccurrences(of: "vegetation: [4, 5, 6]", with: "vegetation: \(months)")
        guard case .failure(let error) = Self.compile(text) else {
            Issue.record("vegetation \(months) was accepted")
            return
        }
        #expect(error.issues.count == 1)
        #expect(error.issues.first?.path == path)
        #expect(error.issues.first?.message.contains(message) == true, "\(error)")
    }
}
