import Foundation
import AralModel
import AralSchema
import AralEnsemble

/// The Aral-vs-Pywr benchmark basin, written both as an Aral model document and as Pywr 1.x
/// JSON from one description, so both tools solve the same network: `branches` branches of two
/// inflows → junction → reservoir (release ≤ max, spill) → three demands of priorities 1–3 and a
/// reach to the main stem → terminal sink. With 7 branches: 71 model nodes (Aral adds a release,
/// spill and outlet per reservoir, as the Pywr file does with links), 30 years daily.
///
/// Only features both tools share are used (no returns, losses, evaporation or plants), and
/// costs mirror Aral's defaults (benefit 10 × 10^(3−priority), storage value 1, spill 0.1).
struct EnsembleBenchBasin {
    var branches = 7
    var years = 30
    var seed: UInt64 = 42

    static let shape: [Double] = [0.45, 0.45, 0.55, 0.9, 1.6, 2.2, 2.3, 1.8, 1.1, 0.7, 0.55, 0.5]

    struct Branch {
        var inflows: [[Double]]
        var capacity: Double
        var maxRelease: Double
        var demands: [[Double]]
    }

    var branchData: [Branch] {
        var rng = Xoshiro256(seed: seed)
        return (0..<branches).map { _ in
            let scale = 20 + 60 * rng.nextOpenUnit()
            let inflows = (0..<2).map { _ in
                let f = 0.7 + 0.6 * rng.nextOpenUnit()
                return Self.shape.map { ($0 * scale * f * 100).rounded() / 100 }
            }
            let demands = (0..<3).map { _ in
                let f = 0.5 + rng.nextOpenUnit()
                return Self.shape.map { ($0 * scale * 0.3 * f * 100).rounded() / 100 }
            }
            return Branch(inflows: inflows, capacity: (scale * 40).rounded(), maxRelease: (scale * 3).rounded(), demands: demands)
        }
    }

    var inflowNames: [String] { (0..<branches).flatMap { b in (0..<2).map { "b\(b)-inflow\($0)" } } }

    var endDate: String { "\(2000 + years - 1)-12-31" }

    /// The Aral model document (daily steps).
    var document: BasinDocument {
        var nodes: [NodeDocument] = []
        var edges: [EdgeDocument] = []
        for (b, branch) in branchData.enumerated() {
            for (i, profile) in branch.inflows.enumerated() {
                var n = NodeDocument(name: "b\(b)-inflow\(i)", kind: .inflow)
                n.flow = .monthly(profile)
                nodes.append(n)
                edges.append(EdgeDocument(from: n.name, to: "b\(b)-junction"))
            }
            nodes.append(NodeDocument(name: "b\(b)-junction", kind: .confluence))
            var res = NodeDocument(name: "b\(b)-reservoir", kind: .reservoir)
            res.maxVolume = branch.capacity
            res.minVolume = 0
            res.initialVolume = (branch.capacity * 0.6).rounded()
            res.maxRelease = .constant(branch.maxRelease)
            nodes.append(res)
            edges.append(EdgeDocument(from: "b\(b)-junction", to: res.name))
            nodes.append(NodeDocument(name: "b\(b)-below", kind: .confluence))
            edges.append(EdgeDocument(from: res.name, to: "b\(b)-below"))
            for (d, profile) in branch.demands.enumerated() {
                var n = NodeDocument(name: "b\(b)-demand\(d)", kind: .demand)
                n.maxFlow = .monthly(profile)
                n.priority = d + 1
                nodes.append(n)
                edges.append(EdgeDocument(from: "b\(b)-below", to: n.name))
            }
            nodes.append(NodeDocument(name: "b\(b)-reach", kind: .link))
            edges.append(EdgeDocument(from: "b\(b)-below", to: "b\(b)-reach"))
            nodes.append(NodeDocument(name: "main\(b)", kind: .confluence))
            edges.append(EdgeDocument(from: "b\(b)-reach", to: "main\(b)"))
            if b > 0 { edges.append(EdgeDocument(from: "main\(b - 1)", to: "main\(b)")) }
        }
        nodes.append(NodeDocument(name: "terminal-lake", kind: .sink))
        edges.append(EdgeDocument(from: "main\(branches - 1)", to: "terminal-lake"))
        return BasinDocument(name: "bench-\(branches)-branches", timestepper: TimestepperDocument(start: "2000-01-01", end: endDate, step: "daily"),
                             nodes: nodes, edges: edges)
    }

    /// The same network as Pywr 1.x JSON; inflows are profile × a `constantscenario` factor
    /// of the `hydrology` scenario (pywr-bench.py sets its size and factors).
    var pywrJSON: [String: Any] {
        var nodes: [[String: Any]] = []
        var edges: [[String]] = []
        var parameters: [String: Any] = ["inflow-factor": ["type": "constantscenario", "scenario": "hydrology", "values": [1.0]]]
        let benefit: [Double] = [1000, 100, 10]
        for (b, branch) in branchData.enumerated() {
            for (i, profile) in branch.inflows.enumerated() {
                let name = "b\(b)-inflow\(i)"
                parameters["\(name)-profile"] = ["type": "monthlyprofile", "values": profile]
                parameters["\(name)-flow"] = ["type": "aggregated", "agg_func": "product", "parameters": ["\(name)-profile", "inflow-factor"]]
                nodes.append(["name": name, "type": "catchment", "flow": "\(name)-flow"])
                edges.append([name, "b\(b)-junction"])
            }
            nodes.append(["name": "b\(b)-junction", "type": "link"])
            nodes.append(["name": "b\(b)-reservoir", "type": "storage", "max_volume": branch.capacity, "min_volume": 0,
                          "initial_volume": (branch.capacity * 0.6).rounded(), "cost": -1])
            nodes.append(["name": "b\(b)-release", "type": "link", "max_flow": branch.maxRelease])
            nodes.append(["name": "b\(b)-spill", "type": "link", "cost": 0.1])
            nodes.append(["name": "b\(b)-below", "type": "link"])
            edges += [["b\(b)-junction", "b\(b)-reservoir"], ["b\(b)-reservoir", "b\(b)-release"], ["b\(b)-reservoir", "b\(b)-spill"],
                      ["b\(b)-release", "b\(b)-below"], ["b\(b)-spill", "b\(b)-below"]]
            for (d, profile) in branch.demands.enumerated() {
                let name = "b\(b)-demand\(d)"
                parameters["\(name)-demand"] = ["type": "monthlyprofile", "values": profile]
                nodes.append(["name": name, "type": "output", "max_flow": "\(name)-demand", "cost": -benefit[d]])
                edges.append(["b\(b)-below", name])
            }
            nodes.append(["name": "b\(b)-reach", "type": "link"])
            nodes.append(["name": "main\(b)", "type": "link"])
            edges += [["b\(b)-below", "b\(b)-reach"], ["b\(b)-reach", "main\(b)"]]
            if b > 0 { edges.append(["main\(b - 1)", "main\(b)"]) }
        }
        nodes.append(["name": "terminal-lake", "type": "output"])
        edges.append(["main\(branches - 1)", "terminal-lake"])
        return [
            "metadata": ["title": "bench-\(branches)-branches", "description": "written by aral bench ensemble", "minimum_version": "1.0"],
            "timestepper": ["start": "2000-01-01", "end": endDate, "timestep": 1],
            "scenarios": [["name": "hydrology", "size": 1]],
            "nodes": nodes, "edges": edges, "parameters": parameters,
        ]
    }

    /// Inflow factors of scenario member k of n: 0.8 … 1.2, as pywr-bench.py uses.
    static func factor(_ k: Int, of n: Int) -> Double {
        n > 1 ? 0.8 + 0.4 * Double(k) / Double(n - 1) : 1
    }
}
