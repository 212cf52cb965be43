import Foundation
import Testing
import AralSchema
import AralPywr

/// The reader's limits (issue 17 item 8): input nested too deep, YAML aliases expanding
/// without bound and absurd timesteppers are refused with a located error, not a crash or a
/// run that never ends; each limit is settable by a caller.
@Suite("Input limits")
struct InputLimitsTests {
    /// A model that is valid apart from what a test adds under `metadata` (a key the model
    /// format allows and ignores) or changes in the timestepper.
    static func model(metadata: String = "{}", timestepper: String = "{start: 2000-01-01, end: 2000-12-31, step: monthly}") -> String {
        """
        name: limits
        timestepper: \(timestepper)
        metadata: \(metadata)
        nodes:
          - {name: river, kind: inflow, flow: 10}
          - {name: town, kind: demand, maxFlow: 5, priority: 1}
          - {name: sea, kind: sink}
        edges: [[river, town], [river, sea]]
        """
    }

    static func issues(_ text: String, limits: InputLimits = .standard) -> [FileIssue] {
        do {
            let document = try ModelLoader.decode(text, file: "limits.yaml", limits: limits)
            _ = try ModelLoader.compile(document, text: text, file: "limits.yaml", limits: limits)
            return []
        } catch {
            return error.issues
        }
    }

    @Test("a model nested 20,000 levels deep in block style is refused at a line")
    func deepBlockYAML() {
        var text = "name: deep\nmetadata:\n"
        for level in 0..<20_000 { text += String(repeating: " ", count: level) + "- \n" }
        let found = Self.issues(text)
        #expect(found.count == 1)
        #expect(found.first?.line != nil)
        #expect(found.first?.message.contains("nested more than \(InputLimits.defaultMaxDepth) levels") == true)
    }

    @Test("a model nested 20,000 levels deep in flow style (JSON) is refused at a line")
    func deepFlowYAML() {
        let text = Self.model(metadata: String(repeating: "[", count: 20_000) + String(repeating: "]", count: 20_000))
        let found = Self.issues(text)
        #expect(found.count == 1)
        #expect(found.first?.line == 3)
        #expect(found.first?.message.contains("nested more than") == true)
    }

    @Test("compact sequences (- - - x) count as nesting")
    func compactSequences() {
        let text = Self.model(metadata: "\n  " + String(repeating: "- ", count: 20_000) + "x")
        #expect(Self.issues(text).first?.message.contains("nested more than") == true)
    }

    @Test("moderate nesting is read, and the limit is settable")
    func settableDepth() {
        let text = Self.model(metadata: String(repeating: "[", count: 60) + "1" + String(repeating: "]", count: 60))
        #expect(Self.issues(text).isEmpty)
        let strict = Self.issues(text, limits: InputLimits(maxDepth: 40))
        #expect(strict.first?.message.contains("nested more than 40 levels") == true)
    }

    @Test("billion laughs: aliases expanding past the limit are refused")
    func billionLaughs() {
        var lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
        for level in 1...9 {
            let refs = Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
            lines.append("  a\(level): &a\(level) [\(refs)]")
        }
        let metadata = "\n  " + lines.joined(separator: "\n")
        let found = Self.issues(Self.model(metadata: metadata))
        #expect(found.count == 1)
        #expect(found.first?.message.contains("aliases expand to more than \(InputLimits.defaultMaxAliasExpansions) nodes") == true)
        #expect(found.first?.line != nil)
    }

    @Test("a few aliases are read; the expansion limit is settable")
    func fewAliases() {
        let metadata = "\n  base: &base {a: 1, b: 2}\n  copy1: *base\n  copy2: *base"
        #expect(Self.issues(Self.model(metadata: metadata)).isEmpty)
        let strict = Self.issues(Self.model(metadata: metadata), limits: InputLimits(maxAliasExpansions: 4))
        #expect(strict.first?.message.contains("aliases expand") == true)
    }

    @Test("a daily timestepper from year 1 to 9999 is refused at its key")
    func absurdTimestepper() {
        let text = Self.model(timestepper: "{start: 0001-01-01, end: 9999-12-31, step: daily}")
        let found = Self.issues(text)
        #expect(found.count == 1)
        #expect(found.first?.path == "timestepper")
        #expect(found.first?.line == 2)
        #expect(found.first?.message.contains("the limit is \(InputLimits.defaultMaxSteps)") == true)
    }

    @Test("the step limit is settable")
    func settableSteps() {
        #expect(Self.issues(Self.model()).isEmpty)
        let strict = Self.issues(Self.model(), limits: InputLimits(maxSteps: 6))
        #expect(strict.first?.path == "timestepper")
    }

    @Test("a step of Int.max days gives one step, not an overflow trap")
    func hugeStep() {
        #expect(Self.issues(Self.model(timestepper: "{start: 2000-01-01, end: 2000-12-31, step: '9223372036854775807'}")).isEmpty)
    }

    @Test("Pywr JSON nested 20,000 levels deep is refused at a line")
    func deepPywr() {
        let text = #"{"metadata": "# + String(repeating: "[", count: 20_000) + String(repeating: "]", count: 20_000) + "}"
        do {
            _ = try PywrImporter.compile(text: text, file: "deep.json", baseDirectory: NSTemporaryDirectory())
            Issue.record("a 20,000-deep Pywr file was accepted")
        } catch {
            #expect(error.issues.first?.line == 1)
            #expect(error.issues.first?.message.contains("nested more than") == true)
        }
    }

    @Test("the JSON reader's depth limit holds in every dialect")
    func jsonDepth() {
        let deep = Array((String(repeating: "[", count: 300) + String(repeating: "]", count: 300)).utf8)
        for dialect in [JSONDialect.strict, .python] {
            #expect(throws: JSONSyntaxError.self) { try JSONReader.parse(deep, dialect: dialect) }
        }
        let shallow = Array("[[[1]]]".utf8)
        #expect((try? JSONReader.parse(shallow, dialect: .strict)) != nil)
    }
}
