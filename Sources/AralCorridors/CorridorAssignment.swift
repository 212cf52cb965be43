public import AralSolver

/// Origin–destination volumes assigned over a corridor network as a multi-commodity min-cost
/// flow, solved through the `LPSolver` layer.
///
/// One commodity per origin (the flows from one origin to all its destinations share a network
/// without loss of generality, and this keeps the LP small). Per commodity and vertex a balance
/// row; per OD pair a demand row, met by arrivals at the destination or by an explicit
/// *unserved* column whose cost exceeds any route's, so the LP is always feasible and says how
/// much cannot be carried. Segment capacities bound the sum over commodities and both directions;
/// node capacities bound each place's throughput. Costs are the route metric per tonne
/// (per-TEU figures divided by `tonnesPerTEU`); flows are tonnes per year.
///
/// The dual of a binding capacity row is its shadow price: what one more tonne/year of capacity
/// would save, in USD per tonne (for a metric with time in it, generalized USD).
public enum CorridorAssignment {
    public struct SegmentLoad: Sendable {
        public var segment: String
        public var mode: CorridorMode
        /// Tonnes/year in the segment's from→to and to→from directions.
        public var forwardTonnes: Double
        public var backwardTonnes: Double
        public var capacityTonnesPerYear: Double?
        public var totalTonnes: Double { forwardTonnes + backwardTonnes }
        public var utilisation: Double? { capacityTonnesPerYear.map { $0 > 0 ? totalTonnes / $0 : (totalTonnes > 0 ? .infinity : 0) } }
    }

    public struct Bottleneck: Sendable, Encodable {
        /// "segment" or "node".
        public var kind: String
        public var id: String
        public var capacityTonnesPerYear: Double
        public var loadTonnes: Double
        /// USD (or generalized USD) saved per extra tonne/year of capacity.
        public var shadowPricePerTonne: Double
    }

    public struct Unserved: Sendable, Encodable {
        public var origin: String
        public var destination: String
        public var tonnesPerYear: Double
    }

    public struct Result: Sendable {
        public var metric: RouteMetric
        public var segments: [SegmentLoad]
        /// Throughput of places with a capacity, tonnes/year.
        public var placeLoads: [(id: String, tonnes: Double, capacity: Double)]
        public var bottlenecks: [Bottleneck]
        public var unserved: [Unserved]
        /// Objective over carried volume (excludes the unserved penalty), USD or generalized USD per year.
        public var carriedCost: Double
        public var demandTonnes: Double
        /// Cost per tonne of the unserved columns: above any route's cost (twice the sum of all
        /// arc costs, plus 1,000). A capacity that leaves volume unserved has a shadow price set
        /// by this penalty, not by another route.
        public var unservedCostPerTonne: Double
        public var unservedTonnes: Double { unserved.reduce(0) { $0 + $1.tonnesPerYear } }
        public var iterations: Int
    }

    public enum Failure: Error, Sendable, CustomStringConvertible {
        case unknownPlace(String)
        case solver(String)
        public var description: String {
            switch self {
            case .unknownPlace(let id): "unknown place '\(id)' in the demand"
            case .solver(let why): "the assignment LP could not be solved: \(why)"
            }
        }
    }

    /// Relative slack under which a capacity counts as binding.
    public static let bindingTolerance = 1e-7

    public static func assign(_ demands: [ODDemand], on network: CorridorNetwork, metric: RouteMetric,
                              solver: any LPSolver) throws(Failure) -> Result {
        var lp = LinearProgram()
        let tonnesPerTEU = network.settings.tonnesPerTEU
        let arcCost = network.weights(metric).map { $0 / tonnesPerTEU }
        let unservedCost = 2 * arcCost.reduce(0, +) + 1000
        let vertexCount = network.vertexPlace.count

        // Commodities: origins in order of first appearance.
        var commodityOf: [Int: Int] = [:]
        var origins: [Int] = []
        var pairs: [(commodity: Int, destination: Int, volume: Double, index: Int)] = []
        for (i, d) in demands.enumerated() {
            guard let o = network.placeIndex[d.origin] else { throw .unknownPlace(d.origin) }
            guard let t = network.placeIndex[d.destination] else { throw .unknownPlace(d.destination) }
            if commodityOf[o] == nil { commodityOf[o] = origins.count; origins.append(o) }
            if let c = commodityOf[o] { pairs.append((c, t, d.tonnesPerYear, i)) }
        }
        // Nothing to carry: no LP. With no demand the capacity rows had no columns, and their
        // activities read back as their capacities: twelve "bottlenecks" loaded to capacity
        // while every segment carried 0 t (found from outside).
        if pairs.isEmpty {
            let loads = network.segments.filter(\.enabled).map {
                SegmentLoad(segment: $0.id, mode: $0.mode, forwardTonnes: 0, backwardTonnes: 0, capacityTonnesPerYear: $0.capacityTonnesPerYear)
            }
            return Result(metric: metric, segments: loads, placeLoads: [], bottlenecks: [], unserved: [], carriedCost: 0,
                          demandTonnes: 0, unservedCostPerTonne: unservedCost, iterations: 0)
        }
        var verticesOf = [[Int]](repeating: [], count: network.places.count)
        for (v, p) in network.vertexPlace.enumerated() { verticesOf[p].append(v) }

        // Rows.
        func balanceRow(_ c: Int, _ v: Int) -> Int { c * vertexCount + v }
        for c in origins.indices {
            for v in 0..<vertexCount { lp.addRow(name: "bal_\(c)_\(v)", lower: 0, upper: 0) }
        }
        let demandRow0 = lp.rowCount
        for (k, p) in pairs.enumerated() { lp.addRow(name: "dem_\(k)", lower: p.volume, upper: p.volume) }
        var segmentRow: [Int: Int] = [:]
        for (s, seg) in network.segments.enumerated() where seg.enabled {
            if let cap = seg.capacityTonnesPerYear { segmentRow[s] = lp.addRow(name: "cap_\(seg.id)", lower: -.infinity, upper: cap) }
        }
        var placeRow: [Int: Int] = [:]
        for (p, place) in network.places.enumerated() {
            if let cap = place.capacityTonnesPerYear { placeRow[p] = lp.addRow(name: "node_\(place.id)", lower: -.infinity, upper: cap) }
        }

        // Columns: arc flows per commodity, injections at origins, arrivals, unserved.
        var arcColumns: [(commodity: Int, arc: Int, column: Int)] = []
        for c in origins.indices {
            for (a, arc) in network.arcs.enumerated() {
                var coefficients = [(row: balanceRow(c, arc.tail), value: -1.0), (row: balanceRow(c, arc.head), value: 1.0)]
                if case .segment(let s, _) = arc.role {
                    if let r = segmentRow[s] { coefficients.append((r, 1)) }
                    if let r = placeRow[network.vertexPlace[arc.head]] { coefficients.append((r, 1)) }
                }
                let column = lp.addColumn(name: "x_\(c)_\(a)", lower: 0, upper: .infinity, cost: arcCost[a], coefficients: coefficients)
                arcColumns.append((c, a, column))
            }
            for v in verticesOf[origins[c]] {
                var coefficients = [(row: balanceRow(c, v), value: 1.0)]
                if let r = placeRow[origins[c]] { coefficients.append((r, 1)) }
                lp.addColumn(name: "in_\(c)_\(v)", lower: 0, upper: .infinity, cost: 0, coefficients: coefficients)
            }
        }
        var unservedColumn: [Int] = []
        for (k, p) in pairs.enumerated() {
            for v in verticesOf[p.destination] {
                lp.addColumn(name: "out_\(k)_\(v)", lower: 0, upper: .infinity, cost: 0,
                             coefficients: [(balanceRow(p.commodity, v), -1), (demandRow0 + k, 1)])
            }
            unservedColumn.append(lp.addColumn(name: "unserved_\(k)", lower: 0, upper: .infinity, cost: unservedCost,
                                               coefficients: [(demandRow0 + k, 1)]))
        }

        do { try solver.load(lp) } catch { throw .solver("\(error)") }
        let status = solver.solve()
        guard status.isOptimal else { throw .solver("status \(status)") }
        let x = Array(solver.primal)
        let duals = Array(solver.rowDuals)
        let activity = Array(solver.rowActivity)

        var forward = [Double](repeating: 0, count: network.segments.count)
        var backward = forward
        var carried = 0.0
        for (_, a, column) in arcColumns where x[column] > 0 {
            carried += arcCost[a] * x[column]
            if case .segment(let s, let isForward) = network.arcs[a].role {
                if isForward { forward[s] += x[column] } else { backward[s] += x[column] }
            }
        }
        let loads = network.segments.enumerated().filter { $0.element.enabled }.map { s, seg in
            SegmentLoad(segment: seg.id, mode: seg.mode, forwardTonnes: forward[s], backwardTonnes: backward[s],
                        capacityTonnesPerYear: seg.capacityTonnesPerYear)
        }
        var bottlenecks: [Bottleneck] = []
        func check(_ kind: String, _ id: String, _ row: Int, _ cap: Double) {
            let load = activity[row]
            let price = -duals[row] > 0 ? -duals[row] : 0  // never -0
            if load >= cap - bindingTolerance * max(1, cap), price > 0 || cap == 0 || load > 0 {
                bottlenecks.append(Bottleneck(kind: kind, id: id, capacityTonnesPerYear: cap, loadTonnes: load, shadowPricePerTonne: price))
            }
        }
        for (s, r) in segmentRow.sorted(by: { $0.key < $1.key }) { check("segment", network.segments[s].id, r, network.segments[s].capacityTonnesPerYear ?? 0) }
        for (p, r) in placeRow.sorted(by: { $0.key < $1.key }) { check("node", network.places[p].id, r, network.places[p].capacityTonnesPerYear ?? 0) }
        bottlenecks.sort { $0.shadowPricePerTonne > $1.shadowPricePerTonne }
        let placeLoads = placeRow.sorted { $0.key < $1.key }.map { p, r in
            (id: network.places[p].id, tonnes: activity[r], capacity: network.places[p].capacityTonnesPerYear ?? 0)
        }
        let unserved = pairs.enumerated().compactMap { k, p -> Unserved? in
            let u = x[unservedColumn[k]]
            guard u > bindingTolerance * max(1, p.volume) else { return nil }
            return Unserved(origin: demands[p.index].origin, destination: demands[p.index].destination, tonnesPerYear: u)
        }
        return Result(metric: metric, segments: loads, placeLoads: placeLoads, bottlenecks: bottlenecks, unserved: unserved,
                      carriedCost: carried, demandTonnes: demands.reduce(0) { $0 + $1.tonnesPerYear },
                      unservedCostPerTonne: unservedCost,
                      iterations: solver.iterationCount)
    }
}
