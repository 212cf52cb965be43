/// One reach whose parties share a shortage (`policy.sharingGroups`): the demands that draw
/// there, each counting for its owner. Per reach, not per state total: UZ and TM share the
/// reach between Kerki and Tuyamuyun and, separately, the reach below Tuyamuyun.
public struct SharingGroupDocument: Codable, Sendable {
    public var name: String
    /// Demand nodes in the reach; a party's fraction is its deliveries there over the sum of
    /// their limits (their maximum flows, the seasonal limits spread by month).
    public var demands: [String]

    public init(name: String, demands: [String]) {
        self.name = name
        self.demands = demands
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case name, demands }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(Set(CodingKeys.allCases.map(\.rawValue)), in: "a sharing group")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        demands = try c.decode([String].self, forKey: .demands)
    }
}
