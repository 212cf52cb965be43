import Foundation
import AralModel
import AralEngine
import AralPlanning
import AralPywr
import AralWorkflows

/// What the server stores of a finished job: its summary and exchange documents (the JSON the
/// API returns) and its series. The figures come from `AralWorkflows`; only the storage layout
/// is the server's.
enum RunOutputs {
    /// A basin run: the run summary (`aral run --json`'s figures), its accounts per
    /// party and season (`SeasonAccounts`: a run makes no obligations) and every series.
    static func basin(_ outcome: RunWorkflow.BasinOutcome) throws -> RunOutput {
        let results = outcome.results
        let summary = String(decoding: try JSONResponse.encoder.encode(RunSummary(results, seconds: outcome.seconds)), as: UTF8.self)
        let exchange = String(decoding: try JSONResponse.encoder.encode(SeasonAccounts(results)), as: UTF8.self)
        let series = results.series.map { SeriesRecord(element: $0.element, attribute: $0.attribute, values: $0.values) }
        return RunOutput(documents: RunDocuments(dates: results.steps.map(\.date.description), summaryJSON: summary, exchangeJSON: exchange),
                         series: series, finishedAt: ServerClock.timestamp())
    }

    /// A finished plan as stored: the summary is `aral plan --exchange --json`'s output, the
    /// exchange document the obligations file it writes (`{}` when there is no upstream state),
    /// the series the plan's reservoir volumes (Mm³), plant energy (MWh), sink inflows (m³/s) and
    /// each party's deliveries and entitlement (m³/s, element `party:CODE/SYSTEM`).
    static func plan(_ outcome: PlanWorkflow.Outcome) throws -> RunOutput {
        let report = outcome.report, obligations = outcome.obligations
        let encoder = PlanWorkflow.encoder()
        let summary = String(decoding: try encoder.encode(report), as: UTF8.self)
        let exchange = try obligations.map { String(decoding: try encoder.encode($0), as: UTF8.self) } ?? "{}"
        var series: [SeriesRecord] = []
        for r in report.reservoirs {
            series.append(SeriesRecord(element: r.name, attribute: "volume", values: r.volumeMm3))
            series.append(SeriesRecord(element: r.name, attribute: "release", values: r.releaseM3s))
            series.append(SeriesRecord(element: r.name, attribute: "spill", values: r.spillM3s))
        }
        for p in report.plants { series.append(SeriesRecord(element: p.name, attribute: "energy", values: p.energyMWh)) }
        for s in report.sinks { series.append(SeriesRecord(element: s.name, attribute: "flow", values: s.inflowM3s)) }
        for p in report.parties {
            series.append(SeriesRecord(element: "party:\(p.party)/\(p.system)", attribute: "delivered", values: p.deliveredM3s))
            series.append(SeriesRecord(element: "party:\(p.party)/\(p.system)", attribute: "entitlement", values: p.entitlementM3s))
        }
        return RunOutput(documents: RunDocuments(dates: report.dates, summaryJSON: summary, exchangeJSON: exchange),
                         series: series, finishedAt: ServerClock.timestamp())
    }
}

/// A Pywr run as stored: the summary is what `aral run MODEL.json --json` prints for a Pywr
/// model; the series are every Pywr node's `flow` and every storage's `volume`, in the model's
/// units, under Pywr's node names.
extension RunOutputs {
    static func pywr(_ r: PywrResults, seconds: Double) throws -> RunOutput {
        let summary = String(decoding: try JSONResponse.encoder.encode(PywrRunSummary(r, seconds: seconds)), as: UTF8.self)
        let exchange = String(decoding: try JSONResponse.encoder.encode(SeasonAccounts(parties: [])), as: UTF8.self)
        var series: [SeriesRecord] = []
        for (i, node) in r.model.nodes.enumerated() {
            series.append(SeriesRecord(element: node.name, attribute: "flow", values: r.flows[i]))
            if let v = r.volumes[i] { series.append(SeriesRecord(element: node.name, attribute: "volume", values: v)) }
        }
        return RunOutput(documents: RunDocuments(dates: r.steps.map(\.date.description), summaryJSON: summary, exchangeJSON: exchange),
                         series: series, finishedAt: ServerClock.timestamp())
    }
}
