import ArgumentParser
import Foundation
import AralModel
import AralSchema
import AralFormats
import AralPlanning
import AralWorkflows

/// `aral plan MODEL --from DATE --to DATE`: seasonal planning over a horizon and the
/// water-for-energy exchange (see docs/planning.md).
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Seasonal planning and the water-for-energy exchange.",
        discussion: """
        Solves one multi-period LP over the horizon (perfect foresight on the inflows) by the \
        policy's levels in order: environmental minimums, fair quota satisfaction \
        (policy.sharing), the value of hydropower (successive LP over heads), rule-curve and \
        spill penalties. Also plans each upstream state alone, for the value of cooperation; \
        with --exchange, prints and writes the obligations that follow.
        """
    )

    @OptionGroup var input: ModelOptions

    @Option(help: "First day of the horizon (YYYY-MM-DD; default: the model's timestepper start).")
    var from: String?

    @Option(help: "Last day of the horizon (YYYY-MM-DD; default: the model's timestepper end).")
    var to: String?

    @Option(help: ArgumentHelp("A forecast CSV: dates, then one column per inflow node, replacing its flow.", valueName: "FORECAST.csv"))
    var inflows: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("With --traces: plan with trace K of the file (0-based) as the inflows.", valueName: "K"))
    var member: Int?

    @Flag(help: "Start the reservoirs from the storage a run of the model reaches on --from, not from the model's initialVolume (the start of its record).")
    var startFromRun = false

    @Flag(help: "Print the exchange's obligations and write them as JSON for the ledger.")
    var exchange = false

    @Option(name: .customLong("obligations"), help: ArgumentHelp("Where --exchange writes the obligations JSON (default: obligations.json).", valueName: "FILE.json"))
    var obligationsOption: String?

    /// Where the obligations go; `--obligations` alone, without `--exchange`, is refused (it was
    /// ignored without a word; found from outside).
    var obligations: String { obligationsOption ?? "obligations.json" }

    func validate() throws {
        if obligationsOption != nil && !exchange {
            throw ValidationError("--obligations names where --exchange writes the obligations; add --exchange")
        }
    }

    @Flag(help: "Print the report as JSON.")
    var json = false

    @Option(help: ArgumentHelp("Write a self-contained HTML report with charts.", valueName: "FILE.html"))
    var report: String?

    func run() async throws {
        let model = input.model
        if input.isPywr {
            // Said as it is: with --format pywr the file was called a Pywr model whatever it held.
            Terminal.error(input.requestedFormat == .pywr
                ? "plans need an Aral basin model (parties, demands, policy); --format pywr reads \(model) as Pywr's"
                : "\(model) is a Pywr model; plans need an Aral basin model (parties, demands, policy)")
            throw ExitCode.failure
        }
        try checkOutputs()
        let request = PlanWorkflow.Request(source: input.source, from: try date(from, option: "--from"),
                                           to: try date(to, option: "--to"), forecast: inflows, scenarios: input.scenario,
                                           traces: try traceChoice(), startFromRun: startFromRun)
        let outcome: PlanWorkflow.Outcome
        do {
            let inputs = try PlanWorkflow.inputs(request)
            noteWholeSteps(request, steps: inputs.network.steps)
            outcome = try PlanWorkflow.plan(inputs)
        } catch let error as ModelFileError {
            ModelInput.report(error)
            throw ExitCode.failure
        } catch let error as PlanError {
            PlanSetup.report(error, file: model)
            throw ExitCode.failure
        }
        let summary = outcome.report

        if let report {
            do { try OutputFile.write(Data(PlanReportHTML.document(summary).utf8), to: report) } catch {
                Terminal.error("cannot write \(report): \(error.localizedDescription)")
                throw ExitCode.failure
            }
        }
        if exchange {
            guard let document = outcome.obligations else {
                Terminal.error("\(model): no upstream state (no party owns a reservoir with a plant, and exchange.upstream is not set), so there is no exchange")
                throw ExitCode.failure
            }
            do { try PlanWorkflow.writeObligations(document, to: obligations) } catch {
                Terminal.error("cannot write \(obligations): \(error.localizedDescription)")
                throw ExitCode.failure
            }
        }
        if json {
            print(String(decoding: try PlanWorkflow.encoder().encode(summary), as: UTF8.self))
        } else {
            print(PlanText.render(summary, exchange: exchange))
            if exchange { print("\nObligations written to \(obligations) (import with the ledger as obligation entries).") }
            if let report { print("HTML report written to \(report).") }
        }
    }

    /// The report and the obligations, as `OutputChecks` checks outputs.
    func checkOutputs() throws {
        var outputs: [(option: String, path: String)] = []
        if let report { outputs.append(("--report", report)) }
        if exchange { outputs.append(("--obligations", obligations)) }
        try OutputChecks.distinct(outputs: outputs, inputs: [("the model", input.model), ("--inflows", inflows), ("--traces", input.traces)])
        if let report {
            try OutputChecks.replaceable(report, option: "--report", holds: "an HTML report") {
                $0.lowercased().hasPrefix("<!doctype html") || $0.lowercased().hasPrefix("<html")
            }
        }
        if exchange {
            try OutputChecks.replaceable(obligations, option: "--obligations", holds: "an obligations file of aral plan") {
                $0.hasPrefix("{") && $0.contains("\"generated_by\"")
            }
        }
    }

    /// A plan is made of whole steps: a `--from` or `--to` inside a month is said to be moved to
    /// its step's bounds (it was moved without a word; found from outside).
    func noteWholeSteps(_ request: PlanWorkflow.Request, steps: [TimeStep]) {
        if let from = request.from, let first = steps.first, first.date != from {
            Terminal.note("note: --from \(from) falls inside the step that starts \(first.date); the plan starts there (it plans whole steps)")
        }
        if let to = request.to, let last = steps.last {
            let end = last.date.adding(days: last.days - 1)
            if end != to {
                Terminal.note("note: --to \(to) falls inside the step \(last.date) to \(end); the plan ends on \(end) (it plans whole steps)")
            }
        }
    }

    /// `--traces FILE --member K`: which trace the plan takes as its inflows.
    func traceChoice() throws -> PlanWorkflow.TraceChoice? {
        guard let path = input.traces else {
            if member != nil { throw ValidationError("--member picks one of the traces of --traces FILE; give the file too") }
            return nil
        }
        guard inflows == nil else { throw ValidationError("--inflows and --traces both replace the inflows; give one of them") }
        guard let member else { throw ValidationError("--traces \(path): give --member K, the trace to plan with (0-based); a plan takes one hydrology") }
        guard member >= 0 else { throw ValidationError("--member \(member): traces are numbered from 0") }
        return PlanWorkflow.TraceChoice(path: path, member: member)
    }

    /// `--from`/`--to` as a date (`nil`: the model's own timestepper date).
    func date(_ text: String?, option: String) throws -> CivilDate? {
        guard let text else { return nil }
        guard let date = CivilDate(parsing: text) else { throw ValidationError("\(option) '\(text)' is not a date; write YYYY-MM-DD") }
        return date
    }
}
