import Testing
import Foundation
import AralModel
import AralSchema
import AralPlanning

@Suite("Bad input: errors name the key")
struct BadInputTests {
    func paths(_ yaml: String) -> [String] { PlanFixture.issues(yaml).map(\.path) }

    @Test("shares that do not sum to 1")
    func sharesSum() {
        let yaml = twoSeasons.replacingOccurrences(of: "shares: {syr: {DN: 1.0}}", with: "shares: {syr: {DN: 0.7, UP: 0.2}}")
        #expect(paths(yaml).contains("policy.shares.syr"))
    }

    @Test("a share for a party that does not exist")
    func unknownParty() {
        let yaml = twoSeasons.replacingOccurrences(of: "shares: {syr: {DN: 1.0}}", with: "shares: {syr: {DN: 0.5, XX: 0.5}}")
        #expect(paths(yaml).contains("policy.shares.syr.XX"))
    }

    @Test("an owner that is not a party")
    func owner() {
        let yaml = twoSeasons.replacingOccurrences(of: "kind: demand, owner: DN", with: "kind: demand, owner: QQ")
        #expect(paths(yaml).contains("nodes[3].owner"))
    }

    @Test("an environmental flow at a missing node")
    func environmentalNode() {
        let yaml = twoSeasons.replacingOccurrences(of: "  sharing: proportional",
                                                   with: "  sharing: proportional\n  environmentalFlows: [{node: delta, minFlow: 10}]")
        #expect(paths(yaml).contains("policy.environmentalFlows[0].node"))
    }

    @Test("prices missing for a party that owns a plant")
    func prices() {
        let yaml = twoSeasons.replacingOccurrences(of: "energyPrices: {UP:", with: "energyPrices: {DN:")
        let issues = PlanFixture.issues(yaml)
        #expect(issues.contains { $0.path == "exchange.energyPrices" && $0.message.contains("'UP'") })
    }

    /// Listed twice, every obligation of the party was written twice (found from outside).
    @Test("an upstream party listed twice")
    func upstreamTwice() {
        let yaml = twoSeasons.replacingOccurrences(of: "energyPrices: {UP:", with: "upstream: [UP, UP]\n  energyPrices: {UP:")
        let issues = PlanFixture.issues(yaml)
        #expect(issues.contains { $0.path == "exchange.upstream[1]" && $0.message.contains("'UP' is listed twice") }, "\(issues)")
    }

    /// A sink's `minFlow: 1e30` aborted CLP inside the plan (found from outside). The compiler
    /// now refuses it first (past `InputLimits.maxMagnitude`), so `aral validate` does too.
    @Test("a minimum flow beyond the solver's range is refused at its node")
    func minimumBeyondSolverRange() {
        let yaml = twoSeasons.replacingOccurrences(of: "kind: demand, owner: DN", with: "kind: demand, owner: DN, minFlow: 1e30")
        let issues = PlanFixture.issues(yaml)
        #expect(issues.contains { $0.path == "nodes[3].minFlow" && $0.message.contains("beyond any basin's value") }, "\(issues)")
    }

    @Test("an unknown key in the policy")
    func unknownKey() {
        let yaml = twoSeasons.replacingOccurrences(of: "  sharing: proportional", with: "  sharng: proportional")
        let issues = PlanFixture.issues(yaml)
        #expect(issues.contains { $0.path == "policy.sharng" && $0.message.contains("did you mean 'sharing'") })
    }

    @Test("an unknown sharing rule")
    func sharingRule() {
        let yaml = twoSeasons.replacingOccurrences(of: "sharing: proportional", with: "sharing: fairest")
        #expect(paths(yaml).contains("policy.sharing"))
    }

    @Test("a horizon outside the inflow data")
    func horizon() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("aral-plan-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "date,river\n2001-01,100\n2001-02,100\n2001-03,100\n2001-04,100\n".write(
            to: dir.appendingPathComponent("flows.csv"), atomically: true, encoding: .utf8)
        let yaml = twoSeasons.replacingOccurrences(of: "{name: river, kind: inflow, flow: 100}",
                                                   with: "{name: river, kind: inflow, flow: {csv: flows.csv, column: river}}")
        let file = dir.appendingPathComponent("model.yaml").path
        let doc = try ModelLoader.decode(yaml, file: file)
        let from = try #require(CivilDate(parsing: "2001-03-01")), to = try #require(CivilDate(parsing: "2001-06-30"))
        var horizon = try PlanHorizon.apply(to: doc, from: from, to: to)
        horizon.timestepper.step = "monthly"
        #expect(throws: ModelFileError.self) { try ModelLoader.compile(horizon, text: yaml, file: file) }
        do { _ = try ModelLoader.compile(horizon, text: yaml, file: file) } catch {
            #expect(error.issues.contains { $0.path == "nodes[0].flow" && $0.message.contains("2001-05-01") })
        }
        // Within the data it compiles.
        var inside = try PlanHorizon.apply(to: doc, from: from, to: try #require(CivilDate(parsing: "2001-04-30")))
        inside.timestepper.step = "monthly"
        #expect(try ModelLoader.compile(inside, text: yaml, file: file).network.steps.count == 2)
    }

    @Test("a forecast column that is not an inflow")
    func forecastColumn() throws {
        let doc = try ModelLoader.decode(twoSeasons, file: "m.yaml")
        let from = try #require(CivilDate(parsing: "2001-03-01"))
        #expect(throws: PlanError.self) {
            try PlanHorizon.apply(to: doc, from: from, to: from, forecast: (file: "f.csv", columns: ["fields"]))
        }
    }

    @Test("a starting storage for a node that is not a reservoir is named by key path")
    func initialVolumeNotReservoir() throws {
        let doc = try ModelLoader.decode(twoSeasons, file: "m.yaml")
        let from = try #require(CivilDate(parsing: "2001-03-01"))
        do {
            _ = try PlanHorizon.apply(to: doc, from: from, to: from, initialVolumes: ["fields": 10, "nowhere": 10])
            Issue.record("a starting storage for a demand and a missing node was accepted")
        } catch {
            guard case .invalidInput(let invalid) = error else { Issue.record("unexpected \(error)"); return }
            #expect(invalid.issues.map(\.path) == ["initialVolumes.fields", "initialVolumes.nowhere"])
        }
    }

    /// 50 m³/s reach the sea; a hard minimum of 80 there is short by 30 at both steps.
    @Test("an environmental minimum larger than the water is infeasible, with node, step and shortfall")
    func infeasible() throws {
        let yaml = """
        name: dry
        timestepper: {start: 2001-07-01, end: 2001-08-31, step: monthly}
        parties: [{code: DN, name: Downstream}]
        nodes:
          - {name: river, kind: inflow, flow: 50}
          - {name: sea, kind: sink}
        edges: [[river, sea]]
        policy:
          environmentalFlows: [{node: sea, minFlow: 80}]
        """
        let planner = try PlanFixture.planner(yaml)
        let shortfalls = Self.shortfalls { try planner.plan() }
        #expect(shortfalls.count == 2)
        for s in shortfalls {
            #expect(s.node == "sea" && s.what == "environmental flow")
            #expect(close(s.shortfallM3s, 30, volumeTolerance))
        }
        #expect(Set(shortfalls.map(\.step)) == [0, 1])
        #expect(shortfalls.map(\.date.description).sorted() == ["2001-07-01", "2001-08-01"])
    }

    /// The shortfalls of an infeasible plan (empty if it was not infeasible).
    static func shortfalls(_ make: () throws -> PlanSolution) -> [PlanError.Shortfall] {
        do {
            _ = try make()
        } catch {
            if let planError = error as? PlanError, case .infeasible(let list) = planError { return list }
        }
        return []
    }
}
