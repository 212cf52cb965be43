/// The node kinds a basin model file may use.
public enum NodeKindDocument: String, Codable, Sendable, CaseIterable {
    case inflow, reservoir, demand, link, confluence, sink, hydropower
}

/// One node as written in the model file. Which fields apply depends on `kind`; the
/// compiler reports a field that does not apply to the node's kind.
public struct NodeDocument: Codable, Sendable {
    public var name: String
    public var kind: NodeKindDocument
    public var description: String?
    /// The party (state) that owns or operates the node.
    public var owner: String?
    /// `false` switches a planned reservoir or plant off: a reservoir then passes water
    /// straight through and a plant makes nothing (Kambarata-1 or Rogun in a baseline).
    public var enabled: Bool?
    /// An explicit cost per m³/s through the node, for advanced use (overrides priorities).
    public var cost: Double?

    // inflow
    public var flow: ScheduleDocument?

    // reservoir
    public var maxVolume: Double?
    public var minVolume: Double?
    public var initialVolume: Double?
    public var deadVolume: Double?
    public var maxRelease: ScheduleDocument?
    public var minRelease: ScheduleDocument?
    public var table: VolumeTableDocument?
    public var evaporationMmPerDay: ScheduleDocument?
    public var ruleCurve: RuleCurveDocument?
    public var spillCost: Double?

    // demand
    public var maxFlow: ScheduleDocument?
    public var priority: Int?
    public var consumptiveFraction: Double?
    public var returnTo: String?
    /// When the returned water reaches `returnTo`: whole steps after the withdrawal.
    public var returnDelay: ReturnDelayDocument?
    /// River system the demand draws from, for quota shares (`syr-darya`).
    public var system: String?

    // link
    public var capacity: ScheduleDocument?
    public var lossFraction: Double?

    // sink (and any node with a minimum)
    public var minFlow: ScheduleDocument?
    public var minFlowPenalty: Double?

    // hydropower
    public var reservoir: String?
    public var link: String?
    public var capacityMW: Double?
    public var efficiency: Double?
    public var tailwaterLevel: Double?
    public var head: Double?
    public var headTable: HeadTableDocument?
    /// A plant owned jointly: each party's share of its energy (fractions summing to 1), e.g.
    /// Kambarata-1's KG 0.34, KZ 0.33, UZ 0.33. `owner` stays the operator, who runs the
    /// reservoir, and must be one of the owners.
    public var owners: [String: Double]?

    public init(name: String, kind: NodeKindDocument) {
        self.name = name
        self.kind = kind
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, kind, description, owner, enabled, cost, flow
        case maxVolume, minVolume, initialVolume, deadVolume, maxRelease, minRelease, table, evaporationMmPerDay, ruleCurve, spillCost
        case maxFlow, priority, consumptiveFraction, returnTo, returnDelay, system
        case capacity, lossFraction, minFlow, minFlowPenalty
        case reservoir, link, capacityMW, efficiency, tailwaterLevel, head, headTable, owners
    }

    /// Fields each kind accepts besides the common ones.
    static let fieldsByKind: [NodeKindDocument: Set<String>] = [
        .inflow: ["flow"],
        .reservoir: ["maxVolume", "minVolume", "initialVolume", "deadVolume", "maxRelease", "minRelease", "table",
                     "evaporationMmPerDay", "ruleCurve", "spillCost"],
        .demand: ["maxFlow", "priority", "consumptiveFraction", "returnTo", "returnDelay", "system", "minFlow", "minFlowPenalty"],
        .link: ["capacity", "lossFraction", "minFlow", "minFlowPenalty"],
        .confluence: [],
        .sink: ["minFlow", "minFlowPenalty", "priority"],
        .hydropower: ["reservoir", "link", "capacityMW", "efficiency", "tailwaterLevel", "head", "headTable", "owners"],
    ]
    static let commonFields: Set<String> = ["name", "kind", "description", "owner", "enabled", "cost"]

    public init(from decoder: any Decoder) throws {
        let all = Set(CodingKeys.allCases.map(\.rawValue))
        try decoder.rejectUnknownKeys(all, in: "a node")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        let kindText = try c.decode(String.self, forKey: .kind)
        guard let kind = NodeKindDocument(rawValue: kindText) else {
            let kinds = NodeKindDocument.allCases.map(\.rawValue).joined(separator: ", ")
            throw DecodingError.dataCorruptedError(forKey: .kind, in: c,
                debugDescription: "unknown node kind '\(kindText)'; use one of: \(kinds)")
        }
        self.kind = kind
        // Fields that do not apply to this kind are errors, not silently ignored.
        let allowed = Self.commonFields.union(Self.fieldsByKind[kind] ?? [])
        let present = try decoder.container(keyedBy: AnyCodingKey.self).allKeys
        for key in present where !allowed.contains(key.stringValue) {
            throw DecodingError.dataCorrupted(.init(codingPath: c.codingPath + [key],
                debugDescription: "'\(key.stringValue)' does not apply to a \(kind.rawValue) node; it accepts: \(allowed.subtracting(Self.commonFields).sorted().joined(separator: ", "))"))
        }
        description = try c.decodeIfPresent(String.self, forKey: .description)
        owner = try c.decodeIfPresent(String.self, forKey: .owner)
        enabled = try c.decodeIfPresent(Bool.self, forKey: .enabled)
        cost = try c.decodeIfPresent(Double.self, forKey: .cost)
        flow = try c.decodeIfPresent(ScheduleDocument.self, forKey: .flow)
        maxVolume = try c.decodeIfPresent(Double.self, forKey: .maxVolume)
        minVolume = try c.decodeIfPresent(Double.self, forKey: .minVolume)
        initialVolume = try c.decodeIfPresent(Double.self, forKey: .initialVolume)
        deadVolume = try c.decodeIfPresent(Double.self, forKey: .deadVolume)
        maxRelease = try c.decodeIfPresent(ScheduleDocument.self, forKey: .maxRelease)
        minRelease = try c.decodeIfPresent(ScheduleDocument.self, forKey: .minRelease)
        table = try c.decodeIfPresent(VolumeTableDocument.self, forKey: .table)
        evaporationMmPerDay = try c.decodeIfPresent(ScheduleDocument.self, forKey: .evaporationMmPerDay)
        ruleCurve = try c.decodeIfPresent(RuleCurveDocument.self, forKey: .ruleCurve)
        spillCost = try c.decodeIfPresent(Double.self, forKey: .spillCost)
        maxFlow = try c.decodeIfPresent(ScheduleDocument.self, forKey: .maxFlow)
        priority = try c.decodeIfPresent(Int.self, forKey: .priority)
        consumptiveFraction = try c.decodeIfPresent(Double.self, forKey: .consumptiveFraction)
        returnTo = try c.decodeIfPresent(String.self, forKey: .returnTo)
        returnDelay = try c.decodeIfPresent(ReturnDelayDocument.self, forKey: .returnDelay)
        system = try c.decodeIfPresent(String.self, forKey: .system)
        capacity = try c.decodeIfPresent(ScheduleDocument.self, forKey: .capacity)
        lossFraction = try c.decodeIfPresent(Double.self, forKey: .lossFraction)
        minFlow = try c.decodeIfPresent(ScheduleDocument.self, forKey: .minFlow)
        minFlowPenalty = try c.decodeIfPresent(Double.self, forKey: .minFlowPenalty)
        reservoir = try c.decodeIfPresent(String.self, forKey: .reservoir)
        link = try c.decodeIfPresent(String.self, forKey: .link)
        capacityMW = try c.decodeIfPresent(Double.self, forKey: .capacityMW)
        efficiency = try c.decodeIfPresent(Double.self, forKey: .efficiency)
        tailwaterLevel = try c.decodeIfPresent(Double.self, forKey: .tailwaterLevel)
        head = try c.decodeIfPresent(Double.self, forKey: .head)
        headTable = try c.decodeIfPresent(HeadTableDocument.self, forKey: .headTable)
        owners = try c.decodeIfPresent([String: Double].self, forKey: .owners)
    }
}

/// Volume (Mm³) → area (km²) and level (m a.s.l.); area or level may be omitted.
public struct VolumeTableDocument: Codable, Sendable, Hashable {
    public var volume: [Double]
    public var area: [Double]?
    public var level: [Double]?
    public init(volume: [Double], area: [Double]?, level: [Double]?) {
        self.volume = volume
        self.area = area
        self.level = level
    }
    enum CodingKeys: String, CodingKey { case volume, area, level }
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(["volume", "area", "level"], in: "a volume table")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        volume = try c.decode([Double].self, forKey: .volume)
        area = try c.decodeIfPresent([Double].self, forKey: .area)
        level = try c.decodeIfPresent([Double].self, forKey: .level)
    }
}

/// Reservoir volume (Mm³) → gross head (m), for plants whose head is known that way.
public struct HeadTableDocument: Codable, Sendable, Hashable {
    public var volume: [Double]
    public var head: [Double]
    enum CodingKeys: String, CodingKey { case volume, head }
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(["volume", "head"], in: "a head table")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        volume = try c.decode([Double].self, forKey: .volume)
        head = try c.decode([Double].self, forKey: .head)
    }
}

/// A target volume by month (Mm³). Falling below it costs like an unmet demand of
/// `priority`; rising above it costs `abovePenalty` per m³/s-equivalent (default 0).
public struct RuleCurveDocument: Codable, Sendable, Hashable {
    public var target: ScheduleDocument
    public var priority: Int?
    public var abovePenalty: Double?
    public init(target: ScheduleDocument, priority: Int? = nil, abovePenalty: Double? = nil) {
        self.target = target
        self.priority = priority
        self.abovePenalty = abovePenalty
    }
    enum CodingKeys: String, CodingKey { case target, priority, abovePenalty }
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(["target", "priority", "abovePenalty"], in: "a rule curve")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        target = try c.decode(ScheduleDocument.self, forKey: .target)
        priority = try c.decodeIfPresent(Int.self, forKey: .priority)
        abovePenalty = try c.decodeIfPresent(Double.self, forKey: .abovePenalty)
    }
}
