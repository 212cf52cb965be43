import Foundation
import Testing
import GRDB
import AralModel
import AralSchema
import AralSolver
import AralClp
@testable import AralEnsemble

/// `EnsembleStore.merge` takes only shards of one ensemble, run on the same inputs, and only
/// what a run writes (each case found from outside: they merged as `complete`, or trapped).
@Suite("Ensemble merge: what it refuses")
struct EnsembleMergeChecksTests {
    static func shard(_ plan: EnsemblePlan, _ index: Int, of count: Int, at path: String) async throws {
        let store = try EnsembleStore(path: path)
        _ = try await EnsembleEngine.run(plan, store: store, options: EnsembleOptions(workers: 1, shard: try Shard(index: index, count: count)),
                                         makeSolver: { ClpSolver() })
        try store.close()
    }

    static func message(_ body: () throws -> Void) -> String {
        do { try body(); return "" } catch { return "\(error)" }
    }

    @Test("shards run on another model text, another overlay or other traces belong to another ensemble")
    func otherInputs() async throws {
        let dir = try temporaryDirectory()
        let traces = SmallEnsembleModel.traces(count: 4)
        let path = try SmallEnsembleModel.write(in: dir, traces: traces)
        let plan = try EnsemblePlan.load(modelPath: path)
        #expect(plan.inputDigest.count == 16)
        let first = dir.appendingPathComponent("s0.sqlite").path
        try await Self.shard(plan, 0, of: 2, at: first)
        let same = dir.appendingPathComponent("s1.sqlite").path
        try await Self.shard(plan, 1, of: 2, at: same)
        let (info, _) = try EnsembleStore.merge([first, same], into: dir.appendingPathComponent("ok.sqlite").path)
        #expect(info.status == "complete")

        // The same model name and grid, but the file edited (a demand's flow).
        let editedDir = try temporaryDirectory()
        let editedPath = try SmallEnsembleModel.write(in: editedDir, traces: traces)
        let text = try String(contentsOfFile: editedPath, encoding: .utf8).replacingOccurrences(of: "maxFlow: {monthly: [5, 5, 10", with: "maxFlow: {monthly: [6, 5, 10")
        try text.write(toFile: editedPath, atomically: true, encoding: .utf8)
        let edited = try EnsemblePlan.load(modelPath: editedPath)
        #expect(edited.inputDigest != plan.inputDigest)
        let editedShard = dir.appendingPathComponent("s1-edited.sqlite").path
        try await Self.shard(edited, 1, of: 2, at: editedShard)

        // The same model, traces of another seed.
        let otherDir = try temporaryDirectory()
        let other = try EnsemblePlan.load(modelPath: try SmallEnsembleModel.write(in: otherDir, traces: SmallEnsembleModel.traces(count: 4, seed: 99)))
        #expect(other.inputDigest != plan.inputDigest)
        let otherShard = dir.appendingPathComponent("s1-other.sqlite").path
        try await Self.shard(other, 1, of: 2, at: otherShard)

        for wrong in [editedShard, otherShard] {
            let message = Self.message { _ = try EnsembleStore.merge([first, wrong], into: dir.appendingPathComponent("bad.sqlite").path) }
            #expect(message.contains("belongs to another ensemble"), "\(message)")
        }
        // The same inputs read again give the same digest: shards of one ensemble still merge.
        #expect(try EnsemblePlan.load(modelPath: path).inputDigest == plan.inputDigest)
    }

    @Test("a member outside the grid, with metrics missing, or whose water did not balance is refused, not merged or trapped on")
    func damagedShards() async throws {
        let dir = try temporaryDirectory()
        let plan = try EnsemblePlan.load(modelPath: try SmallEnsembleModel.write(in: dir, traces: SmallEnsembleModel.traces(count: 4)))
        let whole = dir.appendingPathComponent("whole.sqlite").path
        try await Self.shard(plan, 0, of: 1, at: whole)
        let edits = [
            ("UPDATE members SET member = 999 WHERE member = 2; UPDATE member_metrics SET member = 999 WHERE member = 2", "member 999 is outside the grid of 4 members"),
            ("DELETE FROM member_metrics WHERE member = 1 AND position < 3", "member 1 has"),
            ("UPDATE members SET worst_mass_balance_residual = 1e6 WHERE member = 3", "member 3's mass balance residual is 1000000.0"),
        ]
        for (i, (sql, expected)) in edits.enumerated() {
            let copy = dir.appendingPathComponent("damaged\(i).sqlite").path
            try FileManager.default.copyItem(atPath: whole, toPath: copy)
            let queue = try DatabaseQueue(path: copy)
            try await queue.write { db in try db.execute(sql: sql) }
            try queue.close()
            let message = Self.message { _ = try EnsembleStore.merge([copy], into: dir.appendingPathComponent("out\(i).sqlite").path) }
            #expect(message.contains(expected), "\(sql): \(message)")
        }
    }
}
