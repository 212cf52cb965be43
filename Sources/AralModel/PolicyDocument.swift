/// The allocation policy of a basin: who is entitled to what share, how shortage is shared,
/// which minimum flows the environment keeps, and which months form the seasons.
public struct PolicyDocument: Codable, Sendable {
    /// Per river system (`syr-darya`), each party's share of the water available for withdrawal.
    public var shares: [String: [String: Double]]?
    /// `priority`, `proportional` or `maxmin`.
    public var sharing: String?
    public var environmentalFlows: [EnvironmentalFlowDocument]?
    public var seasons: SeasonsDocument?
}

public struct EnvironmentalFlowDocument: Codable, Sendable {
    public var node: String
    /// Minimum flow, m³/s (a number, 12 monthly values or a CSV column).
    public var minFlow: ScheduleDocument
    /// Cost per m³/s short; absent: the minimum is hard.
    public var penalty: Double?
}

public struct SeasonsDocument: Codable, Sendable {
    /// Months (1–12) of the vegetation (irrigation) season; the rest is non-vegetation.
    public var vegetation: [Int]?
}

/// Energy prices and exchange terms for planning and the water-for-energy exchange.
public struct ExchangeDocument: Codable, Sendable {
    /// Price of energy per party (USD/MWh), a number or 12 monthly values.
    public var energyPrices: [String: ScheduleDocument]?
    /// A fixed exchange rate (MWh owed per million m³ of extra water), as in the 1998 agreement.
    public var rateMWhPerMm3: Double?
}
