import Foundation
import HTTPTypes
import AralModel
import AralSchema
import AralEngine
import AralClp
import AralSolver
import AralPlanning
import AralPywr

/// What the run manager executes: a basin simulation, a Pywr model (as `aral run` runs one) or a
/// seasonal plan with the exchange (as `aral plan --exchange` makes one).
enum RunJob: Sendable {
    case basin(BasinModel)
    case pywr(PywrModel)
    case plan(PlanInputs)

    var stepsTotal: Int {
        switch self {
        case .basin(let m): m.network.steps.count
        case .pywr(let m): m.network.steps.count
        case .plan(let i): i.model.network.steps.count
        }
    }
}

/// Plans made exactly as the CLI's `aral plan MODEL --from --to --exchange --json` makes them,
/// so that the server and the CLI give the same plan and the same obligations for one model:
/// the same horizon handling (`PlanHorizon`), compiler, policy, planner, CLP scaling, exchange
/// and report. The only difference is that an uploaded model cannot read files.
enum ServerPlanning {
    /// The CLI's solver for plans (`PlanSetup.makeSolver`): CLP with automatic scaling, since a
    /// plan LP mixes m³/s, Mm³ and GWh over many steps.
    static func makeSolver() -> any LPSolver {
        let solver = ClpSolver()
        solver.setScaling(3)
        return solver
    }

    /// The plan's inputs for an uploaded Aral model over `from…to` (default: the model's own
    /// timestepper). Problems are 422s naming the key path (`from`/`to` for the horizon).
    static func inputs(source: String, from: String?, to: String?) throws -> PlanInputs {
        let document: BasinDocument
        do {
            document = try ModelLoader.decode(source, file: UploadedModel.fileLabel)
        } catch {
            throw UploadedModel.invalid(error.issues)
        }
        let start = try date(from, path: "from", default: document.timestepper.start)
        let end = try date(to, path: "to", default: document.timestepper.end)
        let compiler = BasinCompiler(seriesSource: NoFileSeriesSource())
        do {
            let horizon = try PlanHorizon.apply(to: document, from: start, to: end)
            let model: BasinModel
            do {
                model = try compiler.compile(horizon)
            } catch {
                throw UploadedModel.invalid(error.issues.map { FileIssue(file: UploadedModel.fileLabel, path: $0.path, message: $0.message) })
            }
            let policy = try PlanPolicy.resolve(model, compiler: compiler)
            return try PlanInputs(model: model, policy: policy)
        } catch let error as PlanError {
            throw apiError(error)
        }
    }

    static func date(_ text: String?, path: String, default fallback: String) throws -> CivilDate {
        let value = text ?? fallback
        guard let date = CivilDate(parsing: value) else {
            throw APIError(.unprocessableContent, "'\(value)' is not a date; write YYYY-MM-DD", path: path)
        }
        return date
    }

    /// Input problems keep their key paths (the horizon's are reported at `from`/`to` rather
    /// than the CLI's `--from`/`--to`); a policy that cannot be met is a 422 too, naming the
    /// shortfalls.
    static func apiError(_ error: PlanError) -> APIError {
        switch error {
        case .invalidInput(let invalid):
            let issues = invalid.issues.map { issue in
                let path = issue.path == "--to" ? "to" : issue.path == "--from" ? "from" : issue.path
                return APIError.Issue(file: UploadedModel.fileLabel, path: path, message: issue.message)
            }
            return APIError(.unprocessableContent, issues.count == 1 ? "1 problem in the plan's input" : "\(issues.count) problems in the plan's input",
                            issues: issues)
        default:
            return APIError(.unprocessableContent, error.description)
        }
    }

    /// The encoder of `aral plan --json` (and of the obligations file it writes).
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// `aral plan --exchange`'s work: the consortium plan, each upstream state alone, the
    /// exchange that follows and the report. `seconds` is the wall time of the planning.
    static func plan(_ inputs: PlanInputs) throws -> (report: PlanReport, obligations: LedgerObligations?) {
        let planner = Planner(inputs: inputs, makeSolver: makeSolver)
        let clock = ContinuousClock()
        let started = clock.now
        let plan = try planner.plan()
        let alone = inputs.policy.upstream.isEmpty ? nil : try planner.planAlone(upstream: inputs.policy.upstream)
        let elapsed = clock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let exchange = alone.map { ExchangeResult(inputs: inputs, consortium: plan, alone: $0) }
        let report = PlanReport(inputs: inputs, plan: plan, alone: alone, exchange: exchange, seconds: seconds)
        let obligations = exchange.map { exchange in
            LedgerObligations(plan: LedgerObligations.planID(model: inputs.network.name, from: report.from, to: report.to),
                              exchange: exchange, note: "\(inputs.network.name) \(report.from) to \(report.to): \(exchange.method)")
        }
        return (report, obligations)
    }

    /// A finished plan as stored: the summary is `aral plan --exchange --json`'s output, the
    /// exchange document the obligations file it writes (`{}` when there is no upstream state),
    /// the series the plan's reservoir volumes (Mm³), plant energy (MWh), sink inflows (m³/s) and
    /// each party's deliveries and entitlement (m³/s, element `party:CODE/SYSTEM`).
    static func output(report: PlanReport, obligations: LedgerObligations?) throws -> RunOutput {
        let encoder = encoder()
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
extension PywrRunSummary {
    static func output(_ r: PywrResults, seconds: Double) throws -> RunOutput {
        let summary = String(decoding: try JSONResponse.encoder.encode(PywrRunSummary(r, seconds: seconds)), as: UTF8.self)
        let exchange = String(decoding: try JSONResponse.encoder.encode(ExchangeTable(parties: [], obligations: [])), as: UTF8.self)
        var series: [SeriesRecord] = []
        for (i, node) in r.model.nodes.enumerated() {
            series.append(SeriesRecord(element: node.name, attribute: "flow", values: r.flows[i]))
            if let v = r.volumes[i] { series.append(SeriesRecord(element: node.name, attribute: "volume", values: v)) }
        }
        return RunOutput(documents: RunDocuments(dates: r.steps.map(\.date.description), summaryJSON: summary, exchangeJSON: exchange),
                         series: series, finishedAt: ServerClock.timestamp())
    }
}
