import AralModel
import AralSchema

/// A synthetic basin for benchmarks, built as a model document so it goes through the same
/// compiler as a user's file: `reservoirs` branches, each with two inflows joining above a
/// reservoir (with a plant) and three demands below it (two returning part of their water),
/// all branches joining a main stem that ends in a sink.
///
/// With the defaults: 10 reservoirs, 20 inflows, 30 demands, 30 years of daily steps.
enum SyntheticBasin {
    static func document(reservoirs: Int = 10, years: Int = 30, step: String = "daily", seed: UInt64 = 42) -> BasinDocument {
        var nodes: [NodeDocument] = []
        var edges: [EdgeDocument] = []
        var rng = SplitMix64(seed: seed)
        let shape: [Double] = [0.45, 0.45, 0.55, 0.9, 1.6, 2.2, 2.3, 1.8, 1.1, 0.7, 0.55, 0.5]
        var previousMain: String?
        for b in 0..<reservoirs {
            let scale = 20 + 60 * rng.unit()
            for i in 0..<2 {
                var inflow = NodeDocument(name: "b\(b)-inflow\(i)", kind: .inflow)
                inflow.flow = .monthly(shape.map { ($0 * scale * (0.7 + 0.6 * rng.unit()) * 100).rounded() / 100 })
                nodes.append(inflow)
                edges.append(EdgeDocument(from: inflow.name, to: "b\(b)-junction"))
            }
            nodes.append(NodeDocument(name: "b\(b)-junction", kind: .confluence))
            var res = NodeDocument(name: "b\(b)-reservoir", kind: .reservoir)
            let capacity = (scale * 40).rounded()
            res.maxVolume = capacity
            res.minVolume = (capacity * 0.2).rounded()
            res.initialVolume = (capacity * 0.6).rounded()
            res.maxRelease = .constant((scale * 3).rounded())
            res.table = VolumeTableDocument(volume: [0, capacity * 0.5, capacity], area: [0, capacity / 40, capacity / 25],
                                            level: [500, 560, 590])
            res.evaporationMmPerDay = .monthly([0.5, 0.7, 1.2, 2.5, 4, 5.5, 6, 5.5, 4, 2.4, 1, 0.6])
            res.ruleCurve = RuleCurveDocument(target: .monthly(shape.map { ($0 < 1 ? 0.5 : 0.8) * capacity }), priority: 3, abovePenalty: nil)
            nodes.append(res)
            edges.append(EdgeDocument(from: "b\(b)-junction", to: res.name))
            var plant = NodeDocument(name: "b\(b)-plant", kind: .hydropower)
            plant.reservoir = res.name
            plant.capacityMW = (scale * 4).rounded()
            plant.tailwaterLevel = 480
            nodes.append(plant)
            nodes.append(NodeDocument(name: "b\(b)-below", kind: .confluence))
            edges.append(EdgeDocument(from: res.name, to: "b\(b)-below"))
            for d in 0..<3 {
                var demand = NodeDocument(name: "b\(b)-demand\(d)", kind: .demand)
                demand.maxFlow = .monthly(shape.map { ($0 * scale * 0.3 * (0.5 + rng.unit()) * 100).rounded() / 100 })
                demand.priority = d + 1
                if d < 2 {
                    demand.consumptiveFraction = 0.6
                    demand.returnTo = "b\(b)-reach"
                }
                nodes.append(demand)
                edges.append(EdgeDocument(from: "b\(b)-below", to: demand.name))
            }
            var reach = NodeDocument(name: "b\(b)-reach", kind: .link)
            reach.lossFraction = 0.02
            nodes.append(reach)
            edges.append(EdgeDocument(from: "b\(b)-below", to: reach.name))
            let main = "main\(b)"
            nodes.append(NodeDocument(name: main, kind: .confluence))
            edges.append(EdgeDocument(from: reach.name, to: main))
            if let previousMain { edges.append(EdgeDocument(from: previousMain, to: main)) }
            previousMain = main
        }
        var sink = NodeDocument(name: "terminal-lake", kind: .sink)
        sink.minFlow = .constant(5)
        sink.priority = 2
        nodes.append(sink)
        if let previousMain { edges.append(EdgeDocument(from: previousMain, to: sink.name)) }
        let end = 2000 + years - 1
        var doc = BasinDocument(name: "synthetic-\(reservoirs)-reservoirs",
                                timestepper: TimestepperDocument(start: "2000-01-01", end: "\(end)-12-31", step: step),
                                nodes: nodes, edges: edges)
        doc.description = "synthetic benchmark basin"
        return doc
    }
}
