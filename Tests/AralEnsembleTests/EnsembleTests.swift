import Foundation
import Testing
import AralModel
import AralSchema
import AralSolver
import AralClp
@testable import AralEnsemble

@Suite("Ensembles")
struct EnsembleTests {
    static let makeSolver: @Sendable () -> any LPSolver = { ClpSolver() }

    func run(_ plan: EnsemblePlan, store: String?, workers: Int = 2, shard: Shard? = nil, keep: Bool = false,
             stop: StopFlag = StopFlag(), progress: ((Int, Int) -> Void)? = nil) async throws -> (EnsembleOutcome, EnsembleStore) {
        let s = try EnsembleStore(path: store)
        let outcome = try await EnsembleEngine.run(plan, store: s, options: EnsembleOptions(workers: workers, shard: shard, keepTraces: keep),
                                                   makeSolver: Self.makeSolver, stop: stop, progress: progress)
        return (outcome, s)
    }

    @Test("a model's traces run as members and give Hashimoto statistics per demand and state")
    func runsMembers() async throws {
        let dir = try temporaryDirectory()
        let path = try SmallEnsembleModel.write(in: dir, traces: SmallEnsembleModel.traces(count: 6))
        let plan = try EnsemblePlan.load(modelPath: path)
        #expect(plan.grid.memberCount == 6)
        let (outcome, store) = try await run(plan, store: nil)
        #expect(outcome.info.status == "complete" && outcome.membersRun == 6)
        let summary = outcome.summary
        #expect(try store.members().count == 6)
        // Different traces give different members.
        let members = try store.members()
        #expect(members[0].metrics != members[1].metrics)
        // Each statistic is what its definition (Hashimoto et al. 1982; percentiles of type 7)
        // gives from the members' stored metrics, recomputed here without the summary's code.
        let layout = try store.layout()
        func metric(_ element: String, _ name: String) throws -> [Double] {
            let i = try #require(layout.entries.firstIndex { $0.element == element && $0.metric == name }, "\(element) \(name)")
            return members.map { $0.metrics.values[i] }
        }
        func statistic(_ element: String, _ name: String) throws -> Double {
            try #require(summary.value(element: element, statistic: name), "\(element) \(name)")
        }
        for element in ["up-fields", "dn-fields", "UP", "DN"] {
            let steps = try metric(element, "steps").reduce(0, +), failures = try metric(element, "failure_steps").reduce(0, +)
            #expect(steps == Double(6 * plan.models[0].network.steps.count), "\(element): every step of every member counted")
            #expect(try Self.same(statistic(element, "reliability_steps"), (steps > 0 ? 1 - failures / steps : 1)))
            let deficits = try metric(element, "deficit_mm3_per_year").sorted()
            #expect(try Self.same(statistic(element, "deficit_mm3_per_year_p95"), Self.type7(deficits, 0.95)))
            #expect(try Self.same(statistic(element, "deficit_mm3_per_year_p50"), Self.type7(deficits, 0.50)))
        }
        let vegetation = try metric("plant", "gwh_per_year_vegetation").sorted()
        #expect(vegetation.allSatisfy { $0 > 0 }, "the plant generates in every member")
        #expect(try Self.same(statistic("plant", "gwh_per_year_vegetation_p50"), Self.type7(vegetation, 0.50)))
        let reached = try metric("dam", "reached_dead_storage")
        #expect(reached.allSatisfy { $0 == 0 || $0 == 1 })
        #expect(try Self.same(statistic("dam", "probability_dead_storage"), reached.reduce(0, +) / 6))
        let inflow = try metric("sea", "inflow_km3_per_year").sorted()
        #expect(inflow.allSatisfy { $0 > 0 })
        #expect(try Self.same(statistic("sea", "inflow_km3_per_year_p50"), Self.type7(inflow, 0.50)))
    }

    /// Statistics recomputed here may differ from the summary's in the last bits (another order
    /// of the same arithmetic): compared to this relative tolerance.
    static let statisticTolerance = 1e-12
    static func same(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= statisticTolerance * max(1, abs(a), abs(b)) }

    /// Hyndman and Fan's type 7 (R's default): h = (n − 1)·p, linear between order statistics.
    static func type7(_ sorted: [Double], _ p: Double) -> Double {
        let h = Double(sorted.count - 1) * p
        let lo = Int(h), hi = min(lo + 1, sorted.count - 1)
        return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
    }

    @Test("identical members give identical results")
    func identicalMembers() async throws {
        let one = SmallEnsembleModel.traces(count: 1)
        let copies = TraceSet(sites: one.sites, start: one.start, months: one.months, count: 5,
                              values: Array((0..<5).map { _ in one.values }.joined()))
        let dir = try temporaryDirectory()
        let plan = try EnsemblePlan.load(modelPath: try SmallEnsembleModel.write(in: dir, traces: copies))
        let (_, store) = try await run(plan, store: nil, workers: 2)
        let members = try store.members()
        #expect(members.count == 5)
        for m in members.dropFirst() { #expect(m.metrics.values == members[0].metrics.values) }
    }

    @Test("shards merged equal one run, bit for bit")
    func shardsMerge() async throws {
        let dir = try temporaryDirectory()
        let plan = try EnsemblePlan.load(modelPath: try SmallEnsembleModel.write(in: dir, traces: SmallEnsembleModel.traces(count: 7)))
        let (single, _) = try await run(plan, store: dir.appendingPathComponent("single.sqlite").path, workers: 2)
        var shardPaths: [String] = []
        for i in 0..<3 {
            let p = dir.appendingPathComponent("shard\(i).sqlite").path
            _ = try await run(plan, store: p, workers: 1, shard: try Shard(index: i, count: 3))
            shardPaths.append(p)
        }
        let (info, merged) = try EnsembleStore.merge(shardPaths.reversed(), into: dir.appendingPathComponent("merged.sqlite").path)
        #expect(info.status == "complete")
        #expect(merged.rows.count == single.summary.rows.count)
        for (a, b) in zip(merged.rows, single.summary.rows) {
            #expect(a.element == b.element && a.statistic == b.statistic && a.group == b.group)
            #expect(a.value.bitPattern == b.value.bitPattern, "\(a.element) \(a.statistic): \(a.value) vs \(b.value)")
        }
        // The merged file's stored summary reads back identically too.
        let reread = try EnsembleStore(path: dir.appendingPathComponent("merged.sqlite").path).summary()
        for (a, b) in zip(reread.rows, single.summary.rows) { #expect(a.value.bitPattern == b.value.bitPattern) }
        // Overlapping shards are refused.
        #expect(throws: EnsembleError.self) {
            try EnsembleStore.merge([shardPaths[0], shardPaths[0]], into: dir.appendingPathComponent("bad.sqlite").path)
        }
    }

    @Test("shards cover every member exactly once")
    func shardRanges() throws {
        for total in [1, 7, 100, 1001] {
            for n in [1, 2, 3, 8] {
                var covered: [Int] = []
                for i in 0..<n { covered += Array(try Shard(index: i, count: n).members(of: total)) }
                #expect(covered == Array(0..<total))
            }
        }
        #expect(throws: EnsembleError.self) { try Shard(parsing: "3/3") }
        #expect(throws: EnsembleError.self) { try Shard(parsing: "two/3") }
    }

    @Test("stopping ends the workers and leaves a consistent store")
    func cancelling() async throws {
        let dir = try temporaryDirectory()
        let plan = try EnsemblePlan.load(modelPath: try SmallEnsembleModel.write(in: dir, traces: SmallEnsembleModel.traces(count: 40)))
        let stop = StopFlag()
        let path = dir.appendingPathComponent("cancelled.sqlite").path
        let workers = 2
        let (outcome, _) = try await run(plan, store: path, workers: workers, stop: stop, progress: { done, _ in
            if done >= 3 { stop.stop() }
        })
        #expect(outcome.info.status == "cancelled")
        // Stop is raised in the progress callback of the third finished member, before the
        // engine launches another (`EnsembleEngine.run` launches after reporting). Of the two
        // workers, only the one other member already in flight may still finish: 3 or 4 members.
        #expect((3...(3 + workers - 1)).contains(outcome.membersRun), "\(outcome.membersRun) members ran")
        let reopened = try EnsembleStore(path: path)
        #expect(try reopened.info().status == "cancelled")
        let members = try reopened.members()
        #expect(members.count == outcome.membersRun)
        let width = try reopened.layout().entries.count
        for m in members { #expect(m.metrics.values.count == width) }
        let summary = try reopened.summary()
        #expect(summary.rows.allSatisfy { $0.members == members.count })
        #expect(summary == EnsembleSummary(layout: try reopened.layout(), members: members))
    }

    @Test("--keep-traces stores every member's steps")
    func keepTraces() async throws {
        let dir = try temporaryDirectory()
        let plan = try EnsemblePlan.load(modelPath: try SmallEnsembleModel.write(in: dir, traces: SmallEnsembleModel.traces(count: 2)))
        let (_, store) = try await run(plan, store: nil, keep: true)
        #expect(try store.traceValueCount() > 2 * 36)
    }

    @Test("traces that do not cover the run, or match no inflow, are clear errors")
    func badTraces() throws {
        let dir = try temporaryDirectory()
        let short = SmallEnsembleModel.traces(count: 2, years: 1)
        let path = try SmallEnsembleModel.write(in: dir, traces: short, years: 3)
        #expect { try EnsemblePlan.load(modelPath: path) } throws: { e in "\(e)".contains("the traces cover") }
        let renamed = TraceSet(sites: ["x", "y", "z"], start: short.start, months: short.months, count: 2, values: short.values)
        let other = try SmallEnsembleModel.write(in: try temporaryDirectory(), traces: renamed, years: 1)
        #expect { try EnsemblePlan.load(modelPath: other) } throws: { e in "\(e)".contains("no inflow of the model matches") }
    }

    @Test("percentiles interpolate between order statistics")
    func percentiles() {
        let tolerance = 1e-12
        #expect(abs(EnsembleSummary.percentile([1, 2, 3, 4, 5], 50) - 3) < tolerance)
        #expect(abs(EnsembleSummary.percentile([1, 2, 3, 4], 50) - 2.5) < tolerance)
        #expect(abs(EnsembleSummary.percentile([0, 10], 5) - 0.5) < tolerance)
        #expect(EnsembleSummary.percentile([7], 95) == 7)
    }
}
