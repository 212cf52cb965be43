public import AralEngine
public import AralModel
import AralSchema

/// A simulation run's accounts per party and ICWC season (vegetation April–September,
/// non-vegetation October–March): water requested and delivered, energy generated.
///
/// A run makes no obligations. What a state owes for the water it receives comes from one
/// rule only, the exchange of a plan (`aral plan --exchange`, `POST /api/plans`), which compares
/// the consortium's plan with each upstream state alone over the same year; a run cannot, since
/// it never sees what a state would have done alone.
public struct SeasonAccounts: Codable, Sendable {
    public struct PartySeason: Codable, Sendable {
        public var season: String
        public var party: String
        /// What the party's demands asked for (their limits), million m³.
        public var entitlementMm3: Double
        public var deliveredMm3: Double
        public var energyGWh: Double
    }

    public var parties: [PartySeason]
    /// Where the obligations come from.
    public var note: String

    public static let obligationsNote = "A simulation run makes no obligations: the exchange comes from a plan (aral plan --exchange, POST /api/plans)."

    public init(parties: [PartySeason]) {
        self.parties = parties
        self.note = Self.obligationsNote
    }

    /// Per party over the whole run: what its demands asked for and what they received, Mm³.
    public var totalsByParty: [String: (entitlementMm3: Double, deliveredMm3: Double)] {
        var totals: [String: (entitlementMm3: Double, deliveredMm3: Double)] = [:]
        for p in parties {
            totals[p.party, default: (0, 0)].entitlementMm3 += p.entitlementMm3
            totals[p.party, default: (0, 0)].deliveredMm3 += p.deliveredMm3
        }
        return totals
    }

    /// `2001 vegetation` (Apr–Sep 2001) or `2001/02 non-vegetation` (Oct 2001–Mar 2002).
    public static func season(of date: CivilDate) -> String {
        if SeasonalReport.vegetationMonths.contains(date.month) { return "\(date.year) vegetation" }
        let start = date.month > SeasonalReport.vegetationMonths.upperBound ? date.year : date.year - 1
        let next = ((start + 1) % 100 + 100) % 100
        return "\(start)/\(next < 10 ? "0" : "")\(next) non-vegetation"
    }

    public init(_ r: BasinResults) {
        var order: [String] = []
        var rows: [String: PartySeason] = [:]
        func add(_ season: String, _ party: String, _ change: (inout PartySeason) -> Void) {
            let key = season + "|" + party
            var row = rows[key] ?? PartySeason(season: season, party: party, entitlementMm3: 0, deliveredMm3: 0, energyGWh: 0)
            if rows[key] == nil { order.append(key) }
            change(&row)
            rows[key] = row
        }
        let seasons = r.steps.map { Self.season(of: $0.date) }
        let volumePerFlow = r.steps.map { r.model.network.units.volumePerFlow($0) }
        for e in r.model.elements {
            guard let owner = e.owner else { continue }
            switch e.kind {
            case .demand:
                guard let demand = r.values(e.name, "demand"), let flow = r.values(e.name, "flow") else { continue }
                for i in r.steps.indices where i < demand.count && i < flow.count {
                    add(seasons[i], owner) { $0.entitlementMm3 += demand[i] * volumePerFlow[i]; $0.deliveredMm3 += flow[i] * volumePerFlow[i] }
                }
            case .hydropower:
                guard let energy = r.values(e.name, "energy") else { continue }
                // A jointly owned plant's energy is each owner's by share (Kambarata-1 in
                // `kambarata-1-joint`), as the plan counts it; else all the operator's.
                let shares = r.model.network.hydropower.first { $0.name == e.name }?.shares ?? []
                let owners = shares.isEmpty ? [(owner, 1.0)] : shares.map { ($0.party, $0.fraction) }
                for i in r.steps.indices where i < energy.count {
                    for (party, fraction) in owners { add(seasons[i], party) { $0.energyGWh += fraction * energy[i] / 1000 } }
                }
            default:
                continue
            }
        }
        self.init(parties: order.compactMap { rows[$0] })
    }
}
