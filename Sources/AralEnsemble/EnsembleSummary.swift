/// Ensemble statistics per group (infrastructure variant), element and statistic, computed
/// from all members' metrics in member order — so the same members give the same numbers,
/// bit for bit, however they were run (one process, shards, any number of workers).
///
/// Per demand and state: `reliability_steps` (share of steps without deficit),
/// `reliability_years` (share of years without a deficit step), `resilience` (share of
/// failing steps followed by a satisfactory one; 1 when nothing fails), `vulnerability_mm3`
/// (mean deficit volume of a failure event), and the yearly deficit's mean and percentiles.
/// Per plant: yearly energy percentiles by season. Per reservoir: the probability (share of
/// members) of falling to dead storage. Per sink: yearly inflow percentiles.
public struct EnsembleSummary: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        public var group: String
        public var element: String
        public var kind: MetricElementKind
        public var statistic: String
        public var value: Double
        public var members: Int
    }
    public var rows: [Row]

    /// Percentiles reported (linear interpolation between order statistics, Hyndman–Fan 7).
    public static let percentiles: [Double] = [5, 50, 95]

    public init(rows: [Row]) { self.rows = rows }

    /// `metrics` of the members of every group; each group's members are taken in member order.
    public init(layout: MetricLayout, members: [(group: String, metrics: MemberMetrics)]) {
        var groups: [String] = []
        var byGroup: [String: [MemberMetrics]] = [:]
        for (group, m) in members.sorted(by: { $0.metrics.member < $1.metrics.member }) {
            if byGroup[group] == nil { groups.append(group) }
            byGroup[group, default: []].append(m)
        }
        var rows: [Row] = []
        for group in groups.sorted() {
            let ms = byGroup[group] ?? []
            var i = 0
            while i < layout.entries.count {
                let entry = layout.entries[i]
                let count = MetricLayout.metrics(of: entry.kind).count
                func column(_ offset: Int) -> [Double] { ms.map { $0.values[i + offset] } }
                func add(_ statistic: String, _ value: Double) {
                    rows.append(Row(group: group, element: entry.element, kind: entry.kind, statistic: statistic, value: value, members: ms.count))
                }
                func addPercentiles(_ name: String, _ values: [Double]) {
                    let sorted = values.sorted()
                    for p in Self.percentiles { add("\(name)_p\(Int(p))", Self.percentile(sorted, p)) }
                }
                switch entry.kind {
                case .demand, .state:
                    let steps = Self.sum(column(0)), failures = Self.sum(column(1))
                    let years = Self.sum(column(2)), failureYears = Self.sum(column(3))
                    let recoveries = Self.sum(column(4)), events = Self.sum(column(5)), eventDeficit = Self.sum(column(6))
                    add("reliability_steps", steps > 0 ? 1 - failures / steps : 1)
                    add("reliability_years", years > 0 ? 1 - failureYears / years : 1)
                    add("resilience", failures > 0 ? recoveries / failures : 1)
                    add("vulnerability_mm3", events > 0 ? eventDeficit / events : 0)
                    let deficits = column(7)
                    add("deficit_mm3_per_year_mean", Self.sum(deficits) / Double(max(1, deficits.count)))
                    addPercentiles("deficit_mm3_per_year", deficits)
                    add("demand_mm3_per_year_mean", Self.sum(column(8)) / Double(max(1, ms.count)))
                case .plant:
                    addPercentiles("gwh_per_year_vegetation", column(0))
                    addPercentiles("gwh_per_year_non_vegetation", column(1))
                    addPercentiles("gwh_per_year", column(2))
                case .reservoir:
                    add("probability_dead_storage", Self.sum(column(0)) / Double(max(1, ms.count)))
                    addPercentiles("min_volume_mm3", column(2))
                case .sink:
                    addPercentiles("inflow_km3_per_year", column(0))
                }
                i += count
            }
        }
        self.rows = rows
    }

    /// A plain left-to-right sum: the order is fixed by the caller (member order).
    static func sum(_ values: [Double]) -> Double {
        var total = 0.0
        for v in values { total += v }
        return total
    }

    /// The p-th percentile (0–100) of sorted values, interpolating linearly (R's type 7).
    public static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        guard let first = sorted.first else { return .nan }
        guard sorted.count > 1 else { return first }
        let h = (Double(sorted.count) - 1) * p / 100
        let lo = Int(h.rounded(.down)), hi = min(lo + 1, sorted.count - 1)
        return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
    }

    public func value(group: String = "all", element: String, statistic: String) -> Double? {
        rows.first { $0.group == group && $0.element == element && $0.statistic == statistic }?.value
    }
}
