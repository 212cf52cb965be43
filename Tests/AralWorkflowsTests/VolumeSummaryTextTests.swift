import Testing
import AralModel
import AralSchema
import AralEngine
import AralClp
import AralWorkflows

/// The run summary's volumes section explains its `*` only where a starred period is listed.
/// Found from outside: the header announced the mark on every run, and no line showed it.
@Suite("Volumes over periods in the run summary")
struct VolumeSummaryTextTests {
    /// 5 m³/s down a channel that owes a volume over `period`; the run ends on `end`.
    static func lines(period: String, min: Double, end: String) throws -> [String] {
        let yaml = """
        timestepper: {start: 2001-01-01, end: \(end), step: daily}
        nodes:
          - {name: river, kind: inflow, flow: 5}
          - {name: channel, kind: link}
          - {name: sea, kind: sink}
        edges: [[river, channel], [channel, sea]]
        policy:
          volumes:
            - {name: s, nodes: [channel], period: \(period), min: \(min), sanitary: true}
        """
        let model = try ModelLoader.compile(try ModelLoader.decode(yaml, file: "t.yaml"), text: yaml, file: "t.yaml")
        return VolumeSummaryText.render(try BasinRun.run(model, solver: ClpSolver()))
    }

    @Test("A short period the run covers in part is starred, and the legend says what the star means")
    func partialShortPeriod() throws {
        // The period is 4 days, the run 2: 10 Mm³ scaled to 5 owed, 0.864 passed.
        let text = try Self.lines(period: "{from: 01-01, to: 01-04}", min: 10, end: "2001-01-02").joined(separator: "\n")
        #expect(text.contains("2001-01-01*"), "\(text)")
        #expect(text.contains("Periods not met (* a period the run covers only in part"), "\(text)")
    }

    @Test("A short period the run covers whole has no star and no legend")
    func wholeShortPeriod() throws {
        let text = try Self.lines(period: "{from: 01-01, to: 01-02}", min: 10, end: "2001-01-02").joined(separator: "\n")
        #expect(text.contains("Periods not met"), "\(text)")
        #expect(!text.contains("*"), "\(text)")
    }
}
