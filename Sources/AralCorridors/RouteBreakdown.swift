/// A route through a corridor network and what it is made of: the numbers a shipper compares.
public struct RouteBreakdown: Sendable {
    /// Places passed, in order (ids).
    public var places: [String]
    /// Segments used, in order (ids).
    public var segments: [String]
    public var kmByMode: [CorridorMode: Double] = [:]
    /// Hours moving, by mode (a ferry's crossing counts as ferry).
    public var movingHoursByMode: [CorridorMode: Double] = [:]
    public var borderHours = 0.0
    /// Half of each sailing interval: the expected wait for the next ferry.
    public var ferryWaitHours = 0.0
    public var gaugeChangeHours = 0.0
    /// Mode changes at terminals and ports (a ship's handling, a road–rail transfer).
    public var transferHours = 0.0
    public var costUSDPerTEU = 0.0
    public var gaugeChanges = 0
    public var borderCrossings = 0
    /// The metric's value for this route.
    public var weight = 0.0

    public var totalKm: Double { kmByMode.values.reduce(0, +) }
    public var waitingHours: Double { borderHours + ferryWaitHours + gaugeChangeHours + transferHours }
    public var totalHours: Double { movingHoursByMode.values.reduce(0, +) + waitingHours }
    public var totalDays: Double { totalHours / 24 }

    public init(path: GraphPath, network: CorridorNetwork) {
        places = []
        for v in path.vertices {
            let id = network.places[network.vertexPlace[Int(v)]].id
            if places.last != id { places.append(id) }
        }
        segments = []
        weight = path.weight
        for a in path.arcs {
            let arc = network.arcs[Int(a)]
            costUSDPerTEU += arc.costUSDPerTEU
            switch arc.role {
            case .segment(let s, _):
                segments.append(network.segments[s].id)
                kmByMode[arc.mode, default: 0] += arc.km
                movingHoursByMode[arc.mode, default: 0] += arc.movingHours
                ferryWaitHours += arc.waitHours
            case .border:
                borderHours += arc.waitHours
                borderCrossings += 1
            case .gaugeChange:
                gaugeChangeHours += arc.waitHours
                gaugeChanges += 1
            case .transfer:
                transferHours += arc.waitHours
            }
        }
    }
}
