import Testing
import Foundation
import AralModel
import AralSchema
import AralPywr

/// Pywr's `DelayNode` and `flowdelay` parameter against Pywr's semantics (its
/// `tests/test_delay.py`: the flow `delay` steps earlier, `initial_flow` before that). The same
/// model over 31 days agrees with Pywr 1.31.1 to 0.0 (`scripts/pywr-crossval.sh`, docs/pywr.md).
@Suite("Pywr delays")
struct PywrDelayTests {
    /// A catchment giving 1, 2, 3 … on day 1, 2, 3 … into a delay node, then a demand that takes
    /// it all; `lagged` is an input fixed to the demand's flow two steps back.
    static func model(delay: String, days: Int = 6, timestep: Int = 1) -> String {
        let profile = (1...366).map(String.init).joined(separator: ", ")
        return pywrModel(days: days, nodes: """
            [{"name": "river", "type": "catchment", "flow": {"type": "dailyprofile", "values": [\(profile)]}},
             {"name": "delay", "type": "delaynode", \(delay)},
             {"name": "demand", "type": "output", "cost": -10},
             {"name": "lagged", "type": "input", "min_flow": "lag2", "max_flow": "lag2"},
             {"name": "sea", "type": "output"}]
            """, edges: #"[["river", "delay"], ["delay", "demand"], ["lagged", "sea"]]"#,
            parameters: #"{"lag2": {"type": "flowdelay", "node": "demand", "timesteps": 2, "initial_flow": 7}}"#)
            .replacingOccurrences(of: "\"timestep\": 1", with: "\"timestep\": \(timestep)")
    }

    @Test("A delaynode passes the flow of `days` days earlier, initial_flow before; flowdelay reads a node's flow steps back")
    func delays() throws {
        let r = try runPywr(Self.model(delay: #""days": 2, "initial_flow": 5"#))
        // Days 1–2 pass initial_flow 5; then the river's 1, 2, 3, 4 of two days before.
        #expect(matches(r.flow("demand"), [5.0, 5, 1, 2, 3, 4]))
        #expect(matches(r.flow("delay"), [5.0, 5, 1, 2, 3, 4]))
        // The demand's flow two steps back, 7 for the first two.
        #expect(matches(r.flow("lagged"), [7.0, 7, 5, 5, 1, 2]))
        // Days 5 and 6 (5 + 6 = 11 units) are still in the delay when the run ends.
        let transit = try #require(r.volumesInTransit.first)
        #expect(close(transit, 11))
    }

    @Test("Bad delays are refused with their key path", arguments: [
        (#""days": 3"#, 2, "not a whole number of 2-day steps"),
        (#""timesteps": 6"#, 1, "longer than the run"),
        (#""initial_flow": 5"#, 1, "at least one step"),
    ])
    func badDelays(delay: String, timestep: Int, message: String) {
        do {
            _ = try compilePywr(Self.model(delay: delay, days: 6 * timestep, timestep: timestep))
            Issue.record("'\(delay)' must be refused")
        } catch {
            #expect(error.issues.contains { $0.message.contains(message) }, "\(error.issues)")
        }
    }
}
