import Foundation
import Testing
import AralSchema

/// A value of the wrong type names what the user wrote, at its line and key path, instead of
/// the decoder's own words ("Expected to decode Double but found Scalar instead").
@Suite("Type mismatches name what was found")
struct TypeMismatchMessageTests {
    static let model = """
    timestepper: {start: 2020-01-01, end: 2020-03-31, step: month}
    nodes:
      - {name: river, kind: inflow, flow: 10}
      - name: town
        kind: demand
        maxFlow: lots
      - {name: sea, kind: sink}
    edges:
      - [river, town]
      - [river, sea]
    """

    func issue(_ text: String) throws -> FileIssue {
        do {
            _ = try ModelLoader.decode(text, file: "m.yaml")
        } catch {
            return try #require(error.issues.first)
        }
        Issue.record("the model was accepted")
        return FileIssue(file: "", message: "")
    }

    @Test("a word where a number belongs is quoted back")
    func wordForNumber() throws {
        let issue = try issue(Self.model)
        #expect(issue.file == "m.yaml")
        #expect(issue.line == 6)
        #expect(issue.path == "nodes[1].maxFlow")
        #expect(issue.message.contains("found 'lots'"), "\(issue.message)")
        #expect(!issue.message.contains("Scalar"), "\(issue.message)")
    }

    @Test("a word where a plain number belongs is quoted back")
    func wordForPlainNumber() throws {
        let text = Self.model
            .replacingOccurrences(of: "maxFlow: lots", with: "maxFlow: 5")
            .replacingOccurrences(of: "  - {name: sea, kind: sink}", with: "  - {name: sea, kind: sink}\n  - name: lake\n    kind: reservoir\n    maxVolume: plenty")
        let issue = try issue(text)
        #expect(issue.line == 10)
        #expect(issue.path == "nodes[3].maxVolume")
        #expect(issue.message.contains("expected a number, found 'plenty'"), "\(issue.message)")
    }

    @Test("a list where a mapping belongs is called a list")
    func listForMapping() throws {
        let text = Self.model.replacingOccurrences(of: "timestepper: {start: 2020-01-01, end: 2020-03-31, step: month}", with: "timestepper: [2020-01-01, 2020-03-31]")
        let issue = try issue(text)
        #expect(issue.line == 1)
        #expect(issue.message.contains("found a list"), "\(issue.message)")
    }

    /// `priority: 1e30` was told "expected a number, found '1e30'"; it is one, but not a whole
    /// number an integer holds.
    @Test("a number where a whole number belongs says so")
    func wholeNumber() throws {
        let issue = try issue(Self.model.replacingOccurrences(of: "maxFlow: lots", with: "maxFlow: 5\n    priority: 1e30"))
        #expect(issue.path == "nodes[1].priority", "\(issue)")
        #expect(issue.message.contains("expected a whole number"), "\(issue.message)")
    }
}

