import AralModel
import AralSchema

/// The water-for-energy exchange, from two plans on the same inputs: each upstream state
/// alone and the consortium.
///
/// * extra vegetation-season release of upstream state U = Σ over U's reservoirs of
///   (release + spill) in vegetation steps, consortium − alone (Mm³);
/// * winter energy forgone by U = Σ over U's plants of energy in non-vegetation steps,
///   alone − consortium (MWh);
/// * extra water of downstream state D = D's deliveries in vegetation steps, consortium − alone;
/// * compensation D owes U: by default what U loses by cooperating, as winter energy, split
///   among the downstream states in proportion to their (positive) extra water; with
///   `exchange.rateMWhPerMm3`, D's extra water × the rate, split among the upstream states in
///   proportion to their extra release.
///
/// What U loses: its energy is worth V_alone alone and V_cons in the consortium (Σ energy ×
/// U's price of that step), and it gives away its extra summer electricity (worth its summer
/// value), so it loses L = V_alone − V_cons + summer value given. The compensation is
/// max(winter energy forgone, L ÷ U's mean winter price) MWh: valued at the winter price it
/// makes U whole (after compensation no upstream state has less energy value than alone,
/// issue 14), and it is never less than the winter energy U forgoes (the 1998 mechanism
/// returns winter energy for winter energy). L exceeds the forgone winter energy's value when
/// the consortium also costs U summer energy (a release timed for the downstream demands
/// within the season, at a lower head): on the Amu Darya's median year the old rule, the
/// forgone winter energy alone, left TJ USD 0.68 M short of alone.
/// U in turn owes each D its extra release, split the same way as the water D received.
///
/// The summer electricity U's extra release yields (Σ over U's plants of vegetation-season
/// energy, consortium − alone) goes to the downstream states in the same split as the water
/// (the 1998 mechanism: KG's summer surplus to UZ and KZ). With `exchange.energyPrices`, each
/// energy amount is also valued at U's mean price over the season it flows in (winter
/// compensation at U's winter price, summer electricity at its summer price).
///
/// Codable so every caller (CLI table, JSON, HTML report, the server's tables) shows this one
/// result and decodes it back.
public struct ExchangeResult: Sendable, Codable {
    public struct Upstream: Sendable, Codable {
        public var party: String
        public var reservoirs: [String]
        public var extraVegetationReleaseMm3: Double
        public var winterEnergyForgoneMWh: Double
        /// Vegetation-season energy of U's plants, consortium − alone.
        public var summerEnergyMWh: Double
        /// What cooperating costs U in energy value (the model's price unit): its energy alone −
        /// in the consortium + the summer electricity it gives; nil for results written before
        /// it was computed.
        public var energyValueLost: Double? = nil
        /// The winter energy owed to U in all (MWh), before its split among the downstream
        /// states: max(forgone, lost ÷ winter price), or the fixed rate's amount.
        public var compensationMWh: Double? = nil
    }
    /// Summer electricity from an upstream to a downstream state, and its value at the
    /// upstream state's summer price (nil without prices).
    public struct Transfer: Sendable, Codable, Equatable {
        public var from: String
        public var to: String
        public var energyMWh: Double
        public var value: Double?
    }
    public struct Downstream: Sendable, Codable {
        public var party: String
        public var extraWaterMm3: Double
    }
    /// One directed obligation: `from` owes `to` an amount of water (Mm³) or energy (MWh).
    public struct Obligation: Sendable, Codable, Equatable {
        public enum Commodity: String, Sendable, Codable { case water, energy }
        public var from: String
        public var to: String
        public var commodity: Commodity
        public var amount: Double
        /// `vegetation` or `non-vegetation`.
        public var season: String
        public var start: String
        public var end: String
        /// Where the water is measured (water obligations).
        public var gauge: String?
        /// An energy obligation valued at the receiving upstream state's mean price over the
        /// obligation's season (the model's price unit, e.g. USD); nil for water or without prices.
        public var value: Double? = nil
    }

    public var method: String
    public var rateMWhPerMm3: Double?
    public var upstream: [Upstream]
    public var downstream: [Downstream]
    public var obligations: [Obligation]
    /// Summer electricity from each upstream state to each downstream state.
    public var summerElectricity: [Transfer]

    /// Amounts below this are noise of the LPs, not obligations.
    public static let negligible = 1e-3

    public init(inputs: PlanInputs, consortium: PlanSolution, alone: PlanSolution) {
        let whole = Terms(inputs: inputs, consortium: consortium, alone: alone, steps: consortium.steps)
        method = whole.method
        rateMWhPerMm3 = inputs.policy.rateMWhPerMm3
        upstream = whole.upstream
        downstream = whole.downstream
        summerElectricity = whole.transfers
        // A horizon of several exchange years owes per year, as the annual protocols of the
        // 1998 agreement do: one obligation per season of each year, not one spanning them all.
        let years = Self.exchangeYears(consortium.steps, isVegetation: inputs.policy.isVegetation)
        obligations = years.count > 1
            ? years.flatMap { Terms(inputs: inputs, consortium: consortium, alone: alone, steps: $0).obligations }
            : whole.obligations
    }

    /// The plan's steps cut into exchange years: each year begins with the first
    /// non-vegetation step after a vegetation step (October, with the default months), so a
    /// year is a winter and the summer that follows it, the order of the 1998 mechanism.
    static func exchangeYears(_ steps: [TimeStep], isVegetation: (TimeStep) -> Bool) -> [[TimeStep]] {
        var years: [[TimeStep]] = []
        var current: [TimeStep] = []
        for step in steps {
            if let last = current.last, isVegetation(last), !isVegetation(step) {
                years.append(current)
                current = []
            }
            current.append(step)
        }
        if !current.isEmpty { years.append(current) }
        return years
    }

    /// The exchange over a run of `steps` of the two plans: the whole horizon for the totals,
    /// one exchange year for its obligations.
    struct Terms {
        var method: String
        var upstream: [Upstream]
        var downstream: [Downstream]
        var obligations: [Obligation] = []
        var transfers: [Transfer] = []

        init(inputs: PlanInputs, consortium: PlanSolution, alone: PlanSolution, steps: [TimeStep]) {
            let model = inputs.model
            let policy = inputs.policy
            let included = Set(steps.map(\.index))
            let isVeg: (TimeStep) -> Bool = { included.contains($0.index) && policy.isVegetation($0) }
            let isWinter: (TimeStep) -> Bool = { !policy.isVegetation($0) }
            let upstreamParties = policy.upstream

            upstream = upstreamParties.map { party in
                var release = 0.0, reservoirs: [String] = []
                for e in model.elements where e.kind == .reservoir && e.owner == party {
                    reservoirs.append(e.name)
                    for n in [e.releaseNode, e.spillNode].compactMap({ $0 }) {
                        release += consortium.volumeMm3(node: n, where: isVeg) - alone.volumeMm3(node: n, where: isVeg)
                    }
                }
                var forgone = 0.0, summer = 0.0
                // Its plants, and its share of a jointly owned one.
                for (p, plant) in model.network.hydropower.enumerated() where plant.share(of: party) > 0 {
                    let share = plant.share(of: party)
                    for s in steps {
                        let change = share * (consortium.energyMWh[p][s.index] - alone.energyMWh[p][s.index])
                        if isWinter(s) { forgone -= change } else { summer += change }
                    }
                }
                return Upstream(party: party, reservoirs: reservoirs, extraVegetationReleaseMm3: release,
                                winterEnergyForgoneMWh: forgone, summerEnergyMWh: summer)
            }

            let withCons = PlanReport.claimantDeliveries(inputs, consortium, where: isVeg)
            let withAlone = PlanReport.claimantDeliveries(inputs, alone, where: isVeg)
            var extra: [String: Double] = [:]
            var order: [String] = []
            for (i, c) in policy.claimants.enumerated() where !upstreamParties.contains(c.party) {
                if extra[c.party] == nil { order.append(c.party) }
                extra[c.party, default: 0] += withCons[i] - withAlone[i]
            }
            downstream = order.map { Downstream(party: $0, extraWaterMm3: extra[$0] ?? 0) }

            // Seasons of the obligations.
            func end(_ s: TimeStep) -> String { s.date.adding(days: s.days - 1).description }
            let vegSteps = steps.filter(isVeg)
            let firstVeg = vegSteps.first?.index ?? 0
            var winterSteps = steps.filter { isWinter($0) && $0.index > firstVeg }
            if winterSteps.isEmpty { winterSteps = steps.filter(isWinter) }
            if winterSteps.isEmpty { winterSteps = steps }
            let vegPeriod = (vegSteps.first ?? steps[0], vegSteps.last ?? steps[steps.count - 1])
            let winterPeriod = (winterSteps[0], winterSteps[winterSteps.count - 1])

            let received = downstream.map { max(0, $0.extraWaterMm3) }
            let receivedTotal = received.reduce(0, +)
            let released = upstream.map { max(0, $0.extraVegetationReleaseMm3) }
            let releasedTotal = released.reduce(0, +)
            method = policy.rateMWhPerMm3.map { "fixed rate: \($0) MWh per Mm³ of extra water" }
                ?? "energy value lost (at least the forgone winter energy) split in proportion to extra water received"
            /// U's mean price over `steps` (nil without prices).
            func meanPrice(_ party: String, _ steps: [TimeStep]) -> Double? {
                guard policy.prices != nil, !steps.isEmpty else { return nil }
                return steps.reduce(0) { $0 + policy.price(owner: party, step: $1.index) } / Double(steps.count)
            }
            /// What U's plants make worth over these steps (1 per MWh without prices).
            func energyValue(_ party: String, _ plan: PlanSolution) -> Double {
                model.network.hydropower.enumerated().filter { $0.element.share(of: party) > 0 }.reduce(0) { total, plant in
                    policy.value(ofEnergy: plan.energyMWh[plant.offset], plant: plant.element, for: party, steps: steps, addedTo: total)
                }
            }
            for u in upstream.indices {
                let party = upstream[u].party
                let given = max(0, upstream[u].summerEnergyMWh) * (meanPrice(party, vegSteps) ?? 1)
                let lost = energyValue(party, alone) - energyValue(party, consortium) + given
                let forgone = max(0, upstream[u].winterEnergyForgoneMWh)
                upstream[u].energyValueLost = lost
                if let rate = policy.rateMWhPerMm3 {
                    upstream[u].compensationMWh = rate * receivedTotal * (releasedTotal > 0 ? released[u] / releasedTotal : 1 / Double(upstream.count))
                } else {
                    let winterPrice = meanPrice(party, winterSteps) ?? 1
                    upstream[u].compensationMWh = winterPrice > 0 ? max(forgone, lost / winterPrice) : forgone
                }
            }
            for (u, up) in upstream.enumerated() {
                for (d, down) in downstream.enumerated() {
                    guard receivedTotal > 0, received[d] > 0 else { continue }
                    let part = received[d] / receivedTotal
                    let water = released[u] * part
                    let electricity = max(0, up.summerEnergyMWh) * part
                    if electricity > ExchangeResult.negligible {
                        transfers.append(Transfer(from: up.party, to: down.party, energyMWh: electricity,
                                                  value: meanPrice(up.party, vegSteps).map { $0 * electricity }))
                    }
                    if water > ExchangeResult.negligible {
                        obligations.append(Obligation(from: up.party, to: down.party, commodity: .water, amount: water,
                                                      season: "vegetation", start: vegPeriod.0.date.description, end: end(vegPeriod.1),
                                                      gauge: up.reservoirs.joined(separator: " + ") + " outflow"))
                    }
                    let energy = (up.compensationMWh ?? 0) * part
                    if energy > ExchangeResult.negligible {
                        obligations.append(Obligation(from: down.party, to: up.party, commodity: .energy, amount: energy,
                                                      season: "non-vegetation", start: winterPeriod.0.date.description,
                                                      end: end(winterPeriod.1), gauge: nil,
                                                      value: meanPrice(up.party, winterSteps).map { $0 * energy }))
                    }
                }
            }
        }
    }
}
