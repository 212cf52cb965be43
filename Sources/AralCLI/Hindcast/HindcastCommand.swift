import ArgumentParser
import AralSchema
import AralWorkflows

/// `aral hindcast MODEL… [--year Y]`: a shipped basin against the years that were observed
/// (issue 15). A thin caller of `HindcastWorkflow`; `--table` prints the generated part of
/// `docs/validation.md`.
struct HindcastCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hindcast",
        abstract: "Run a basin model on observed years and compare it with the published figures.",
        discussion: """
            Each observed year's inputs are a scenario overlay beside the model \
            (models/hindcasts/BASIN-YEAR.yaml); the comparisons and their periods are listed per basin \
            in HindcastCatalogue. Example: aral hindcast models/amu-darya.yaml --year 2024. \
            Regenerate the validation table: aral hindcast --table models/amu-darya.yaml models/syr-darya.yaml
            """
    )

    @Argument(help: "Basin model files (models/amu-darya.yaml, models/syr-darya.yaml).")
    var models: [String]

    @Option(name: .long, help: "Only this observed year's hindcast rows (repeatable); default: every row.")
    var year: [Int] = []

    @Flag(name: .long, help: "Print the validation table as Markdown (the generated part of docs/validation.md).")
    var table = false

    @Flag(name: .long, help: "Print the reports as JSON.")
    var json = false

    func validate() throws {
        if models.isEmpty { throw ValidationError("name at least one model file, e.g. models/amu-darya.yaml") }
        if table && json { throw ValidationError("--table and --json print different things; choose one") }
    }

    func run() async throws {
        var reports: [HindcastWorkflow.Report] = []
        for model in models {
            do {
                reports.append(try HindcastWorkflow.evaluate(model: model, years: year.isEmpty ? nil : year))
            } catch let error as ModelFileError {
                ModelInput.report(error)
                throw ExitCode.failure
            } catch {
                Terminal.error("\(model): \(error)")
                throw ExitCode.failure
            }
        }
        if json {
            try JSONOutput.print(reports)
        } else if table {
            print(HindcastTable.markdown(reports))
        } else {
            for report in reports { print(text(report)) }
        }
    }

    /// One aligned table per model: every row, its role and whether it is within tolerance.
    func text(_ report: HindcastWorkflow.Report) -> String {
        let rows = report.rows.map { row -> [String] in
            let c = row.comparison
            return [c.what, c.period, c.role.rawValue, fmt(row.observed, 2), fmt(row.modelled, 2),
                    row.relativeError.map { fmt($0 * 100, 1) + "%" } ?? "-", c.toleranceText,
                    row.withinTolerance.map { $0 ? "yes" : "NO" } ?? "-"]
        }
        return "\(report.model) (\(report.basin)): \(report.periodText)\n"
            + AralWorkflows.table(["what", "period", "role", "observed", "modelled", "error", "tolerance", "within"], rows) + "\n"
    }
}
