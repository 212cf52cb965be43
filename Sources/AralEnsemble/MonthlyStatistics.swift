/// Per site and calendar month: mean, standard deviation, lag-1 correlation with the month
/// before, and the correlation between sites in the same month. These are the statistics a
/// trace generator must preserve, and what `aral hydrology check` compares.
///
/// Computed from sums (not from stored values), so any number of traces adds in constant
/// memory; correlations are Pearson's over the pairs that exist (the first month of a
/// record has no predecessor).
public struct MonthlyStatistics: Sendable {
    public let sites: [String]
    /// `mean[site][month]`, month 0 = January.
    public private(set) var mean: [[Double]]
    public private(set) var standardDeviation: [[Double]]
    /// Correlation of month m with month m−1 (December of the year before for January).
    public private(set) var lag1: [[Double]]
    /// `crossCorrelation[month][a][b]`.
    public private(set) var crossCorrelation: [[[Double]]]
    /// Values behind `mean[site][month]`, and pairs behind `lag1[site][month]` (empty when the
    /// statistics were given, not accumulated). A mean needs one value, a standard deviation or a
    /// correlation two: below that the figure above is a placeholder 0, which `hydrology check`
    /// printed as if computed (found from outside).
    public private(set) var count: [[Int]]
    public private(set) var lagCount: [[Int]]

    public init(sites: [String], mean: [[Double]], standardDeviation: [[Double]], lag1: [[Double]], crossCorrelation: [[[Double]]],
                count: [[Int]] = [], lagCount: [[Int]] = []) {
        self.sites = sites
        self.mean = mean
        self.standardDeviation = standardDeviation
        self.lag1 = lag1
        self.crossCorrelation = crossCorrelation
        self.count = count
        self.lagCount = lagCount
    }
}

/// Accumulates the sums behind `MonthlyStatistics` over one or many records.
public struct MonthlyStatisticsAccumulator: Sendable {
    public let sites: [String]
    private var n: [[Double]], sum: [[Double]], sumSquares: [[Double]]
    // Lag-1 pairs (x = month m−1, y = month m).
    private var pairN: [[Double]], pairX: [[Double]], pairY: [[Double]]
    private var pairXX: [[Double]], pairYY: [[Double]], pairXY: [[Double]]
    /// `cross[month][a][b]`: Σ x_a·x_b over the months where both exist.
    private var cross: [[[Double]]]

    public init(sites: [String]) {
        self.sites = sites
        let zeros = Array(repeating: Array(repeating: 0.0, count: 12), count: sites.count)
        n = zeros; sum = zeros; sumSquares = zeros
        pairN = zeros; pairX = zeros; pairY = zeros; pairXX = zeros; pairYY = zeros; pairXY = zeros
        cross = Array(repeating: Array(repeating: Array(repeating: 0.0, count: sites.count), count: sites.count), count: 12)
    }

    /// Adds one record whose sites are in the same order as `sites`.
    public mutating func add(_ record: MonthlyRecord) {
        let count = record.monthCount
        for t in 0..<count {
            let m = record.calendarMonth(t)
            for s in sites.indices {
                let x = record.values[s][t]
                n[s][m] += 1
                sum[s][m] += x
                sumSquares[s][m] += x * x
                if t > 0 {
                    let p = record.values[s][t - 1]
                    pairN[s][m] += 1
                    pairX[s][m] += p
                    pairY[s][m] += x
                    pairXX[s][m] += p * p
                    pairYY[s][m] += x * x
                    pairXY[s][m] += p * x
                }
                for b in sites.indices { cross[m][s][b] += x * record.values[b][t] }
            }
        }
    }

    public var statistics: MonthlyStatistics {
        let S = sites.count
        var mean = Array(repeating: Array(repeating: 0.0, count: 12), count: S)
        var sd = mean, lag = mean
        var crossCorrelation = Array(repeating: Array(repeating: Array(repeating: 0.0, count: S), count: S), count: 12)
        for s in 0..<S {
            for m in 0..<12 where n[s][m] > 0 {
                mean[s][m] = sum[s][m] / n[s][m]
                sd[s][m] = Self.standardDeviation(n: n[s][m], sum: sum[s][m], sumSquares: sumSquares[s][m])
                lag[s][m] = Self.correlation(n: pairN[s][m], sx: pairX[s][m], sy: pairY[s][m],
                                             sxx: pairXX[s][m], syy: pairYY[s][m], sxy: pairXY[s][m])
            }
        }
        for m in 0..<12 {
            for a in 0..<S {
                for b in 0..<S {
                    crossCorrelation[m][a][b] = a == b ? 1 : Self.correlation(
                        n: n[a][m], sx: sum[a][m], sy: sum[b][m], sxx: sumSquares[a][m], syy: sumSquares[b][m], sxy: cross[m][a][b])
                }
            }
        }
        return MonthlyStatistics(sites: sites, mean: mean, standardDeviation: sd, lag1: lag, crossCorrelation: crossCorrelation,
                                 count: n.map { $0.map { Int($0) } }, lagCount: pairN.map { $0.map { Int($0) } })
    }

    /// Sample standard deviation (n − 1); 0 with fewer than two values.
    static func standardDeviation(n: Double, sum: Double, sumSquares: Double) -> Double {
        guard n > 1 else { return 0 }
        let variance = (sumSquares - sum * sum / n) / (n - 1)
        return variance > 0 ? variance.squareRoot() : 0
    }

    /// Pearson correlation from sums; 0 when either side does not vary.
    static func correlation(n: Double, sx: Double, sy: Double, sxx: Double, syy: Double, sxy: Double) -> Double {
        guard n > 1 else { return 0 }
        let cov = sxy - sx * sy / n
        let vx = sxx - sx * sx / n, vy = syy - sy * sy / n
        guard vx > 0, vy > 0 else { return 0 }
        return max(-1, min(1, cov / (vx * vy).squareRoot()))
    }
}

extension MonthlyStatistics {
    /// Statistics of one record.
    public static func of(_ record: MonthlyRecord) -> MonthlyStatistics {
        var acc = MonthlyStatisticsAccumulator(sites: record.sites)
        acc.add(record)
        return acc.statistics
    }
}
