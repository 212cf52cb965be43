import Testing
import AralModel
import AralSchema
import AralEngine

/// `policy.sharingGroups` errors name the key path and what is wrong.
@Suite("Sharing groups in the model file")
struct SharingGroupCompileTests {
    static func model(_ groups: String, sharing: String = "proportional") -> String {
        """
        timestepper: {start: 2001-01-01, end: 2001-02-28, step: monthly}
        parties: [{code: A, name: Alpha}, {code: B, name: Beta}]
        nodes:
          - {name: river, kind: inflow, flow: 50}
          - {name: split, kind: confluence}
          - {name: a, kind: demand, owner: A, maxFlow: 40}
          - {name: b, kind: demand, owner: B, maxFlow: 30}
          - {name: sea, kind: sink}
        edges: [[river, split], [split, a], [split, b], [split, sea]]
        policy:
          sharing: \(sharing)
          sharingGroups: \(groups)
        """
    }

    @Test("A group compiles into the network's rule, one member per owner")
    func compiles() throws {
        let model = try compile(Self.model("[{name: reach, demands: [a, b]}]"))
        let sharing = try #require(model.network.sharing)
        #expect(sharing.rule == .proportional)
        #expect(sharing.groups.map(\.name) == ["reach"])
        #expect(sharing.groups.first?.members.map(\.party) == ["A", "B"])
        #expect(try compile(Self.model("[{name: reach, demands: [a, b]}]", sharing: "priority")).network.sharing == nil)
    }

    @Test("An unknown node, a non-demand and a demand in two groups are errors at their key paths")
    func badGroups() throws {
        let unknown = problems(Self.model("[{name: reach, demands: [a, bb]}]"))
        #expect(unknown.contains { $0.path == "policy.sharingGroups[0].demands[1]" && $0.message.contains("'bb' is not a node") })
        let notDemand = problems(Self.model("[{name: reach, demands: [a, sea]}]"))
        #expect(notDemand.contains { $0.path == "policy.sharingGroups[0].demands[1]" && $0.message.contains("not a demand") })
        let twice = problems(Self.model("[{name: r1, demands: [a, b]}, {name: r2, demands: [b]}]"))
        #expect(twice.contains { $0.path == "policy.sharingGroups[1].demands[0]" && $0.message.contains("already in sharing group 'r1'") })
        let typo = problems(Self.model("[{name: reach, demand: [a, b]}]"))
        #expect(!typo.isEmpty)
    }
}
