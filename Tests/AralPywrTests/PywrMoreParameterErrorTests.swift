import Foundation
import Testing
import AralSchema
import AralPywr

/// Bad definitions of the Pywr types users write are refused at their key path, as Pywr
/// refuses them (unknown keywords, missing keys, wrong lengths, a number where Pywr needs a
/// parameter).
@Suite("Pywr errors in the parameters and nodes users write")
struct PywrMoreParameterErrorTests {
    func issue(parameters: String, nodes: String = #"[{"name": "a", "type": "input", "max_flow": "p"}, {"name": "b", "type": "output"}]"#,
               edges: String = #"[["a", "b"]]"#) -> FileIssue? {
        do {
            _ = try compilePywr(pywrModel(nodes: nodes, edges: edges, parameters: parameters))
            return nil
        } catch {
            return error.issues.first
        }
    }

    @Test("an unknown key names the key and the parameter")
    func unknownKey() throws {
        let found = try #require(issue(parameters: #"{"p": {"type": "division", "numerator": "q", "denominator": "q", "scale": 2}, "q": {"type": "constant", "value": 1}}"#))
        #expect(found.path == "parameters.p.scale")
        #expect(found.message.contains("unknown key 'scale'"))
    }

    @Test("a missing key names where it belongs")
    func missingKey() throws {
        let found = try #require(issue(parameters: #"{"p": {"type": "multiplethresholdparameterindex", "parameter": "q"}, "q": {"type": "constant", "value": 1}}"#))
        #expect(found.path == "parameters.p.thresholds")
        #expect(found.message.contains("needs 'thresholds'"))
    }

    /// PywrApp's optimisation network gave both; Pywr raises "got multiple values for keyword
    /// argument", Aral took the parameters silently.
    @Test("a control curve with both values and parameters is refused", arguments: ["controlcurve", "controlcurveinterpolated"])
    func controlCurveValuesAndParameters(type: String) throws {
        let found = try #require(issue(
            parameters: #"{"p": {"type": "\#(type)", "storage_node": "res", "control_curves": [0.5], "values": [20, 10, 0], "parameters": [{"type": "constant", "value": 1}, {"type": "constant", "value": 2}, {"type": "constant", "value": 3}]}}"#,
            nodes: #"[{"name": "res", "type": "storage", "max_volume": 100, "initial_volume": 80}, {"name": "b", "type": "output", "max_flow": "p", "cost": -1}]"#,
            edges: #"[["res", "b"]]"#))
        #expect(found.path == "parameters.p.values", "\(found)")
        #expect(found.message.contains("not both"), "\(found)")
    }

    @Test("a weekly profile of 51 values is refused")
    func weeklyLength() throws {
        let values = Array(repeating: "1", count: 51).joined(separator: ", ")
        let found = try #require(issue(parameters: #"{"p": {"type": "weeklyprofile", "values": [\#(values)]}}"#))
        #expect(found.path == "parameters.p.values")
        #expect(found.message.contains("52 values"))
    }

    @Test("a number where Pywr needs a parameter is refused")
    func numberForParameter() throws {
        let found = try #require(issue(parameters: #"{"p": {"type": "division", "numerator": 3, "denominator": {"type": "constant", "value": 2}}}"#))
        #expect(found.path == "parameters.p.numerator")
        #expect(found.message.contains("plain number"))
    }

    @Test("aggregatedindex refuses the functions Pywr cannot compute on indices")
    func aggregatedIndexMean() throws {
        let found = try #require(issue(parameters: #"{"p": {"type": "aggregatedindex", "agg_func": "mean", "parameters": ["q"]}, "q": {"type": "currentyearthreshold", "threshold": 2000}}"#))
        #expect(found.path == "parameters.p.agg_func")
        #expect(found.message.contains("'mean'"))
    }

    @Test("polynomial1d with two inputs is refused, as Pywr refuses it")
    func polynomialTwoInputs() throws {
        let found = try #require(issue(parameters: #"{"p": {"type": "polynomial1d", "coefficients": [1], "node": "b", "parameter": "q"}, "q": {"type": "constant", "value": 1}}"#))
        #expect(found.path == "parameters.p")
        #expect(found.message.contains("only one of"))
    }

    @Test("a multisplitlink's costs cover every sublink")
    func multiSplitCosts() throws {
        let found = try #require(issue(parameters: "{}", nodes: """
            [{"name": "a", "type": "input", "max_flow": 1},
             {"name": "s", "type": "multisplitlink", "nsteps": 2, "costs": [1, 2], "extra_slots": 1},
             {"name": "b", "type": "output"}, {"name": "c", "type": "output"}]
            """, edges: #"[["a", "s"], ["s", "b", 0, null], ["s", "c", 1, null]]"#))
        #expect(found.path == "nodes[1].costs")
        #expect(found.message.contains("nsteps + extra_slots (3)"))
    }
}
