/// Shortest paths between two groups of a `RoutingGraph`: Dijkstra, steered as A* by exact
/// distances to the target on the unrestricted graph, and Yen's k loop-free shortest paths.
///
/// Why the bound: Yen runs one search per vertex of each accepted path, each on the graph with
/// some vertices and arcs removed. Removing things only lengthens distances, so the distance
/// to the target on the full graph is an admissible and consistent bound; with it a search
/// that deviates a little from the best path settles few vertices. That is what keeps k = 5
/// on a 10,000-vertex network in milliseconds.
///
/// Not thread-safe (it owns scratch arrays); use one per task.
public final class PathSearch {
    public let graph: RoutingGraph
    /// Scratch arrays, moved out for the duration of a query: a local struct is free of the
    /// exclusivity checks and copy-on-write that class-held arrays would cost in the hot loops.
    private var scratch: SearchScratch?

    public init(graph: RoutingGraph) {
        self.graph = graph
        scratch = SearchScratch(graph: graph)
    }

    /// The k best loop-free paths from `source` to `target` (groups), best first; fewer when
    /// fewer exist, none when the target cannot be reached.
    public func kShortest(from source: Int, to target: Int, k: Int) -> [GraphPath] {
        guard k > 0, source != target else { return [] }
        var s = scratch.take() ?? SearchScratch(graph: graph)
        let paths = s.kShortest(graph, from: source, to: target, k: k)
        scratch = s
        return paths
    }

    /// The best path, or nil when the target cannot be reached.
    public func shortest(from source: Int, to target: Int) -> GraphPath? {
        kShortest(from: source, to: target, k: 1).first
    }
}

/// The state of one query: distances, parents and blocks, invalidated by bumping a stamp
/// rather than clearing.
struct SearchScratch {
    var dist: [Double]
    var parentArc: [Int32]
    var seen: [UInt32]
    var closed: [UInt32]
    var blockedVertex: [UInt32]
    var blockedGroup: [UInt32]
    var blockedArc: [UInt32]
    var stamp: UInt32 = 0
    var blockStamp: UInt32 = 0
    var heap = MinHeap()
    /// Lower bound on the distance to the current target (∞ where it cannot be reached).
    var bound: [Double]

    init(graph: RoutingGraph) {
        let n = graph.vertexCount
        dist = .init(repeating: .infinity, count: n)
        parentArc = .init(repeating: -1, count: n)
        seen = .init(repeating: 0, count: n)
        closed = .init(repeating: 0, count: n)
        blockedVertex = .init(repeating: 0, count: n)
        blockedGroup = .init(repeating: 0, count: graph.groupCount)
        blockedArc = .init(repeating: 0, count: graph.arcHead.count)
        bound = .init(repeating: 0, count: n)
    }

    mutating func kShortest(_ graph: RoutingGraph, from source: Int, to target: Int, k: Int) -> [GraphPath] {
        computeBound(graph, to: target)
        let sources = Array(graph.vertices(ofGroup: source))
        newBlocks()
        guard let first = search(graph, sources: sources, source: source, target: target) else { return [] }
        var accepted = [first]
        var candidates: [GraphPath] = []
        var known: Set<[Int32]> = [signature(first)]
        while accepted.count < k {
            let previous = accepted[accepted.count - 1]
            var rootWeight = 0.0
            for i in -1..<previous.arcs.count {
                if i >= 1 { rootWeight += graph.weight[Int(previous.arcs[i - 1])] }
                let rootVertices = i >= 0 ? previous.vertices[0...i] : []
                newBlocks()
                var spurSources: [Int32]
                if i < 0 {
                    for p in accepted { blockedVertex[Int(p.vertices[0])] = blockStamp }
                    spurSources = sources.filter { blockedVertex[Int($0)] != blockStamp }
                } else {
                    let rootArcs = previous.arcs.prefix(i)
                    for p in accepted where p.arcs.count > i && p.vertices[0] == rootVertices.first && p.arcs.starts(with: rootArcs) {
                        blockedArc[Int(p.arcs[i])] = blockStamp
                    }
                    let spur = previous.vertices[i]
                    let spurGroup = graph.group[Int(spur)]
                    for v in rootVertices.dropLast() {
                        blockedVertex[Int(v)] = blockStamp
                        let g = graph.group[Int(v)]
                        if g != spurGroup { blockedGroup[Int(g)] = blockStamp }
                    }
                    spurSources = [spur]
                }
                guard !spurSources.isEmpty,
                      let spur = search(graph, sources: spurSources, source: source, target: target) else { continue }
                let path = GraphPath(
                    vertices: Array(rootVertices.dropLast()) + spur.vertices,
                    arcs: Array(previous.arcs.prefix(max(i, 0))) + spur.arcs,
                    weight: (i >= 1 ? rootWeight : 0) + spur.weight)
                guard isLoopFree(path, graph), known.insert(signature(path)).inserted else { continue }
                let at = candidates.firstIndex { $0.weight > path.weight } ?? candidates.count
                candidates.insert(path, at: at)
            }
            guard !candidates.isEmpty else { break }
            accepted.append(candidates.removeFirst())
        }
        return accepted
    }

    func signature(_ p: GraphPath) -> [Int32] { [p.vertices[0]] + p.arcs }

    /// True when no place is left and later re-entered.
    func isLoopFree(_ p: GraphPath, _ graph: RoutingGraph) -> Bool {
        var visited = Set<Int32>()
        var last: Int32 = -1
        for v in p.vertices {
            let g = graph.group[Int(v)]
            if g != last {
                if !visited.insert(g).inserted { return false }
                last = g
            }
        }
        return true
    }

    mutating func newBlocks() {
        blockStamp &+= 1
        if blockStamp == 0 {
            for i in blockedVertex.indices { blockedVertex[i] = 0 }
            for i in blockedGroup.indices { blockedGroup[i] = 0 }
            for i in blockedArc.indices { blockedArc[i] = 0 }
            blockStamp = 1
        }
    }

    mutating func newStamp() {
        stamp &+= 1
        if stamp == 0 {
            for i in seen.indices { seen[i] = 0; closed[i] = 0 }
            stamp = 1
        }
    }

    /// Exact distances to the target group on the whole graph (backward Dijkstra).
    mutating func computeBound(_ graph: RoutingGraph, to target: Int) {
        newStamp()
        heap.removeAll()
        for i in bound.indices { bound[i] = .infinity }
        for v in graph.vertices(ofGroup: target) {
            bound[Int(v)] = 0
            heap.push(0, v)
        }
        graph.inArcs.withUnsafeBufferPointer { inArcs in
        graph.inStart.withUnsafeBufferPointer { inStart in
        graph.arcTail.withUnsafeBufferPointer { tail in
        graph.weight.withUnsafeBufferPointer { weight in
            while let (d, v) = heap.pop() {
                let vi = Int(v)
                if closed[vi] == stamp || d > bound[vi] { continue }
                closed[vi] = stamp
                for j in Int(inStart[vi])..<Int(inStart[vi + 1]) {
                    let a = Int(inArcs[j])
                    let u = Int(tail[a])
                    let nd = d + weight[a]
                    if nd < bound[u] {
                        bound[u] = nd
                        heap.push(nd, Int32(u))
                    }
                }
            }
        }}}}
    }

    /// A* from `sources` (distance 0) to the first vertex of `target`, honouring the blocks.
    /// Arcs inside the source group are not taken: a route starts at whichever of the source
    /// place's vertices suits it, so moving between them first would only repeat a start.
    mutating func search(_ graph: RoutingGraph, sources: [Int32], source: Int, target: Int) -> GraphPath? {
        newStamp()
        heap.removeAll()
        for s in sources where bound[Int(s)].isFinite && blockedVertex[Int(s)] != blockStamp {
            dist[Int(s)] = 0
            parentArc[Int(s)] = -1
            seen[Int(s)] = stamp
            heap.push(bound[Int(s)], s)
        }
        let targetGroup = Int32(target), sourceGroup = Int32(source)
        var found: Int32 = -1
        graph.outArcs.withUnsafeBufferPointer { outArcs in
        graph.outStart.withUnsafeBufferPointer { outStart in
        graph.arcHead.withUnsafeBufferPointer { head in
        graph.group.withUnsafeBufferPointer { group in
        graph.weight.withUnsafeBufferPointer { weight in
            while let (_, v) = heap.pop() {
                let vi = Int(v)
                if closed[vi] == stamp { continue }
                closed[vi] = stamp
                if group[vi] == targetGroup { found = v; return }
                let dv = dist[vi]
                let inSource = group[vi] == sourceGroup
                for j in Int(outStart[vi])..<Int(outStart[vi + 1]) {
                    let ai = Int(outArcs[j])
                    if blockedArc[ai] == blockStamp { continue }
                    let w = Int(head[ai])
                    let gw = group[w]
                    if blockedVertex[w] == blockStamp || blockedGroup[Int(gw)] == blockStamp { continue }
                    if inSource && gw == sourceGroup { continue }
                    let h = bound[w]
                    if !h.isFinite || closed[w] == stamp { continue }
                    let nd = dv + weight[ai]
                    if seen[w] != stamp || nd < dist[w] {
                        seen[w] = stamp
                        dist[w] = nd
                        parentArc[w] = Int32(ai)
                        heap.push(nd + h, Int32(w))
                    }
                }
            }
        }}}}}
        return found >= 0 ? trace(graph, from: found) : nil
    }

    func trace(_ graph: RoutingGraph, from end: Int32) -> GraphPath {
        var arcs: [Int32] = []
        var vertices: [Int32] = [end]
        var v = end
        while parentArc[Int(v)] >= 0 {
            let a = parentArc[Int(v)]
            arcs.append(a)
            v = graph.arcTail[Int(a)]
            vertices.append(v)
        }
        return GraphPath(vertices: vertices.reversed(), arcs: arcs.reversed(), weight: dist[Int(end)])
    }
}

/// A binary min-heap of (key, vertex) with lazy deletion (stale entries are skipped by callers).
struct MinHeap {
    private var keys: [Double] = []
    private var values: [Int32] = []

    mutating func removeAll() {
        keys.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
    }

    mutating func push(_ key: Double, _ value: Int32) {
        keys.append(key)
        values.append(value)
        var i = keys.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard keys[parent] > keys[i] else { break }
            keys.swapAt(parent, i)
            values.swapAt(parent, i)
            i = parent
        }
    }

    mutating func pop() -> (Double, Int32)? {
        guard let top = keys.first, let value = values.first else { return nil }
        let lastKey = keys.removeLast(), lastValue = values.removeLast()
        if !keys.isEmpty {
            keys[0] = lastKey
            values[0] = lastValue
            var i = 0
            let n = keys.count
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < n && keys[l] < keys[m] { m = l }
                if r < n && keys[r] < keys[m] { m = r }
                if m == i { break }
                keys.swapAt(m, i)
                values.swapAt(m, i)
                i = m
            }
        }
        return (top, value)
    }
}
