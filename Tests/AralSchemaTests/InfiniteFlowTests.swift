import Testing
import AralSchema

/// A flow that must be carried (an inflow, a minimum) cannot be `.inf`: it validated and the
/// run stopped at its first step (found from outside). A limit keeps `.inf` for "no limit".
@Suite("Flows to be carried are finite")
struct InfiniteFlowTests {
    static func issues(inflow: String = "10", sink: String = "{name: sea, kind: sink}", capacity: String = "40") -> [FileIssue] {
        let text = """
        timestepper: {start: 2001-01-01, end: 2001-12-31, step: monthly}
        nodes:
          - {name: river, kind: inflow, flow: \(inflow)}
          - {name: town, kind: demand, maxFlow: 4}
          - {name: reach, kind: link, capacity: \(capacity)}
          - \(sink)
        edges: [[river, town], [river, reach], [reach, sea]]
        """
        do {
            _ = try ModelLoader.compile(try ModelLoader.decode(text, file: "m.yaml"), text: text, file: "m.yaml")
            return []
        } catch {
            return error.issues
        }
    }

    @Test("an inflow of .inf or 1e400 is refused at its flow", arguments: [".inf", "1e400"])
    func infiniteInflow(value: String) throws {
        let issue = try #require(Self.issues(inflow: value).first)
        #expect(issue.path == "nodes[0].flow")
        #expect(issue.line == 3)
        #expect(issue.message.contains("must be a finite flow"), "\(issue)")
    }

    @Test("a sink's minimum of .inf is refused; a link's capacity of .inf is still no limit")
    func minimumAndLimit() throws {
        let issue = try #require(Self.issues(sink: "{name: sea, kind: sink, minFlow: .inf}").first)
        #expect(issue.path == "nodes[3].minFlow")
        #expect(Self.issues(capacity: ".inf").isEmpty)
        #expect(Self.issues().isEmpty)
    }
}

/// A node name that a spreadsheet would read as a formula in the results CSV is refused
/// (found from outside: `=HYPERLINK("http://evil")` ran and went into every results file).
@Suite("Node names a spreadsheet reads as formulas")
struct FormulaNameTests {
    @Test("a name starting with =, +, - or @ is refused at its key path", arguments: ["=HYPERLINK(\\\"x\\\")", "+1", "-river", "@sum"])
    func refused(name: String) throws {
        let text = """
        timestepper: {start: 2001-01-01, end: 2001-12-31, step: monthly}
        nodes:
          - {name: river, kind: inflow, flow: 10}
          - {name: "\(name)", kind: sink}
        edges: [[river, "\(name)"]]
        """
        do {
            _ = try ModelLoader.compile(try ModelLoader.decode(text, file: "m.yaml"), text: text, file: "m.yaml")
            Issue.record("\(name) was accepted")
        } catch {
            #expect(error.issues.contains { $0.path == "nodes[1].name" && $0.message.contains("as a formula") }, "\(error)")
        }
    }
}
