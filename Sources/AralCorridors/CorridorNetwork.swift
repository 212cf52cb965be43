import AralSchema

/// A compiled corridor model: places split into vertices, and arcs carrying the time, money
/// and distance of one move. This is what routes and assignments run on.
///
/// Each place becomes one vertex per way in: a border one per (mode, side), a gauge change one
/// per gauge, a terminal or port one per mode. Passing a place costs an arc between two of its
/// vertices (the dwell, the change, the transfer); continuing in the same mode on the same side
/// costs nothing. So a route pays each border, gauge change and transfer exactly once, in the
/// right direction, and the searches stay plain shortest-path searches.
public struct CorridorNetwork: Sendable {
    public struct Place: Sendable {
        public var id: String
        public var name: String
        public var kind: String
        public var country: String?
        /// Throughput over all directions, tonnes/year (nil: unlimited).
        public var capacityTonnesPerYear: Double?
    }

    public struct Segment: Sendable {
        public var id: String
        public var mode: CorridorMode
        public var from: Int
        public var to: Int
        public var lengthKm: Double
        public var gauge: Int?
        /// Over both directions, tonnes/year (nil: unlimited).
        public var capacityTonnesPerYear: Double?
        public var enabled: Bool
        /// Its two arcs (from→to, to→from) when enabled.
        public var arcs: [Int]
    }

    /// What an arc stands for, for reports.
    public enum ArcRole: Sendable, Equatable {
        case segment(Int, forward: Bool)
        case border(place: Int)
        case gaugeChange(place: Int)
        case transfer(place: Int)
    }

    public struct Arc: Sendable {
        public var tail: Int
        public var head: Int
        public var role: ArcRole
        public var mode: CorridorMode
        public var km: Double
        /// Time moving (rail/road at commercial speed, a ferry's crossing).
        public var movingHours: Double
        /// Time waiting (border dwell, gauge change, transfer, half a sailing interval).
        public var waitHours: Double
        public var costUSDPerTEU: Double
        public var hours: Double { movingHours + waitHours }
    }

    public var name: String
    public var settings: CorridorSettings
    public var places: [Place]
    public var segments: [Segment]
    public var arcs: [Arc]
    /// The place of each vertex.
    public var vertexPlace: [Int]
    public var placeIndex: [String: Int]

    /// Weight of each arc under `metric`.
    public func weights(_ metric: RouteMetric) -> [Double] {
        arcs.map { metric.weight(hours: $0.hours, costUSDPerTEU: $0.costUSDPerTEU) }
    }

    /// The routing graph for `metric`: groups are places.
    public func graph(_ metric: RouteMetric) -> RoutingGraph {
        RoutingGraph(vertexCount: vertexPlace.count, group: vertexPlace.map(Int32.init), groupCount: places.count,
                     tails: arcs.map { Int32($0.tail) }, heads: arcs.map { Int32($0.head) }, weights: weights(metric))
    }
}

/// What "best" means for a route.
public enum RouteMetric: Sendable, Equatable, CustomStringConvertible {
    case time
    case cost
    /// Cost plus time valued at `valueOfTimeUSDPerTEUHour`.
    case generalized(valueOfTimeUSDPerTEUHour: Double)

    public func weight(hours: Double, costUSDPerTEU: Double) -> Double {
        switch self {
        case .time: hours
        case .cost: costUSDPerTEU
        case .generalized(let vot): costUSDPerTEU + vot * hours
        }
    }

    /// The unit of a total over carried volume: TEU-hours for time, USD otherwise
    /// (generalized USD when time is valued in it).
    public var totalUnit: String {
        switch self {
        case .time: "TEU-h"
        case .cost: "USD"
        case .generalized: "generalized USD"
        }
    }

    /// The unit of a cost per tonne (a shadow price, the unserved penalty).
    public var perTonneUnit: String {
        switch self {
        case .time: "TEU-h/t"
        case .cost: "USD/t"
        case .generalized: "gen. USD/t"
        }
    }

    public var description: String {
        switch self {
        case .time: "time (hours)"
        case .cost: "cost (USD/TEU)"
        case .generalized(let vot): "generalized cost (USD/TEU, time at \(shortNumber(vot)) USD/TEU-h)"
        }
    }
}
