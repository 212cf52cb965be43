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

    @Flag(name: .long, help: "Print the statistics as JSON.")
    var json = false

    /// What `--json` prints: the same figures as the tables.
    struct Report: Encodable {
        struct Site: Encodable {
            var site: String, month: Int
            var meanHistory: Double, meanTraces: Double, sdHistory: Double, sdTraces: Double, lag1History: Double, lag1Traces: Double
        }
        struct Pair: Encodable { var sites: [String]; var month: Int; var correlationHistory: Double; var correlationTraces: Double }
        var traces: Int
        var months: Int
        var historyMonths: Int
        var sites: [Site]
        var pairs: [Pair]
    }

    func run() async throws {
        do {
            let set = try TraceSet.read(path: traces)
            let record = try MonthlyRecord.read(path: history, sites: set.sites)
            let h = MonthlyStatistics.of(record)
            var acc = MonthlyStatisticsAccumulator(sites: set.sites)
            for k in 0..<set.count { acc.add(set.record(k)) }
            let t = acc.statistics
            if json {
                var report = Report(traces: set.count, months: set.months, historyMonths: record.monthCount, sites: [], pairs: [])
                for (s, site) in set.sites.enumerated() {
                    for m in 0..<12 {
                        report.sites.append(.init(site: site, month: m + 1, meanHistory: h.mean[s][m], meanTraces: t.mean[s][m],
                                                  sdHistory: h.standardDeviation[s][m], sdTraces: t.standardDeviation[s][m],
                                                  lag1History: h.lag1[s][m], lag1Traces: t.lag1[s][m]))
                    }
                }
                for a in set.sites.indices {
                    for b in set.sites.indices where b > a {
                        for m in 0..<12 {
                            report.pairs.append(.init(sites: [set.sites[a], set.sites[b]], month: m + 1,
                                                      correlationHistory: h.crossCorrelation[m][a][b], correlationTraces: t.crossCorrelation[m][a][b]))
                        }
                    }
                }
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
                print(String(decoding: try encoder.encode(report), as: UTF8.self))
                return
            }
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
            Terminal.error("\(error)")
            throw ExitCode.failure
        }
    }
}
