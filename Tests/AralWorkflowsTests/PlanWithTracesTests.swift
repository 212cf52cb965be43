import Foundation
import Testing
import AralModel
import AralEnsemble
import AralSchema
import AralPlanning
import AralWorkflows

/// `aral plan --traces F --member K`: the plan takes trace K as the inflows an ensemble binds it to.
@Suite("Plan with one trace of a traces file")
struct PlanWithTracesTests {
    static let model = Fixtures.path("models/syr-darya.yaml")
    static let from = CivilDate(year: 2018, month: 10, day: 1)
    static let to = CivilDate(year: 2019, month: 9, day: 30)
    static let sites = ["naryn", "karadarya", "chirchik"]

    /// Two traces over the water year: trace 0 dry (every site 10 m³/s), trace 1 wet (1,000 m³/s).
    static func tracesFile() throws -> String {
        let months = 12, levels = [10.0, 1000.0]
        var values: [Double] = []
        for level in levels { values += Array(repeating: level, count: months * sites.count) }
        let set = TraceSet(sites: sites, start: CivilDate(year: 2018, month: 10, day: 1), months: months, count: levels.count, values: values)
        let path = try Fixtures.temporaryFile("", name: "traces.csv")
        try set.write(to: path)
        return path
    }

    static func plan(member: Int, traces: String) throws -> PlanWorkflow.Outcome {
        try PlanWorkflow.plan(try PlanWorkflow.inputs(.init(source: .file(path: model), from: from, to: to,
                                                            traces: .init(path: traces, member: member))))
    }

    @Test("the wet trace delivers more and sends more to the sea than the dry one")
    func membersDiffer() throws {
        let traces = try Self.tracesFile()
        let dry = try Self.plan(member: 0, traces: traces).report
        let wet = try Self.plan(member: 1, traces: traces).report
        #expect(wet.aralInflowMm3 > dry.aralInflowMm3 + 1000)
        #expect(wet.parties.reduce(0) { $0 + $1.deliveredMm3 } > dry.parties.reduce(0) { $0 + $1.deliveredMm3 })
    }

    @Test("a member the file lacks and traces that miss the horizon are errors naming the file")
    func refusals() throws {
        let traces = try Self.tracesFile()
        let missing = #expect(throws: ModelFileError.self) { try Self.plan(member: 2, traces: traces) }
        #expect(missing?.description.contains("traces 0 to 1") == true, "\(String(describing: missing))")
        let late = #expect(throws: ModelFileError.self) {
            try PlanWorkflow.inputs(.init(source: .file(path: Self.model), from: CivilDate(year: 2019, month: 10, day: 1),
                                          to: CivilDate(year: 2019, month: 12, day: 31), traces: .init(path: traces, member: 0)))
        }
        #expect(late?.description.contains("the traces cover") == true, "\(String(describing: late))")
    }
}
