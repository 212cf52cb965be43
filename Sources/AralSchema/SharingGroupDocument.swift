/// One reach whose parties share a shortage (`policy.sharingGroups`): the demands that draw
/// there, each counting for its owner, and the environmental allocations cut with them. Per
/// reach, not per state total: UZ and TM share the reach between Kerki and Tuyamuyun and,
/// separately, the reach below Tuyamuyun.
public struct SharingGroupDocument: Codable, Sendable {
    public var name: String
    /// Demand nodes in the reach; a party's fraction is its deliveries there over the sum of
    /// their limits (their maximum flows, the seasonal limits spread by month).
    public var demands: [String]
    /// Environmental allocations that share the group's fraction as a party does (ICWC cuts
    /// the Aral and delta allocation in a dry year in proportion to the quotas): each names a
    /// sink with a minimum flow (its limit in a step: that minimum) or a non-sanitary volume of
    /// `policy.volumes` (its limit: what the run owes that step, pro rata). A sanitary volume
    /// is senior and never cut, so it cannot be in a group.
    public var allocations: [String]?

    public init(name: String, demands: [String], allocations: [String]? = nil) {
        self.name = name
        self.demands = demands
        self.allocations = allocations
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case name, demands, allocations }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(Set(CodingKeys.allCases.map(\.rawValue)), in: "a sharing group")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        demands = try c.decode([String].self, forKey: .demands)
        allocations = try c.decodeIfPresent([String].self, forKey: .allocations)
    }
}
