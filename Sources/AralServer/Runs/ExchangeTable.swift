import AralEngine
import AralModel
import AralSchema

/// The water-for-energy exchange of a run, per season and party: water delivered against
/// entitlement (the demands' requests), energy generated, and who owes whom.
///
/// Rule (the 1998 Syr Darya scheme, simplified until AralPlanning's exchange lands): in each
/// vegetation season (April–September) the summer energy of a party's plants is credited to the
/// parties whose demands received water in that season, in proportion to their deliveries; each
/// of those parties owes the plant owner that much energy, to be returned in the following
/// non-vegetation season (October–March). A party never owes itself.
struct ExchangeTable: Codable, Sendable {
    struct PartySeason: Codable, Sendable {
        var season: String
        var party: String
        var entitlementMm3: Double
        var deliveredMm3: Double
        var energyGWh: Double
    }
    struct Obligation: Codable, Sendable {
        var season: String
        /// The party that owes (received the summer water).
        var from: String
        /// The party owed (generated the summer energy).
        var to: String
        var energyGWh: Double
        var dueSeason: String
    }

    var parties: [PartySeason]
    var obligations: [Obligation]

    init(parties: [PartySeason], obligations: [Obligation]) {
        self.parties = parties
        self.obligations = obligations
    }

    /// `2001 vegetation` (Apr–Sep 2001) or `2001/02 non-vegetation` (Oct 2001–Mar 2002).
    static func season(of date: CivilDate) -> String {
        if (4...9).contains(date.month) { return "\(date.year) vegetation" }
        let start = date.month >= 10 ? date.year : date.year - 1
        return "\(start)/\(format2(start + 1)) non-vegetation"
    }

    static func nextNonVegetation(after vegetationYear: Int) -> String {
        "\(vegetationYear)/\(format2(vegetationYear + 1)) non-vegetation"
    }

    private static func format2(_ year: Int) -> String {
        let yy = ((year % 100) + 100) % 100
        return yy < 10 ? "0\(yy)" : "\(yy)"
    }

    init(_ r: BasinResults) {
        var order: [String] = []
        var rows: [String: PartySeason] = [:]
        func add(_ season: String, _ party: String, _ change: (inout PartySeason) -> Void) {
            let key = season + "|" + party
            if rows[key] == nil {
                rows[key] = PartySeason(season: season, party: party, entitlementMm3: 0, deliveredMm3: 0, energyGWh: 0)
                order.append(key)
            }
            if var row = rows[key] {
                change(&row)
                rows[key] = row
            }
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
                for i in r.steps.indices where i < energy.count {
                    add(seasons[i], owner) { $0.energyGWh += energy[i] / 1000 }
                }
            default:
                continue
            }
        }
        parties = order.compactMap { rows[$0] }
        var obligations: [Obligation] = []
        let bySeason = Dictionary(grouping: parties, by: \.season)
        for season in Self.orderedSeasons(parties) where season.hasSuffix(" vegetation") && !season.contains("non-") {
            let rowsOfSeason = bySeason[season] ?? []
            guard let year = Int(season.prefix(while: { $0 != " " })) else { continue }
            for producer in rowsOfSeason where producer.energyGWh > 0 {
                let receivers = rowsOfSeason.filter { $0.party != producer.party && $0.deliveredMm3 > 0 }
                let total = receivers.reduce(0) { $0 + $1.deliveredMm3 }
                guard total > 0 else { continue }
                for receiver in receivers {
                    obligations.append(Obligation(season: season, from: receiver.party, to: producer.party,
                                                  energyGWh: producer.energyGWh * receiver.deliveredMm3 / total,
                                                  dueSeason: Self.nextNonVegetation(after: year)))
                }
            }
        }
        self.obligations = obligations
    }

    private static func orderedSeasons(_ rows: [PartySeason]) -> [String] {
        var seen: Set<String> = []
        return rows.map(\.season).filter { seen.insert($0).inserted }
    }
}
