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
}
