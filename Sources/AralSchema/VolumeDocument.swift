/// A volume over periods through a node or a group of nodes (`policy.volumes`): how ICWC
/// states its rules — "44 km³ a year must pass nominal Kerki", "4.2 km³ a year for the Aral
/// Sea and the deltas, half of it in the non-growing season".
///
/// ```yaml
/// policy:
///   volumes:
///     - {name: kerki-passage, nodes: [kerki], period: water-year, min: 44000, priority: 2}
///     - {name: sanitary, nodes: [delta-reach], period: water-year, min: 800, sanitary: true}
///     - {name: spring, nodes: [canal], period: {from: 03-15, to: 05-31}, max: 900, priority: 2}
/// ```
/// Volumes are in million m³ (Mm³), the unit of every volume in the model file.
public struct VolumeDocument: Codable, Sendable {
    public var name: String
    /// Nodes whose flows are summed (inflows, links, confluences, demands, sinks).
    public var nodes: [String]
    public var period: VolumePeriodDocument
    /// Least volume over each period, Mm³.
    public var min: Double?
    /// Most volume over each period, Mm³.
    public var max: Double?
    /// The demand priority whose benefit a unit short (or above the maximum) costs: the volume
    /// sits with the quota deliveries of that priority.
    public var priority: Int?
    /// A sanitary flow: senior to every demand (costs more than any demand earns).
    public var sanitary: Bool?

    public init(name: String, nodes: [String], period: VolumePeriodDocument, min: Double? = nil, max: Double? = nil,
                priority: Int? = nil, sanitary: Bool? = nil) {
        self.name = name
        self.nodes = nodes
        self.period = period
        self.min = min
        self.max = max
        self.priority = priority
        self.sanitary = sanitary
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case name, nodes, period, min, max, priority, sanitary }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(Set(CodingKeys.allCases.map(\.rawValue)), in: "a volume")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        nodes = try c.decode([String].self, forKey: .nodes)
        period = try c.decode(VolumePeriodDocument.self, forKey: .period)
        min = try c.decodeIfPresent(Double.self, forKey: .min)
        max = try c.decodeIfPresent(Double.self, forKey: .max)
        priority = try c.decodeIfPresent(Int.self, forKey: .priority)
        sanitary = try c.decodeIfPresent(Bool.self, forKey: .sanitary)
    }
}

/// The period of a volume: a named one or given dates (each year, `to` inclusive; a period
/// whose `to` comes before its `from` in the calendar runs into the next year).
public enum VolumePeriodDocument: Codable, Sendable, Hashable {
    /// `water-year` (1 October – 30 September), `growing` (April–September), `non-growing`
    /// (October–March); checked by the compiler, so a misspelling gets a "did you mean".
    case named(String)
    /// `MM-DD` each, as written; checked by the compiler.
    case dates(from: String, to: String)

    enum CodingKeys: String, CodingKey, CaseIterable { case from, to }

    public init(from decoder: any Decoder) throws {
        if let single = try? decoder.singleValueContainer(), let name = try? single.decode(String.self) {
            self = .named(name)
            return
        }
        guard (try? decoder.container(keyedBy: AnyCodingKey.self)) != nil else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                debugDescription: "expected water-year, growing, non-growing or {from: MM-DD, to: MM-DD}"))
        }
        try decoder.rejectUnknownKeys(Set(CodingKeys.allCases.map(\.rawValue)), in: "a volume's period")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self = .dates(from: try c.decodeLossyString(.from), to: try c.decodeLossyString(.to))
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .named(let name):
            var c = encoder.singleValueContainer()
            try c.encode(name)
        case .dates(let from, let to):
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(from, forKey: .from)
            try c.encode(to, forKey: .to)
        }
    }
}
