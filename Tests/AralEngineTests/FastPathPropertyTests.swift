import Foundation
import Testing
import PropertyBased
import AralModel
import AralEngine
import AralClp
import AralSchema

/// Issue 17 item 12: the basis-reuse fast path gives CLP's answer. Random basins built to
/// exercise it (reservoirs that fill and empty, degenerate steps, columns fixed at zero and
/// reopened, bounds in the thousands, more than 64 steps so the path's periodic refresh runs)
/// and every shipped model run with the fast path on and off; every flow and volume at every
/// step must agree.
@Suite("Fast path on equals fast path off")
struct FastPathPropertyTests {
    /// Largest difference allowed between the two runs, relative to max(1, |value|).
    static let agreement = 1e-9

    /// Runs `model` with the fast path on and off and records every value that differs.
    /// Returns how many solves the fast path answered.
    @discardableResult
    static func expectSameRuns(_ model: BasinModel, _ label: String) throws -> Int {
        let fastSolver = ClpSolver(usesFastPath: true)
        let fast = try BasinRun.run(model, solver: fastSolver)
        let plainSolver = ClpSolver(usesFastPath: false)
        let plain = try BasinRun.run(model, solver: plainSolver)
        #expect(plainSolver.fastSolveCount == 0, "\(label): the fast path ran although it was off")
        #expect(fast.series.count == plain.series.count, "\(label): different result series")
        for (a, b) in zip(fast.series, plain.series) {
            #expect(a.element == b.element && a.attribute == b.attribute)
            for (step, (x, y)) in zip(a.values, b.values).enumerated() where !(abs(x - y) <= agreement * max(1, abs(x), abs(y))) {
                Issue.record("\(label): \(a.element) \(a.attribute) at step \(step): fast path \(x), CLP \(y)")
                return fastSolver.fastSolveCount
            }
        }
        // The same shortfalls (step and storage) with the same volumes, to the same agreement as
        // every series above: the two paths round differently in the last digits.
        #expect(fast.physicalShortfalls.map { [$0.step, $0.storage] } == plain.physicalShortfalls.map { [$0.step, $0.storage] },
                "\(label): physical shortfalls at different steps or storages")
        for (a, b) in zip(fast.physicalShortfalls, plain.physicalShortfalls)
        where !(abs(a.volume - b.volume) <= agreement * max(1, abs(a.volume), abs(b.volume))) {
            Issue.record("\(label): physical shortfall of \(a.node) at step \(a.step): fast path \(a.volume), CLP \(b.volume)")
        }
        return fastSolver.fastSolveCount
    }

    @Test("Random basins: fast path on and off agree at every step")
    func randomBasins() async {
        let fastSolves = Counter()
        await propertyCheck(count: 40, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            let document = ExactnessBasin.document(seed: seed)
            let model: BasinModel
            do { model = try BasinCompiler().compile(document) } catch {
                Issue.record("seed \(seed): generated model does not compile: \(error)")
                return
            }
            do {
                fastSolves.add(try Self.expectSameRuns(model, "seed \(seed)"))
            } catch {
                Issue.record("seed \(seed): \(error)")
            }
        }
        // The path must actually be taken, or this test would prove nothing about it.
        #expect(fastSolves.value > 1000, "only \(fastSolves.value) fast solves")
    }

    /// The package root: three levels above this file (Tests/AralEngineTests/THIS).
    static let root: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    static let shippedModels = ["models/syr-darya.yaml", "models/amu-darya.yaml", "examples/basin.yaml", "examples/plan-exchange.yaml"]

    @Test("Every shipped model: fast path on and off agree at every step", arguments: shippedModels)
    func shippedModel(_ relative: String) throws {
        let path = Self.root.appendingPathComponent(relative).path
        let model = try ModelLoader.load(path: path)
        let fast = try Self.expectSameRuns(model, relative)
        #expect(fast > 0, "\(relative): the fast path was never taken")
    }

    @Test("The list of shipped models is complete")
    func shippedModelsListed() throws {
        var found: [String] = []
        for folder in ["models", "examples"] {
            let names = try FileManager.default.contentsOfDirectory(atPath: Self.root.appendingPathComponent(folder).path)
            found += names.filter { $0.hasSuffix(".yaml") }.map { "\(folder)/\($0)" }
        }
        #expect(found.sorted() == Self.shippedModels.sorted())
    }
}

/// Counts across the property check's calls.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var total = 0
    func add(_ n: Int) { lock.lock(); total += n; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return total }
}

/// Random basins for the fast-path comparison: a chain of reservoirs and junctions with
/// inflows and demands in the thousands, daily steps for 100–200 days.
enum ExactnessBasin {
    static func document(seed: UInt64) -> BasinDocument {
        var rng = SplitMix64(seed: seed)
        var nodes: [NodeDocument] = []
        var edges: [EdgeDocument] = []
        var downstream = "sea"
        let count = 2 + Int(rng.next() % 5)
        for i in 0..<count {
            let name = "n\(i)"
            var node: NodeDocument
            if rng.next() % 3 != 0 {
                // Reservoirs in the thousands that fill and empty: small against the inflows.
                node = NodeDocument(name: name, kind: .reservoir)
                let maxV = 1000 + (rng.unit() * 20000).rounded()
                node.maxVolume = maxV
                node.minVolume = (rng.unit() * 0.3 * maxV).rounded()
                node.initialVolume = rng.next() % 3 == 0 ? maxV : (node.minVolume ?? 0) + rng.unit() * (maxV - (node.minVolume ?? 0))
                if rng.next() % 2 == 0 { node.maxRelease = .constant((rng.unit() * 3000).rounded()) }
                if rng.next() % 2 == 0 {
                    node.table = VolumeTableDocument(volume: [0, maxV], area: [1, 10 + rng.unit() * 400], level: nil)
                    node.evaporationMmPerDay = .monthly((0..<12).map { _ in (rng.unit() * 8).rounded() })
                }
            } else {
                // No capacity: every inflow is fixed and must find a way to the sea.
                node = NodeDocument(name: name, kind: .link)
                if rng.next() % 2 == 0 { node.lossFraction = rng.unit() * 0.2 }
            }
            nodes.append(node)
            edges.append(EdgeDocument(from: name, to: downstream))
            // An inflow that is zero in some months (degenerate steps) and in the thousands in others.
            var inflow = NodeDocument(name: "in\(i)", kind: .inflow)
            inflow.flow = .monthly((0..<12).map { _ in rng.next() % 4 == 0 ? 0 : (rng.unit() * 5000).rounded() })
            nodes.append(inflow)
            edges.append(EdgeDocument(from: inflow.name, to: name))
            // A demand switched off in some months (its column fixed at zero, then reopened).
            if rng.next() % 3 != 0 {
                var demand = NodeDocument(name: "d\(i)", kind: .demand)
                demand.maxFlow = .monthly((0..<12).map { _ in rng.next() % 3 == 0 ? 0 : (rng.unit() * 4000).rounded() })
                demand.priority = 1 + Int(rng.next() % 3)
                nodes.append(demand)
                edges.append(EdgeDocument(from: name, to: demand.name))
            }
            downstream = name
        }
        nodes.append(NodeDocument(name: "sea", kind: .sink))
        let days = 100 + Int(rng.next() % 101)
        let end = CivilDate(year: 2001, month: 1, day: 1).adding(days: days - 1)
        return BasinDocument(name: "exactness-\(seed)",
                             timestepper: TimestepperDocument(start: "2001-01-01", end: "\(end)", step: "daily"),
                             nodes: nodes, edges: edges)
    }
}
