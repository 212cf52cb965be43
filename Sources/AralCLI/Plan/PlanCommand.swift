import ArgumentParser
import Foundation
import AralModel
import AralPlanning

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
        With --bench, times one-year monthly, ten-year monthly and one-year daily plans of \
        MODEL (default models/syr-darya.yaml, else examples/basin.yaml) and of a synthetic basin.
        """
    )

    @Argument(help: "The model file (YAML or JSON).")
    var model: String?

    @Option(help: "First day of the horizon (YYYY-MM-DD).")
    var from: String?

    @Option(help: "Last day of the horizon (YYYY-MM-DD).")
    var to: String?

    @Flag(help: "Benchmark plans instead of making one (with --exchange: the alone plans too).")
    var bench = false

    @Option(help: "Reservoirs of the synthetic benchmark basin (0: skip it).")
    var syntheticReservoirs = 10

    @Flag(help: "With --bench: skip the one-year daily case.")
    var skipDaily = false

    @Option(help: ArgumentHelp("A forecast CSV: dates, then one column per inflow node, replacing its flow.", valueName: "FORECAST.csv"))
    var inflows: String?

    @Flag(help: "Print the exchange's obligations and write them as JSON for the ledger.")
    var exchange = false

    @Option(help: ArgumentHelp("Where --exchange writes the obligations JSON.", valueName: "FILE.json"))
    var obligations = "obligations.json"

    @Flag(help: "Print the report as JSON.")
    var json = false

    @Option(help: ArgumentHelp("Write a self-contained HTML report with charts.", valueName: "FILE.html"))
    var report: String?

    @Option(help: "Apply a scenario overlay (repeatable, applied in order).")
    var scenario: [String] = []

    func run() async throws {
        if bench {
            try PlanBench(model: model, syntheticReservoirs: syntheticReservoirs, exchange: exchange, skipDaily: skipDaily).run()
            return
        }
        guard let model else { throw ValidationError("give the model file: aral plan MODEL --from DATE --to DATE") }
        guard let from, let to else { throw ValidationError("give the horizon: --from YYYY-MM-DD --to YYYY-MM-DD") }
        let inputs = try PlanSetup.inputs(model: model, from: from, to: to, inflows: inflows, scenarios: scenario)
        let planner = Planner(inputs: inputs, makeSolver: PlanSetup.makeSolver)
        let clock = ContinuousClock()
        let started = clock.now
        let plan: PlanSolution, alone: PlanSolution?
        do {
            plan = try planner.plan()
            alone = inputs.policy.upstream.isEmpty ? nil : try planner.planAlone(upstream: inputs.policy.upstream)
        } catch {
            PlanSetup.report(error, file: model)
            throw ExitCode.failure
        }
        let elapsed = clock.now - started
        let exchangeResult = alone.map { ExchangeResult(inputs: inputs, consortium: plan, alone: $0) }
        let summary = PlanReport(inputs: inputs, plan: plan, alone: alone, exchange: exchangeResult, seconds: elapsed.seconds)

        if let report {
            do { try PlanHTML.render(summary).write(toFile: report, atomically: true, encoding: .utf8) } catch {
                Terminal.error("cannot write \(report): \(error.localizedDescription)")
                throw ExitCode.failure
            }
        }
        if exchange {
            guard let exchangeResult else {
                Terminal.error("\(model): no upstream state (no party owns a reservoir with a plant, and exchange.upstream is not set), so there is no exchange")
                throw ExitCode.failure
            }
            let id = LedgerObligations.planID(model: inputs.network.name, from: summary.from, to: summary.to)
            let document = LedgerObligations(plan: id, exchange: exchangeResult,
                                             note: "\(inputs.network.name) \(summary.from) to \(summary.to): \(exchangeResult.method)")
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            do { try encoder.encode(document).write(to: URL(fileURLWithPath: obligations)) } catch {
                Terminal.error("cannot write \(obligations): \(error.localizedDescription)")
                throw ExitCode.failure
            }
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(summary), as: UTF8.self))
        } else {
            print(PlanText.render(summary, exchange: exchange))
            if exchange { print("\nObligations written to \(obligations) (import with the ledger as obligation entries).") }
            if let report { print("HTML report written to \(report).") }
        }
    }
}
