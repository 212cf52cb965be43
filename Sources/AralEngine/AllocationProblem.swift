public import AralModel
public import AralSolver

/// The step LP of a network, built once. Which column and row stand for what is recorded
/// here, so each step only changes bounds, right-hand sides and costs.
///
/// Columns: a flow per edge; a flow per node (`x`); per storage the end-of-step volume in
/// flow units (`y = volume / volumePerFlow`, which keeps the matrix independent of the step
/// length); deviations from a storage target; shortfalls of soft minimums; virtual volumes.
///
/// Rows:
/// * `in[n]`:  Σ in-edges − x = 0 (links and outputs);
/// * `out[n]`: Σ out-edges − efficiency·x = 0 (inputs and links);
/// * `storage[s]`: y − Σ in-edges + Σ out-edges = (start volume − evaporation) / volumePerFlow;
/// * `target[s]`: y − above + below = target / volumePerFlow;
/// * `minimum[s]`: y + belowMinimum ≥ minimum volume / volumePerFlow, where `belowMinimum` may
///   only be nonzero by as much as evaporation alone leaves the storage short of its minimum
///   (its upper bound is set per step) and costs `belowMinimumCost`, more than any benefit a
///   release could buy: a reservoir at its minimum releases less, and a physical shortfall
///   is what is left when it releases nothing;
/// * `min[n]`: x + shortfall ≥ minimum (soft minimums);
/// * one row per flow constraint and per virtual storage;
/// * `volume[v]`: Σ x[nodes] + short − excess ∈ [lower, upper] per volume target, its bounds set
///   each step from what the period has delivered so far; `short` and `excess` cost the
///   target's penalties. Last of all (rows and columns), so a model without volumes has the
///   same LP as before.
public struct AllocationProblem: Sendable {
    public private(set) var program = LinearProgram()

    public private(set) var edgeColumn: [Int] = []
    public private(set) var nodeColumn: [Int] = []
    public private(set) var storageColumn: [Int] = []
    public private(set) var storageRow: [Int] = []
    public private(set) var targetRow: [Int?] = []
    public private(set) var targetBelowColumn: [Int?] = []
    public private(set) var targetAboveColumn: [Int?] = []
    public private(set) var shortfallColumn: [Int?] = []
    /// Per storage: the row keeping its end volume at or above its minimum, and the column
    /// of the physical shortfall below it (see the type's doc).
    public private(set) var minimumRow: [Int] = []
    public private(set) var belowMinimumColumn: [Int] = []
    /// Cost per flow unit of `belowMinimum`: `belowMinimumCostFactor` times the largest
    /// constant cost or penalty of the network, at least `belowMinimumCostFloor`, so that no
    /// release is worth a unit of water below a reservoir's minimum.
    public private(set) var belowMinimumCost = AllocationProblem.belowMinimumCostFloor
    public static let belowMinimumCostFloor = 1e6
    public static let belowMinimumCostFactor = 1e3
    public private(set) var minRow: [Int?] = []
    public private(set) var constraintRow: [Int] = []
    public private(set) var virtualColumn: [Int] = []
    public private(set) var virtualRow: [Int] = []
    /// Per volume target (`Network.volumeTargets`): its row and its shortfall and excess columns.
    public private(set) var volumeRow: [Int] = []
    public private(set) var volumeShortColumn: [Int] = []
    public private(set) var volumeExcessColumn: [Int] = []
    /// What each row means, for infeasibility reports.
    public private(set) var rowMeaning: [RowMeaning] = []

    public struct RowMeaning: Sendable {
        public var node: String
        public var what: String
    }

    public init(network: Network) {
        let nodes = network.nodes
        var inEdges = [[Int]](repeating: [], count: nodes.count)
        var outEdges = [[Int]](repeating: [], count: nodes.count)
        for (e, edge) in network.edges.enumerated() {
            outEdges[edge.from].append(e)
            inEdges[edge.to].append(e)
        }

        var lp = LinearProgram()
        var inRow = [Int?](repeating: nil, count: nodes.count)
        var outRow = [Int?](repeating: nil, count: nodes.count)
        var meaning: [RowMeaning] = []
        var constraintTerms = [[(row: Int, value: Double)]](repeating: [], count: nodes.count)
        func row(_ name: String, _ node: String, _ what: String, _ lo: Double, _ hi: Double) -> Int {
            meaning.append(RowMeaning(node: node, what: what))
            return lp.addRow(name: name, lower: lo, upper: hi)
        }

        storageRow = Array(repeating: -1, count: network.storages.count)
        targetRow = Array(repeating: nil, count: network.storages.count)
        for (n, node) in nodes.enumerated() {
            switch node.kind {
            case .input:
                outRow[n] = row("out[\(node.name)]", node.name, "balance of water leaving", 0, 0)
            case .output:
                inRow[n] = row("in[\(node.name)]", node.name, "balance of water arriving", 0, 0)
                if !outEdges[n].isEmpty { outRow[n] = row("out[\(node.name)]", node.name, "balance of water leaving", 0, 0) }
            case .link:
                inRow[n] = row("in[\(node.name)]", node.name, "balance of water arriving", 0, 0)
                outRow[n] = row("out[\(node.name)]", node.name, "balance of water leaving", 0, 0)
            case .storage(let s):
                storageRow[s] = row("storage[\(node.name)]", node.name, "storage continuity", 0, 0)
                if network.storages[s].target != nil {
                    targetRow[s] = row("target[\(node.name)]", node.name, "rule-curve target", 0, 0)
                }
            }
        }
        minRow = nodes.enumerated().map { n, node in
            node.minFlowPenalty == nil ? nil : row("min[\(node.name)]", node.name, "minimum flow", 0, .infinity)
        }
        constraintRow = network.flowConstraints.map { c in
            row("constraint[\(c.name)]", c.name, "flow constraint", -.infinity, .infinity)
        }
        virtualRow = network.virtualStorages.map { v in
            row("virtual[\(v.name)]", v.name, "virtual storage continuity", 0, 0)
        }
        // Last, so the rows and columns before them keep their indices.
        minimumRow = network.storages.map { storage in
            let name = nodes[storage.node].name
            return row("minimum[\(name)]", name, "minimum volume", 0, .infinity)
        }
        volumeRow = network.volumeTargets.map { v in
            row("volume[\(v.name)]", v.name, "volume over a period", -.infinity, .infinity)
        }
        for (v, target) in network.volumeTargets.enumerated() {
            for node in target.nodes { constraintTerms[node].append((volumeRow[v], 1)) }
        }

        // Edge columns.
        edgeColumn = network.edges.enumerated().map { e, edge in
            var coefficients: [(row: Int, value: Double)] = []
            let from = nodes[edge.from], to = nodes[edge.to]
            if let s = from.storageIndex { coefficients.append((storageRow[s], 1)) }
            else if let r = outRow[edge.from] { coefficients.append((r, 1)) }
            if let s = to.storageIndex { coefficients.append((storageRow[s], -1)) }
            else if let r = inRow[edge.to] { coefficients.append((r, 1)) }
            return lp.addColumn(name: "flow[\(from.name)->\(to.name)]", lower: 0, upper: .infinity, cost: 0, coefficients: coefficients)
        }

        // Node flow columns.
        for (c, constraint) in network.flowConstraints.enumerated() {
            for term in constraint.terms { constraintTerms[term.node].append((constraintRow[c], term.coefficient)) }
        }
        for (v, vs) in network.virtualStorages.enumerated() {
            for term in vs.terms { constraintTerms[term.node].append((virtualRow[v], term.factor)) }
        }
        nodeColumn = nodes.enumerated().map { n, node in
            var coefficients = constraintTerms[n]
            if let r = inRow[n] { coefficients.append((r, -1)) }
            if let r = outRow[n] { coefficients.append((r, -node.efficiency)) }
            if let r = minRow[n] { coefficients.append((r, 1)) }
            return lp.addColumn(name: "x[\(node.name)]", lower: 0, upper: .infinity, cost: 0, coefficients: coefficients)
        }
        shortfallColumn = nodes.enumerated().map { n, node in
            guard let r = minRow[n], let penalty = node.minFlowPenalty else { return nil }
            return lp.addColumn(name: "short[\(node.name)]", lower: 0, upper: .infinity, cost: penalty, coefficients: [(r, 1)])
        }

        // Storage columns.
        targetBelowColumn = Array(repeating: nil, count: network.storages.count)
        targetAboveColumn = Array(repeating: nil, count: network.storages.count)
        storageColumn = network.storages.enumerated().map { s, storage in
            let name = nodes[storage.node].name
            var coefficients: [(row: Int, value: Double)] = [(storageRow[s], 1)]
            if let t = targetRow[s] { coefficients.append((t, 1)) }
            coefficients.append((minimumRow[s], 1))
            return lp.addColumn(name: "volume[\(name)]", lower: 0, upper: .infinity, cost: 0, coefficients: coefficients)
        }
        for (s, storage) in network.storages.enumerated() {
            guard let t = targetRow[s] else { continue }
            let name = nodes[storage.node].name
            targetAboveColumn[s] = lp.addColumn(name: "above[\(name)]", lower: 0, upper: .infinity, cost: 0, coefficients: [(t, -1)])
            targetBelowColumn[s] = lp.addColumn(name: "below[\(name)]", lower: 0, upper: .infinity, cost: 0, coefficients: [(t, 1)])
        }
        virtualColumn = network.virtualStorages.enumerated().map { v, vs in
            lp.addColumn(name: "virtual[\(vs.name)]", lower: 0, upper: .infinity, cost: 0, coefficients: [(virtualRow[v], 1)])
        }
        belowMinimumCost = Self.belowMinimumCost(for: network)
        belowMinimumColumn = network.storages.enumerated().map { s, storage in
            lp.addColumn(name: "belowMinimum[\(nodes[storage.node].name)]", lower: 0, upper: 0, cost: belowMinimumCost,
                         coefficients: [(minimumRow[s], 1)])
        }
        for (v, target) in network.volumeTargets.enumerated() {
            volumeShortColumn.append(lp.addColumn(name: "volumeShort[\(target.name)]", lower: 0, upper: .infinity,
                                                  cost: target.penalty, coefficients: [(volumeRow[v], 1)]))
            volumeExcessColumn.append(lp.addColumn(name: "volumeExcess[\(target.name)]", lower: 0, upper: .infinity,
                                                   cost: target.excessPenalty, coefficients: [(volumeRow[v], -1)]))
        }

        program = lp
        rowMeaning = meaning
    }

    /// See `belowMinimumCost`. Costs given by parameters are not known before the run; a
    /// model whose parameter costs exceed the floor by orders of magnitude would need a
    /// larger floor.
    static func belowMinimumCost(for network: Network) -> Double {
        var largest = 0.0
        func note(_ value: ScheduledValue) { if case .constant(let v) = value, v.isFinite { largest = max(largest, abs(v)) } }
        for node in network.nodes {
            note(node.cost)
            if let penalty = node.minFlowPenalty, penalty.isFinite { largest = max(largest, penalty) }
        }
        for target in network.volumeTargets where target.excessPenalty.isFinite { largest = max(largest, target.penalty, target.excessPenalty) }
        for storage in network.storages {
            note(storage.cost)
            largest = max(largest, abs(storage.belowTargetPenalty), abs(storage.aboveTargetPenalty))
        }
        return max(belowMinimumCostFloor, belowMinimumCostFactor * largest)
    }
}
