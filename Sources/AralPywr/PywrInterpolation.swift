/// A one-dimensional interpolation of a table as SciPy's `interp1d` computes it (Pywr's
/// interpolated parameters pass `interp_kwargs` to it): `linear`/`slinear` (the same
/// arithmetic as `interp1d`'s linear kind) or `cubic` (the not-a-knot cubic spline of
/// `make_interp_spline(k=3)`, which `interp1d(kind="cubic")` uses). Points are sorted by x.
public struct Interpolation: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable {
        case linear, slinear, cubic
    }
    /// What happens outside the table: Pywr's default (`bounds_error`) stops the run, which a
    /// parameter cannot do, so the value is NaN; `fill` uses the given values below and above;
    /// `extrapolate` continues the end pieces.
    public enum Outside: Sendable, Hashable {
        case error
        case fill(below: Double, above: Double)
        case extrapolate
    }

    public private(set) var x: [Double]
    public private(set) var y: [Double]
    public private(set) var kind: Kind
    public private(set) var outside: Outside
    /// Second derivatives at the points (cubic only).
    private var m: [Double] = []

    /// Nil when the table cannot be interpolated: lengths differ, fewer than 2 points
    /// (4 for cubic), or repeated x values.
    public init?(x: [Double], y: [Double], kind: Kind, outside: Outside) {
        guard x.count == y.count, x.count >= (kind == .cubic ? 4 : 2) else { return nil }
        let order = x.indices.sorted { x[$0] < x[$1] }
        self.x = order.map { x[$0] }
        self.y = order.map { y[$0] }
        for i in 1..<self.x.count where !(self.x[i] > self.x[i - 1]) { return nil }
        self.kind = kind
        self.outside = outside
        if kind == .cubic {
            guard let m = Self.notAKnotSecondDerivatives(self.x, self.y) else { return nil }
            self.m = m
        }
    }

    public func evaluate(_ v: Double) -> Double {
        let n = x.count
        if v < x[0] || v > x[n - 1] {
            switch outside {
            case .error: return .nan
            case .fill(let below, let above): return v < x[0] ? below : above
            case .extrapolate: break
            }
        }
        // numpy.searchsorted(x, v, side="left"), clipped to 1…n−1 (interp1d's `_call_linear`).
        var lo = 0, hi = n
        while lo < hi {
            let mid = (lo + hi) / 2
            if x[mid] < v { lo = mid + 1 } else { hi = mid }
        }
        let j = min(max(lo, 1), n - 1)
        let i = j - 1
        switch kind {
        case .linear, .slinear:
            let slope = (y[j] - y[i]) / (x[j] - x[i])
            return slope * (v - x[i]) + y[i]
        case .cubic:
            let h = x[j] - x[i], a = x[j] - v, b = v - x[i]
            return m[i] * a * a * a / (6 * h) + m[j] * b * b * b / (6 * h)
                + (y[i] / h - m[i] * h / 6) * a + (y[j] / h - m[j] * h / 6) * b
        }
    }

    /// The second derivatives of the not-a-knot cubic spline through the points: continuity
    /// of the second derivative inside, and of the third derivative at the second and the
    /// last-but-one points. A small dense system (tables have a handful of points).
    static func notAKnotSecondDerivatives(_ x: [Double], _ y: [Double]) -> [Double]? {
        let n = x.count
        let h = (0..<(n - 1)).map { x[$0 + 1] - x[$0] }
        var a = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        var r = [Double](repeating: 0, count: n)
        a[0][0] = h[1]; a[0][1] = -(h[0] + h[1]); a[0][2] = h[0]
        for i in 1..<(n - 1) {
            a[i][i - 1] = h[i - 1]
            a[i][i] = 2 * (h[i - 1] + h[i])
            a[i][i + 1] = h[i]
            r[i] = 6 * ((y[i + 1] - y[i]) / h[i] - (y[i] - y[i - 1]) / h[i - 1])
        }
        a[n - 1][n - 3] = h[n - 2]; a[n - 1][n - 2] = -(h[n - 3] + h[n - 2]); a[n - 1][n - 1] = h[n - 3]
        // Gaussian elimination with partial pivoting.
        for c in 0..<n {
            var p = c
            for k in (c + 1)..<n where abs(a[k][c]) > abs(a[p][c]) { p = k }
            guard a[p][c] != 0 else { return nil }
            if p != c { a.swapAt(p, c); r.swapAt(p, c) }
            for k in (c + 1)..<n where a[k][c] != 0 {
                let f = a[k][c] / a[c][c]
                for col in c..<n { a[k][col] -= f * a[c][col] }
                r[k] -= f * r[c]
            }
        }
        var m = [Double](repeating: 0, count: n)
        for c in stride(from: n - 1, through: 0, by: -1) {
            var s = r[c]
            for col in (c + 1)..<n { s -= a[c][col] * m[col] }
            m[c] = s / a[c][c]
        }
        return m
    }
}
