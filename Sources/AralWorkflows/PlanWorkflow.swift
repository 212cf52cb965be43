public import Foundation
public import AralModel
public import AralSolver
public import AralSchema
import AralFormats
public import AralPlanning
import AralClp
import AralEngine

/// Seasonal planning with the exchange, as `aral plan --exchange` and `POST /api/plans` make
/// it: the horizon, an optional inflow forecast, compilation, the policy, the consortium plan,
/// each upstream state alone, the exchange that follows, the report and the obligations.
public enum PlanWorkflow {
    /// What to plan.
    public struct Request: Sendable {
        public var source: ModelSource
        /// First and last day of the horizon; `nil` keeps the model's timestepper's date.
        public var from: CivilDate?
        public var to: CivilDate?
        /// A forecast CSV (dates, then one column per inflow node) replacing those inflows;
        /// relative to the working directory. Model files only.
        public var forecast: String?
        public var scenarios: [String]
        /// One inflow trace of a traces file (`aral plan --traces F --member K`) replacing the
        /// inflows it names. Model files only.
        public var traces: TraceChoice?
        /// Start the reservoirs from the storage a run of the model (its own inflows, with the
        /// scenarios) reaches on `from`, instead of the model's `initialVolume`s, which describe
        /// the start of its record (`aral plan --start-from-run`, docs/planning.md).
        public var startFromRun: Bool

        public init(source: ModelSource, from: CivilDate? = nil, to: CivilDate? = nil,
                    forecast: String? = nil, scenarios: [String] = [], traces: TraceChoice? = nil,
                    startFromRun: Bool = false) {
            self.source = source
            self.from = from
            self.to = to
            self.forecast = forecast
            self.scenarios = scenarios
            self.traces = traces
            self.startFromRun = startFromRun
        }
    }

    /// Trace `member` (0-based) of the traces file at `path` (relative to the working directory).
    public struct TraceChoice: Sendable {
        public var path: String
        public var member: Int
        public init(path: String, member: Int) {
            self.path = path
            self.member = member
        }
    }

    /// A finished plan: the report (`aral plan --json`), the exchange and, when there is an
    /// upstream state, the obligations for the ledger.
    public struct Outcome: Sendable {
        public var report: PlanReport
        public var obligations: LedgerObligations?
    }

    /// CLP with automatic scaling: a plan LP mixes m³/s, Mm³ and GWh over many steps.
    public static func makeSolver() -> any LPSolver {
        let solver = ClpSolver()
        solver.setScaling(3)
        return solver
    }

    /// The plan's inputs. Throws `ModelFileError` (the model file, the forecast) or
    /// `PlanError` (the horizon — key paths `--from`/`--to` — and the policy).
    public static func inputs(_ request: Request) throws -> PlanInputs {
        let (document, text) = try ModelLoading.basinDocument(request.source, scenarios: request.scenarios)
        var forecast: (file: String, columns: [String])?
        if let inflows = request.forecast {
            guard case .file = request.source else {
                throw ModelFileError(FileIssue(file: request.source.label, message: "an uploaded model cannot read a forecast file"))
            }
            let absolute = inflows.hasPrefix("/") ? inflows : FileManager.default.currentDirectoryPath + "/" + inflows
            let table = try CSVTable.read(path: absolute, displayName: inflows)
            forecast = (absolute, Array(table.header.dropFirst()))
        }
        let start = try request.from ?? timestepperDate(document.timestepper.start, option: "--from")
        let end = try request.to ?? timestepperDate(document.timestepper.end, option: "--to")
        let state = request.startFromRun ? try runState(document, text: text, source: request.source, at: start) : [:]
        let horizon = try PlanHorizon.apply(to: document, from: start, to: end, forecast: forecast, initialVolumes: state)
        var model = try ModelLoading.compile(horizon, text: text, source: request.source)
        if let traces = request.traces { model.network = try TraceInflows.network(of: model, trace: traces, source: request.source) }
        let policy = try PlanPolicy.resolve(model, compiler: ModelLoading.compiler(for: request.source))
        return try PlanInputs(model: model, policy: policy)
    }

    /// What a plan would refuse in a model's policy and exchange sections (owners, shares and
    /// systems that name no party, prices missing for a plant's owner, an unknown upstream
    /// party), found without planning, at the key paths' lines: `aral validate` said "valid"
    /// to models that `aral plan` then refused (found from outside).
    public static func checkPolicy(_ model: BasinModel, source: ModelSource) throws(ModelFileError) {
        do {
            _ = try PlanPolicy.resolve(model, compiler: ModelLoading.compiler(for: source))
        } catch {
            guard case .invalidInput(let invalid) = error else { return }
            let text = (try? ModelLoading.read(source)) ?? ""
            throw ModelLoading.located(invalid.issues, text: text, source: source)
        }
    }

    /// The reservoirs' storage (Mm³) at the end of the model's run on the last step before
    /// `from`. A `from` at or before the model's start keeps the model's `initialVolume`s.
    ///
    /// Each is clamped to [minVolume, maxVolume]: the run's LP keeps a storage within its bounds
    /// only to its feasibility tolerance (the shipped Syr Darya's run ends September 1990 with
    /// Chardara at 5,400.000000000001 of 5,400 Mm³), and the compiler checks an initial volume
    /// against the bounds exactly, so 16 of the record's 29 water years could not be planned from
    /// the run. A run that ends a step in a physical shortfall (below minVolume, reported by the
    /// run) starts the plan at the minimum.
    static func runState(_ document: BasinDocument, text: String, source: ModelSource, at from: CivilDate) throws -> [String: Double] {
        let model = try ModelLoading.compile(document, text: text, source: source)
        guard let first = model.network.steps.first, first.date < from else { return [:] }
        let results = try BasinRun.run(model, solver: ClpSolver())
        guard let t = results.steps.lastIndex(where: { $0.date < from }) else { return [:] }
        var volumes: [String: Double] = [:]
        for element in model.elements where element.kind == .reservoir && element.enabled {
            if let volume = results.values(element.name, "volume"), t < volume.count {
                let node = document.nodes.first { $0.name == element.name }
                let top = node?.maxVolume ?? .infinity
                volumes[element.name] = min(max(node?.minVolume ?? 0, 0, volume[t]), top)
            }
        }
        return volumes
    }

    /// The consortium plan, each upstream state alone, the exchange, the report and the
    /// obligations. The report's `seconds` is the wall time of the planning.
    public static func plan(_ inputs: PlanInputs) throws(PlanError) -> Outcome {
        let planner = Planner(inputs: inputs, makeSolver: makeSolver)
        let clock = ContinuousClock()
        let started = clock.now
        let plan = try planner.plan()
        let alone = inputs.policy.upstream.isEmpty ? nil : try planner.planAlone(upstream: inputs.policy.upstream)
        let seconds = (clock.now - started).seconds
        let exchange = alone.map { ExchangeResult(inputs: inputs, consortium: plan, alone: $0) }
        let report = PlanReport(inputs: inputs, plan: plan, alone: alone, exchange: exchange, seconds: seconds)
        let obligations = exchange.map { exchange in
            LedgerObligations(plan: LedgerObligations.planID(model: inputs.network.name, from: report.from, to: report.to),
                              exchange: exchange, note: "\(inputs.network.name) \(report.from) to \(report.to): \(exchange.method)")
        }
        return Outcome(report: report, obligations: obligations)
    }

    /// The encoder of `aral plan --json`, of the obligations file and of the plans the server stores.
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// Writes the obligations file that `aral ledger import-obligations` reads.
    public static func writeObligations(_ obligations: LedgerObligations, to path: String) throws {
        try OutputFile.write(try encoder().encode(obligations), to: path)
    }

    /// A timestepper date the model itself gives (a broken one is a horizon issue).
    static func timestepperDate(_ text: String, option: String) throws(PlanError) -> CivilDate {
        guard let date = CivilDate(parsing: text) else {
            throw PlanError.invalidInput(ModelValidationError(issues: [ModelIssue(path: "timestepper", message: "'\(text)' is not a date; write YYYY-MM-DD (or give \(option))")]))
        }
        return date
    }
}
