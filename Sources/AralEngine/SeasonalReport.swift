import AralModel
import AralSchema

/// The figures the consortium argues about, by season: deliveries per state against its
/// limit, energy per plant and per state, each reservoir's storage on 1 April (what is left
/// for the growing season: Toktogul!), and what reaches each sink (the North Aral Sea) per
/// year.
///
/// Seasons are the ICWC's: vegetation April–September, non-vegetation October–March. Per-year
/// figures are means over the run's years (a run of whole years gives whole seasons).
/// Volumes in km³, energy in GWh.
public struct SeasonalReport: Sendable {
    /// Months (1–12) of the vegetation (growing) season.
    public static let vegetationMonths: ClosedRange<Int> = 4...9

    public struct SeasonPair: Sendable, Hashable {
        public var vegetation: Double
        public var nonVegetation: Double
        public var total: Double { vegetation + nonVegetation }
    }

    /// A state's deliveries and limit (the sum of its demands' maxima), km³ per year.
    public struct StateDelivery: Sendable {
        public var party: String
        public var limitKm3: SeasonPair
        public var deliveredKm3: SeasonPair
    }

    /// Energy of a plant or of a state, GWh per year.
    public struct Energy: Sendable {
        public var name: String
        public var owner: String?
        public var gwh: SeasonPair
    }

    /// Storage on 1 April of each year (end of the March step), million m³.
    public struct AprilStorage: Sendable {
        public var reservoir: String
        public var owner: String?
        public var byYear: [(year: Int, volumeMm3: Double)]
    }

    /// Inflow of a sink per calendar year, km³.
    public struct SinkInflow: Sendable {
        public var sink: String
        public var byYear: [(year: Int, km3: Double)]
        /// The sink's minimum (target) per year, km³, when it has one.
        public var targetByYear: [(year: Int, km3: Double)]
    }

    public var years: Double
    public var deliveries: [StateDelivery]
    public var plants: [Energy]
    public var states: [Energy]
    public var aprilStorage: [AprilStorage]
    public var sinks: [SinkInflow]

    public init(_ results: BasinResults) {
        let steps = results.steps
        let years = max(results.years, 1e-9)
        self.years = years
        let perStep = steps.map { results.model.network.units.volumePerFlow($0) }
        func seasonal(_ series: [Double], scale: Double) -> SeasonPair {
            var veg = 0.0, non = 0.0
            for (i, step) in steps.enumerated() {
                if Self.vegetationMonths.contains(step.date.month) { veg += series[i] * scale * perStep[i] }
                else { non += series[i] * scale * perStep[i] }
            }
            return SeasonPair(vegetation: veg / years, nonVegetation: non / years)
        }
        func seasonalSum(_ series: [Double]) -> SeasonPair {
            var veg = 0.0, non = 0.0
            for (i, step) in steps.enumerated() {
                if Self.vegetationMonths.contains(step.date.month) { veg += series[i] } else { non += series[i] }
            }
            return SeasonPair(vegetation: veg / years, nonVegetation: non / years)
        }
        let elements = results.model.elements
        let partyOrder = results.model.parties.map(\.code)

        // Deliveries per state.
        var byParty: [String: (limit: SeasonPair, delivered: SeasonPair)] = [:]
        for e in elements where e.kind == .demand {
            guard let owner = e.owner, let demand = results.values(e.name, "demand"), let flow = results.values(e.name, "flow") else { continue }
            let limit = seasonal(demand, scale: 0.001), delivered = seasonal(flow, scale: 0.001)
            let old = byParty[owner] ?? (SeasonPair(vegetation: 0, nonVegetation: 0), SeasonPair(vegetation: 0, nonVegetation: 0))
            byParty[owner] = (SeasonPair(vegetation: old.limit.vegetation + limit.vegetation, nonVegetation: old.limit.nonVegetation + limit.nonVegetation),
                              SeasonPair(vegetation: old.delivered.vegetation + delivered.vegetation, nonVegetation: old.delivered.nonVegetation + delivered.nonVegetation))
        }
        deliveries = Self.ordered(byParty.keys, partyOrder).compactMap { p in
            byParty[p].map { StateDelivery(party: p, limitKm3: $0.limit, deliveredKm3: $0.delivered) }
        }

        // Energy per plant (MWh per step → GWh) and per state.
        var plants: [Energy] = []
        var stateEnergy: [String: SeasonPair] = [:]
        for e in elements where e.kind == .hydropower && e.plant != nil {
            guard let energy = results.values(e.name, "energy") else { continue }
            let pair = seasonalSum(energy.map { $0 / 1000 })
            plants.append(Energy(name: e.name, owner: e.owner, gwh: pair))
            // A jointly owned plant's energy goes to its owners by share, as the plan's accounts
            // split it (found from outside: Kambarata-1 as the joint plant counted all for KG).
            let shares = e.plant.flatMap { $0 < results.model.network.hydropower.count ? results.model.network.hydropower[$0].shares : nil } ?? []
            for (key, fraction) in shares.isEmpty ? [(e.owner ?? "-", 1.0)] : shares.map({ ($0.party, $0.fraction) }) {
                let old = stateEnergy[key] ?? SeasonPair(vegetation: 0, nonVegetation: 0)
                stateEnergy[key] = SeasonPair(vegetation: old.vegetation + fraction * pair.vegetation,
                                              nonVegetation: old.nonVegetation + fraction * pair.nonVegetation)
            }
        }
        self.plants = plants
        states = Self.ordered(stateEnergy.keys, partyOrder).compactMap { p in stateEnergy[p].map { Energy(name: p, owner: p, gwh: $0) } }

        // Storage on 1 April: the end of each March step.
        aprilStorage = elements.filter { $0.kind == .reservoir && $0.storage != nil }.compactMap { e in
            guard let volume = results.values(e.name, "volume") else { return nil }
            let points = steps.indices.filter { steps[$0].date.month == 3 && steps[$0].startsNextMonthOnApril1 }
                .map { (year: steps[$0].date.year, volumeMm3: volume[$0]) }
            return AprilStorage(reservoir: e.name, owner: e.owner, byYear: points)
        }

        // Sink inflow per calendar year.
        sinks = elements.filter { $0.kind == .sink }.compactMap { e in
            guard let flow = results.values(e.name, "flow") else { return nil }
            let network = results.model.network
            let minFlow = e.node.map { network.nodes[$0].minFlow } ?? .zero
            var inflow: [Int: Double] = [:], target: [Int: Double] = [:]
            for (i, step) in steps.enumerated() {
                inflow[step.date.year, default: 0] += flow[i] * perStep[i] / 1000
                if minFlow != .zero {
                    target[step.date.year, default: 0] += network.scheduledValue(minFlow, at: i) * perStep[i] / 1000
                }
            }
            return SinkInflow(sink: e.name, byYear: inflow.keys.sorted().map { ($0, inflow[$0] ?? 0) },
                              targetByYear: target.keys.sorted().map { ($0, target[$0] ?? 0) })
        }
    }

    /// Energy of one plant per calendar year, GWh.
    public static func annualEnergyGWh(_ results: BasinResults, plant: String) -> [(year: Int, gwh: Double)] {
        guard let energy = results.values(plant, "energy") else { return [] }
        var byYear: [Int: Double] = [:]
        for (i, step) in results.steps.enumerated() { byYear[step.date.year, default: 0] += energy[i] / 1000 }
        return byYear.keys.sorted().map { ($0, byYear[$0] ?? 0) }
    }

    /// Parties in the model's order, then any other owner.
    static func ordered(_ keys: Dictionary<String, some Any>.Keys, _ order: [String]) -> [String] {
        order.filter { keys.contains($0) } + keys.filter { !order.contains($0) }.sorted()
    }
}

extension TimeStep {
    /// True when the step ends on 31 March, so its end-of-step volume is the 1 April volume.
    var startsNextMonthOnApril1: Bool {
        let end = date.adding(days: days)
        return end.month == 4 && end.day == 1
    }
}
