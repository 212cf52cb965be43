import Testing
import AralSchema
import Foundation
import AralFormats
import AralPywr

/// Pywr's `includes`: JSON files merged into the model (lists extended, objects updated).
@Suite("Pywr includes")
struct PywrIncludeTests {
    @Test("an included JSON file adds nodes, edges and parameters")
    func jsonInclude() throws {
        let directory = try temporaryDirectory()
        try """
        {"nodes": [{"name": "supply2", "type": "input", "max_flow": "extra"}],
         "edges": [["supply2", "demand"]],
         "parameters": {"extra": {"type": "constant", "value": 4}}}
        """.write(toFile: (directory as NSString).appendingPathComponent("extra.json"), atomically: true, encoding: .utf8)
        let json = pywrModel(days: 2, nodes: """
            [{"name": "supply1", "type": "input", "max_flow": 3}, {"name": "demand", "type": "output", "max_flow": 10, "cost": -1}]
            """, edges: #"[["supply1", "demand"]]"#, extra: #", "includes": ["extra.json"]"#)
        let r = try runPywr(json, directory: directory)
        // 3 from supply1 and 4 from the included supply2.
        #expect(r.flow("demand") == [7, 7])
        #expect(r.flow("supply2") == [4, 4])
    }

    @Test("a Python include is an error naming the module")
    func pythonInclude() throws {
        let json = pywrModel(nodes: #"[{"name": "a", "type": "input"}, {"name": "b", "type": "output"}]"#,
                             edges: #"[["a", "b"]]"#, extra: #", "includes": ["my_parameter.py"]"#)
        let error = try #require(throws: ModelFileError.self) { try compilePywr(json) }
        #expect("\(error)".contains("my_parameter.py") && "\(error)".contains("Python"))
    }
}
