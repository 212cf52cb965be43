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
