import AralModel
import AralSchema

/// What a plan means for each party, plant, reservoir and the sea, in the user's names;
/// the terminal table, the JSON and the HTML report all render this.
public struct PlanReport: Sendable, Codable {
    public var model: String
    public var from: String
    public var to: String
    public var steps: Int
    public var sharing: String
    public var vegetationMonths: [Int]
    /// Start date of each step (for charts).
    public var dates: [String]
    /// Whether each step falls in the vegetation season.
    public var vegetation: [Bool]
    public var parties: [PartyLine]
    /// Jain's index over the claimants' satisfaction fractions.
    public var jainIndex: Double
    public var plants: [PlantLine]
    public var reservoirs: [ReservoirLine]
    public var sinks: [SinkLine]
    /// Total inflow to every sink (the Aral Sea and deltas), Mm³.
    public var aralInflowMm3: Double
    public var environmentalShortfalls: [ShortfallLine]
    /// Reservoirs that evaporation alone took below their minimum (as the run's physical
    /// shortfalls): steps, and the deepest, Mm³, with its date; absent when none did.
    public var physicalShortfalls: [PhysicalShortfallLine]?
    /// Every period of the model's volumes over periods (`policy.volumes`) within the horizon.
    public var volumes: [VolumeLine] = []
    /// Return water that left within the horizon and arrives after it (`returnDelay`), Mm³ by
    /// demand: reported, not lost; absent when no return is delayed.
    public var waterInTransitAtEndMm3: [String: Double]?
    public var solver: SolverLine
    /// Consortium minus each-upstream-state-alone; nil when there is no upstream state.
    public var cooperation: Cooperation?
    public var exchange: ExchangeResult?
    /// Each winter energy obligation of the exchange also in the fuel forms of the 1998
    /// agreement (gas, coal; `FuelEquivalents`); nil without an exchange.
    public var fuelForms: [FuelLine]?

    /// One energy obligation of the exchange (`from` owes `to` winter electricity) and the fuel
    /// that makes it.
    public struct FuelLine: Sendable, Codable {
        public var from: String
        public var to: String
        public var energyMWh: Double
        public var fuel: FuelEquivalents
        /// The obligation's value at the receiving state's winter price (nil without prices).
        public var value: Double?
    }

    public struct PartyLine: Sendable, Codable {
        public var party: String
        public var system: String
        /// Quota share of the system.
        public var share: Double
        public var demandMm3: Double
        public var entitlementMm3: Double
        public var deliveredMm3: Double
        /// Delivered / entitlement (may exceed 1 when priorities serve more than the quota).
        public var satisfaction: Double
        /// The party's part of what the system's claimants received.
        public var deliveredShare: Double
        /// deliveredShare − share (positive: more than its quota share).
        public var deviationFromShare: Double
        /// Delivered per step, m³/s (all the party's demands in the system).
        public var deliveredM3s: [Double]
        /// Entitlement per step, m³/s: the step's demand scaled so it sums to the entitlement.
        public var entitlementM3s: [Double]
    }

    public struct PlantLine: Sendable, Codable {
        public var name: String
        public var owner: String?
        public var vegetationMWh: Double
        public var nonVegetationMWh: Double
        public var totalMWh: Double
        /// Σ price × energy.
        public var value: Double
        public var energyMWh: [Double]
    }

    public struct ReservoirLine: Sendable, Codable {
        public var name: String
        public var owner: String?
        public var initialMm3: Double
        public var maxMm3: Double
        /// End-of-step volumes, Mm³.
        public var volumeMm3: [Double]
        /// Controlled release and spill per step, m³/s.
        public var releaseM3s: [Double]
        public var spillM3s: [Double]
    }

    public struct SinkLine: Sendable, Codable {
        public var name: String
        public var inflowMm3: Double
        public var inflowM3s: [Double]
    }

    public struct ShortfallLine: Sendable, Codable {
        public var node: String
        public var shortfallMm3: Double
    }

    public struct PhysicalShortfallLine: Sendable, Codable {
        public var reservoir: String
        public var steps: Int
        public var deepestMm3: Double
        public var on: String
    }

    /// One period of a volume over periods and how the plan met it, Mm³.
    public struct VolumeLine: Sendable, Codable {
        public var name: String
        public var from: String
        public var to: String
        public var partial: Bool
        public var volumeMm3: Double
        public var minMm3: Double?
        public var maxMm3: Double?
        public var shortfallMm3: Double
        public var excessMm3: Double
    }

    public struct SolverLine: Sendable, Codable {
        public var slpIterations: Int
        public var evaporationPasses: Int
        public var lpSolves: Int
        public var seconds: Double
        /// The largest relative mass-balance residual of the plan (every node and step closes
        /// within `PlanMassBalance.tolerance`, or there is no report).
        public var massBalanceResidual: Double
    }

    public struct Totals: Sendable, Codable {
        public var deliveredMm3: Double
        public var energyMWh: Double
        public var energyValue: Double
        public var aralInflowMm3: Double
    }

    public struct Cooperation: Sendable, Codable {
        public var upstream: [String]
        public var alone: Totals
        public var consortium: Totals
        public var difference: Totals
    }

    public init(inputs: PlanInputs, plan: PlanSolution, alone: PlanSolution? = nil, exchange: ExchangeResult? = nil,
                seconds: Double = 0) {
        let model = inputs.model
        let net = model.network
        let policy = inputs.policy
        let steps = plan.steps
        self.model = net.name
        self.from = steps.first?.date.description ?? "-"
        self.to = steps.last.map { $0.date.adding(days: $0.days - 1).description } ?? "-"
        self.steps = steps.count
        self.sharing = policy.sharing.rawValue
        self.vegetationMonths = policy.vegetationMonths.sorted()
        self.dates = steps.map(\.date.description)
        self.vegetation = steps.map(policy.isVegetation)

        // Parties.
        let delivered = Self.claimantDeliveries(inputs, plan)
        var systemTotals: [String: Double] = [:]
        for (i, c) in policy.claimants.enumerated() { systemTotals[c.system, default: 0] += delivered[i] }
        parties = policy.claimants.enumerated().map { i, c in
            let ent = inputs.entitlementsMm3[i], dem = inputs.demandMm3[i]
            let total = systemTotals[c.system] ?? 0
            let share = total > 0 ? delivered[i] / total : 0
            let scale = dem > 0 ? ent / dem : 0
            return PartyLine(party: c.party, system: c.system, share: c.share, demandMm3: dem, entitlementMm3: ent,
                             deliveredMm3: delivered[i], satisfaction: ent > 0 ? delivered[i] / ent : 1,
                             deliveredShare: share, deviationFromShare: share - c.share,
                             deliveredM3s: steps.map { s in c.demandNodes.reduce(0) { $0 + plan.nodeFlows[s.index][$1] } },
                             entitlementM3s: steps.map { s in c.demandNodes.reduce(0) { $0 + inputs.maxFlow[s.index][$1] } * scale })
        }
        jainIndex = AralPlanning.jainIndex(parties.filter { $0.entitlementMm3 > 0 }.map(\.satisfaction))

        // Plants.
        plants = net.hydropower.enumerated().map { p, plant in
            let e = plan.energyMWh[p]
            var veg = 0.0, non = 0.0
            for s in steps {
                if policy.isVegetation(s) { veg += e[s.index] } else { non += e[s.index] }
            }
            return PlantLine(name: plant.name, owner: plant.owner, vegetationMWh: veg, nonVegetationMWh: non,
                             totalMWh: veg + non, value: policy.value(ofEnergy: e, plant: plant, steps: steps), energyMWh: e)
        }

        // Reservoirs and sinks.
        reservoirs = model.elements.compactMap { e in
            guard e.kind == .reservoir, let s = e.storage, let r = e.releaseNode, let sp = e.spillNode else { return nil }
            let storage = net.storages[s]
            return ReservoirLine(name: e.name, owner: e.owner, initialMm3: storage.initialVolume,
                                 maxMm3: storage.maxVolume.constantValue ?? inputs.maxVolume[0][s],
                                 volumeMm3: plan.volumes.map { $0[s] }, releaseM3s: plan.flow(node: r), spillM3s: plan.flow(node: sp))
        }
        sinks = model.elements.compactMap { e in
            guard e.kind == .sink, let n = e.node else { return nil }
            return SinkLine(name: e.name, inflowMm3: plan.volumeMm3(node: n), inflowM3s: plan.flow(node: n))
        }
        aralInflowMm3 = sinks.reduce(0) { $0 + $1.inflowMm3 }
        environmentalShortfalls = policy.environmental.map { env in
            var short = 0.0
            for s in steps { short += max(0, env.minimum[s.index] - plan.nodeFlows[s.index][env.node]) * s.mm3PerCumec }
            return ShortfallLine(node: env.name, shortfallMm3: short)
        }
        let below = Dictionary(grouping: plan.belowMinimum, by: \.storage)
        let lines = below.keys.sorted().compactMap { s -> PhysicalShortfallLine? in
            guard let deepest = below[s]?.max(by: { $0.volumeMm3 < $1.volumeMm3 }),
                  let element = model.elements.first(where: { $0.storage == s }) else { return nil }
            return PhysicalShortfallLine(reservoir: element.name, steps: below[s]?.count ?? 0, deepestMm3: deepest.volumeMm3,
                                         on: steps[deepest.step].date.description)
        }
        physicalShortfalls = lines.isEmpty ? nil : lines
        volumes = plan.volumeOutcomes.map { o in
            VolumeLine(name: o.target, from: o.period.from.description, to: o.period.to.description, partial: o.period.isPartial,
                       volumeMm3: o.volume, minMm3: o.period.minVolume, maxMm3: o.period.maxVolume,
                       shortfallMm3: o.shortfall, excessMm3: o.excess)
        }
        solver = SolverLine(slpIterations: plan.iterations, evaporationPasses: plan.passes, lpSolves: plan.lpSolves, seconds: seconds,
                            massBalanceResidual: max(plan.worstMassBalanceResidual, alone?.worstMassBalanceResidual ?? 0))
        let delays = model.network.flowDelays
        waterInTransitAtEndMm3 = delays.isEmpty ? nil
            : Dictionary(zip(delays.map(\.name), plan.volumesInTransitAtEnd(of: model.network)), uniquingKeysWith: +)

        if let alone {
            let a = Self.totals(inputs, alone), c = Self.totals(inputs, plan)
            cooperation = Cooperation(upstream: policy.upstream, alone: a, consortium: c, difference: Totals(
                deliveredMm3: c.deliveredMm3 - a.deliveredMm3, energyMWh: c.energyMWh - a.energyMWh,
                energyValue: c.energyValue - a.energyValue, aralInflowMm3: c.aralInflowMm3 - a.aralInflowMm3))
        }
        self.exchange = exchange
        fuelForms = exchange.map { x in
            x.obligations.filter { $0.commodity == .energy }.map {
                FuelLine(from: $0.from, to: $0.to, energyMWh: $0.amount, fuel: FuelEquivalents(electricityMWh: $0.amount), value: $0.value)
            }
        }
    }

    /// Volume delivered to each claimant over the horizon (or the steps `include` selects), Mm³.
    static func claimantDeliveries(_ inputs: PlanInputs, _ plan: PlanSolution,
                                   where include: (TimeStep) -> Bool = { _ in true }) -> [Double] {
        inputs.policy.claimants.map { c in c.demandNodes.reduce(0) { $0 + plan.volumeMm3(node: $1, where: include) } }
    }

    /// Basin totals of a plan: all demands' deliveries, all plants' energy and value, all sinks' inflow.
    static func totals(_ inputs: PlanInputs, _ plan: PlanSolution) -> Totals {
        let model = inputs.model
        var delivered = 0.0, aral = 0.0
        for e in model.elements {
            guard let n = e.node else { continue }
            if e.kind == .demand { delivered += plan.volumeMm3(node: n) }
            if e.kind == .sink { aral += plan.volumeMm3(node: n) }
        }
        var energy = 0.0, value = 0.0
        for (p, plant) in model.network.hydropower.enumerated() {
            energy = plan.steps.reduce(energy) { $0 + plan.energyMWh[p][$1.index] }
            value = inputs.policy.value(ofEnergy: plan.energyMWh[p], plant: plant, steps: plan.steps, addedTo: value)
        }
        return Totals(deliveredMm3: delivered, energyMWh: energy, energyValue: value, aralInflowMm3: aral)
    }
}
