/// A directed graph in compressed sparse row form, with one non-negative weight per arc and a
/// `group` per vertex: the physical place a vertex belongs to. Corridor places are split into
/// several vertices (a border's two sides, a gauge change's two gauges, a port's modes), and a
/// route must not come back to a place it has left, so loop-freedom is judged on groups.
///
/// Built once per model and metric; searches reuse its scratch arrays (see `PathSearch`).
public struct RoutingGraph: Sendable {
    public let vertexCount: Int
    public let groupCount: Int
    public let group: [Int32]
    public let arcTail: [Int32]
    public let arcHead: [Int32]
    public let weight: [Double]
    /// Arcs leaving vertex v: `outArcs[outStart[v] ..< outStart[v+1]]`.
    let outStart: [Int32]
    let outArcs: [Int32]
    /// Arcs entering vertex v, for the backward search that gives A*'s bound.
    let inStart: [Int32]
    let inArcs: [Int32]
    /// Vertices of each group.
    let groupStart: [Int32]
    let groupVertices: [Int32]

    /// - Precondition: weights are finite and ≥ 0, indices in range (callers build these, not users).
    public init(vertexCount: Int, group: [Int32], groupCount: Int, tails: [Int32], heads: [Int32], weights: [Double]) {
        precondition(group.count == vertexCount && tails.count == heads.count && heads.count == weights.count)
        self.vertexCount = vertexCount
        self.groupCount = groupCount
        self.group = group
        self.arcTail = tails
        self.arcHead = heads
        self.weight = weights
        (outStart, outArcs) = Self.buckets(tails, count: vertexCount)
        (inStart, inArcs) = Self.buckets(heads, count: vertexCount)
        (groupStart, groupVertices) = Self.buckets(group, count: groupCount)
    }

    /// Counting sort of item indices by key: starts (count + 1) and the sorted items.
    static func buckets(_ keys: [Int32], count: Int) -> ([Int32], [Int32]) {
        var start = [Int32](repeating: 0, count: count + 1)
        for k in keys { start[Int(k) + 1] += 1 }
        for i in 0..<count { start[i + 1] += start[i] }
        var fill = start
        var items = [Int32](repeating: 0, count: keys.count)
        for (i, k) in keys.enumerated() {
            items[Int(fill[Int(k)])] = Int32(i)
            fill[Int(k)] += 1
        }
        return (start, items)
    }

    func vertices(ofGroup g: Int) -> ArraySlice<Int32> {
        groupVertices[Int(groupStart[g])..<Int(groupStart[g + 1])]
    }

    /// Same structure, other weights (another metric over the same network).
    public func reweighted(_ weights: [Double]) -> RoutingGraph {
        RoutingGraph(vertexCount: vertexCount, group: group, groupCount: groupCount, tails: arcTail, heads: arcHead, weights: weights)
    }
}

/// A path from a vertex of the source group to a vertex of the target group.
public struct GraphPath: Sendable, Equatable {
    /// v0 … vn (n = arcs.count).
    public var vertices: [Int32]
    public var arcs: [Int32]
    public var weight: Double
}
