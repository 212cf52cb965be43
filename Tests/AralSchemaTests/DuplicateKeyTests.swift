import Testing
import AralSchema

/// YAML keeps the last of two equal keys without a word: `maxFlow: 25` then `maxFlow: 2500` in
/// one node made a demand a hundred times larger and `aral validate` said "valid" (found from
/// outside).
@Suite("Duplicate YAML keys")
struct DuplicateKeyTests {
    @Test("a key given twice in one mapping is refused at the second, naming the first")
    func refused() throws {
        let text = "nodes:\n  - name: city\n    maxFlow: 25\n    maxFlow: 2500\n"
        #expect(throws: ModelFileError.self) { try YAMLReader.compose(text, file: "m.yaml") }
        do { _ = try YAMLReader.compose(text, file: "m.yaml") } catch {
            let issue = try #require(error.issues.first)
            #expect(issue.line == 4, "\(issue)")
            #expect(issue.message.contains("'maxFlow' is given twice") && issue.message.contains("first on line 3"), "\(issue)")
        }
    }

    @Test("equal keys in different mappings, a merge key overridden, and aliases are not duplicates")
    func allowed() throws {
        let text = """
            base: &base {maxFlow: 1, priority: 2}
            a: {maxFlow: 3}
            b:
              <<: *base
              maxFlow: 4
            c: *base
            d: *base
            """
        #expect(try YAMLReader.compose(text, file: "m.yaml") != nil)
    }

    /// A name with a line break split the results CSV's rows (found from outside).
    @Test("a node name or party code with a line break is refused at its key path")
    func controlCharacters() throws {
        let text = """
            timestepper: {start: 2020-01-01, end: 2020-03-31, step: monthly}
            parties: [{code: "U\\tP", name: Up}]
            nodes:
              - {name: river, kind: inflow, flow: 10}
              - {name: "la\\nke", kind: sink}
            edges: [[river, "la\\nke"]]
            """
        let document = try ModelLoader.decode(text, file: "m.yaml")
        do {
            _ = try ModelLoader.compile(document, text: text, file: "m.yaml")
            Issue.record("control characters in names were accepted")
        } catch {
            let paths = error.issues.map { $0.path ?? "" }
            #expect(paths.contains("nodes[1].name") && paths.contains("parties[0].code"), "\(error.issues)")
            #expect(error.issues.contains { $0.message.contains("node name \"la\\nke\" contains a line break") }, "\(error.issues)")
        }
    }
}
