/// The allocation policy of a basin: who is entitled to what share, how shortage is shared,
/// which minimum flows the environment keeps, and which months form the seasons.
public struct PolicyDocument: Codable, Sendable {
    /// Per river system (`syr-darya`), each party's share of the water available for withdrawal.
    public var shares: [String: [String: Double]]?
    /// `priority`, `proportional` or `maxmin`.
    public var sharing: String?
    /// The parties that share each reach in a run's steps (see `SharingGroupDocument`).
    public var sharingGroups: [SharingGroupDocument]?
    public var environmentalFlows: [EnvironmentalFlowDocument]?
    public var seasons: SeasonsDocument?
    /// Volumes over periods through nodes (see `VolumeDocument`).
    public var volumes: [VolumeDocument]?

    public init(shares: [String: [String: Double]]? = nil, sharing: String? = nil,
                environmentalFlows: [EnvironmentalFlowDocument]? = nil, seasons: SeasonsDocument? = nil) {
        self.shares = shares
        self.sharing = sharing
        self.environmentalFlows = environmentalFlows
        self.seasons = seasons
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case shares, sharing, sharingGroups, environmentalFlows, seasons, volumes }

    /// Strict: an unknown key (`sharng`) is an error, not silently ignored.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(Set(CodingKeys.allCases.map(\.rawValue)), in: "policy")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        shares = try c.decodeIfPresent([String: [String: Double]].self, forKey: .shares)
        sharing = try c.decodeIfPresent(String.self, forKey: .sharing)
        sharingGroups = try c.decodeIfPresent([SharingGroupDocument].self, forKey: .sharingGroups)
        environmentalFlows = try c.decodeIfPresent([EnvironmentalFlowDocument].self, forKey: .environmentalFlows)
        seasons = try c.decodeIfPresent(SeasonsDocument.self, forKey: .seasons)
        volumes = try c.decodeIfPresent([VolumeDocument].self, forKey: .volumes)
    }
}

public struct EnvironmentalFlowDocument: Codable, Sendable {
    public var node: String
    /// Minimum flow, m³/s (a number, 12 monthly values or a CSV column).
    public var minFlow: ScheduleDocument
    /// Cost per m³/s short; absent: the minimum is hard.
    public var penalty: Double?

    public init(node: String, minFlow: ScheduleDocument, penalty: Double? = nil) {
        self.node = node
        self.minFlow = minFlow
        self.penalty = penalty
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case node, minFlow, penalty }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(Set(CodingKeys.allCases.map(\.rawValue)), in: "an environmental flow")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        node = try c.decode(String.self, forKey: .node)
        minFlow = try c.decode(ScheduleDocument.self, forKey: .minFlow)
        penalty = try c.decodeIfPresent(Double.self, forKey: .penalty)
    }
}

public struct SeasonsDocument: Codable, Sendable {
    /// Months (1–12) of the vegetation (irrigation) season; the rest is non-vegetation.
    public var vegetation: [Int]?

    public init(vegetation: [Int]? = nil) { self.vegetation = vegetation }

    enum CodingKeys: String, CodingKey, CaseIterable { case vegetation }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(Set(CodingKeys.allCases.map(\.rawValue)), in: "policy.seasons")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        vegetation = try c.decodeIfPresent([Int].self, forKey: .vegetation)
    }
}

/// Energy prices and exchange terms for planning and the water-for-energy exchange.
public struct ExchangeDocument: Codable, Sendable {
    /// Price of energy per party (USD/MWh), a number or 12 monthly values.
    public var energyPrices: [String: ScheduleDocument]?
    /// A fixed exchange rate (MWh owed per million m³ of extra water), as in the 1998 agreement.
    public var rateMWhPerMm3: Double?
    /// Parties that count as upstream in the exchange (their reservoirs release for others);
    /// absent: the owners of reservoirs with a hydropower plant.
    public var upstream: [String]?

    public init(energyPrices: [String: ScheduleDocument]? = nil, rateMWhPerMm3: Double? = nil, upstream: [String]? = nil) {
        self.energyPrices = energyPrices
        self.rateMWhPerMm3 = rateMWhPerMm3
        self.upstream = upstream
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case energyPrices, rateMWhPerMm3, upstream }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(Set(CodingKeys.allCases.map(\.rawValue)), in: "exchange")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        energyPrices = try c.decodeIfPresent([String: ScheduleDocument].self, forKey: .energyPrices)
        rateMWhPerMm3 = try c.decodeIfPresent(Double.self, forKey: .rateMWhPerMm3)
        upstream = try c.decodeIfPresent([String].self, forKey: .upstream)
    }
}
