public import AralEngine
import AralModel
import AralSchema
import GRDB
import Foundation

/// What an ensemble results store says about itself.
public struct EnsembleInfo: Sendable, Equatable {
    public var model: String
    /// Identifies the model and grid; shards merge only when theirs are equal.
    public var fingerprint: String
    /// Members in the whole grid.
    public var memberCount: Int
    /// `all`, or `I/N` for a shard.
    public var shard: String
    /// `running`, `complete`, `cancelled` or `failed`.
    public var status: String

    public init(model: String, fingerprint: String, memberCount: Int, shard: String, status: String) {
        self.model = model
        self.fingerprint = fingerprint
        self.memberCount = memberCount
        self.shard = shard
        self.status = status
    }
}

/// A finished member on its way to the store.
public struct CompletedMember: Sendable {
    public var group: String
    public var label: String
    public var metrics: MemberMetrics
    public var worstMassBalanceResidual: Double
    /// The member's full per-step results, only with `--keep-traces`.
    public var results: BasinResults?
}

/// Ensemble results in SQLite: per-member metrics (the mergeable part), the summary computed
/// from them, and with `--keep-traces` every member's per-step values.
///
/// Consistency: every batch of members is written in one transaction, and the summary is
/// rewritten with the status in one transaction, so after Ctrl-C the file holds exactly the
/// members that finished and a summary of exactly those, marked `cancelled`.
public final class EnsembleStore {
    let queue: DatabaseQueue
    public let path: String

    /// Opens (or creates) the store; nil keeps it in memory.
    public init(path: String?) throws(EnsembleError) {
        self.path = path ?? ":memory:"
        do {
            var config = Configuration()
            config.busyMode = .timeout(10)
            if let path {
                queue = try DatabaseQueue(path: path, configuration: config)
                try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = WAL") }
            } else {
                queue = try DatabaseQueue(configuration: config)
            }
            try queue.write { db in
                try db.execute(sql: """
                    CREATE TABLE IF NOT EXISTS ensemble_info (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                    CREATE TABLE IF NOT EXISTS metric_layout (position INTEGER PRIMARY KEY, element TEXT NOT NULL, kind TEXT NOT NULL, metric TEXT NOT NULL);
                    CREATE TABLE IF NOT EXISTS members (member INTEGER PRIMARY KEY, grp TEXT NOT NULL, label TEXT NOT NULL, worst_mass_balance_residual REAL NOT NULL);
                    CREATE TABLE IF NOT EXISTS member_metrics (member INTEGER NOT NULL, position INTEGER NOT NULL, value REAL NOT NULL, PRIMARY KEY (member, position)) WITHOUT ROWID;
                    CREATE TABLE IF NOT EXISTS summary (grp TEXT NOT NULL, element TEXT NOT NULL, kind TEXT NOT NULL, statistic TEXT NOT NULL, value REAL, members INTEGER NOT NULL);
                    CREATE TABLE IF NOT EXISTS trace_values (member INTEGER NOT NULL, step INTEGER NOT NULL, date TEXT NOT NULL, element TEXT NOT NULL, attribute TEXT NOT NULL, value REAL NOT NULL);
                    CREATE VIEW IF NOT EXISTS member_metrics_named AS
                        SELECT m.member, l.element, l.kind, l.metric, m.value FROM member_metrics m JOIN metric_layout l USING (position);
                    """)
            }
        } catch {
            throw EnsembleError(file: path, "cannot open the results store: \(error)")
        }
    }

    /// Closes the file (SQLite folds its journal back in), before it is renamed into place.
    public func close() throws(EnsembleError) {
        try wrap("close the results store") { try queue.close() }
    }

    /// Whether `path` can be taken as a results store: absent, empty, or an SQLite file. A CSV
    /// given to `--sqlite` by mistake was replaced without a word.
    public static func checkReplaceable(_ path: String) throws(EnsembleError) {
        guard let handle = FileHandle(forReadingAtPath: path) else { return }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 16)) ?? Data()
        guard head.isEmpty || head == Data("SQLite format 3\u{0}".utf8) else {
            throw EnsembleError(file: path, "is not an SQLite file (a results store); give a new file name, or the store of an earlier ensemble to replace it")
        }
    }

    private func wrap<T>(_ what: String, _ body: () throws -> T) throws(EnsembleError) -> T {
        do { return try body() } catch let error as EnsembleError { throw error } catch {
            throw EnsembleError(file: path, "cannot \(what): \(error)")
        }
    }

    /// Empties the store and records what is about to run.
    public func begin(info: EnsembleInfo, layout: MetricLayout) throws(EnsembleError) {
        try wrap("start the results") {
            try queue.write { db in
                for table in ["ensemble_info", "metric_layout", "members", "member_metrics", "summary", "trace_values"] {
                    try db.execute(sql: "DELETE FROM \(table)")
                }
                try Self.writeInfo(info, db)
                for (i, e) in layout.entries.enumerated() {
                    try db.execute(sql: "INSERT INTO metric_layout (position, element, kind, metric) VALUES (?, ?, ?, ?)",
                                   arguments: [i, e.element, e.kind.rawValue, e.metric])
                }
            }
        }
    }

    static func writeInfo(_ info: EnsembleInfo, _ db: Database) throws {
        let pairs: [(String, String)] = [("model", info.model), ("fingerprint", info.fingerprint), ("member_count", String(info.memberCount)),
                                         ("shard", info.shard), ("status", info.status), ("format", "aral-ensemble-1")]
        for (k, v) in pairs {
            try db.execute(sql: "INSERT OR REPLACE INTO ensemble_info (key, value) VALUES (?, ?)", arguments: [k, v])
        }
    }

    /// Writes finished members in one transaction.
    public func append(_ batch: [CompletedMember]) throws(EnsembleError) {
        guard !batch.isEmpty else { return }
        try wrap("write members") {
            try queue.write { db in
                let member = try db.makeStatement(sql: "INSERT INTO members (member, grp, label, worst_mass_balance_residual) VALUES (?, ?, ?, ?)")
                let metric = try db.makeStatement(sql: "INSERT INTO member_metrics (member, position, value) VALUES (?, ?, ?)")
                let trace = try db.makeStatement(sql: "INSERT INTO trace_values (member, step, date, element, attribute, value) VALUES (?, ?, ?, ?, ?, ?)")
                for m in batch {
                    try member.execute(arguments: [m.metrics.member, m.group, m.label, m.worstMassBalanceResidual])
                    for (i, v) in m.metrics.values.enumerated() {
                        try metric.execute(arguments: [m.metrics.member, i, v])
                    }
                    if let results = m.results {
                        let dates = results.steps.map { $0.date.description }
                        for s in results.series {
                            for (i, v) in s.values.enumerated() {
                                try trace.execute(arguments: [m.metrics.member, i, dates[i], s.element, s.attribute, v])
                            }
                        }
                    }
                }
            }
        }
    }

    /// Computes the summary from every stored member and writes it with `status`, in one transaction.
    @discardableResult
    public func finish(status: String) throws(EnsembleError) -> EnsembleSummary {
        let layout = try self.layout()
        let members = try self.members()
        let summary = EnsembleSummary(layout: layout, members: members)
        try wrap("write the summary") {
            try queue.write { db in
                try db.execute(sql: "DELETE FROM summary")
                let insert = try db.makeStatement(sql: "INSERT INTO summary (grp, element, kind, statistic, value, members) VALUES (?, ?, ?, ?, ?, ?)")
                for r in summary.rows {
                    try insert.execute(arguments: [r.group, r.element, r.kind.rawValue, r.statistic, r.value.isNaN ? nil : r.value, r.members])
                }
                try db.execute(sql: "INSERT OR REPLACE INTO ensemble_info (key, value) VALUES ('status', ?)", arguments: [status])
            }
        }
        return summary
    }

    // MARK: - Reading

    public func info() throws(EnsembleError) -> EnsembleInfo {
        let pairs: [String: String] = try wrap("read the store's description") {
            try queue.read { db in
                var d: [String: String] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT key, value FROM ensemble_info") { d[row["key"]] = row["value"] }
                return d
            }
        }
        guard let model = pairs["model"], let fingerprint = pairs["fingerprint"], let count = pairs["member_count"].flatMap(Int.init) else {
            throw EnsembleError(file: path, "not an ensemble results store (no ensemble_info); write one with aral run MODEL --ensemble --sqlite FILE")
        }
        return EnsembleInfo(model: model, fingerprint: fingerprint, memberCount: count, shard: pairs["shard"] ?? "all", status: pairs["status"] ?? "unknown")
    }

    public func layout() throws(EnsembleError) -> MetricLayout {
        let entries: [MetricLayout.Entry] = try wrap("read the metric layout") {
            try queue.read { db in
                try Row.fetchAll(db, sql: "SELECT element, kind, metric FROM metric_layout ORDER BY position").map { row in
                    let kindText: String = row["kind"]
                    guard let kind = MetricElementKind(rawValue: kindText) else {
                        throw EnsembleError(file: path, path: "metric_layout", "unknown element kind '\(kindText)'")
                    }
                    return MetricLayout.Entry(element: row["element"], kind: kind, metric: row["metric"])
                }
            }
        }
        return MetricLayout(entries: entries)
    }

    /// Every stored member's group and metrics, in member order.
    public func members() throws(EnsembleError) -> [(group: String, metrics: MemberMetrics)] {
        try wrap("read members") {
            try queue.read { db in
                var groups: [(Int, String)] = []
                for row in try Row.fetchAll(db, sql: "SELECT member, grp FROM members ORDER BY member") { groups.append((row["member"], row["grp"])) }
                var values: [Int: [Double]] = [:]
                let cursor = try Row.fetchCursor(db, sql: "SELECT member, value FROM member_metrics ORDER BY member, position")
                while let row = try cursor.next() {
                    let m: Int = row["member"]
                    values[m, default: []].append(row["value"])
                }
                return groups.map { ($0.1, MemberMetrics(member: $0.0, values: values[$0.0] ?? [])) }
            }
        }
    }

    /// Labels and mass-balance residuals of stored members, in member order.
    public func memberRows() throws(EnsembleError) -> [(member: Int, group: String, label: String, residual: Double)] {
        try wrap("read members") {
            try queue.read { db in
                try Row.fetchAll(db, sql: "SELECT member, grp, label, worst_mass_balance_residual FROM members ORDER BY member").map {
                    ($0["member"], $0["grp"], $0["label"], $0["worst_mass_balance_residual"])
                }
            }
        }
    }

    public func summary() throws(EnsembleError) -> EnsembleSummary {
        try wrap("read the summary") {
            try queue.read { db in
                EnsembleSummary(rows: try Row.fetchAll(db, sql: "SELECT grp, element, kind, statistic, value, members FROM summary ORDER BY rowid").map { row in
                    let value: Double? = row["value"]
                    return EnsembleSummary.Row(group: row["grp"], element: row["element"], kind: MetricElementKind(rawValue: row["kind"]) ?? .demand,
                                               statistic: row["statistic"], value: value ?? .nan, members: row["members"])
                })
            }
        }
    }

    public func traceValueCount() throws(EnsembleError) -> Int {
        try wrap("count trace values") { try queue.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM trace_values") ?? 0 } }
    }

    // MARK: - Merging shards

    /// Combines shard stores into `output`: the members of all shards (each exactly once) and
    /// the summary computed from them — the same numbers as one run of the whole ensemble.
    /// The result is `complete` when every member of the grid is present and every shard completed.
    @discardableResult
    public static func merge(_ shards: [String], into output: String) throws(EnsembleError) -> (EnsembleInfo, EnsembleSummary) {
        guard !shards.isEmpty else { throw EnsembleError("give at least one shard store to merge") }
        var first: (EnsembleInfo, MetricLayout)?
        var seen: [Int: String] = [:]
        var allComplete = true
        let out = try EnsembleStore(path: output)
        defer { try? out.close() }
        for path in shards {
            let shard = try EnsembleStore(path: path)
            let info = try shard.info()
            let layout = try shard.layout()
            if let (i0, l0) = first {
                guard info.fingerprint == i0.fingerprint, info.memberCount == i0.memberCount, layout == l0 else {
                    throw EnsembleError(file: path, "belongs to another ensemble (the model, its scenarios, overlays or traces differ from \(shards[0]))")
                }
            } else {
                first = (info, layout)
                try out.begin(info: EnsembleInfo(model: info.model, fingerprint: info.fingerprint, memberCount: info.memberCount,
                                                 shard: "merged", status: "running"), layout: layout)
            }
            if info.status != "complete" { allComplete = false }
            let rows = try shard.memberRows()
            let metrics = try shard.members()
            var batch: [CompletedMember] = []
            guard rows.count == metrics.count else {
                throw EnsembleError(file: path, "holds \(rows.count) members but metrics of \(metrics.count); the store is damaged")
            }
            for (row, m) in zip(rows, metrics) {
                // What a run writes, checked before it is summarised: a member outside the grid
                // or with metrics missing made the merge trap or say `complete` (found from outside).
                guard row.member >= 0, row.member < info.memberCount else {
                    throw EnsembleError(file: path, "member \(row.member) is outside the grid of \(info.memberCount) members (0 to \(info.memberCount - 1)); the store is damaged or edited")
                }
                guard m.metrics.values.count == layout.entries.count else {
                    throw EnsembleError(file: path, "member \(row.member) has \(m.metrics.values.count) of its \(layout.entries.count) metrics; the store is damaged or edited")
                }
                guard row.residual.isFinite, row.residual <= Simulation.massBalanceTolerance else {
                    throw EnsembleError(file: path, "member \(row.member)'s mass balance residual is \(row.residual), above the tolerance \(Simulation.massBalanceTolerance) every run keeps; the store is damaged or edited")
                }
                if let other = seen[row.member] {
                    throw EnsembleError(file: path, "member \(row.member) is also in \(other); shards must not overlap")
                }
                seen[row.member] = path
                batch.append(CompletedMember(group: row.group, label: row.label, metrics: m.metrics, worstMassBalanceResidual: row.residual))
            }
            try out.append(batch)
            if try shard.traceValueCount() > 0 {
                try out.wrap("copy trace values") {
                    // ATTACH cannot run inside a transaction; the INSERT is atomic on its own.
                    try out.queue.writeWithoutTransaction { db in
                        try db.execute(sql: "ATTACH DATABASE ? AS shard", arguments: [path])
                        defer { try? db.execute(sql: "DETACH DATABASE shard") }
                        try db.execute(sql: "INSERT INTO trace_values SELECT * FROM shard.trace_values")
                    }
                }
            }
        }
        guard let (info, _) = first else { throw EnsembleError("no shards") }
        let complete = allComplete && seen.count == info.memberCount
        let summary = try out.finish(status: complete ? "complete" : "partial")
        var merged = try out.info()
        merged.status = complete ? "complete" : "partial"
        return (merged, summary)
    }
}
