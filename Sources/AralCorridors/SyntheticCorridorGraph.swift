import AralModel
/// A synthetic corridor-like network for benchmarks: vertices on a jittered square grid, each
/// joined to its right and lower neighbours, plus random short links up to the segment count;
/// every segment both ways, weighted by its length times a random detour factor. Deterministic
/// for a seed, so timings compare across runs.
public enum SyntheticCorridorGraph {
    /// - Parameters: `places` (rounded to a square), `segments` (≥ the grid's own 2·s·(s−1)).
    public static func make(places: Int, segments: Int, seed: UInt64 = 42) -> RoutingGraph {
        let side = max(2, Int(Double(places).squareRoot().rounded()))
        let n = side * side
        var rng = SplitMix64(seed: seed)
        var xs = [Double](), ys = [Double]()
        for i in 0..<n {
            xs.append(Double(i % side) + rng.unit() * 0.4)
            ys.append(Double(i / side) + rng.unit() * 0.4)
        }
        var tails: [Int32] = [], heads: [Int32] = [], weights: [Double] = []
        func link(_ a: Int, _ b: Int) {
            let w = ((xs[a] - xs[b]) * (xs[a] - xs[b]) + (ys[a] - ys[b]) * (ys[a] - ys[b])).squareRoot() * (1 + rng.unit() * 0.5)
            tails += [Int32(a), Int32(b)]
            heads += [Int32(b), Int32(a)]
            weights += [w, w]
        }
        var count = 0
        for r in 0..<side {
            for c in 0..<side {
                let v = r * side + c
                if c + 1 < side { link(v, v + 1); count += 1 }
                if r + 1 < side { link(v, v + side); count += 1 }
            }
        }
        while count < segments {
            let v = Int(rng.next() % UInt64(n))
            let dr = Int(rng.next() % 7) - 3, dc = Int(rng.next() % 7) - 3
            let r = v / side + dr, c = v % side + dc
            guard r >= 0, r < side, c >= 0, c < side, dr != 0 || dc != 0 else { continue }
            link(v, r * side + c)
            count += 1
        }
        return RoutingGraph(vertexCount: n, group: (0..<n).map(Int32.init), groupCount: n, tails: tails, heads: heads, weights: weights)
    }
}
