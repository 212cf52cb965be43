public import AralModel

/// How shortage is shared among parties (`policy.sharing`): the engine's rule, so the
/// compiler parses the field once for the planner and for every run.
public typealias SharingRule = ShortageSharing.Rule

/// The policy and exchange sections of a model as the compiler checked them, so the planner
/// reads them from the compiled model instead of re-reading (and re-judging) the document.
/// The compiler has checked: the sharing rule is known, each party's share is valid
/// (`isValidShare`) and each system's shares sum to 1, the environmental flows name nodes,
/// the vegetation months are months. Schedules (minimum flows, energy prices) stay
/// schedules: the planner expands them over the plan's steps.
public struct BasinPolicy: Sendable {
    /// Whether the model has a `policy` section at all.
    public var isGiven: Bool
    public var sharing: SharingRule
    /// Per river system (`syr-darya`), each party's share of the water available for withdrawal.
    public var shares: [String: [String: Double]]
    public var environmentalFlows: [EnvironmentalFlowDocument]
    /// Months (1–12) of the vegetation season; nil when the model gives none.
    public var vegetationMonths: [Int]?
    /// Energy prices and exchange terms, read by the planner.
    public var exchange: ExchangeDocument?

    public init(isGiven: Bool = false, sharing: SharingRule = .priority, shares: [String: [String: Double]] = [:],
                environmentalFlows: [EnvironmentalFlowDocument] = [], vegetationMonths: [Int]? = nil,
                exchange: ExchangeDocument? = nil) {
        self.isGiven = isGiven
        self.sharing = sharing
        self.shares = shares
        self.environmentalFlows = environmentalFlows
        self.vegetationMonths = vegetationMonths
        self.exchange = exchange
    }

    /// The one rule for a quota share, used by the compiler (and so by everything that plans):
    /// a fraction of the system's water, between 0 and 1.
    public static func isValidShare(_ share: Double) -> Bool { share >= 0 && share <= 1 }

    /// How far a system's shares may sum from 1.
    public static let shareSumTolerance = 1e-9
}
