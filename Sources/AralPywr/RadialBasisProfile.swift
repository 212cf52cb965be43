import Foundation

/// Pywr's `rbfprofile`: a daily profile interpolated through `days_of_year` with SciPy's
/// `Rbf` (`scipy.interpolate.Rbf`, one dimension): the weights w solve Φ w = y with
/// Φᵢⱼ = φ(|xᵢ − xⱼ|) − smooth·δᵢⱼ (LU with partial pivoting, as LAPACK's `gesv`), and the
/// profile at day d is Σ φ(|d − xᵢ|) wᵢ. Pywr first mirrors the points across the year's
/// ends (the last day − 365 before, 366 and 365 + the second day after), evaluates days
/// 1…365, clips them to [min_value, max_value] and repeats 28 February for 29 February.
struct RadialBasisProfile {
    enum Function: String, CaseIterable {
        case multiquadric, inverse, gaussian, linear, cubic, quintic
        case thinPlate = "thin_plate"

        func callAsFunction(_ r: Double, epsilon: Double) -> Double {
            switch self {
            case .multiquadric: return ((1 / epsilon * r) * (1 / epsilon * r) + 1).squareRoot()
            case .inverse: return 1 / ((1 / epsilon * r) * (1 / epsilon * r) + 1).squareRoot()
            case .gaussian: return exp(-((1 / epsilon * r) * (1 / epsilon * r)))
            case .linear: return r
            case .cubic: return r * r * r
            case .quintic: return pow(r, 5)
            case .thinPlate: return r == 0 ? 0 : r * r * log(r)
            }
        }
    }

    /// The 366 values of the profile, by Pywr's `dayofyear_index`; nil when SciPy's linear
    /// solve would fail (a singular system).
    static func dailyValues(days: [Int], values: [Double], function: Function, epsilon: Double?, smooth: Double,
                            minValue: Double, maxValue: Double) -> [Double]? {
        guard days.count >= 2, let last = days.last else { return nil }
        let x = [Double(last - 365)] + days.map(Double.init) + [366, Double(366 + days[1] - 1)]
        let y = [values[values.count - 1]] + values + [values[0], values[1]]
        let n = x.count
        // SciPy's default: the average spacing, (max − min) / N.
        let eps = epsilon ?? ((x.max() ?? 0) - (x.min() ?? 0)) / Double(n)
        var a = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for i in 0..<n {
            for j in 0..<n { a[i][j] = function(abs(x[i] - x[j]), epsilon: eps) - (i == j ? smooth : 0) }
        }
        guard let w = solve(a, y) else { return nil }
        var daily = [Double](repeating: 0, count: 366)
        for i in 0..<365 {
            let d = Double(i + 1)
            var v = 0.0
            for k in 0..<n { v += function(abs(d - x[k]), epsilon: eps) * w[k] }
            v = max(min(v, maxValue), minValue)
            if i < 58 { daily[i] = v } else if i == 58 { daily[i] = v; daily[i + 1] = v } else { daily[i + 1] = v }
        }
        return daily
    }

    /// Solves a x = b by LU factorisation with partial pivoting (LAPACK's `getrf` + `getrs`
    /// in their unblocked order for these small systems).
    static func solve(_ matrix: [[Double]], _ b: [Double]) -> [Double]? {
        var a = matrix, r = b
        let n = r.count
        for c in 0..<n {
            var p = c
            for k in (c + 1)..<n where abs(a[k][c]) > abs(a[p][c]) { p = k }
            guard a[p][c] != 0 else { return nil }
            if p != c { a.swapAt(p, c); r.swapAt(p, c) }
            let pivot = a[c][c]
            for k in (c + 1)..<n {
                let f = a[k][c] / pivot
                a[k][c] = f
                for col in (c + 1)..<n { a[k][col] -= f * a[c][col] }
            }
        }
        // Forward substitution with the unit lower factor, then back substitution.
        for i in 0..<n {
            for k in 0..<i { r[i] -= a[i][k] * r[k] }
        }
        var x = [Double](repeating: 0, count: n)
        for i in stride(from: n - 1, through: 0, by: -1) {
            var s = r[i]
            for k in (i + 1)..<n { s -= a[i][k] * x[k] }
            x[i] = s / a[i][i]
        }
        return x
    }
}
