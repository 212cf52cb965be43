import AralModel
import AralSchema

/// Pywr refuses a model whose nodes are not on any route (input → … → output, a storage
/// ending one route and starting others); Aral refuses it too, naming the node.
extension PywrBuilder {
    func checkRoutes(_ nodes: [JSONNode]) throws(ModelFileError) {
        let count = network.nodes.count
        guard count > 0 else { throw issue(nodes.first, "the model is empty: it has no nodes (Pywr: 'Model is empty')") }
        var out = [[Int]](repeating: [], count: count), into = [[Int]](repeating: [], count: count)
        for edge in network.edges {
            out[edge.from].append(edge.to)
            into[edge.to].append(edge.from)
        }
        func isStorage(_ n: Int) -> Bool { network.nodes[n].storageIndex != nil }
        /// Nodes reachable from `starts` along `next`, not passing through a storage.
        func reach(_ starts: [Int], _ next: [[Int]]) -> [Bool] {
            var seen = [Bool](repeating: false, count: count)
            var stack = starts
            for s in starts { seen[s] = true }
            while let n = stack.popLast() {
                if isStorage(n), !starts.contains(n) { continue }
                for m in next[n] where !seen[m] {
                    seen[m] = true
                    stack.append(m)
                }
            }
            return seen
        }
        let sources = (0..<count).filter { n in
            if case .input = network.nodes[n].kind { return true }
            return isStorage(n)
        }
        let sinks = (0..<count).filter { n in
            if case .output = network.nodes[n].kind { return true }
            return isStorage(n)
        }
        // A storage may only start routes that leave it and end routes that enter it.
        let fromSources = reach(sources.filter { !isStorage($0) || !out[$0].isEmpty }, out)
        let toSinks = reach(sinks.filter { !isStorage($0) || !into[$0].isEmpty }, into)
        var anyRoute = false
        for node in nodes {
            guard let name = node["name"]?.string, let n = flowNode[name] else { continue }
            let onRoute = fromSources[n] && toSinks[n]
            if onRoute { anyRoute = true; continue }
            let type = node["type"]?.string ?? "node"
            throw issue(node, "\(type) node '\(name)' is not part of any route from an input or storage to an output or storage (Pywr rejects the model)")
        }
        if !anyRoute, outputs.allSatisfy({ $0.storage == nil }) {
            throw issue(nodes.first, "the model has no valid routes from an input to an output (Pywr rejects it)")
        }
    }
}
