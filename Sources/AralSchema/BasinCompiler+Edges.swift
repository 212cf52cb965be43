import AralModel

/// Edges join one element's exit to the next one's entry; demands' return flows are joined
/// last, once every node they may name exists.
extension BasinCompiler {
    func compileEdges(_ c: inout CompileContext) {
        let doc = c.document
        var seenEdges = Set<EdgeDocument>()
        for (i, e) in doc.edges.enumerated() {
            let path = "edges[\(i)]"
            guard let fromIndex = c.indexByName[e.from] else {
                c.add(path, "edge from '\(e.from)', which is not a node\(didYouMean(e.from, among: c.indexByName.keys))")
                continue
            }
            guard let toIndex = c.indexByName[e.to] else {
                c.add(path, "edge to '\(e.to)', which is not a node\(didYouMean(e.to, among: c.indexByName.keys))")
                continue
            }
            if e.from == e.to { c.add(path, "edge from '\(e.from)' to itself"); continue }
            if !seenEdges.insert(e).inserted { c.add(path, "edge \(e.from) → \(e.to) is listed twice"); continue }
            let fromKind = doc.nodes[fromIndex].kind, toKind = doc.nodes[toIndex].kind
            guard let a = c.exit[e.from] else {
                switch fromKind {
                case .demand: c.add(path, "'\(e.from)' is a demand: water it does not consume goes back through 'returnTo', not an edge")
                case .sink: c.add(path, "'\(e.from)' is a sink: nothing flows out of a sink")
                case .hydropower: c.add(path, "'\(e.from)' is a hydropower plant: attach it with 'reservoir:' or 'link:' instead of edges")
                default: break  // its own definition was already reported
                }
                continue
            }
            guard let b = c.entry[e.to] else {
                switch toKind {
                case .inflow: c.add(path, "'\(e.to)' is an inflow: inflows have no upstream; join rivers at a confluence")
                case .hydropower: c.add(path, "'\(e.to)' is a hydropower plant: attach it with 'reservoir:' or 'link:' instead of edges")
                default: break
                }
                continue
            }
            c.net.connect(a, b)
        }
        for (from, target, path) in c.pendingReturns {
            guard let b = c.entry[target] else {
                c.add(path, c.indexByName[target] == nil
                      ? "'\(target)' is not a node\(didYouMean(target, among: c.indexByName.keys))"
                      : "'\(target)' cannot receive water")
                continue
            }
            c.net.connect(from, b)
        }
        connectDelays(&c)
    }
}
