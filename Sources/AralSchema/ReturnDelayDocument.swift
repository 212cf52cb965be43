/// When a demand's return water reaches its `returnTo` node: all of it `steps` steps after
/// the withdrawal, or spread over the steps by `shares` (`shares[k]` arrives k steps later,
/// k = 0 in the same step; they sum to 1). `initialFlow` (m³/s) is the return water assumed
/// to have left in each step before the run, which arrives in its first steps (default 0).
///
/// Steps are read as numbers and checked by the compiler, so `steps: 2.5` is reported at its
/// key path as "not a whole number" rather than as a decoding failure.
public struct ReturnDelayDocument: Codable, Sendable, Hashable {
    public var steps: Double?
    public var shares: [Double]?
    public var initialFlow: Double?

    public init(steps: Double? = nil, shares: [Double]? = nil, initialFlow: Double? = nil) {
        self.steps = steps
        self.shares = shares
        self.initialFlow = initialFlow
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case steps, shares, initialFlow }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(Set(CodingKeys.allCases.map(\.rawValue)), in: "a return delay")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        steps = try c.decodeIfPresent(Double.self, forKey: .steps)
        shares = try c.decodeIfPresent([Double].self, forKey: .shares)
        initialFlow = try c.decodeIfPresent(Double.self, forKey: .initialFlow)
    }
}
