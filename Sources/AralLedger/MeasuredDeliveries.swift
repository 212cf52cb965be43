import Foundation
public import AralModel
public import AralSchema

/// What was measured, turned into the delivery entries a deliverer proposes: water from the
/// observed flows at the gauges its obligations name, energy from the dispatcher's report.
///
/// The ledger records what the parties sign, so this only proposes: each delivery names the
/// obligation it answers, carries the measured amount (never the planned one) and is dated at
/// the end of the obligation's period, which is when the measurement closes; the deliverer signs
/// it, and it counts once the receiver acknowledges it.
public enum MeasuredDeliveries {
    /// Observed flows: a dated CSV (first column `YYYY-MM-DD` or `YYYY-MM`, one row per day or
    /// per month, as model series are written), one column per gauge, mean flow in m³/s.
    public struct Flows: Sendable {
        public var series: [String: TimeSeries]
        public var file: String

        public static func read(path: String) throws(ModelFileError) -> Flows {
            try flows(try CSVTable.read(path: path), file: path)
        }

        /// The same file's text (an upload); `file` names it in errors.
        public static func parse(_ text: String, file: String) throws(ModelFileError) -> Flows {
            try flows(try CSVTable.parse(text, file: file), file: file)
        }

        static func flows(_ table: CSVTable, file path: String) throws(ModelFileError) -> Flows {
            var series: [String: TimeSeries] = [:]
            for (c, gauge) in table.header.enumerated() where c > 0 {
                series[gauge] = try CSVSeriesSource.series(from: table, column: c)
            }
            return Flows(series: series, file: path)
        }

        /// Million m³ through `gauge` over `period` (days inclusive), or nil when the record does
        /// not cover the whole period: a delivery is proposed once it is measured in full.
        func volumeMm3(gauge: String, period: Period) -> Double? {
            guard let s = series[gauge], let start = CivilDate(parsing: period.start), let end = CivilDate(parsing: period.end) else { return nil }
            var covered = 0, volume = 0.0
            for (i, rowStart) in s.dates.enumerated() {
                let rowEnd = s.resolution == .daily ? rowStart : rowStart.startOfNextMonth.adding(days: -1)
                let from = max(rowStart.dayNumber, start.dayNumber), to = min(rowEnd.dayNumber, end.dayNumber)
                guard from <= to else { continue }
                covered += to - from + 1
                volume += s.values[i] * Double(to - from + 1) * 86_400 / 1e6
            }
            return covered == end.dayNumber - start.dayNumber + 1 ? volume : nil
        }
    }

    /// The dispatcher's report: one row per delivery of energy, `date,from,to,mwh[,form]`
    /// (`form` electricity when absent, else one of the ledger's energy forms).
    public struct EnergyReport: Sendable {
        public struct Row: Sendable {
            public var date: String
            public var from: String
            public var to: String
            public var mwh: Double
            public var form: String
        }
        public var rows: [Row]

        public static func read(path: String) throws(ModelFileError) -> EnergyReport {
            try report(try CSVTable.read(path: path), file: path)
        }

        /// The same report's text (an upload); `file` names it in errors.
        public static func parse(_ text: String, file: String) throws(ModelFileError) -> EnergyReport {
            try report(try CSVTable.parse(text, file: file), file: file)
        }

        static func report(_ table: CSVTable, file path: String) throws(ModelFileError) -> EnergyReport {
            var columns: [String: Int] = [:]
            for name in ["date", "from", "to", "mwh"] {
                guard let c = table.columnIndex(name) else {
                    throw ModelFileError(FileIssue(file: path, line: table.headerLine, path: name,
                        message: "missing column '\(name)'; the report's columns are date,from,to,mwh[,form]"))
                }
                columns[name] = c
            }
            let form = table.columnIndex("form")
            var rows: [Row] = []
            for r in 0..<table.rowCount {
                let date = table.text(row: r, column: columns["date"] ?? 0).trimmingCharacters(in: .whitespaces)
                guard CivilDate(parsing: date) != nil else {
                    throw ModelFileError(FileIssue(file: path, line: table.line(of: r), path: "date", message: "'\(date)' is not a date (YYYY-MM-DD)"))
                }
                let text = form.map { table.text(row: r, column: $0).trimmingCharacters(in: .whitespaces) } ?? ""
                let kind = text.isEmpty ? "electricity" : text
                guard Commodity.energyForms.contains(kind) else {
                    throw ModelFileError(FileIssue(file: path, line: table.line(of: r), path: "form",
                        message: "unknown form '\(kind)' (expected one of \(Commodity.energyForms.sorted().joined(separator: ", ")))"))
                }
                let mwh = try table.number(row: r, column: columns["mwh"] ?? 0)
                guard mwh >= 0 else {
                    throw ModelFileError(FileIssue(file: path, line: table.line(of: r), path: "mwh", message: "a delivery cannot be negative (\(mwh))"))
                }
                rows.append(Row(date: date, from: table.text(row: r, column: columns["from"] ?? 0).trimmingCharacters(in: .whitespaces),
                                to: table.text(row: r, column: columns["to"] ?? 0).trimmingCharacters(in: .whitespaces), mwh: mwh, form: kind))
            }
            return EnergyReport(rows: rows)
        }

        func mwh(from: String, to: String, form: String, period: Period) -> Double {
            rows.filter { $0.from == from && $0.to == to && $0.form == form && period.start <= $0.date && $0.date <= period.end }
                .reduce(0) { $0 + $1.mwh }
        }
    }

    /// What the deliverer would have released through each gauge on its own, from the plan
    /// that made the obligations (`aral plan --exchange --json`). A water obligation is the
    /// *extra* release the consortium asks for, so what it delivers is the measured volume
    /// through the gauge above that reference, never the whole flow of the river.
    public struct PlanReference: Sendable {
        struct Upstream: Sendable {
            var gauge: String
            var reservoirs: [String]
            var extraMm3: Double
        }
        var upstream: [Upstream]
        /// Per reservoir: release + spill per step, m³/s.
        var outflow: [String: [Double]]
        var stepStarts: [CivilDate]
        var lastDay: CivilDate

        /// Reads the report with the general JSON reader: a plan's figures carry full double
        /// precision, which the ledger's canonical numbers (12 decimals) do not take.
        public static func read(path: String) throws(ModelFileError) -> PlanReference {
            let text = try TextFile.read(path) { ModelFileError(FileIssue(file: path, message: "cannot read the plan report: \($0)")) }
            return try parse(text, file: path)
        }

        /// The same report's text (the server keeps each plan's report); `file` names it in errors.
        public static func parse(_ text: String, file path: String) throws(ModelFileError) -> PlanReference {
            let value = try JSONReader.parse(text, file: path)
            func fail(_ node: JSONNode?, _ field: String, _ reason: String) -> ModelFileError {
                ModelFileError(FileIssue(file: path, line: node?.line, path: field, message: reason))
            }
            let dates = (value["dates"]?.elements ?? []).compactMap { $0.string.flatMap(CivilDate.init(parsing:)) }
            guard !dates.isEmpty else { throw fail(value, "dates", "not a plan report (aral plan --exchange --json): no step dates") }
            guard let to = value["to"]?.string.flatMap(CivilDate.init(parsing:)) else { throw fail(value, "to", "missing the plan's last day") }
            var outflow: [String: [Double]] = [:]
            for r in value["reservoirs"]?.elements ?? [] {
                guard let name = r["name"]?.string else { continue }
                let release = (r["releaseM3s"]?.elements ?? []).compactMap(\.number)
                let spill = (r["spillM3s"]?.elements ?? []).compactMap(\.number)
                guard release.count == dates.count else { throw fail(r, r.path, "'\(name)' has \(release.count) releases for \(dates.count) steps") }
                outflow[name] = release.indices.map { release[$0] + ($0 < spill.count ? spill[$0] : 0) }
            }
            guard let ups = value["exchange"]?["upstream"]?.elements else { throw fail(value, "exchange", "the plan has no exchange (run aral plan with --exchange)") }
            let upstream: [Upstream] = ups.compactMap { u in
                guard let reservoirs = u["reservoirs"]?.elements?.compactMap(\.string), let extra = u["extraVegetationReleaseMm3"]?.number else { return nil }
                return Upstream(gauge: reservoirs.joined(separator: " + ") + " outflow", reservoirs: reservoirs, extraMm3: extra)
            }
            return PlanReference(upstream: upstream, outflow: outflow, stepStarts: dates, lastDay: to)
        }

        /// The planned release through `gauge` over `period` less the extra the consortium asked
        /// for: what the deliverer would have released alone. Nil for a gauge the plan does not name.
        func aloneMm3(gauge: String, period: Period) -> Double? {
            guard let u = upstream.first(where: { $0.gauge == gauge }),
                  let start = CivilDate(parsing: period.start), let end = CivilDate(parsing: period.end) else { return nil }
            var planned = 0.0
            for (i, stepStart) in stepStarts.enumerated() {
                let stepEnd = i + 1 < stepStarts.count ? stepStarts[i + 1].adding(days: -1) : lastDay
                let from = max(stepStart.dayNumber, start.dayNumber), to = min(stepEnd.dayNumber, end.dayNumber)
                guard from <= to else { continue }
                let flow = u.reservoirs.reduce(0.0) { $0 + (outflow[$1]?[i] ?? 0) }
                planned += flow * Double(to - from + 1) * 86_400 / 1e6
            }
            return planned - u.extraMm3
        }
    }

    /// An obligation the deliverer could not answer yet, and why.
    public struct Skipped: Sendable {
        public var obligation: String
        public var reason: String
    }

    /// The deliveries `deliverer` proposes against its obligations (`(id, obligation)` in log
    /// order) that no delivery in the ledger answers yet (`answered`).
    public static func propose(deliverer: String, obligations: [(id: String, obligation: Obligation)], answered: Set<String>,
                               flows: Flows?, plan: PlanReference?, energy: EnergyReport?) -> (entries: [LedgerEntry], skipped: [Skipped]) {
        var entries: [LedgerEntry] = []
        var skipped: [Skipped] = []
        for (id, o) in obligations where o.transfer.from == deliverer {
            guard !answered.contains(id) else { continue }
            let commodity: JSONValue
            switch o.transfer.commodity {
            case let .water(owed, gauge):
                guard let flows else { skipped.append(Skipped(obligation: id, reason: "water at '\(gauge)': no flows file given")); continue }
                guard let plan else { skipped.append(Skipped(obligation: id, reason: "water at '\(gauge)': give the plan report (--plan) for the release the deliverer would have made alone")); continue }
                guard flows.series[gauge] != nil else {
                    skipped.append(Skipped(obligation: id, reason: "water at '\(gauge)': \(flows.file) has no column '\(gauge)'")); continue
                }
                guard let volume = flows.volumeMm3(gauge: gauge, period: o.period) else {
                    skipped.append(Skipped(obligation: id, reason: "water at '\(gauge)': \(flows.file) does not cover \(o.period.key) yet")); continue
                }
                guard let alone = plan.aloneMm3(gauge: gauge, period: o.period) else {
                    skipped.append(Skipped(obligation: id, reason: "water at '\(gauge)': the plan report names no upstream release there")); continue
                }
                // The extra measured above the reference, shared among the deliverer's
                // obligations at this gauge and period in proportion to what each is owed.
                let siblings = obligations.filter {
                    guard $0.obligation.transfer.from == deliverer, $0.obligation.period == o.period,
                          case let .water(_, g) = $0.obligation.transfer.commodity else { return false }
                    return g == gauge
                }
                let owedTotal = siblings.reduce(Decimal(0)) { $0 + $1.obligation.transfer.commodity.amount }
                let share = owedTotal > 0 ? NSDecimalNumber(decimal: owed / owedTotal).doubleValue : 0
                let extra = max(0, volume - alone) * share
                guard extra > 0 else {
                    skipped.append(Skipped(obligation: id, reason: "water at '\(gauge)': measured \(String(format: "%.1f", volume)) Mm³, not above the \(String(format: "%.1f", alone)) Mm³ released alone")); continue
                }
                commodity = .object(["water": .object(["volume_mm3": number(extra), "gauge": .string(gauge)])])
            case let .energy(_, form):
                guard let energy else { skipped.append(Skipped(obligation: id, reason: "\(form): no energy report given")); continue }
                let mwh = energy.mwh(from: deliverer, to: o.transfer.to, form: form, period: o.period)
                guard mwh > 0 else {
                    skipped.append(Skipped(obligation: id, reason: "\(form): the report has nothing from \(deliverer) to \(o.transfer.to) in \(o.period.key)")); continue
                }
                commodity = .object(["energy": .object(["mwh": number(mwh), "form": .string(form)])])
            }
            guard case .object(let amount) = commodity else { continue }
            var body: [String: JSONValue] = [
                "from": .string(deliverer), "to": .string(o.transfer.to),
                "period": .object(["start": .string(o.period.start), "end": .string(o.period.end)]),
                "date": .string(o.period.end), "obligation": .string(id), "note": .string("measured"),
            ]
            body.merge(amount) { a, _ in a }
            entries.append(LedgerEntry(id: deliveryID(for: id), kind: .delivery, body: .object(body)))
        }
        return (entries, skipped)
    }

    /// One delivery per obligation: proposing twice gives the same id, which the ledger refuses.
    /// (Obligation ids leave room for the suffix: `PlanImport` keeps plan ids 8 characters short.)
    public static func deliveryID(for obligation: String) -> String { obligation + "/d" }

    /// Three decimals, as the ledger's canonical numbers keep them.
    static func number(_ value: Double) -> JSONValue {
        let text = String(format: "%.3f", value)
        return .number(CanonicalNumber.canonicalize(text) ?? text)
    }
}
