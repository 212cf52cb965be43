/// Repairs a sample correlation matrix that is not positive definite (a short record with many
/// sites often gives one) by clipping its negative eigenvalues and restoring the unit diagonal:
/// one step of Higham's (2002) alternating projection, which keeps the well-determined
/// correlations nearly unchanged, unlike shrinking every correlation towards zero.
enum NearestCorrelation {
    /// Smallest eigenvalue kept, so the result factors with a clear margin.
    static let minimumEigenvalue = 1e-4

    static func repair(_ c: [[Double]]) -> [[Double]] {
        let n = c.count
        let (values, vectors) = jacobiEigen(c)
        var result = Array(repeating: Array(repeating: 0.0, count: n), count: n)
        for i in 0..<n {
            for j in 0..<n {
                var s = 0.0
                for k in 0..<n { s += vectors[i][k] * max(values[k], minimumEigenvalue) * vectors[j][k] }
                result[i][j] = s
            }
        }
        let scale = (0..<n).map { 1 / result[$0][$0].squareRoot() }
        for i in 0..<n { for j in 0..<n { result[i][j] = i == j ? 1 : result[i][j] * scale[i] * scale[j] } }
        return result
    }

    /// Eigenvalues and eigenvectors (columns) of a symmetric matrix by cyclic Jacobi rotations;
    /// plenty for the handful of sites of a basin.
    static func jacobiEigen(_ m: [[Double]]) -> (values: [Double], vectors: [[Double]]) {
        let n = m.count
        var a = m
        var v = (0..<n).map { i in (0..<n).map { $0 == i ? 1.0 : 0.0 } }
        for _ in 0..<100 {
            var off = 0.0
            for i in 0..<n { for j in 0..<n where i != j { off += a[i][j] * a[i][j] } }
            if off < 1e-22 { break }
            for p in 0..<n {
                for q in (p + 1)..<n where abs(a[p][q]) > 1e-300 {
                    let theta = (a[q][q] - a[p][p]) / (2 * a[p][q])
                    let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot(), s = t * c
                    for k in 0..<n {
                        let akp = a[k][p], akq = a[k][q]
                        a[k][p] = c * akp - s * akq
                        a[k][q] = s * akp + c * akq
                    }
                    for k in 0..<n {
                        let apk = a[p][k], aqk = a[q][k]
                        a[p][k] = c * apk - s * aqk
                        a[q][k] = s * apk + c * aqk
                    }
                    for k in 0..<n {
                        let vkp = v[k][p], vkq = v[k][q]
                        v[k][p] = c * vkp - s * vkq
                        v[k][q] = s * vkp + c * vkq
                    }
                }
            }
        }
        return ((0..<n).map { a[$0][$0] }, v)
    }
}
