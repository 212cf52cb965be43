/// One dimension of a model's scenario grid (`scenarios:` at the top level of a model file).
/// Dimensions combine as a grid, as in Pywr: every member is one choice from each dimension.
///
/// ```yaml
/// scenarios:
///   - {name: hydrology, traces: {csv: hydrology/traces.csv}}        # one member per trace
///   - {name: infrastructure, members: [baseline, with-rogun]}       # one member per overlay
/// ```
/// A `members` entry names scenario overlays to apply (several joined with `+`); `baseline`
/// applies none.
public struct ScenarioDocument: Codable, Sendable, Hashable {
    public var name: String
    /// Inflow traces (`aral hydrology generate` output): one member per trace.
    public var traces: TracesDocument?
    /// Named overlays: one member per entry.
    public var members: [String]?

    public init(name: String, traces: TracesDocument? = nil, members: [String]? = nil) {
        self.name = name
        self.traces = traces
        self.members = members
    }

    enum CodingKeys: String, CodingKey { case name, traces, members }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(["name", "traces", "members"], in: "a scenario")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        traces = try c.decodeIfPresent(TracesDocument.self, forKey: .traces)
        members = try c.decodeIfPresent([String].self, forKey: .members)
        if (traces == nil) == (members == nil) {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                debugDescription: "scenario '\(name)' needs exactly one of 'traces: {csv: FILE}' or 'members: [names]'"))
        }
        if let members, members.isEmpty {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath + [CodingKeys.members],
                debugDescription: "scenario '\(name)' lists no members"))
        }
    }
}

/// Where a scenario's inflow traces come from: a trace CSV (`trace,date,site…`), relative
/// to the model file; `count` uses only the first traces.
public struct TracesDocument: Codable, Sendable, Hashable {
    public var csv: String
    public var count: Int?

    public init(csv: String, count: Int? = nil) {
        self.csv = csv
        self.count = count
    }

    enum CodingKeys: String, CodingKey { case csv, count }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(["csv", "count"], in: "traces")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        csv = try c.decode(String.self, forKey: .csv)
        count = try c.decodeIfPresent(Int.self, forKey: .count)
        if let count, count < 1 {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath + [CodingKeys.count],
                debugDescription: "count must be at least 1; got \(count)"))
        }
    }
}
