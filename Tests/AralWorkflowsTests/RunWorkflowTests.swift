import Foundation
import Testing
import AralSchema
import AralModel
import AralEngine
import AralPywr
import AralWorkflows

/// The one run summary: what `aral run --json` prints and what the server stores.
@Suite("Run workflow and its summary")
struct RunWorkflowTests {
    @Test("the summary holds the run's figures and survives a JSON round trip")
    func summary() throws {
        let model = try ModelLoading.loadBasin(.file(path: Fixtures.path("examples/plan-exchange.yaml")))
        let outcome = try RunWorkflow.run(model)
        let summary = RunSummary(outcome.results, seconds: outcome.seconds)
        #expect(summary.model == model.network.name)
        #expect(summary.steps == model.network.steps.count)
        #expect(summary.firstDate == model.network.steps.first?.date.description)
        #expect(summary.lastDate == model.network.steps.last?.date.description)
        #expect(summary.demands.map(\.name) == outcome.results.demandLines.map(\.name))
        #expect(summary.reservoirs.contains { $0.name == "upper-dam" && $0.owner == "UP" && $0.capacityMm3 == 19500 })
        #expect(summary.worstMassBalanceResidual <= Simulation.massBalanceTolerance)
        let decoded = try JSONDecoder().decode(RunSummary.self, from: Data(try summary.json().utf8))
        #expect(decoded == summary)
    }

    @Test("the text summary and the JSON summary report the same demands")
    func textAndJSON() throws {
        let model = try ModelLoading.loadBasin(.file(path: Fixtures.path("examples/basin.yaml")))
        let outcome = try RunWorkflow.run(model)
        let text = RunSummaryText.render(outcome.results, seconds: outcome.seconds)
        for demand in RunSummary(outcome.results, seconds: nil).demands {
            #expect(text.contains(demand.name))
        }
        #expect(text.contains("Mass balance: closes at every node and step"))
    }

    @Test("a Pywr model runs through the same workflow, one result per combination")
    func pywr() throws {
        guard case .pywr(let model) = try ModelLoading.load(.upload(text: Fixtures.pywrModel, label: "upload")) else {
            Issue.record("the Pywr model was not detected")
            return
        }
        let run = try RunWorkflow.run(model)
        #expect(run.results.count == 1)
        #expect(run.results.first?.steps.count == 4)
    }
}
