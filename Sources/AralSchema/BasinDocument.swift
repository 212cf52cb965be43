import AralModel

/// A basin model file as written by a user (YAML or JSON). This is the *document*: plain
/// data with the file's names. `BasinCompiler` validates it and turns it into a `Network`.
///
/// Units: flows m³/s, volumes million m³, levels m a.s.l., areas km², evaporation mm/day,
/// capacities MW, energy MWh.
public struct BasinDocument: Codable, Sendable {
    public var name: String?
    public var description: String?
    public var timestepper: TimestepperDocument
    public var parties: [PartyDocument]?
    public var settings: SettingsDocument?
    public var nodes: [NodeDocument]
    public var edges: [EdgeDocument]
    /// Allocation policy (quota shares, sharing rule, environmental flows, seasons); read by
    /// the planning layer. Kept here so one file describes the whole basin.
    public var policy: PolicyDocument?
    /// Energy prices and exchange terms, read by the planning layer.
    public var exchange: ExchangeDocument?
    /// Scenario dimensions combined as a grid by `aral run --ensemble` (see docs/ensembles.md).
    public var scenarios: [ScenarioDocument]?

    static let keys: Set<String> = ["name", "description", "timestepper", "parties", "settings", "nodes", "edges", "policy", "exchange", "metadata", "scenarios"]

    public init(name: String? = nil, timestepper: TimestepperDocument, nodes: [NodeDocument], edges: [EdgeDocument]) {
        self.name = name
        self.timestepper = timestepper
        self.nodes = nodes
        self.edges = edges
    }

    enum CodingKeys: String, CodingKey {
        case name, description, timestepper, parties, settings, nodes, edges, policy, exchange, scenarios
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(Self.keys, in: "the model")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        description = try c.decodeIfPresent(String.self, forKey: .description)
        timestepper = try c.decode(TimestepperDocument.self, forKey: .timestepper)
        parties = try c.decodeIfPresent([PartyDocument].self, forKey: .parties)
        settings = try c.decodeIfPresent(SettingsDocument.self, forKey: .settings)
        nodes = try c.decode([NodeDocument].self, forKey: .nodes)
        edges = try c.decodeIfPresent([EdgeDocument].self, forKey: .edges) ?? []
        policy = try c.decodeIfPresent(PolicyDocument.self, forKey: .policy)
        exchange = try c.decodeIfPresent(ExchangeDocument.self, forKey: .exchange)
        scenarios = try c.decodeIfPresent([ScenarioDocument].self, forKey: .scenarios)
    }
}

public struct TimestepperDocument: Codable, Sendable {
    public var start: String
    public var end: String
    /// `daily`, `monthly`, or a number of days.
    public var step: String

    public init(start: String, end: String, step: String) {
        self.start = start
        self.end = end
        self.step = step
    }

    enum CodingKeys: String, CodingKey { case start, end, step }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(["start", "end", "step"], in: "timestepper")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        start = try c.decodeLossyString(.start)
        end = try c.decodeLossyString(.end)
        step = try c.decodeIfPresent(LossyString.self, forKey: .step)?.value ?? "monthly"
    }
}

/// A state or the consortium secretariat.
public struct PartyDocument: Codable, Sendable, Hashable {
    public var code: String
    public var name: String
    public init(code: String, name: String) {
        self.code = code
        self.name = name
    }
    enum CodingKeys: String, CodingKey { case code, name }
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(["code", "name"], in: "a party")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        code = try c.decode(String.self, forKey: .code)
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? code
    }
}

/// Knobs of the step LP's objective. Defaults suit most basins; see docs/model-format.md.
public struct SettingsDocument: Codable, Sendable {
    /// Value of keeping water in storage, per m³/s-equivalent over a step (default 1).
    public var storageValue: Double?
    /// Cost of spilling, per m³/s (default 0.1).
    public var spillCost: Double?
    /// Benefit of the lowest demand priority per m³/s (default 10); each higher priority is
    /// worth `priorityRatio` times the one below (default 10).
    public var lowestPriorityBenefit: Double?
    public var priorityRatio: Double?

    enum CodingKeys: String, CodingKey { case storageValue, spillCost, lowestPriorityBenefit, priorityRatio }
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(Set(CodingKeys.allStrings), in: "settings")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        storageValue = try c.decodeIfPresent(Double.self, forKey: .storageValue)
        spillCost = try c.decodeIfPresent(Double.self, forKey: .spillCost)
        lowestPriorityBenefit = try c.decodeIfPresent(Double.self, forKey: .lowestPriorityBenefit)
        priorityRatio = try c.decodeIfPresent(Double.self, forKey: .priorityRatio)
    }
}

extension SettingsDocument.CodingKeys {
    static let allStrings = ["storageValue", "spillCost", "lowestPriorityBenefit", "priorityRatio"]
}

/// A value over time: a number, twelve monthly values, or a CSV column.
public enum ScheduleDocument: Codable, Sendable, Hashable {
    case constant(Double)
    case monthly([Double])
    case csv(file: String, column: String, scale: Double)

    enum CodingKeys: String, CodingKey { case monthly, csv, column, scale }

    public init(from decoder: any Decoder) throws {
        if let single = try? decoder.singleValueContainer(), let v = try? single.decode(Double.self) {
            self = .constant(v)
            return
        }
        if let single = try? decoder.singleValueContainer(), let list = try? single.decode([Double].self) {
            guard list.count == 12 else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                    debugDescription: "a list of values must have 12 entries, one per month (January first); got \(list.count)"))
            }
            self = .monthly(list)
            return
        }
        guard (try? decoder.container(keyedBy: AnyCodingKey.self)) != nil else {
            let text = (try? decoder.singleValueContainer()).flatMap { try? $0.decode(String.self) }
            let found = text.map { $0.isEmpty ? ", found nothing" : ", found '\($0.count > 40 ? String($0.prefix(40)) + "…" : $0)'" } ?? ""
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                debugDescription: "expected a number, 12 monthly values, {monthly: [...]}, or {csv: FILE, column: NAME}\(found)"))
        }
        try decoder.rejectUnknownKeys(["monthly", "csv", "column", "scale"], in: "a schedule")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if let monthly = try c.decodeIfPresent([Double].self, forKey: .monthly) {
            guard monthly.count == 12 else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath + [CodingKeys.monthly],
                    debugDescription: "monthly needs 12 values (January first); got \(monthly.count)"))
            }
            self = .monthly(monthly)
        } else if let file = try c.decodeIfPresent(String.self, forKey: .csv) {
            guard let column = try c.decodeIfPresent(String.self, forKey: .column) else {
                throw DecodingError.keyNotFound(CodingKeys.column, .init(codingPath: decoder.codingPath,
                    debugDescription: "a csv schedule needs 'column': the CSV column to read"))
            }
            self = .csv(file: file, column: column, scale: try c.decodeIfPresent(Double.self, forKey: .scale) ?? 1)
        } else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                debugDescription: "expected {monthly: [12 values]} or {csv: FILE, column: NAME}"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .constant(let v):
            var c = encoder.singleValueContainer()
            try c.encode(v)
        case .monthly(let values):
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(values, forKey: .monthly)
        case .csv(let file, let column, let scale):
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(file, forKey: .csv)
            try c.encode(column, forKey: .column)
            if scale != 1 { try c.encode(scale, forKey: .scale) }
        }
    }
}

/// `[from, to]` or `{from: A, to: B}`.
public struct EdgeDocument: Codable, Sendable, Hashable {
    public var from: String
    public var to: String
    public init(from: String, to: String) {
        self.from = from
        self.to = to
    }
    enum CodingKeys: String, CodingKey { case from, to }
    public init(from decoder: any Decoder) throws {
        if var list = try? decoder.unkeyedContainer() {
            guard list.count == 2 else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                    debugDescription: "an edge is [from, to] with exactly two node names"))
            }
            from = try list.decode(String.self)
            to = try list.decode(String.self)
            return
        }
        try decoder.rejectUnknownKeys(["from", "to"], in: "an edge")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        from = try c.decode(String.self, forKey: .from)
        to = try c.decode(String.self, forKey: .to)
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.unkeyedContainer()
        try c.encode(from)
        try c.encode(to)
    }
}

/// A string that may have been written as a YAML number or date (`2000-01-01` parses as a
/// string in Yams, `7` as an int).
struct LossyString: Decodable {
    var value: String
    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let s = try? c.decode(String.self) { value = s }
        else if let i = try? c.decode(Int.self) { value = String(i) }
        else { value = try c.decode(String.self) }
    }
}

extension KeyedDecodingContainer {
    func decodeLossyString(_ key: Key) throws -> String {
        try decode(LossyString.self, forKey: key).value
    }
}
