import Testing
import AralSchema
import AralWorkflows

/// A hindcast of a year the model has no observed inputs for is refused with an error that
/// names the model file and the years it does have, for every shipped basin.
@Suite("Hindcast refusals")
struct HindcastRefusalTests {
    @Test("A year without observed inputs is refused, naming the model and the years there are", arguments: ["amu-darya", "syr-darya"])
    func unknownYear(basin: String) throws {
        do {
            _ = try HindcastWorkflow.load(model: Fixtures.path("models/\(basin).yaml"), year: 2022)
            Issue.record("2022 has no hindcast inputs in \(basin); loading it should fail")
        } catch {
            let text = error.issues.map(\.description).joined(separator: "\n")
            #expect(text.contains("\(basin).yaml"))
            #expect(text.contains("2021, 2023, 2024"))
        }
    }
}
