import Foundation
import Testing
import AralModel
import AralSchema
import AralPywr

/// Bad Pywr files are rejected with the key path (and line) of the problem, never skipped.
@Suite("Pywr errors")
struct PywrErrorTests {
    /// The single issue a compile reports, or nil when it compiles.
    func issue(_ json: String, directory: String = NSTemporaryDirectory()) -> FileIssue? {
        do {
            _ = try compilePywr(json, directory: directory)
            return nil
        } catch {
            return error.issues.first
        }
    }

    @Test("an unknown node type names the type and its key path")
    func unknownNodeType() throws {
        let found = try #require(issue(pywrModel(nodes: """
            [{"name": "a", "type": "input"},
             {"name": "t", "type": "turbine"}]
            """, edges: "[]")))
        #expect(found.path == "nodes[1].type")
        #expect(found.message.contains("'turbine'"))
        #expect(found.line == 5)
    }

    /// A model written for a project's own Python types was reported as "1 problem", its first
    /// node; every unknown type is named now, the supported lists once at the end.
    @Test("every unknown node and parameter type is named in one report")
    func everyUnknownType() throws {
        let json = pywrModel(nodes: """
            [{"name": "a", "type": "input", "max_flow": "p1"},
             {"name": "t", "type": "turbine"},
             {"name": "b", "type": "output", "max_flow": "p2"}]
            """, edges: #"[["a", "b"]]"#,
            parameters: #"{"p1": {"type": "node_flow_requirement"}, "p2": {"type": "StickyTriggerParameter"}, "p3": {"type": "constant", "value": 1}}"#)
        var issues: [FileIssue] = []
        do { _ = try compilePywr(json) } catch { issues = error.issues }
        #expect(issues.map(\.path) == ["nodes[1].type", "parameters.p1.type", "parameters.p2.type"], "\(issues)")
        #expect(issues.allSatisfy { $0.line != nil }, "\(issues)")
        #expect(issues[0].message.contains("'turbine' (node 't'); supported: input, output"), "\(issues)")
        #expect(issues[1].message.contains("(parameter 'p1'); supported: constant"), "\(issues)")
        #expect(issues[2].message.hasSuffix("(parameter 'p2')"), "\(issues)")
    }

    /// A pywr-next file was refused as "a Pywr model needs 'nodes'" (found from outside).
    @Test("a pywr-next (Pywr 2) model is named as one")
    func pywrNextModel() throws {
        let json = """
            {"metadata": {"title": "v2"}, "timestepper": {"start": "2015-01-01", "end": "2015-01-03", "timestep": 1},
             "network": {"nodes": [{"name": "a", "type": "Input"}], "edges": []}}
            """
        let found = try #require(issue(json))
        #expect(found.path == "network", "\(found)")
        #expect(found.message.contains("pywr-next (Pywr 2)"), "\(found)")
    }

    /// Pywr refuses `[from, to, slot]` (`slot_from, slot_to = edge_data[2:]`); Aral ran it.
    @Test("an edge of three entries is refused, as Pywr refuses it")
    func threeEntryEdge() throws {
        let found = try #require(issue(pywrModel(nodes: #"[{"name": "a", "type": "input"}, {"name": "b", "type": "output"}]"#,
                                                 edges: #"[["a", "b", null]]"#)))
        #expect(found.path == "edges[0]", "\(found)")
        #expect(found.message.contains("found 3 entries"), "\(found)")
    }

    /// Pywr hands the timestepper's dates to pandas, which reads `2015-02-1` (found from outside).
    @Test("timestepper dates are read as pandas reads them", arguments: [("2015-02-1", 3), ("2015/2/1", 3), ("2015-02-01T00:00", 3), (" 2015-02-01", 3)])
    func pandasDates(start: String, steps: Int) throws {
        let json = pywrModel(nodes: #"[{"name": "a", "type": "input"}, {"name": "b", "type": "output"}]"#, edges: #"[["a", "b"]]"#)
            .replacingOccurrences(of: #""start": "2015-01-01", "end": "2015-01-03""#, with: #""start": "\#(start)", "end": "2015-02-03""#)
        let model = try compilePywr(json)
        #expect(model.network.steps.count == steps)
        #expect(model.network.steps.first?.date == CivilDate(year: 2015, month: 2, day: 1))
        #expect(issue(json.replacingOccurrences(of: start, with: "2015-02-30"))?.path == "timestepper.start")
        #expect(issue(json.replacingOccurrences(of: start, with: "02-01-2015"))?.path == "timestepper.start")
    }

    /// "found a number" for -1 named the type, not the value (found from outside).
    @Test("a bad timestep quotes what was written", arguments: [("-1", "found -1"), ("\"fortnight\"", "found 'fortnight'")])
    func badTimestep(value: String, message: String) throws {
        let json = pywrModel(nodes: #"[{"name": "a", "type": "input"}, {"name": "b", "type": "output"}]"#, edges: #"[["a", "b"]]"#)
            .replacingOccurrences(of: #""timestep": 1"#, with: #""timestep": "# + value)
        let found = try #require(issue(json))
        #expect(found.path == "timestepper.timestep", "\(found)")
        #expect(found.message.contains(message), "\(found)")
    }

    @Test("an unknown parameter type names the type")
    func unknownParameterType() throws {
        let found = try #require(issue(pywrModel(nodes: #"[{"name": "a", "type": "input", "max_flow": "p"}]"#, edges: "[]",
                                                 parameters: #"{"p": {"type": "othermodelparametervalue", "other_model": "m"}}"#)))
        #expect(found.path == "parameters.p.type")
        #expect(found.message.contains("othermodelparametervalue"))
    }

    @Test("a missing CSV names the path it looked for")
    func missingCSV() throws {
        let dir = try temporaryDirectory()
        let found = try #require(issue(pywrModel(nodes: #"[{"name": "a", "type": "input", "max_flow": "flow"}, {"name": "b", "type": "output"}]"#,
                                                 edges: #"[["a", "b"]]"#,
                                                 parameters: #"{"flow": {"type": "dataframe", "url": "data/missing.csv", "column": "x"}}"#),
                                       directory: dir))
        #expect(found.path == "parameters.flow.url")
        #expect(found.message.contains((dir as NSString).appendingPathComponent("data/missing.csv")))
    }

    @Test("a reference to a missing parameter names it and where it is used")
    func missingParameter() throws {
        let found = try #require(issue(pywrModel(nodes: #"[{"name": "a", "type": "input", "max_flow": "nope"}]"#, edges: "[]")))
        #expect(found.path == "nodes[0].max_flow")
        #expect(found.message.contains("'nope'"))
    }

    @Test("files Pywr rejects are rejected too")
    func pywrRejects() throws {
        // A storage without max_volume.
        let noMax = try #require(issue(pywrModel(nodes: #"[{"name": "s", "type": "storage", "initial_volume": 0}]"#, edges: "[]")))
        #expect(noMax.path == "nodes[0].max_volume")
        // Two nodes with one name.
        let duplicate = try #require(issue(pywrModel(nodes: #"[{"name": "a", "type": "input"}, {"name": "a", "type": "output"}]"#, edges: "[]")))
        #expect(duplicate.path == "nodes[1].name")
        // An edge to a node that does not exist.
        let edge = try #require(issue(pywrModel(nodes: #"[{"name": "a", "type": "input"}]"#, edges: #"[["a", "b"]]"#)))
        #expect(edge.path == "edges[0][1]")
        // A keyword the node's constructor does not take.
        let keyword = try #require(issue(pywrModel(nodes: #"[{"name": "a", "type": "input", "max_flw": 3}]"#, edges: "[]")))
        #expect(keyword.path == "nodes[0].max_flw")
        // A node on no route from an input to an output ("not part of any routes").
        let isolated = try #require(issue(pywrModel(nodes: """
            [{"name": "a", "type": "input"}, {"name": "b", "type": "output"}, {"name": "c", "type": "link"}]
            """, edges: #"[["a", "b"]]"#)))
        #expect(isolated.path == "nodes[2]")
        #expect(isolated.message.contains("'c'"))
        // A storage without an initial volume.
        let initial = try #require(issue(pywrModel(nodes: #"[{"name": "s", "type": "storage", "max_volume": 10}]"#, edges: "[]")))
        #expect(initial.message.contains("initial_volume"))
    }

    @Test("JSON syntax errors give the line")
    func syntax() throws {
        let found = try #require(issue("{\n  \"nodes\": [\n    {\"name\": \"a\",}\n  ]\n}"))
        #expect(found.line == 3)
        #expect(found.message.contains("JSON syntax error"))
    }
}
