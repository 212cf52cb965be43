import ArgumentParser
import AralWorkflows
import Foundation
import AralEnsemble

/// `aral hydrology check`: the statistics a generator must keep, history beside traces.
struct HydrologyCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Compare the statistics of traces with their history.",
        discussion: "Prints per site and month the mean, standard deviation and lag-1 correlation, then per month and pair of sites the cross-correlation."
    )

    @Option(name: .long, help: "The historical record (CSV).")
    var history: String

    @Option(name: .long, help: "The traces (CSV from aral hydrology generate).")
    var traces: String

    func run() async throws {
        do {
            let set = try TraceSet.read(path: traces)
            let record = try MonthlyRecord.read(path: history, sites: set.sites)
            let h = MonthlyStatistics.of(record)
            var acc = MonthlyStatisticsAccumulator(sites: set.sites)
            for k in 0..<set.count { acc.add(set.record(k)) }
            let t = acc.statistics
            print("\(set.count) traces × \(set.months) months beside \(record.monthCount) months of history")
            let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
            var rows: [[String]] = []
            for (s, site) in set.sites.enumerated() {
                for m in 0..<12 {
                    rows.append([site, months[m], fmt(h.mean[s][m], 2), fmt(t.mean[s][m], 2),
                                 fmt(h.standardDeviation[s][m], 2), fmt(t.standardDeviation[s][m], 2),
                                 fmt(h.lag1[s][m], 3), fmt(t.lag1[s][m], 3)])
                }
            }
            print(table(["site", "month", "mean hist", "mean traces", "sd hist", "sd traces", "lag-1 hist", "lag-1 traces"], rows))
            if set.sites.count > 1 {
                var pairs: [[String]] = []
                for a in set.sites.indices {
                    for b in set.sites.indices where b > a {
                        for m in 0..<12 {
                            pairs.append(["\(set.sites[a])–\(set.sites[b])", months[m],
                                          fmt(h.crossCorrelation[m][a][b], 3), fmt(t.crossCorrelation[m][a][b], 3)])
                        }
                    }
                }
                print("")
                print(table(["sites", "month", "corr hist", "corr traces"], pairs))
            }
        } catch {
            Terminal.error(error.description)
            throw ExitCode.failure
        }
    }
}
