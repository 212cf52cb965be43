import AralModel

/// The water-for-energy exchange, from two plans on the same inputs: each upstream state
/// alone and the consortium.
///
/// * extra vegetation-season release of upstream state U = Σ over U's reservoirs of
///   (release + spill) in vegetation steps, consortium − alone (Mm³);
/// * winter energy forgone by U = Σ over U's plants of energy in non-vegetation steps,
///   alone − consortium (MWh);
/// * extra water of downstream state D = D's deliveries in vegetation steps, consortium − alone;
/// * compensation D owes U: by default U's forgone energy split among the downstream states
///   in proportion to their (positive) extra water; with `exchange.rateMWhPerMm3`, D's extra
///   water × the rate, split among the upstream states in proportion to their extra release.
/// U in turn owes each D its extra release, split the same way as the water D received.
public struct ExchangeResult: Sendable, Codable {
    public struct Upstream: Sendable, Codable {
        public var party: String
        public var reservoirs: [String]
        public var extraVegetationReleaseMm3: Double
        public var winterEnergyForgoneMWh: Double
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
    }

    public var method: String
    public var rateMWhPerMm3: Double?
    public var upstream: [Upstream]
    public var downstream: [Downstream]
    public var obligations: [Obligation]

    /// Amounts below this are noise of the LPs, not obligations.
    public static let negligible = 1e-3

    public init(inputs: PlanInputs, consortium: PlanSolution, alone: PlanSolution) {
        let model = inputs.model
        let policy = inputs.policy
        let isVeg: (TimeStep) -> Bool = policy.isVegetation
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
            var forgone = 0.0
            for (p, plant) in model.network.hydropower.enumerated() where plant.owner == party {
                for s in consortium.steps where isWinter(s) {
                    forgone += alone.energyMWh[p][s.index] - consortium.energyMWh[p][s.index]
                }
            }
            return Upstream(party: party, reservoirs: reservoirs, extraVegetationReleaseMm3: release, winterEnergyForgoneMWh: forgone)
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
        let steps = consortium.steps
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
        rateMWhPerMm3 = policy.rateMWhPerMm3
        method = policy.rateMWhPerMm3.map { "fixed rate: \($0) MWh per Mm³ of extra water" }
            ?? "forgone winter energy split in proportion to extra water received"
        var obligations: [Obligation] = []
        for (u, up) in upstream.enumerated() {
            for (d, down) in downstream.enumerated() {
                guard receivedTotal > 0, received[d] > 0 else { continue }
                let part = received[d] / receivedTotal
                let water = released[u] * part
                if water > Self.negligible {
                    obligations.append(Obligation(from: up.party, to: down.party, commodity: .water, amount: water,
                                                  season: "vegetation", start: vegPeriod.0.date.description, end: end(vegPeriod.1),
                                                  gauge: up.reservoirs.joined(separator: " + ") + " outflow"))
                }
                let energy: Double
                if let rate = policy.rateMWhPerMm3 {
                    let split = releasedTotal > 0 ? released[u] / releasedTotal : 1 / Double(upstream.count)
                    energy = rate * received[d] * split
                } else {
                    energy = max(0, up.winterEnergyForgoneMWh) * part
                }
                if energy > Self.negligible {
                    obligations.append(Obligation(from: down.party, to: up.party, commodity: .energy, amount: energy,
                                                  season: "non-vegetation", start: winterPeriod.0.date.description,
                                                  end: end(winterPeriod.1), gauge: nil))
                }
            }
        }
        self.obligations = obligations
    }
}
