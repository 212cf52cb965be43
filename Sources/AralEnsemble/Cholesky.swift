/// Lower-triangular Cholesky factor of a symmetric matrix, used to correlate the innovations
/// of several sites. Nil when the matrix is not positive definite.
enum Cholesky {
    static func factor(_ a: [[Double]]) -> [[Double]]? {
        let n = a.count
        var l = Array(repeating: Array(repeating: 0.0, count: n), count: n)
        for i in 0..<n {
            for j in 0...i {
                var s = a[i][j]
                for k in 0..<j { s -= l[i][k] * l[j][k] }
                if i == j {
                    guard s > 1e-12 else { return nil }
                    l[i][i] = s.squareRoot()
                } else {
                    l[i][j] = s / l[j][j]
                }
            }
        }
        return l
    }

    /// Factor of a correlation matrix. One that is not positive definite (sample correlations
    /// of a short record need not be) is first repaired by eigenvalue clipping
    /// (`NearestCorrelation`), and only if that fails shrunk towards the identity. Returns the
    /// factor and the shrink factor used (1: none; the repair alone reports 1).
    static func factorCorrelation(_ c: [[Double]]) -> (factor: [[Double]], shrink: Double) {
        if let l = factor(c) { return (l, 1) }
        let c = NearestCorrelation.repair(c)
        var shrink = 1.0
        for _ in 0..<200 {
            var m = c
            for i in m.indices { for j in m.indices where i != j { m[i][j] *= shrink } }
            if let l = factor(m) { return (l, shrink) }
            shrink *= 0.95
        }
        let n = c.count
        return ((0..<n).map { i in (0..<n).map { $0 == i ? 1.0 : 0.0 } }, 0)
    }
}
