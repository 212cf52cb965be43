public import Foundation
import AralModel
import AralSchema
public import AralEngine
import GRDB

/// Writes a run's results to a SQLite file: a `runs` table describing each run and one
/// `step_values` table of per-step values per node and attribute (the long format).
/// Each run is written in one transaction, so a reader never sees half a run.
public final class SQLiteResultsStore {
    let queue: DatabaseQueue

    public init(path: String) throws {
        var config = Configuration()
        config.busyMode = .timeout(10)
        queue = try DatabaseQueue(path: path, configuration: config)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
        }
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-results") { db in
            try db.create(table: "runs") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("model", .text).notNull()
                t.column("created_at", .text).notNull()
                t.column("steps", .integer).notNull()
                t.column("worst_mass_balance_residual", .double).notNull()
            }
            try db.create(table: "step_values") { t in
                t.column("run_id", .integer).notNull().references("runs", onDelete: .cascade)
                t.column("step", .integer).notNull()
                t.column("date", .text).notNull()
                t.column("node", .text).notNull()
                t.column("attribute", .text).notNull()
                t.column("value", .double).notNull()
            }
            try db.create(index: "step_values_by_node", on: "step_values", columns: ["run_id", "node", "attribute", "step"])
        }
        try migrator.migrate(queue)
    }

    /// Stores `results` as a new run and returns its id.
    @discardableResult
    public func save(_ results: BasinResults, createdAt: Date = Date()) throws -> Int64 {
        try queue.write { db in
            try db.execute(sql: "INSERT INTO runs (model, created_at, steps, worst_mass_balance_residual) VALUES (?, ?, ?, ?)",
                           arguments: [results.model.network.name, ISO8601DateFormatter().string(from: createdAt),
                                       results.steps.count, results.worstMassBalanceResidual])
            let runID = db.lastInsertedRowID
            let statement = try db.makeStatement(sql: "INSERT INTO step_values (run_id, step, date, node, attribute, value) VALUES (?, ?, ?, ?, ?, ?)")
            let dates = results.steps.map { $0.date.description }
            for s in results.series {
                for (i, v) in s.values.enumerated() {
                    try statement.execute(arguments: [runID, i, dates[i], s.element, s.attribute, v])
                }
            }
            return runID
        }
    }

    /// Values of one node and attribute in a run, in step order.
    public func values(run: Int64, node: String, attribute: String) throws -> [Double] {
        try queue.read { db in
            try Double.fetchAll(db, sql: "SELECT value FROM step_values WHERE run_id = ? AND node = ? AND attribute = ? ORDER BY step",
                                arguments: [run, node, attribute])
        }
    }
}
