import Foundation
import AralModel
import AralSchema
import AralEngine

/// A modelled flow against an observed monthly gauge record (`HindcastComparison.GaugeMeasure`),
/// month by month over the calendar years both cover. Months the record leaves empty are left
/// out of both sides, so the two figures always cover the same months.
enum HindcastGauge {
    static func compare(_ gauge: HindcastComparison.GaugeMeasure, in results: BasinResults,
                        model path: String) throws -> (modelled: Double, observed: Double) {
        let folder = (path as NSString).deletingLastPathComponent
        let file = ((folder.isEmpty ? "." : folder) as NSString).appendingPathComponent(gauge.csv)
        let table = try CSVTable.read(path: file)
        guard let column = table.columnIndex(gauge.column) else {
            throw HindcastError.gaugeRecord("\(file): no column '\(gauge.column)'; columns: \(table.header.joined(separator: ", "))")
        }
        var observedByMonth: [CivilDate: Double] = [:]
        for row in 0..<table.rowCount {
            let text = table.text(row: row, column: column).trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty, let date = CivilDate(parsing: table.text(row: row, column: 0).prefix(10)) else { continue }
            observedByMonth[date] = try table.number(row: row, column: column)
        }
        let flows = try gauge.terms.map { term throws(HindcastError) -> (Double, [Double]) in
            guard let values = results.values(term.element, "flow") else { throw .noSeries(term.element) }
            return (term.coefficient, values)
        }
        // (modelled, observed) m³/s and the step's seconds, for each month both have.
        var pairs: [(month: Int, modelled: Double, observed: Double, seconds: Double)] = []
        var years = Set<Int>()
        for (i, step) in results.steps.enumerated() where (gauge.from...gauge.to).contains(step.date.year) {
            guard let observed = observedByMonth[step.date] else { continue }
            let modelled = flows.reduce(0.0) { $0 + $1.0 * $1.1[i] }
            pairs.append((step.date.month, modelled, observed, step.mm3PerCumec * 1e6))
            years.insert(step.date.year)
        }
        guard !pairs.isEmpty else {
            throw HindcastError.gaugeRecord("\(file): no month of '\(gauge.column)' falls in the run's \(gauge.from)–\(gauge.to)")
        }
        switch gauge.statistic {
        case .meanAnnualKm3:
            let n = Double(years.count)
            return (pairs.reduce(0) { $0 + $1.modelled * $1.seconds } / 1e9 / n,
                    pairs.reduce(0) { $0 + $1.observed * $1.seconds } / 1e9 / n)
        case .monthlyShapeCorrelation:
            var modelled = [Double](repeating: 0, count: 12), observed = modelled, count = modelled
            for p in pairs {
                modelled[p.month - 1] += p.modelled
                observed[p.month - 1] += p.observed
                count[p.month - 1] += 1
            }
            let months = (0..<12).filter { count[$0] > 0 }
            let m = months.map { modelled[$0] / count[$0] }, o = months.map { observed[$0] / count[$0] }
            return (correlation(m, o), 1)
        }
    }

    /// Pearson correlation of two equally long series (0 when either is constant).
    static func correlation(_ x: [Double], _ y: [Double]) -> Double {
        let n = Double(x.count)
        let mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for (a, b) in zip(x, y) {
            sxy += (a - mx) * (b - my)
            sxx += (a - mx) * (a - mx)
            syy += (b - my) * (b - my)
        }
        return sxx > 0 && syy > 0 ? sxy / (sxx * syy).squareRoot() : 0
    }
}
