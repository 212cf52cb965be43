import Foundation
import Yams
public import AralModel
import AralSchema

/// What a synthetic inflow record is calibrated to, per basin: for every inflow node its mean
/// annual volume, its monthly shape, its year-to-year variability, plus years forced to a
/// stated level (the 2007–2009 drought, a 1969-like wet year). Read from
/// `models/hydrology/BASIN.spec.yaml`; every number there carries its source.
///
/// The record is *synthetic*: it has the published statistics, not the observed sequence.
/// An observed record in the same CSV format replaces it without touching the model.
public struct SyntheticRecordSpec: Decodable, Sendable {
    /// First month of the record (`1990-01`).
    public var start: String
    public var years: Int
    public var seed: UInt64
    /// Correlation of the standardised annual anomalies between the inflows of one basin
    /// (they share the same snow and glacier years); 0 makes them independent.
    public var crossCorrelation: Double
    /// Month-to-month noise (coefficient of variation) around the monthly shape; the annual
    /// volume is kept exactly.
    public var monthlyNoise: Double
    /// Inflow columns, in the order written to the CSV.
    public var inflows: [Inflow]
    /// Year → annual volume as a fraction of the mean, applied to every inflow (a drought or
    /// a wet year). The other years are rescaled so each inflow keeps its mean exactly.
    public var forcedYears: [String: Double]?
    /// Alternative records written next to the base one (`climate-2050`).
    public var variants: [String: Variant]?

    public struct Inflow: Decodable, Sendable {
        public var name: String
        public var meanAnnualKm3: Double
        /// Fraction of the annual volume per calendar month, January first; sums to 1.
        public var monthlyShare: [Double]
        /// Coefficient of variation of the annual volume.
        public var cv: Double
        /// Lag-1 correlation of annual volumes (multi-year wet and dry runs).
        public var lag1: Double
    }

    /// A changed climate: every mean scaled by `volumeFactor`, every monthly shape moved
    /// `peakShiftMonths` earlier (fractions of a month interpolate linearly, circularly).
    public struct Variant: Decodable, Sendable {
        public var volumeFactor: Double
        public var peakShiftMonths: Double
    }
}

/// A problem in a synthetic-record spec, with the key path it concerns.
public struct SyntheticRecordError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var message: String
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }
    public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}

/// A monthly inflow record: dates and one column of m³/s per inflow.
public struct SyntheticRecord: Sendable {
    public var dates: [CivilDate]
    public var columns: [String]
    /// `values[column][month]`, m³/s.
    public var values: [[Double]]

    /// Largest allowed gap between a monthly shape's sum and 1 before it is an error.
    public static let shareSumTolerance = 0.005

    /// Builds the record of `spec` (or of one of its variants): reproducible for a given seed.
    ///
    /// Annual volumes: a lognormal AR(1) per inflow, z_t = ρ z_{t−1} + √(1−ρ²) ε_t, with ε
    /// mixing a basin-wide and an own normal draw (`crossCorrelation`), volume =
    /// mean · exp(σ z − σ²/2), σ² = ln(1 + cv²). Forced years replace the draw; the free years
    /// are then rescaled so the record's mean equals the stated mean.
    public static func generate(_ spec: SyntheticRecordSpec, variant: String? = nil) throws(SyntheticRecordError) -> SyntheticRecord {
        try validate(spec)
        guard let start = CivilDate(parsing: spec.start.count == 7 ? spec.start + "-01" : spec.start) else {
            throw SyntheticRecordError(path: "start", message: "'\(spec.start)' is not a month; write YYYY-MM")
        }
        var volumeFactor = 1.0, shift = 0.0
        if let variant {
            guard let v = spec.variants?[variant] else {
                let known = (spec.variants ?? [:]).keys.sorted().joined(separator: ", ")
                throw SyntheticRecordError(path: "variants", message: "no variant '\(variant)'; the spec has: \(known.isEmpty ? "none" : known)")
            }
            volumeFactor = v.volumeFactor
            shift = v.peakShiftMonths
            guard shift.isFinite, abs(shift) <= 12 else {
                throw SyntheticRecordError(path: "variants.\(variant).peakShiftMonths", message: "must be between -12 and 12 months; found \(shift)")
            }
        }
        var rng = SplitMix64(seed: spec.seed)
        let years = spec.years
        let firstYear = start.year
        var forced = [Int: Double]()
        for (key, factor) in spec.forcedYears ?? [:] {
            guard let year = Int(key) else {
                throw SyntheticRecordError(path: "forcedYears.\(key)", message: "'\(key)' is not a year")
            }
            guard year >= firstYear, year < firstYear + years else {
                throw SyntheticRecordError(path: "forcedYears.\(key)", message: "\(year) is outside the record \(firstYear)–\(firstYear + years - 1)")
            }
            guard factor > 0 else { throw SyntheticRecordError(path: "forcedYears.\(key)", message: "a factor must be > 0; got \(factor)") }
            forced[year] = factor
        }

        // Standardised annual anomalies, correlated across inflows and in time.
        let r = spec.crossCorrelation
        var z = Array(repeating: 0.0, count: spec.inflows.count)
        var annual = Array(repeating: Array(repeating: 0.0, count: years), count: spec.inflows.count)
        for y in 0..<years {
            let common = rng.normal()
            for (i, inflow) in spec.inflows.enumerated() {
                let epsilon = r.squareRoot() * common + (1 - r).squareRoot() * rng.normal()
                z[i] = y == 0 ? epsilon : inflow.lag1 * z[i] + (1 - inflow.lag1 * inflow.lag1).squareRoot() * epsilon
                let sigma2 = log(1 + inflow.cv * inflow.cv)
                annual[i][y] = exp(sigma2.squareRoot() * z[i] - sigma2 / 2)
            }
        }
        // Forced years, then rescale the free years to keep each mean.
        for i in spec.inflows.indices {
            var forcedSum = 0.0, freeSum = 0.0
            for y in 0..<years {
                if let f = forced[firstYear + y] { annual[i][y] = f; forcedSum += f } else { freeSum += annual[i][y] }
            }
            let freeTarget = Double(years) - forcedSum
            if freeSum > 0, freeTarget > 0 {
                for y in 0..<years where forced[firstYear + y] == nil { annual[i][y] *= freeTarget / freeSum }
            }
        }

        // Months.
        var dates: [CivilDate] = []
        var date = CivilDate(year: start.year, month: start.month, day: 1)
        for _ in 0..<(12 * years) {
            dates.append(date)
            date = date.startOfNextMonth
        }
        var values = Array(repeating: Array(repeating: 0.0, count: dates.count), count: spec.inflows.count)
        for (i, inflow) in spec.inflows.enumerated() {
            let shape = shifted(normalised(inflow.monthlyShare), earlierBy: shift)
            for y in 0..<years {
                let volumeM3 = inflow.meanAnnualKm3 * volumeFactor * annual[i][y] * 1e9
                var weights = (0..<12).map { m in shape[(dates[12 * y + m].month - 1)] * max(0.05, 1 + spec.monthlyNoise * rng.normal()) }
                let total = weights.reduce(0, +)
                weights = weights.map { $0 / total }
                for m in 0..<12 {
                    let d = dates[12 * y + m]
                    values[i][12 * y + m] = volumeM3 * weights[m] / (Double(d.daysInMonth) * 86_400)
                }
            }
        }
        return SyntheticRecord(dates: dates, columns: spec.inflows.map(\.name), values: values)
    }

    /// The record as CSV: `# ` comment lines, a header `date,COLUMN…`, one row per month.
    public func csv(comment: [String]) -> String {
        var lines = comment.map { "# \($0)" }
        lines.append((["date"] + columns).joined(separator: ","))
        for (t, date) in dates.enumerated() {
            let month = String(format: "%04d-%02d-01", date.year, date.month)
            lines.append(([month] + values.map { String(format: "%.2f", $0[t]) }).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Mean annual volume of a column over the record (km³).
    public func meanAnnualKm3(_ column: Int) -> Double {
        var total = 0.0
        for (t, d) in dates.enumerated() { total += values[column][t] * Double(d.daysInMonth) * 86_400 }
        return total / 1e9 / (Double(dates.count) / 12)
    }

    // MARK: - Helpers

    /// The longest record a spec may ask for: ten thousand years of monthly values per inflow.
    public static let mostYears = 10_000

    static func validate(_ spec: SyntheticRecordSpec) throws(SyntheticRecordError) {
        if spec.years < 1 { throw SyntheticRecordError(path: "years", message: "must be ≥ 1; got \(spec.years)") }
        // 10^14 years asked for 800 TB at once and aborted ("failed to allocate"; found from outside).
        if spec.years > mostYears {
            throw SyntheticRecordError(path: "years", message: "at most \(mostYears) years (a record of monthly means, not a trace set: for many traces use aral hydrology generate); got \(spec.years)")
        }
        if !(0...1).contains(spec.crossCorrelation) {
            throw SyntheticRecordError(path: "crossCorrelation", message: "must be in [0, 1]; got \(spec.crossCorrelation)")
        }
        if spec.monthlyNoise < 0 { throw SyntheticRecordError(path: "monthlyNoise", message: "must be ≥ 0") }
        if spec.inflows.isEmpty { throw SyntheticRecordError(path: "inflows", message: "the spec lists no inflows") }
        var seen = Set<String>()
        for (i, inflow) in spec.inflows.enumerated() {
            let path = "inflows[\(i)]"
            if !seen.insert(inflow.name).inserted { throw SyntheticRecordError(path: "\(path).name", message: "'\(inflow.name)' appears twice") }
            if !(inflow.meanAnnualKm3 > 0) { throw SyntheticRecordError(path: "\(path).meanAnnualKm3", message: "must be > 0") }
            if inflow.monthlyShare.count != 12 {
                throw SyntheticRecordError(path: "\(path).monthlyShare", message: "needs 12 values (January first); got \(inflow.monthlyShare.count)")
            }
            let sum = inflow.monthlyShare.reduce(0, +)
            if abs(sum - 1) > shareSumTolerance || inflow.monthlyShare.contains(where: { $0 < 0 }) {
                throw SyntheticRecordError(path: "\(path).monthlyShare", message: "shares must be ≥ 0 and sum to 1; they sum to \(sum)")
            }
            if inflow.cv < 0 { throw SyntheticRecordError(path: "\(path).cv", message: "must be ≥ 0") }
            if !(inflow.lag1 > -1 && inflow.lag1 < 1) { throw SyntheticRecordError(path: "\(path).lag1", message: "must be in (−1, 1)") }
        }
    }

    static func normalised(_ shares: [Double]) -> [Double] {
        let total = shares.reduce(0, +)
        return shares.map { $0 / total }
    }

    /// Moves a monthly shape `k` months earlier (circularly; fractions interpolate).
    static func shifted(_ shape: [Double], earlierBy k: Double) -> [Double] {
        guard k != 0 else { return shape }
        return (0..<12).map { m in
            let source = Double(m) + k
            let lower = floor(source), t = source - lower
            let a = shape[((Int(lower) % 12) + 12) % 12], b = shape[((Int(lower) + 1) % 12 + 12) % 12]
            return (1 - t) * a + t * b
        }
    }
}

extension SplitMix64 {
    /// Standard normal (Box–Muller).
    mutating func normal() -> Double {
        (-2 * log(uniform())).squareRoot() * cos(2 * Double.pi * uniform())
    }
}

extension SyntheticRecordSpec {
    /// Reads a spec file (YAML); errors name the file and the key path.
    public static func load(path: String) throws(SyntheticRecordError) -> SyntheticRecordSpec {
        let text = try TextFile.read(path) { SyntheticRecordError(path: "", message: "\(path): \($0)") }
        do {
            return try ModelLoader.decode(SyntheticRecordSpec.self, from: text, file: path, what: "a synthetic-record spec")
        } catch {
            throw SyntheticRecordError(path: "", message: error.description)
        }
    }
}
