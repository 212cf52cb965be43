import Foundation
import Testing
import AralModel
import AralSchema
import AralEngine
import AralClp
import AralPlanning
import AralWorkflows

/// `aral plan --start-from-run`: the plan starts each reservoir from the storage the model's run
/// reaches on the plan's first day, not from the model's `initialVolume` (the start of its record).
@Suite("Plan from the state a run reaches")
struct PlanStartFromRunTests {
    static let model = Fixtures.path("models/syr-darya.yaml")
    static let from = CivilDate(year: 2018, month: 10, day: 1)
    static let to = CivilDate(year: 2019, month: 9, day: 30)
    /// Mm³: the plan copies the run's volume, so only rounding may differ.
    static let volumeToleranceMm3 = 1e-6

    static func report(startFromRun: Bool) throws -> PlanReport {
        try PlanWorkflow.plan(try PlanWorkflow.inputs(.init(source: .file(path: model), from: from, to: to,
                                                            startFromRun: startFromRun))).report
    }

    @Test("each reservoir starts at the run's end-of-September storage; without the flag, at initialVolume")
    func startsFromTheRun() throws {
        let (document, text) = try ModelLoader.readDocument(path: Self.model)
        let basin = try ModelLoader.compile(document, text: text, file: Self.model)
        let results = try BasinRun.run(basin, solver: ClpSolver())
        let t = try #require(results.steps.lastIndex { $0.date < Self.from })
        let fromRun = try Self.report(startFromRun: true)
        let fromModel = try Self.report(startFromRun: false)
        #expect(!fromRun.reservoirs.isEmpty)
        for line in fromRun.reservoirs {
            let volume = try #require(results.values(line.name, "volume"))
            #expect(abs(line.initialMm3 - volume[t]) <= Self.volumeToleranceMm3, "\(line.name): plan \(line.initialMm3), run \(volume[t])")
            let declared = try #require(document.nodes.first { $0.name == line.name }?.initialVolume)
            let other = try #require(fromModel.reservoirs.first { $0.name == line.name })
            #expect(abs(other.initialMm3 - declared) <= Self.volumeToleranceMm3, "\(line.name) without the flag")
        }
        // The run's storage on 1 October 2018 is not the model's 1990 one for Toktogul.
        let toktogul = try #require(fromRun.reservoirs.first { $0.name == "toktogul" })
        #expect(abs(toktogul.initialMm3 - (document.nodes.first { $0.name == "toktogul" }?.initialVolume ?? 0)) > 1)
    }

    /// The run ends September 1990 with Chardara full to the LP's tolerance (5,400.000000000001
    /// of 5,400 Mm³); the compiler refused that as an initial volume ("outside [0, maxVolume]"),
    /// so `--start-from-run` failed for 16 of the record's 29 water years, 1990–91 among them.
    @Test("a reservoir the run leaves full to the LP's tolerance starts the plan at its maxVolume")
    func fullReservoirStartsAtItsMaximum() throws {
        let from = CivilDate(year: 1990, month: 10, day: 1), to = CivilDate(year: 1991, month: 9, day: 30)
        let inputs = try PlanWorkflow.inputs(.init(source: .file(path: Self.model), from: from, to: to, startFromRun: true))
        let (document, _) = try ModelLoader.readDocument(path: Self.model)
        let net = inputs.network
        let chardara = try #require(net.storages.first { net.nodes[$0.node].name == "chardara" })
        let top = try #require(document.nodes.first { $0.name == "chardara" }?.maxVolume)
        #expect(chardara.initialVolume <= top, "Chardara starts at \(chardara.initialVolume) of \(top) Mm³")
        #expect(abs(chardara.initialVolume - top) <= Self.volumeToleranceMm3, "the run leaves Chardara full on 1 October 1990")
    }
}
