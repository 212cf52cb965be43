import ArgumentParser
import Foundation
import AralModel
import AralEnsemble
import AralSchema

/// `aral hydrology generate`: stochastic monthly inflow traces for every site of a history at
/// once, keeping per site and month the mean, standard deviation and lag-1 correlation, and
/// the correlation between sites (multi-site Thomas–Fiering on log flows, see docs/ensembles.md).
struct HydrologyGenerateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate stochastic inflow traces from a history.",
        discussion: """
        HISTORY.csv: first column dates (monthly or daily, no gaps), one column per site. \
        Output: trace,date,SITE… — one row per trace and month. The same seed gives the same \
        file; trace k does not depend on how many traces are made.
        """
    )

    @Option(name: .long, help: "The historical record (CSV: date, then one column per site), as `aral hydrology check --history`.")
    var history: String?

    /// The option's former name, still accepted (hidden): `--history` is what `check` calls it.
    @Option(name: .customLong("from"), help: .hidden)
    var legacyFrom: String?

    mutating func validate() throws {
        guard (history == nil) != (legacyFrom == nil) else {
            throw ValidationError("give the historical record once: --history HISTORY.csv")
        }
    }

    @Option(name: .long, parsing: .unconditional, help: "Number of traces.")
    var traces: Int = 100

    @Option(name: .long, parsing: .unconditional, help: "Years per trace.")
    var years: Int = 30

    @Option(name: .long, parsing: .unconditional, help: "Random seed.")
    var seed: UInt64 = 1

    @Option(name: .long, help: "First month of every trace (YYYY-MM; default: the history's first month).")
    var start: String?

    @Option(name: .long, help: "Only these sites (comma-separated; default: every column).")
    var sites: String?

    @Option(name: .long, help: "Climate scenario: CSV of monthly multipliers (month, then site columns or 'all').")
    var multipliers: String?

    @Option(name: .shortAndLong, help: "Output CSV (default: standard output).")
    var output: String?

    /// The most values one call generates (2 GB of Doubles, a CSV of about 4 GB).
    static let mostValues = 250_000_000.0

    func run() async throws {
        guard traces >= 1, years >= 1 else { throw ValidationError("--traces and --years must be at least 1") }
        do {
            let historyPath = history ?? legacyFrom ?? ""
            if let output, output != "-", OutputFile.sameFile(historyPath, output) {
                throw ValidationError("--output \(output) is the history being read; write the traces to another file")
            }
            // " naryn" after a comma is the site naryn, as a user writes a list.
            let named = sites.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
            let history = try MonthlyRecord.read(path: historyPath, sites: named)
            var first = history.start
            if let start {
                guard let d = CivilDate(parsing: start) else { throw ValidationError("--start '\(start)' is not YYYY-MM") }
                first = CivilDate(year: d.year, month: d.month, day: 1)
            }
            // A trace's dates are written and read back as YYYY-MM: 9999-01 for 30 years ran
            // into five-digit years that no reader accepts (found from outside).
            guard first.year >= 1, first.year <= 9999, years <= 10_000 - first.year else {
                throw ValidationError("--start \(first.year)-\(first.month < 10 ? "0" : "")\(first.month) with --years \(years) runs past the year 9999; traces run within the years 0001–9999")
            }
            // Every value is held in memory before writing: 10^8 traces once asked for 77 GB and
            // aborted. Counted in Double so that the product itself cannot overflow.
            let values = Double(traces) * Double(years) * 12 * Double(history.sites.count)
            guard values <= Self.mostValues else {
                throw ValidationError("--traces \(traces) × --years \(years) × 12 months × \(history.sites.count) sites is \(String(format: "%.3g", values)) values (\(String(format: "%.3g", values * 8 / 1e9)) GB in memory); at most \(Int(Self.mostValues)) fit: generate fewer traces or years, in several files with different --seed")
            }
            let factors = try multipliers.map { path throws(EnsembleError) in try ClimateMultipliers.read(path: path, sites: history.sites) }
            let model = ThomasFieringModel(fitting: history)
            let set = TraceSet.generate(model, count: traces, seed: seed, start: first, months: years * 12, multipliers: factors)
            let file = output == "-" ? nil : output
            if let file {
                try set.write(to: file)
            } else {
                try set.write(to: FileHandle.standardOutput, name: "standard output")
            }
            Terminal.note("wrote \(traces) traces × \(years) years × \(history.sites.count) sites (\(history.sites.joined(separator: ", "))) to \(file ?? "standard output")")
            if model.repairedMonths > 0 {
                Terminal.note("note: in \(model.repairedMonths) months the sites' innovation correlations were not positive definite (a short record for \(history.sites.count) sites) and were repaired by eigenvalue clipping; check the result with aral hydrology check")
            }
            if model.shrinkApplied < 1 {
                Terminal.note(String(format: "note: the innovation correlations were shrunk by %.2f to be positive definite (a short history)", model.shrinkApplied))
            }
        } catch let error as EnsembleError {
            Terminal.error(error.description)
            throw ExitCode.failure
        }
    }
}
