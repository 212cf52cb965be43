import Foundation

/// One published figure set against what a model run computes (issue 15).
///
/// A comparison is either **calibration** (an input was scaled to it, or a parameter tuned to
/// match it) or **validation** (the run computes it and nobody fed it). A figure is never both:
/// that is the rule of `docs/validation.md`, and the tests guard validation figures only.
public struct HindcastComparison: Sendable, Codable, Hashable {
    public enum Role: String, Sendable, Codable, Hashable { case calibration, validation }

    /// Which run a comparison reads.
    public enum Run: Sendable, Codable, Hashable {
        /// The hindcast of one observed year (`aral hindcast MODEL --year Y`).
        case hindcast(year: Int)
        /// The model's own run, with these scenario overlays (none = the baseline).
        case model(scenarios: [String])
    }

    /// What is measured in the run. Volumes are km³, read from an element's `flow` (m³/s) over
    /// each step's own length.
    public enum Measure: Sendable, Codable, Hashable {
        /// Volume through `element` in `months` (1…12) over the run, km³.
        case volumeKm3(element: String, months: [Int])
        /// The share of the run's volume through `element` that falls in `months`.
        case share(element: String, months: [Int])
        /// Mean annual volume through `element` over calendar years `from`…`to`, km³/yr.
        case meanAnnualKm3(element: String, from: Int, to: Int)
        /// The lowest growing-season (April–September) delivery of any state as a fraction of
        /// its limit, over the run (`SeasonalReport.deliveries`).
        case lowestGrowingDeliveryRatio
        /// A reservoir's volume on 1 April of `year`, km³ (`SeasonalReport.aprilStorage`).
        case aprilStorageKm3(reservoir: String, year: Int)
        /// A modelled flow against an observed monthly gauge record (the observed figure is
        /// then computed from the record, over the same months).
        case gauge(GaugeMeasure)
        /// Mean flow through `element` over the run's steps in `months`, weighted by each
        /// step's length, m³/s (a published "~50 m³/s in June").
        case meanFlow(element: String, months: [Int])
        /// A reservoir's volume at the end of the run's step in `month`, km³ (a storage
        /// published for a month of a hindcast year; the run covers one year).
        case endOfMonthStorageKm3(reservoir: String, month: Int)
    }

    /// A gauge the model has no single element for: its flow is a sum of element flows times
    /// coefficients (m³/s), set against a column of an observed monthly CSV (`date,...`, m³/s,
    /// empty cells for months not published) over calendar years `from`…`to`.
    public struct GaugeMeasure: Sendable, Codable, Hashable {
        public enum Statistic: String, Sendable, Codable, Hashable {
            /// Mean annual volume, km³/yr.
            case meanAnnualKm3
            /// Pearson correlation of the twelve mean monthly flows (the seasonal shape).
            case monthlyShapeCorrelation
        }
        public struct Term: Sendable, Codable, Hashable {
            public var element: String
            public var coefficient: Double
            public init(_ element: String, _ coefficient: Double) {
                self.element = element
                self.coefficient = coefficient
            }
        }
        /// The observed record, relative to the model file.
        public var csv: String
        public var column: String
        public var terms: [Term]
        public var from: Int
        public var to: Int
        public var statistic: Statistic

        public init(csv: String, column: String, terms: [Term], from: Int, to: Int, statistic: Statistic) {
            self.csv = csv
            self.column = column
            self.terms = terms
            self.from = from
            self.to = to
            self.statistic = statistic
        }
    }

    /// When the modelled figure matches the observed one.
    public enum Tolerance: Sendable, Codable, Hashable {
        /// |modelled / observed − 1| ≤ fraction.
        case relative(Double)
        /// |modelled − observed| ≤ amount.
        case absolute(Double)
        /// modelled in low…high.
        case range(low: Double, high: Double)
        /// modelled < limit.
        case below(Double)
        /// modelled ≥ limit.
        case atLeast(Double)
        /// No pass/fail: a calibration target that is reported only.
        case reported
    }

    public var what: String
    /// The period the published figure covers, in words (calendar year, growing season…).
    public var period: String
    public var observed: Double
    public var unit: String
    public var source: String
    public var role: Role
    public var run: Run
    public var measure: Measure
    public var tolerance: Tolerance
    /// Why the figure is on its list, or what limits it (shown in the table).
    public var note: String?

    public init(what: String, period: String, observed: Double, unit: String, source: String, role: Role,
                run: Run, measure: Measure, tolerance: Tolerance, note: String? = nil) {
        self.what = what
        self.period = period
        self.observed = observed
        self.unit = unit
        self.source = source
        self.role = role
        self.run = run
        self.measure = measure
        self.tolerance = tolerance
        self.note = note
    }

    /// Whether `modelled` matches the observed figure (`nil` for a reported-only figure).
    public func matches(_ modelled: Double, observed: Double? = nil) -> Bool? {
        let observed = observed ?? self.observed
        switch tolerance {
        case .relative(let f): return observed != 0 && abs(modelled / observed - 1) <= f
        case .absolute(let a): return abs(modelled - observed) <= a
        case .atLeast(let limit): return modelled >= limit
        case .range(let low, let high): return (low...high).contains(modelled)
        case .below(let limit): return modelled < limit
        case .reported: return nil
        }
    }

    /// The tolerance in words, for the table.
    public var toleranceText: String {
        switch tolerance {
        case .relative(let f): return "±\(HindcastFormat.number(f * 100))%"
        case .absolute(let a): return "±\(HindcastFormat.number(a))"
        case .range(let low, let high): return "\(HindcastFormat.number(low))–\(HindcastFormat.number(high))"
        case .below(let limit): return "< \(HindcastFormat.number(limit))"
        case .atLeast(let limit): return "≥ \(HindcastFormat.number(limit))"
        case .reported: return "reported"
        }
    }
}

/// A model parameter a calibration moved, from what to what, and why.
public struct ParameterMove: Sendable, Codable, Hashable {
    public var parameter: String
    public var from: String
    public var to: String
    public var reason: String

    public init(parameter: String, from: String, to: String, reason: String) {
        self.parameter = parameter
        self.from = from
        self.to = to
        self.reason = reason
    }
}

/// Numbers in tables and messages: up to two decimals, no trailing zeros.
enum HindcastFormat {
    static func number(_ x: Double) -> String {
        let rounded = (x * 100).rounded() / 100
        var text = String(format: "%.2f", rounded)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }
}
