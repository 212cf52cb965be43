/// What a corridor model file says, before names are resolved (see `CorridorCompiler`).
///
/// Units are fixed and part of the field names: lengths in km, speeds in km/h, times in hours,
/// money in USD, capacities in tonnes per year (files give Mt/yr or TEU/yr; the reader
/// converts TEU with `tonnesPerTEU`), costs per TEU (files may give them per tonne; likewise
/// converted). A TEU is the unit of a routed shipment; tonnes are the unit of assigned volume.
public struct CorridorDocument: Sendable, Equatable {
    public var name: String
    public var description: String?
    public var settings: CorridorSettings
    public var nodes: [CorridorNodeDocument]
    public var segments: [SegmentDocument]

    public init(name: String, description: String? = nil, settings: CorridorSettings = .init(),
                nodes: [CorridorNodeDocument], segments: [SegmentDocument]) {
        self.name = name
        self.description = description
        self.settings = settings
        self.nodes = nodes
        self.segments = segments
    }
}

/// Model-wide conversion factors and defaults.
public struct CorridorSettings: Sendable, Equatable {
    /// Tonnes carried by one loaded TEU; converts per-tonne figures to per-TEU and back.
    public var tonnesPerTEU: Double = 12
    /// Value of one hour of one TEU in transit, for the generalized cost.
    public var valueOfTimeUSDPerTEUHour: Double = 2
    public init(tonnesPerTEU: Double = 12, valueOfTimeUSDPerTEUHour: Double = 2) {
        self.tonnesPerTEU = tonnesPerTEU
        self.valueOfTimeUSDPerTEUHour = valueOfTimeUSDPerTEUHour
    }
}

/// A transport mode of a segment (and of the vertices a node offers to it).
public enum CorridorMode: String, Sendable, CaseIterable, Hashable, Comparable {
    case rail, road, ferry
    public static func < (a: CorridorMode, b: CorridorMode) -> Bool {
        allCases.firstIndex(of: a) ?? 0 < allCases.firstIndex(of: b) ?? 0
    }
}

/// Track gauges met on the corridors: standard (China, Iran, Türkiye, EU), Russian (the 1520
/// network of the former USSR) and Indian (Pakistan).
public let knownGauges: Set<Int> = [1435, 1520, 1676]

/// Time and money spent once per passage (a border crossing, a gauge change, a transfer).
public struct Dwell: Sendable, Equatable {
    public var hours: Double
    public var costUSDPerTEU: Double
    public init(hours: Double, costUSDPerTEU: Double) {
        self.hours = hours
        self.costUSDPerTEU = costUSDPerTEU
    }
}

/// A border's dwell for one mode and one direction (`from` the country left, or both when nil).
public struct BorderDwell: Sendable, Equatable {
    public var mode: CorridorMode
    public var fromCountry: String?
    public var dwell: Dwell
    public init(mode: CorridorMode, fromCountry: String?, dwell: Dwell) {
        self.mode = mode
        self.fromCountry = fromCountry
        self.dwell = dwell
    }
}

/// The node kinds of a corridor model and what each adds to a route passing it.
public enum CorridorNodeKind: Sendable, Equatable {
    /// A place where shipments start, end or pass; a mode change costs `transfer`.
    case terminal(transfer: Dwell)
    /// A seaport: like a terminal, where the transfer is the ship's handling.
    case port(transfer: Dwell)
    /// A border crossing between two countries, with dwell by mode and direction.
    case border(countries: [String], dwell: [BorderDwell])
    /// A break of gauge: rail segments of either gauge meet here, at a cost.
    case gaugeChange(gauges: [Int], change: Dwell)

    public var name: String {
        switch self {
        case .terminal: "terminal"
        case .port: "port"
        case .border: "border"
        case .gaugeChange: "gaugeChange"
        }
    }
}

public struct CorridorNodeDocument: Sendable, Equatable {
    public var id: String
    public var name: String?
    public var country: String?
    public var kind: CorridorNodeKind
    /// Throughput limit over all directions, tonnes per year; nil = unlimited.
    public var capacityTonnesPerYear: Double?
    public init(id: String, name: String? = nil, country: String?, kind: CorridorNodeKind, capacityTonnesPerYear: Double? = nil) {
        self.id = id
        self.name = name
        self.country = country
        self.kind = kind
        self.capacityTonnesPerYear = capacityTonnesPerYear
    }
}

public struct SegmentDocument: Sendable, Equatable {
    public var id: String
    public var mode: CorridorMode
    public var from: String
    public var to: String
    /// Track gauge in mm (rail only).
    public var gauge: Int?
    public var lengthKm: Double
    /// Commercial speed, km/h (rail and road).
    public var speedKmh: Double?
    /// Ferry only: sea time per crossing, and the interval between sailings (expected wait: half).
    public var crossingHours: Double?
    public var sailingIntervalHours: Double?
    /// Tariff per TEU-km (rail, road) and per TEU per use (ferry); both may be present.
    public var tariffUSDPerTEUKm: Double
    public var tariffUSDPerTEU: Double
    /// Total over both directions, tonnes per year; nil = unlimited.
    public var capacityTonnesPerYear: Double?
    /// A planned link is in the file but off until a scenario switches it on.
    public var enabled: Bool

    public init(id: String, mode: CorridorMode, from: String, to: String, gauge: Int? = nil, lengthKm: Double,
                speedKmh: Double? = nil, crossingHours: Double? = nil, sailingIntervalHours: Double? = nil,
                tariffUSDPerTEUKm: Double = 0, tariffUSDPerTEU: Double = 0, capacityTonnesPerYear: Double? = nil,
                enabled: Bool = true) {
        self.id = id
        self.mode = mode
        self.from = from
        self.to = to
        self.gauge = gauge
        self.lengthKm = lengthKm
        self.speedKmh = speedKmh
        self.crossingHours = crossingHours
        self.sailingIntervalHours = sailingIntervalHours
        self.tariffUSDPerTEUKm = tariffUSDPerTEUKm
        self.tariffUSDPerTEU = tariffUSDPerTEU
        self.capacityTonnesPerYear = capacityTonnesPerYear
        self.enabled = enabled
    }
}
