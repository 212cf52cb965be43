import Foundation
import Testing
import AralModel
@testable import AralEnsemble

@Suite("Stochastic hydrology")
struct GeneratorTests {
    /// Relative error allowed on monthly means and standard deviations of 1,000 traces.
    static let meanTolerance = 0.03
    static let standardDeviationTolerance = 0.06
    /// Absolute error allowed on lag-1 and cross-site correlations.
    static let correlationTolerance = 0.06

    @Test("1,000 traces keep the history's monthly statistics")
    func reproducesStatistics() {
        let history = KnownHistory.record()
        let h = MonthlyStatistics.of(history)
        let model = ThomasFieringModel(fitting: history)
        let set = TraceSet.generate(model, count: 1000, seed: 2024, start: history.start, months: 120)
        var acc = MonthlyStatisticsAccumulator(sites: history.sites)
        for k in 0..<set.count { acc.add(set.record(k)) }
        let t = acc.statistics
        for s in history.sites.indices {
            for m in 0..<12 {
                #expect(abs(t.mean[s][m] / h.mean[s][m] - 1) < Self.meanTolerance, "mean site \(s) month \(m)")
                #expect(abs(t.standardDeviation[s][m] / h.standardDeviation[s][m] - 1) < Self.standardDeviationTolerance, "sd site \(s) month \(m)")
                #expect(abs(t.lag1[s][m] - h.lag1[s][m]) < Self.correlationTolerance, "lag-1 site \(s) month \(m): \(t.lag1[s][m]) vs \(h.lag1[s][m])")
                for b in history.sites.indices where b != s {
                    #expect(abs(t.crossCorrelation[m][s][b] - h.crossCorrelation[m][s][b]) < Self.correlationTolerance,
                            "cross \(s)-\(b) month \(m)")
                }
            }
        }
    }

    @Test("the same seed gives the same file; trace k does not depend on the count")
    func reproducible() throws {
        let dir = try temporaryDirectory()
        let model = ThomasFieringModel(fitting: KnownHistory.record())
        let start = CivilDate(year: 2000, month: 1, day: 1)
        let a = dir.appendingPathComponent("a.csv").path, b = dir.appendingPathComponent("b.csv").path
        try TraceSet.generate(model, count: 20, seed: 5, start: start, months: 24).write(to: a)
        try TraceSet.generate(model, count: 20, seed: 5, start: start, months: 24).write(to: b)
        #expect(FileManager.default.contents(atPath: a) == FileManager.default.contents(atPath: b))
        let few = TraceSet.generate(model, count: 3, seed: 5, start: start, months: 24)
        let many = TraceSet.generate(model, count: 20, seed: 5, start: start, months: 24)
        #expect(few.record(2) == many.record(2))
        let other = TraceSet.generate(model, count: 3, seed: 6, start: start, months: 24)
        #expect(other.record(0) != few.record(0))
    }

    @Test("multipliers scale the generated flows month by month")
    func multipliers() {
        let model = ThomasFieringModel(fitting: KnownHistory.record())
        let start = CivilDate(year: 2000, month: 1, day: 1)
        var factors = ClimateMultipliers.identity(sites: 3)
        factors.factor[0][6] = 0.5
        let base = TraceSet.generate(model, count: 2, seed: 1, start: start, months: 24)
        let dry = TraceSet.generate(model, count: 2, seed: 1, start: start, months: 24, multipliers: factors)
        #expect(dry.value(trace: 1, month: 18, site: 0) == 0.5 * base.value(trace: 1, month: 18, site: 0))
        #expect(dry.value(trace: 1, month: 17, site: 0) == base.value(trace: 1, month: 17, site: 0))
    }

    @Test("a trace file reads back what was written")
    func roundTrip() throws {
        let dir = try temporaryDirectory()
        let model = ThomasFieringModel(fitting: KnownHistory.record())
        let set = TraceSet.generate(model, count: 4, seed: 3, start: CivilDate(year: 2001, month: 3, day: 1), months: 30)
        let path = dir.appendingPathComponent("t.csv").path
        try set.write(to: path)
        let back = try TraceSet.read(path: path)
        #expect(back.sites == set.sites && back.count == 4 && back.months == 30 && back.start == set.start)
        for (x, y) in zip(back.values, set.values) { #expect(abs(x - y) <= 0.5e-4 + 1e-12) }
        #expect(try TraceSet.read(path: path, limit: 2).count == 2)
    }

    @Test("an indefinite correlation matrix is repaired, changing it little")
    func repairsCorrelation() throws {
        // Pairwise plausible, jointly impossible: a≈b, b≈c, but a and c opposed.
        let c: [[Double]] = [[1, 0.9, -0.6], [0.9, 1, 0.9], [-0.6, 0.9, 1]]
        #expect(Cholesky.factor(c) == nil)
        let repaired = NearestCorrelation.repair(c)
        #expect(Cholesky.factor(repaired) != nil)
        let largestChange = 0.5
        for i in 0..<3 {
            #expect(abs(repaired[i][i] - 1) < 1e-12)
            for j in 0..<3 { #expect(abs(repaired[i][j] - c[i][j]) < largestChange) }
        }
        let (factor, shrink) = Cholesky.factorCorrelation(c)
        #expect(shrink == 1 && factor.count == 3)
    }

    // MARK: - Bad input

    func history(_ text: String) throws -> String {
        let path = try temporaryDirectory().appendingPathComponent("history.csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("a missing column is named with the columns there are")
    func missingColumn() throws {
        let path = try history(KnownHistory.csv(KnownHistory.record(years: 4)))
        #expect {
            try MonthlyRecord.read(path: path, sites: ["naryn", "vakhsh"])
        } throws: { error in
            let e = error as? EnsembleError
            return e?.path == "vakhsh" && e?.message.contains("naryn, karadarya, chirchik") == true
        }
    }

    @Test("a non-numeric cell is reported with its line and column")
    func nonNumeric() throws {
        var lines = KnownHistory.csv(KnownHistory.record(years: 4)).split(separator: "\n").map(String.init)
        lines[5] = "1960-05-01,12.5,abc,7"
        let path = try history(lines.joined(separator: "\n"))
        #expect {
            try MonthlyRecord.read(path: path)
        } throws: { error in
            "\(error)".contains(":6") && "\(error)".contains("karadarya") && "\(error)".contains("'abc' is not a number")
        }
    }

    @Test("a history shorter than three years is refused")
    func tooShort() throws {
        let path = try history(KnownHistory.csv(KnownHistory.record(years: 2)))
        #expect {
            try MonthlyRecord.read(path: path)
        } throws: { error in
            (error as? EnsembleError)?.message.contains("too short") == true
        }
    }

    @Test("a trace file with a gap or a bad cell is reported with its line")
    func badTraceFile() throws {
        let dir = try temporaryDirectory()
        let path = dir.appendingPathComponent("t.csv").path
        try "trace,date,a\n0,2000-01-01,1\n0,2000-03-01,2\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect { try TraceSet.read(path: path) } throws: { e in (e as? EnsembleError)?.line == 3 }
        try "trace,date,a\n0,2000-01-01,1\n0,2000-02-01,x\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect { try TraceSet.read(path: path) } throws: { e in (e as? EnsembleError)?.path == "a" && (e as? EnsembleError)?.line == 3 }
        try "date,a\n2000-01-01,1\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect { try TraceSet.read(path: path) } throws: { e in (e as? EnsembleError)?.message.contains("trace,date") == true }
    }
}
