import Testing
import PropertyBased
import AralModel
import AralSchema
import AralEngine
import AralClp

/// Random valid basins: every run must close its mass balance and keep every flow within its
/// bounds. The mass balance is the engine's own check (it throws at the first node and step
/// that does not close, so a run that returns has closed everywhere; `MassBalanceCheckTests`
/// shows the check fires); this test asserts what the engine does not check itself: bounds,
/// and that every series covers every step.
@Suite("Random networks")
struct RandomNetworkTests {
    /// Bounds may be exceeded by solver noise only.
    static let boundTolerance = 1e-7

    @Test("Mass balance closes and no flow exceeds its bound")
    func randomNetworks() async {
        await propertyCheck(count: 60, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            let document = RandomBasin.document(seed: seed)
            let model: BasinModel
            do { model = try BasinCompiler().compile(document) } catch {
                Issue.record("seed \(seed): generated model does not compile: \(error)")
                return
            }
            let results: BasinResults
            do {
                results = try BasinRun.run(model, solver: ClpSolver(), makeDiagnosticSolver: { ClpSolver() })
            } catch {
                Issue.record("seed \(seed): \(error)")
                return
            }
            let tol = Self.boundTolerance
            let steps = results.steps.count
            #expect(steps == model.network.steps.count, "seed \(seed): \(steps) steps recorded of \(model.network.steps.count)")
            /// A series that is missing or short fails the test instead of checking nothing.
            func series(_ node: String, _ attribute: String) -> [Double] {
                guard let values = results.values(node, attribute) else {
                    Issue.record("seed \(seed): no \(attribute) series for \(node)")
                    return []
                }
                #expect(values.count == steps, "seed \(seed): \(node) \(attribute) has \(values.count) values for \(steps) steps")
                return values
            }
            for node in document.nodes {
                switch node.kind {
                case .demand:
                    let flow = series(node.name, "flow")
                    let demand = series(node.name, "demand")
                    for (f, d) in zip(flow, demand) {
                        #expect(f >= -tol && f <= d + tol * max(1, d), "seed \(seed): \(node.name) got \(f) of \(d)")
                    }
                case .link:
                    if case .constant(let cap) = node.capacity {
                        for f in series(node.name, "flow") {
                            #expect(f >= -tol && f <= cap + tol * max(1, cap), "seed \(seed): \(node.name) carried \(f) > \(cap)")
                        }
                    }
                case .reservoir:
                    guard let maxVolume = node.maxVolume else { continue }
                    for v in series(node.name, "volume") {
                        #expect(v >= -tol && v <= maxVolume + tol * maxVolume, "seed \(seed): \(node.name) volume \(v)")
                    }
                    if case .constant(let maxRelease) = node.maxRelease {
                        for r in series(node.name, "release") {
                            #expect(r <= maxRelease + tol * max(1, maxRelease))
                        }
                    }
                default: break
                }
            }
        }
    }
}

/// Generates a random tree-shaped basin draining to one sink.
enum RandomBasin {
    static func document(seed: UInt64) -> BasinDocument {
        var rng = SplitMix64(seed: seed)
        var nodes: [NodeDocument] = []
        var edges: [EdgeDocument] = []
        let sink = NodeDocument(name: "sink", kind: .sink)
        // Build downstream-first: each new junction drains into an existing junction or the sink.
        var junctions = ["sink"]
        let count = 2 + Int(rng.next() % 6)
        for i in 0..<count {
            let target = junctions[Int(rng.next() % UInt64(junctions.count))]
            let name = "j\(i)"
            var node: NodeDocument
            switch rng.next() % 3 {
            case 0:
                node = NodeDocument(name: name, kind: .reservoir)
                let maxV = 10 + rng.unit() * 500
                node.maxVolume = maxV
                // Within [minVolume, maxVolume], which the compiler requires of a start.
                let start = rng.unit()
                let minV = rng.unit() * 0.3 * maxV
                node.minVolume = minV
                node.initialVolume = minV + start * (maxV - minV)
                if rng.next() % 2 == 0 { node.maxRelease = .constant(rng.unit() * 200) }
                if rng.next() % 2 == 0 {
                    node.table = VolumeTableDocument(volume: [0, maxV], area: [0, 1 + rng.unit() * 50], level: nil)
                    node.evaporationMmPerDay = .constant(rng.unit() * 8)
                }
            case 1:
                node = NodeDocument(name: name, kind: .link)
                node.lossFraction = rng.unit() * 0.3
            default:
                node = NodeDocument(name: name, kind: .confluence)
            }
            nodes.append(node)
            edges.append(EdgeDocument(from: name, to: target))
            junctions.append(name)
            // Inflows and demands hang off junctions.
            var inflow = NodeDocument(name: "in\(i)", kind: .inflow)
            inflow.flow = .monthly((0..<12).map { _ in (rng.unit() * 100).rounded() })
            nodes.append(inflow)
            edges.append(EdgeDocument(from: inflow.name, to: name))
            if rng.next() % 2 == 0 {
                var demand = NodeDocument(name: "d\(i)", kind: .demand)
                demand.maxFlow = .monthly((0..<12).map { _ in (rng.unit() * 80).rounded() })
                demand.priority = 1 + Int(rng.next() % 3)
                if rng.next() % 2 == 0 {
                    demand.consumptiveFraction = 0.5 + rng.unit() * 0.5
                    demand.returnTo = target
                }
                nodes.append(demand)
                // A demand drinks from the junction's outflow through a confluence below it.
                let tap = "tap\(i)"
                nodes.append(NodeDocument(name: tap, kind: .confluence))
                edges.removeAll { $0.from == name && $0.to == target }
                edges.append(EdgeDocument(from: name, to: tap))
                edges.append(EdgeDocument(from: tap, to: demand.name))
                edges.append(EdgeDocument(from: tap, to: target))
            }
        }
        nodes.append(sink)
        return BasinDocument(name: "random-\(seed)",
                             timestepper: TimestepperDocument(start: "2001-01-01", end: "2002-12-31", step: rng.next() % 2 == 0 ? "monthly" : "7"),
                             nodes: nodes, edges: edges)
    }
}
