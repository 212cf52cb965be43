import Testing
import Foundation
import AralModel
import AralSchema

/// Every malformed model is an error naming the place and the fix, never a crash.
@Suite("Bad model input")
struct BadInputTests {
    let base = """
    timestepper: {start: 2001-01-01, end: 2001-01-03, step: daily}
    nodes:
      - {name: river, kind: inflow, flow: 10}
      - {name: sea, kind: sink}
    edges: [[river, sea]]
    """

    @Test("The base model is valid")
    func baseIsValid() {
        #expect(problems(base).isEmpty)
    }

    /// An inflow of 1e30 crashed CLP; a profile or series value there is refused where it is.
    @Test("A monthly value beyond the solver's range is refused at its index and line")
    func valueBeyondSolverRange() throws {
        let issues = problems(base.replacingOccurrences(of: "flow: 10}", with: "flow: {monthly: [1e30, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]}}"))
        let issue = try #require(issues.first)
        #expect(issue.path == "nodes[0].flow[0]")
        #expect(issue.line == 3)
        #expect(issue.message.contains("beyond any basin's value"), "\(issue)")
    }

    @Test("An unknown node kind names the kind, the line and the kinds there are")
    func unknownKind() throws {
        let issues = problems(base.replacingOccurrences(of: "kind: sink", with: "kind: lake"))
        let issue = try #require(issues.first)
        #expect(issue.line == 4)
        #expect(issue.path == "nodes[1].kind")
        #expect(issue.message.contains("unknown node kind 'lake'"))
        #expect(issue.message.contains("reservoir"))
    }

    @Test("An edge to a missing node names the edge and suggests the closest name")
    func edgeToMissingNode() throws {
        let issues = problems(base.replacingOccurrences(of: "[[river, sea]]", with: "[[river, see]]"))
        let issue = try #require(issues.first)
        #expect(issue.path == "edges[0]")
        #expect(issue.line == 5)
        #expect(issue.message.contains("'see'"))
        #expect(issue.message.contains("did you mean 'sea'"))
    }

    @Test("A negative capacity is refused with its key path and line")
    func negativeCapacity() throws {
        let text = """
        timestepper: {start: 2001-01-01, end: 2001-01-03, step: daily}
        nodes:
          - {name: river, kind: inflow, flow: 10}
          - name: canal
            kind: link
            capacity: -5
          - {name: sea, kind: sink}
        edges: [[river, canal], [canal, sea]]
        """
        let issue = try #require(problems(text).first)
        #expect(issue.path == "nodes[1].capacity")
        #expect(issue.line == 6)
        #expect(issue.message.contains("must be ≥ 0"))
    }

    @Test("A volume table that is not increasing names the offending point")
    func tableNotMonotonic() throws {
        let text = """
        timestepper: {start: 2001-01-01, end: 2001-01-03, step: daily}
        nodes:
          - {name: river, kind: inflow, flow: 10}
          - name: dam
            kind: reservoir
            maxVolume: 100
            table: {volume: [0, 50, 40, 100], area: [0, 1, 2, 3]}
          - {name: sea, kind: sink}
        edges: [[river, dam], [dam, sea]]
        """
        let issue = try #require(problems(text).first)
        #expect(issue.path == "nodes[1].table.volume[2]")
        #expect(issue.line == 7)
        #expect(issue.message.contains("increase strictly"))
    }

    /// The error of loading `base` with the river's flow read from `csv` (written as
    /// flows.csv beside the model) by `column`; nil when the model loads.
    func csvLoadError(_ csv: String, column: String) throws -> String? {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("aral-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try csv.write(to: dir.appendingPathComponent("flows.csv"), atomically: true, encoding: .utf8)
        let model = dir.appendingPathComponent("model.yaml")
        try base.replacingOccurrences(of: "flow: 10", with: "flow: {csv: flows.csv, column: \(column)}")
            .write(to: model, atomically: true, encoding: .utf8)
        do {
            _ = try ModelLoader.load(path: model.path)
            return nil
        } catch {
            return error.description
        }
    }

    @Test("A missing CSV column lists the columns there are")
    func missingCSVColumn() throws {
        let text = try #require(try csvLoadError("date,naryn,karadarya\n2001-01-01,1,2\n2001-01-02,1,2\n2001-01-03,1,2\n", column: "chirchik"),
                                "expected an error")
        #expect(text.contains("nodes[0].flow"))
        #expect(text.contains("no column 'chirchik'"))
        #expect(text.contains("naryn, karadarya"))
    }

    /// `maxFlow: .inf` on a demand passed validation and then failed the run's JSON report
    /// ("Unable to encode Double.inf"): found from outside.
    @Test("A demand asking an infinite flow is refused at its key path")
    func infiniteDemand() throws {
        let text = base.replacingOccurrences(of: "  - {name: sea, kind: sink}", with: "  - {name: town, kind: demand, maxFlow: .inf}\n  - {name: sea, kind: sink}")
            .replacingOccurrences(of: "edges: [[river, sea]]", with: "edges: [[river, town], [river, sea]]")
        let issue = try #require(problems(text).first)
        #expect(issue.path == "nodes[1].maxFlow", "\(issue)")
        #expect(issue.message.contains("finite"), "\(issue)")
    }

    /// A European spreadsheet's CSV listed no columns at all ("the columns are: ").
    @Test("A semicolon-separated CSV is named as such")
    func semicolonCSV() throws {
        let text = try #require(try csvLoadError("date;naryn\n2001-01-01;1\n2001-01-02;1\n2001-01-03;1\n", column: "naryn"), "expected an error")
        #expect(text.contains("separate its fields with ';'"), "\(text)")
    }

    @Test("A CSV with a gap, a non-number or too few rows names file, line and column")
    func badCSV() throws {
        let cases: [(String, [String])] = [
            ("date,naryn\n2001-01-01,1\n2001-01-03,1\n", ["flows.csv:3", "gap"]),
            ("date,naryn\n2001-01-01,1\n2001-01-02,abc\n2001-01-03,1\n", ["flows.csv:3", "naryn", "'abc' is not a number"]),
            ("date,naryn\n2001-01-01,1\n2001-01-02,1\n", ["no value for 2001-01-03"]),
        ]
        for (csv, expected) in cases {
            guard let text = try csvLoadError(csv, column: "naryn") else {
                Issue.record("expected an error for \(csv)")
                continue
            }
            for fragment in expected { #expect(text.contains(fragment), "\(text) lacks \(fragment)") }
        }
    }

    @Test("A YAML syntax error gives the line")
    func yamlSyntax() throws {
        let issue = try #require(problems("timestepper: {start: 2001-01-01\nnodes: [\n").first)
        #expect(issue.line != nil)
        #expect(issue.message.contains("YAML"))
    }

    @Test("A misspelt key is refused with a suggestion")
    func misspeltKey() throws {
        let issue = try #require(problems(base.replacingOccurrences(of: "flow: 10", with: "flw: 10")).first)
        #expect(issue.message.contains("did you mean 'flow'"))
    }

    @Test("A field of another kind is refused")
    func fieldOfAnotherKind() throws {
        let issue = try #require(problems(base.replacingOccurrences(of: "kind: sink", with: "kind: sink, maxVolume: 4")).first)
        #expect(issue.path == "nodes[1].maxVolume")
        #expect(issue.message.contains("does not apply to a sink"))
    }

    @Test("Several problems are reported together")
    func severalProblems() {
        let text = """
        timestepper: {start: 2001-01-01, end: 2000-01-03, step: daily}
        nodes:
          - {name: river, kind: inflow, flow: 10}
          - {name: river, kind: sink}
        edges: [[river, sea]]
        """
        // Three problems: the end is before the start, 'river' is defined twice, 'sea' is not a
        // node. All three must be reported at once, not one per attempt.
        let issues = problems(text)
        #expect(issues.contains { $0.message.contains("end 2000-01-03 is before start 2001-01-01") }, "\(issues)")
        #expect(issues.contains { $0.message.contains("node name 'river' is already used") }, "\(issues)")
        #expect(issues.contains { $0.message.contains("edge to 'sea', which is not a node") }, "\(issues)")
        let text2 = base.replacingOccurrences(of: "[[river, sea]]", with: "[[river, sea], [river, ocean], [ghost, sea]]")
        #expect(problems(text2).count == 2)
    }

    @Test("Structure errors: an inflow going nowhere, a reservoir above its maximum, an unknown owner")
    func structure() {
        #expect(problems(base.replacingOccurrences(of: "edges: [[river, sea]]", with: "edges: []")).contains { $0.message.contains("no outgoing edge") })
        let reservoir = """
        timestepper: {start: 2001-01-01, end: 2001-01-03, step: daily}
        parties: [{code: KG, name: Kyrgyzstan}]
        nodes:
          - {name: river, kind: inflow, flow: 10}
          - {name: dam, kind: reservoir, owner: XX, maxVolume: 10, initialVolume: 20}
          - {name: sea, kind: sink}
        edges: [[river, dam], [dam, sea]]
        """
        let issues = problems(reservoir)
        #expect(issues.contains { $0.path == "nodes[1].initialVolume" })
        #expect(issues.contains { $0.path == "nodes[1].owner" && $0.message.contains("not a party") })
    }
}

@Suite("Bad minimums")
struct BadMinimumTests {
    @Test("A negative minimum-flow penalty is refused on every kind that takes one", arguments: ["link", "demand", "sink"])
    func negativePenalty(kind: String) throws {
        let extra = kind == "demand" ? ", maxFlow: 5" : ""
        let text = """
        timestepper: {start: 2001-01-01, end: 2001-01-03, step: daily}
        nodes:
          - {name: river, kind: inflow, flow: 10}
          - {name: x, kind: \(kind), minFlow: 3, minFlowPenalty: -1\(extra)}
          - {name: sea, kind: sink}
        edges: [[river, x], [x, sea]]
        """
        let issues = problems(kind == "link" ? text : text.replacingOccurrences(of: "[x, sea]", with: "[river, sea]"))
        #expect(issues.contains { $0.path == "nodes[1].minFlowPenalty" && $0.message.contains("must be ≥ 0") })
    }
}
