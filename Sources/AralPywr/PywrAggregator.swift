/// Pywr's `Aggregator` (`pywr/recorders/_recorders.pyx`): how a recorder reduces its values
/// over time (`temporal_agg_func`), over scenario combinations (`agg_func`) or over the
/// recorders of an `aggregated` recorder. Each function computes what the numpy (or scipy)
/// function of the same name computes, so Aral's recorder values agree with Pywr's.
public enum PywrAggregator: Sendable, Hashable, CustomStringConvertible {
    case sum, min, max, mean, median, product
    /// `np.count_nonzero`.
    case countNonzero
    /// `np.percentile(values, q)` with numpy's default linear method.
    case percentile(Double)
    /// `scipy.stats.percentileofscore(values, score, kind)`.
    case percentileOfScore(score: Double, kind: ScoreKind)

    public enum ScoreKind: String, Sendable, Hashable, CaseIterable {
        case rank, weak, strict, mean
    }

    public static let names = ["sum", "min", "max", "mean", "median", "product", "count_nonzero", "percentile", "percentileofscore"]

    public var description: String {
        switch self {
        case .sum: "sum"
        case .min: "min"
        case .max: "max"
        case .mean: "mean"
        case .median: "median"
        case .product: "product"
        case .countNonzero: "count_nonzero"
        case .percentile(let q): "percentile(\(q))"
        case .percentileOfScore(let score, let kind): "percentileofscore(\(score), \(kind.rawValue))"
        }
    }

    /// The aggregate of `values`. Empty input gives NaN, as numpy's mean of nothing does
    /// (numpy raises for min/max of nothing; Pywr never aggregates an empty array).
    public func aggregate(_ values: [Double]) -> Double {
        switch self {
        case .sum: return Self.pairwiseSum(values[...])
        case .product: return values.reduce(1, *)
        case .min:
            guard var m = values.first else { return .nan }
            for v in values { if v.isNaN { return .nan }; m = Swift.min(m, v) }
            return m
        case .max:
            guard var m = values.first else { return .nan }
            for v in values { if v.isNaN { return .nan }; m = Swift.max(m, v) }
            return m
        case .mean: return values.isEmpty ? .nan : Self.pairwiseSum(values[...]) / Double(values.count)
        case .median: return Self.middle(values)
        case .countNonzero: return Double(values.reduce(0) { $0 + ($1 != 0 ? 1 : 0) })
        case .percentile(let q): return Self.percentile(values, q)
        case .percentileOfScore(let score, let kind):
            guard !values.isEmpty else { return .nan }
            let n = Double(values.count)
            let left = Double(values.filter { $0 < score }.count)
            let right = Double(values.filter { $0 <= score }.count)
            switch kind {
            case .rank: return (left + right + (right > left ? 1 : 0)) * 50 / n
            case .weak: return right / n * 100
            case .strict: return left / n * 100
            case .mean: return (left + right) / n * 50
            }
        }
    }

    /// numpy's summation: blocks of 8 summed in an unrolled loop, pairwise above 128
    /// values (`pairwise_sum` in numpy's `loops_utils`), so long sums round as numpy's do.
    static func pairwiseSum(_ a: ArraySlice<Double>) -> Double {
        let n = a.count, s = a.startIndex
        if n < 8 {
            var r = 0.0
            for v in a { r += v }
            return r
        }
        if n <= 128 {
            var r = [Double](repeating: 0, count: 8)
            for k in 0..<8 { r[k] = a[s + k] }
            var i = 8
            while i < n - n % 8 {
                for k in 0..<8 { r[k] += a[s + i + k] }
                i += 8
            }
            var res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
            while i < n { res += a[s + i]; i += 1 }
            return res
        }
        var n2 = n / 2
        n2 -= n2 % 8
        return pairwiseSum(a[s..<(s + n2)]) + pairwiseSum(a[(s + n2)...])
    }

    /// `np.median`: the middle value, or the mean of the two middle values.
    static func middle(_ values: [Double]) -> Double {
        guard !values.isEmpty, !values.contains(where: \.isNaN) else { return .nan }
        let sorted = values.sorted(), m = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2
    }

    /// `np.percentile(values, q)` (linear interpolation between the closest ranks, with
    /// numpy's `_lerp`); NaN when a value is NaN, as numpy gives.
    static func percentile(_ values: [Double], _ q: Double) -> Double {
        guard !values.isEmpty, !values.contains(where: \.isNaN) else { return .nan }
        let sorted = values.sorted()
        let position = q / 100 * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = Swift.min(lower + 1, sorted.count - 1)
        let t = position - Double(lower)
        let a = sorted[lower], b = sorted[upper]
        let diff = b - a
        return t >= 0.5 ? b - diff * (1 - t) : a + diff * t
    }
}
