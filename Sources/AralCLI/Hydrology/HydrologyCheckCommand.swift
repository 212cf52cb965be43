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
        /// A figure is null where too few values make it meaningless (see `MonthlyStatistics.count`).
        struct Site: Encodable {
            var site: String, month: Int
            @NullWhenAbsent var meanHistory: Double?
            @NullWhenAbsent var meanTraces: Double?
            @NullWhenAbsent var sdHistory: Double?
            @NullWhenAbsent var sdTraces: Double?
            @NullWhenAbsent var lag1History: Double?
            @NullWhenAbsent var lag1Traces: Double?
        }
        struct Pair: Encodable {
            var sites: [String]; var month: Int
            @NullWhenAbsent var correlationHistory: Double?
            @NullWhenAbsent var correlationTraces: Double?
        }
        var traces: Int
        var months: Int
        var historyMonths: Int
        var sites: [Site]
        var pairs: [Pair]
    }

    /// A figure only where enough values stand behind it (one for a mean, two for a standard
    /// deviation or a lag-1 correlation).
    static func mean(_ st: MonthlyStatistics, _ s: Int, _ m: Int) -> Double? { enough(st.count, s, m, 1) ? st.mean[s][m] : nil }
    static func sd(_ st: MonthlyStatistics, _ s: Int, _ m: Int) -> Double? { enough(st.count, s, m, 2) ? st.standardDeviation[s][m] : nil }
    static func lag1(_ st: MonthlyStatistics, _ s: Int, _ m: Int) -> Double? { enough(st.lagCount, s, m, 2) ? st.lag1[s][m] : nil }
    static func cross(_ st: MonthlyStatistics, _ a: Int, _ b: Int, _ m: Int) -> Double? {
        enough(st.count, a, m, 2) ? st.crossCorrelation[m][a][b] : nil
    }
    static func enough(_ counts: [[Int]], _ s: Int, _ m: Int, _ need: Int) -> Bool {
        counts.isEmpty || counts[s][m] >= need
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
                        report.sites.append(.init(site: site, month: m + 1, meanHistory: Self.mean(h, s, m), meanTraces: Self.mean(t, s, m),
                                                  sdHistory: Self.sd(h, s, m), sdTraces: Self.sd(t, s, m),
                                                  lag1History: Self.lag1(h, s, m), lag1Traces: Self.lag1(t, s, m)))
                    }
                }
                for a in set.sites.indices {
                    for b in set.sites.indices where b > a {
                        for m in 0..<12 {
                            report.pairs.append(.init(sites: [set.sites[a], set.sites[b]], month: m + 1,
                                                      correlationHistory: Self.cross(h, a, b, m), correlationTraces: Self.cross(t, a, b, m)))
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
                    func cell(_ v: Double?, _ digits: Int) -> String { v.map { fmt($0, digits) } ?? "–" }
                    rows.append([site, months[m], cell(Self.mean(h, s, m), 2), cell(Self.mean(t, s, m), 2),
                                 cell(Self.sd(h, s, m), 2), cell(Self.sd(t, s, m), 2),
                                 cell(Self.lag1(h, s, m), 3), cell(Self.lag1(t, s, m), 3)])
                }
            }
            print(table(["site", "month", "mean hist", "mean traces", "sd hist", "sd traces", "lag-1 hist", "lag-1 traces"], rows))
            if set.sites.count > 1 {
                var pairs: [[String]] = []
                for a in set.sites.indices {
                    for b in set.sites.indices where b > a {
                        for m in 0..<12 {
                            pairs.append(["\(set.sites[a])–\(set.sites[b])", months[m],
                                          Self.cross(h, a, b, m).map { fmt($0, 3) } ?? "–", Self.cross(t, a, b, m).map { fmt($0, 3) } ?? "–"])
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

/// An optional figure written as `null` when absent: the synthesized encoding leaves the key
/// out, and a reader of the JSON should see every key of every row.
@propertyWrapper
struct NullWhenAbsent: Encodable {
    var wrappedValue: Double?

    init(wrappedValue: Double?) { self.wrappedValue = wrappedValue }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(wrappedValue)
    }
}
