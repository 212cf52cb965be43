import Foundation
import Testing
import AralModel
import AralPywr
import AralWorkflows

/// A Pywr model's scenario combinations on several workers give exactly what one solver
/// running them one after another gives: every flow, volume and recorder value, bit for bit.
@Suite("Pywr scenarios through the ensemble engine")
struct PywrEnsembleWorkflowTests {
    /// 2 × 3 = 6 combinations (scenario `wet` × `demand`), 90 daily steps, a storage that fills
    /// and empties, an array recorder and streamed totals.
    static let model = """
    {
      "metadata": {"title": "pywr-scenarios", "minimum_version": "0.1"},
      "timestepper": {"start": "2015-01-01", "end": "2015-03-31", "timestep": 1},
      "scenarios": [{"name": "wet", "size": 2}, {"name": "demand", "size": 3}],
      "nodes": [
        {"name": "catchment", "type": "catchment", "flow": "inflow"},
        {"name": "reservoir", "type": "storage", "max_volume": 400, "initial_volume": 150, "cost": -1},
        {"name": "release", "type": "link", "cost": 0.1},
        {"name": "city", "type": "output", "max_flow": {"type": "constantscenario", "scenario": "demand", "values": [6, 9, 12]}, "cost": -20},
        {"name": "farm", "type": "output", "max_flow": 4, "cost": -15},
        {"name": "river", "type": "output"}
      ],
      "edges": [["catchment", "reservoir"], ["reservoir", "release"], ["release", "city"], ["release", "farm"], ["release", "river"]],
      "parameters": {
        "inflow": {"type": "aggregated", "agg_func": "product", "parameters": [
          {"type": "monthlyprofile", "values": [14, 3, 8, 9, 9, 9, 9, 9, 9, 9, 9, 9]},
          {"type": "constantscenario", "scenario": "wet", "values": [0.7, 1.3]}]}
      },
      "recorders": {
        "city_flow": {"type": "numpyarraynoderecorder", "node": "city"},
        "farm_total": {"type": "totalflownoderecorder", "node": "farm"},
        "reservoir_min": {"type": "minimumvolumestoragerecorder", "node": "reservoir"},
        "city_deficit": {"type": "totaldeficitnoderecorder", "node": "city"},
        "river_mean": {"type": "meanflownoderecorder", "node": "river", "agg_func": "max"}
      }
    }
    """

    static func load() throws -> PywrModel {
        guard case .pywr(let model) = try ModelLoading.load(.upload(text: model, label: "scenarios.json")) else {
            throw WorkflowTestError("the Pywr model was not detected")
        }
        return model
    }

    @Test("1, 2 and 4 workers give the serial run's flows, volumes and recorders exactly")
    func workersAgree() async throws {
        let model = try Self.load()
        #expect(model.combinations.count == 6)
        let serial = try RunWorkflow.run(model, combinations: model.combinations).results
        #expect(serial.count == 6)
        // The scenarios change the answer, so agreeing is not trivially true.
        #expect(Set(serial.map { $0.flows[3] }).count > 1)
        for workers in [1, 2, 4] {
            let parallel = try await PywrEnsembleWorkflow.run(model, combinations: model.combinations, workers: workers,
                                                              retaining: .all).results
            #expect(parallel.count == serial.count)
            for (p, s) in zip(parallel, serial) {
                #expect(p.combination == s.combination)
                #expect(p.steps.map(\.date) == s.steps.map(\.date))
                #expect(p.flows == s.flows, "flows, combination \(s.combination), \(workers) workers")
                #expect(p.volumes == s.volumes, "volumes, combination \(s.combination), \(workers) workers")
                #expect(p.recorderValues == s.recorderValues, "recorders, combination \(s.combination), \(workers) workers")
                #expect(p.recorderData == s.recorderData)
                #expect(p.meanFlows == s.meanFlows && p.finalVolumes == s.finalVolumes)
            }
            #expect(PywrRunSummary(ensemble: parallel, seconds: 0) == PywrRunSummary(ensemble: serial, seconds: 0))
        }
    }

    @Test("a streamed run keeps no per-step record and reports the same summary")
    func streamedSummary() async throws {
        let model = try Self.load()
        let full = try RunWorkflow.run(model, combinations: model.combinations).results
        let streamed = try await PywrEnsembleWorkflow.run(model, combinations: model.combinations, workers: 2,
                                                          retaining: .streamed).results
        for r in streamed {
            #expect(r.steps.isEmpty && r.flows.allSatisfy(\.isEmpty) && r.volumes.isEmpty && r.recorderData.isEmpty)
            #expect(r.stepCount == 90)
        }
        // The node means and final volumes the summary prints are the per-step record's.
        for (s, f) in zip(streamed, full) {
            #expect(s.recorderValues == f.recorderValues)
            for (i, flows) in f.flows.enumerated() {
                #expect(s.meanFlows[i] == flows.reduce(0, +) / Double(flows.count))
            }
            for (i, volumes) in f.volumes { #expect(s.finalVolumes[i] == volumes.last) }
        }
        var expected = PywrRunSummary(ensemble: full, seconds: 0)
        // Without its array records the summary lists the array recorder without `data`.
        expected.recorders = expected.recorders.map { var line = $0; line.data = nil; return line }
        #expect(PywrRunSummary(ensemble: streamed, seconds: 0) == expected)
    }

    @Test("a failing combination is named, the lowest one of those that failed")
    func failureNamesCombination() async throws {
        // Members 1 and 3 ask the demand for more than the supply can give: infeasible.
        let text = """
        {
          "metadata": {"title": "pywr-infeasible", "minimum_version": "0.1"},
          "timestepper": {"start": "2015-01-01", "end": "2015-01-10", "timestep": 1},
          "scenarios": [{"name": "need", "size": 4}],
          "nodes": [
            {"name": "supply", "type": "input", "max_flow": 5},
            {"name": "demand", "type": "output", "cost": -10,
             "min_flow": {"type": "constantscenario", "scenario": "need", "values": [1, 50, 2, 60]}}
          ],
          "edges": [["supply", "demand"]]
        }
        """
        guard case .pywr(let model) = try ModelLoading.load(.upload(text: text, label: "infeasible.json")) else {
            Issue.record("the Pywr model was not detected")
            return
        }
        do {
            _ = try await PywrEnsembleWorkflow.run(model, combinations: model.combinations, workers: 2, retaining: .streamed)
            Issue.record("the run should have failed")
        } catch {
            #expect(error.combination == [1])
        }
    }
}

struct WorkflowTestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
