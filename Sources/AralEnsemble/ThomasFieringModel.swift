public import AralModel
import RealModule

/// A multi-site periodic lag-1 model (Thomas–Fiering) on log flows, fitted so the *flows*
/// keep the history's statistics: per site and month the mean, the standard deviation and
/// the correlation with the month before, and per month the correlation between sites.
///
/// Fitting (Matalas 1967, lognormal by moments): each month's log flow has
/// σ² = ln(1 + cv²), μ = ln(mean) − σ²/2, so exp of it has the history's mean and standard
/// deviation. Real-space correlations ρ become log-space ones by
/// ρ_y = ln(1 + ρ·cv_a·cv_b) / (σ_a·σ_b). In standardised log space each site follows
/// z_m = r_m·z_{m−1} + √(1−r_m²)·ε_m, and the innovations ε of all sites are correlated by
/// E_m = (C_m − r·rᵀ ∘ C_{m−1}) / √((1−r²)(1−r²)ᵀ), through its Cholesky factor, so the
/// contemporaneous correlations C_m hold in every month.
///
/// A month whose flow never varies (or is zero) is reproduced as its mean.
public struct ThomasFieringModel: Sendable {
    public let sites: [String]
    /// Log-space mean and standard deviation, `[site][month]`.
    let mu: [[Double]], sigma: [[Double]]
    /// Real-space mean, used where `sigma` is 0.
    let flatMean: [[Double]]
    /// Log-space lag-1 correlation of month m with m−1, `[site][month]`.
    let r: [[Double]]
    /// Cholesky factor of each month's innovation correlation, `[month][a][b]`.
    let innovationFactor: [[[Double]]]
    /// Smallest shrink factor applied to an innovation correlation matrix (1: none needed).
    public let shrinkApplied: Double
    /// Months whose innovation correlation matrix was not positive definite and was repaired
    /// by eigenvalue clipping (see `NearestCorrelation`).
    public let repairedMonths: Int

    /// Months simulated and discarded before each trace, so a trace starts from the model's
    /// own stationary state rather than from z = 0 (0.9¹²⁰ ≈ 3·10⁻⁶).
    public static let burnInMonths = 120
    /// Log-space correlations are kept inside ±this, so √(1−r²) stays positive.
    static let maxCorrelation = 0.995

    public init(fitting history: MonthlyRecord) {
        let stats = MonthlyStatistics.of(history)
        sites = history.sites
        let S = sites.count
        var mu = Array(repeating: Array(repeating: 0.0, count: 12), count: S)
        var sigma = mu, cv = mu, r = mu
        for s in 0..<S {
            for m in 0..<12 {
                let mean = stats.mean[s][m], sd = stats.standardDeviation[s][m]
                if mean > 0, sd > 0 {
                    let c = sd / mean
                    cv[s][m] = c
                    sigma[s][m] = Double.log(onePlus: c * c).squareRoot()
                    mu[s][m] = Double.log(mean) - sigma[s][m] * sigma[s][m] / 2
                }
            }
        }
        func toLog(_ rho: Double, _ cvA: Double, _ sA: Double, _ cvB: Double, _ sB: Double) -> Double {
            guard sA > 0, sB > 0 else { return 0 }
            let argument = max(1e-9, 1 + rho * cvA * cvB)
            return max(-Self.maxCorrelation, min(Self.maxCorrelation, Double.log(argument) / (sA * sB)))
        }
        for s in 0..<S {
            for m in 0..<12 {
                let p = (m + 11) % 12
                r[s][m] = toLog(stats.lag1[s][m], cv[s][p], sigma[s][p], cv[s][m], sigma[s][m])
            }
        }
        var logCross = Array(repeating: Array(repeating: Array(repeating: 0.0, count: S), count: S), count: 12)
        for m in 0..<12 {
            for a in 0..<S {
                for b in 0..<S {
                    logCross[m][a][b] = a == b ? 1 : toLog(stats.crossCorrelation[m][a][b], cv[a][m], sigma[a][m], cv[b][m], sigma[b][m])
                }
            }
        }
        var factors: [[[Double]]] = []
        var smallest = 1.0
        var repaired = 0
        for m in 0..<12 {
            let p = (m + 11) % 12
            var e = Array(repeating: Array(repeating: 0.0, count: S), count: S)
            for a in 0..<S {
                for b in 0..<S {
                    if a == b { e[a][b] = 1; continue }
                    let denominator = ((1 - r[a][m] * r[a][m]) * (1 - r[b][m] * r[b][m])).squareRoot()
                    let value = (logCross[m][a][b] - r[a][m] * r[b][m] * logCross[p][a][b]) / denominator
                    e[a][b] = max(-Self.maxCorrelation, min(Self.maxCorrelation, value))
                }
            }
            if Cholesky.factor(e) == nil { repaired += 1 }
            let (l, shrink) = Cholesky.factorCorrelation(e)
            smallest = min(smallest, shrink)
            factors.append(l)
        }
        self.mu = mu
        self.sigma = sigma
        self.flatMean = stats.mean
        self.r = r
        self.innovationFactor = factors
        self.shrinkApplied = smallest
        self.repairedMonths = repaired
    }

    /// Trace `index` of `seed`: `months` months from `start`, multiplied by `multipliers`.
    /// The same (seed, index) always gives the same trace, whatever else is generated.
    public func trace(index: Int, seed: UInt64, start: CivilDate, months: Int,
                      multipliers: ClimateMultipliers? = nil) -> MonthlyRecord {
        var values = Array(repeating: [Double](repeating: 0, count: months), count: sites.count)
        fill(index: index, seed: seed, startMonth: start.month - 1, months: months, multipliers: multipliers) { s, t, v in
            values[s][t] = v
        }
        return MonthlyRecord(sites: sites, start: CivilDate(year: start.year, month: start.month, day: 1), values: values)
    }

    /// Generates into a caller's storage (`store(site, month, flow)`), without allocating per month.
    public func fill(index: Int, seed: UInt64, startMonth: Int, months: Int, multipliers: ClimateMultipliers?,
                     store: (Int, Int, Double) -> Void) {
        let S = sites.count
        var rng = Xoshiro256(seed: seed, stream: UInt64(index))
        var z = [Double](repeating: 0, count: S)
        var eps = [Double](repeating: 0, count: S)
        for t in -Self.burnInMonths..<months {
            let m = ((startMonth + t) % 12 + 12) % 12
            for s in 0..<S { eps[s] = rng.nextNormal() }
            let l = innovationFactor[m]
            for a in 0..<S {
                var e = 0.0
                for b in 0...a { e += l[a][b] * eps[b] }
                let rho = r[a][m]
                z[a] = rho * z[a] + (1 - rho * rho).squareRoot() * e
            }
            guard t >= 0 else { continue }
            for s in 0..<S {
                var flow = sigma[s][m] > 0 ? Double.exp(mu[s][m] + sigma[s][m] * z[s]) : flatMean[s][m]
                if let multipliers { flow *= multipliers.factor[s][m] }
                store(s, t, flow)
            }
        }
    }
}
