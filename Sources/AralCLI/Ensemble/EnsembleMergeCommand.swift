import ArgumentParser
import Foundation
import AralEnsemble
import AralSchema
import AralWorkflows

/// `aral ensemble merge SHARD… -o OUT`: combine shard stores into one, with the summary
/// recomputed from all members — the same numbers, bit for bit, as one unsharded run.
struct EnsembleMergeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge sharded ensemble results.",
        discussion: "Each SHARD is a SQLite store written by aral run MODEL --ensemble --shard I/N --sqlite SHARD."
    )

    @Argument(help: "Shard stores (SQLite).")
    var shards: [String]

    @Option(name: .shortAndLong, help: "The merged store (SQLite).")
    var output: String

    @Option(name: .long, help: "Also write the merged summary as CSV.")
    var csv: String?

    @Flag(name: .long, help: "Print only errors.")
    var quiet = false

    @Flag(name: .long, help: "Print the merged summary as JSON.")
    var json = false

    func run() async throws {
        do {
            for s in shards where !FileManager.default.fileExists(atPath: s) {
                throw EnsembleError(file: s, "file not found")
            }
            // Merged beside the output and renamed over it when complete: a merge that failed (a
            // bad shard) deleted the store or directory kept there, and `-o` naming a shard
            // emptied that shard before reading it (found from outside).
            let place: (target: String, temporary: String)
            do { place = try OutputFile.sibling(for: output) } catch { throw EnsembleError(file: output, "cannot write: \(error.message)") }
            for s in shards where OutputFile.sameFile(s, place.target) {
                throw EnsembleError(file: output, "is also a shard to merge (\(s)); give the merged store a new file name")
            }
            try EnsembleStore.checkReplaceable(place.target)
            if let csv {
                // --csv was written without a look: onto a shard, the merged store or a model.
                try OutputChecks.distinct(outputs: [("-o", output), ("--csv", csv)], inputs: shards.map { ("a shard to merge", $0) })
                try OutputChecks.replaceable(csv, option: "--csv", holds: "an ensemble summary CSV") { $0.hasPrefix(EnsembleRunSummary.csvHeader) }
            }
            let (info, summary): (EnsembleInfo, EnsembleSummary)
            do {
                (info, summary) = try EnsembleStore.merge(shards, into: place.temporary)
                try OutputFile.commit(place.temporary, to: place.target)
            } catch let error as OutputFile.Problem {
                throw EnsembleError(file: output, "cannot write: \(error.message)")
            } catch {
                OutputFile.discard(place.temporary)
                throw error
            }
            if let csv { try EnsembleCSV.write(summary, to: csv) }
            let members = summary.rows.first?.members ?? 0
            if json {
                if !quiet { print(try EnsembleRunSummary(info: info, summary: summary).json()) }
            } else if !quiet {
                print("merged \(shards.count) shards of \(info.model) into \(output): status \(info.status) (grid of \(info.memberCount) members)")
                print(EnsembleReport.render(summary).joined(separator: "\n"))
            }
            if info.status != "complete" {
                Terminal.note("warning: the merged store is partial (\(members) members in the first group); some shards are missing or did not finish")
            }
        } catch let error as EnsembleError {
            Terminal.error(error.description)
            throw ExitCode.failure
        }
    }
}
