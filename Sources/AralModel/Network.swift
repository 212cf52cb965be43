/// The runtime network the engine steps: generic node kinds (as in pywr-core) to which both
/// Aral's basin model files and Pywr's JSON models compile.
///
/// Flow variables live on nodes and edges. A node's *flow* is what passes through it:
/// * `input`: water entering the network there (no in-edges);
/// * `output`: water leaving the network there (no out-edges unless it returns a part);
/// * `link`: water passing through;
/// * `storage`: a volume; water enters and leaves it through edges.
/// A non-storage node passes on `efficiency × flow` through its out-edges; the rest is lost
/// (link losses) or consumed (a demand's consumptive use).
public struct Network: Sendable {
    public var name: String
    public var steps: [TimeStep]
    public var units: FlowUnits
    public var nodes: [Node] = []
    public var edges: [Edge] = []
    public var storages: [Storage] = []
    public var virtualStorages: [VirtualStorage] = []
    public var flowConstraints: [FlowConstraint] = []
    public var hydropower: [HydropowerPlant] = []
    public var parameters: [any Parameter] = []
    /// Scenario dimensions (name, size); the product is the ensemble grid.
    public var scenarios: [ScenarioDimension] = []
    /// How a step's shortage is shared among parties; nil: by the LP's priorities alone.
    public var sharing: ShortageSharing?
    /// Least and most volumes through nodes over periods (`policy.volumes`).
    public var volumeTargets: [VolumeTarget] = []
    /// Water returned whole steps after it left (`FlowDelay`): in transit between the two.
    public var flowDelays: [FlowDelay] = []

    public init(name: String, steps: [TimeStep], units: FlowUnits) {
        self.name = name
        self.steps = steps
        self.units = units
    }

    /// Index of the node called `name`, if any.
    public func nodeIndex(named name: String) -> Int? {
        nodes.firstIndex { $0.name == name }
    }

    @discardableResult
    public mutating func addNode(_ node: Node) -> Int {
        nodes.append(node)
        return nodes.count - 1
    }

    @discardableResult
    public mutating func addParameter(_ parameter: any Parameter) -> ScheduledValue {
        parameters.append(parameter)
        return .parameter(parameters.count - 1)
    }

    public mutating func connect(_ from: Int, _ to: Int) {
        edges.append(Edge(from: from, to: to))
    }

    /// Adds a storage node and its storage record; returns the node index.
    @discardableResult
    public mutating func addStorage(_ storage: Storage, node: Node) -> Int {
        var node = node
        node.kind = .storage(storages.count)
        let index = addNode(node)
        var storage = storage
        storage.node = index
        storages.append(storage)
        return index
    }
}

/// How flows and volumes relate. The engine converts a step's flow into volume by
/// `volumePerFlow(step)` and never assumes a unit.
public enum FlowUnits: Sendable, Hashable {
    /// Flows in m³/s, volumes in million m³ (Aral's basin models).
    case cumecsAndMm3
    /// Flows per day, volumes in the same unit (Pywr's convention, e.g. Ml/d and Ml).
    case perDay

    public func volumePerFlow(_ step: TimeStep) -> Double {
        switch self {
        case .cumecsAndMm3: return step.mm3PerCumec
        case .perDay: return Double(step.days)
        }
    }

    /// Factor from this network's flow unit to m³/s for hydropower (nil: unknown, use 1).
    public var flowToCumecs: Double {
        switch self {
        case .cumecsAndMm3: return 1
        case .perDay: return 1
        }
    }
}

public struct ScenarioDimension: Sendable, Hashable {
    public var name: String
    public var size: Int
    public init(name: String, size: Int) {
        self.name = name
        self.size = size
    }
}

public struct Edge: Sendable, Hashable {
    public var from: Int
    public var to: Int
    public init(from: Int, to: Int) {
        self.from = from
        self.to = to
    }
}

/// What a node stands for in the user's model, used for reports and checks; the LP only
/// sees `kind`, bounds and cost.
public enum NodeRole: Sendable, Hashable {
    case inflow
    case demand(owner: String?, priority: Int)
    case sink
    case reservoir(owner: String?)
    case link
    case confluence
    /// A node the compiler added (a reservoir's release or spill, a loss outlet…); `parent`
    /// is the user's node it belongs to.
    case internalPart(parent: String, part: String)
    /// A Pywr node or another generic node.
    case generic(type: String)
}

public struct Node: Sendable {
    public enum Kind: Sendable, Hashable {
        case input
        case output
        case link
        /// Index into `Network.storages`.
        case storage(Int)
    }

    public var name: String
    public var kind: Kind
    public var role: NodeRole
    public var minFlow: ScheduledValue
    public var maxFlow: ScheduledValue
    /// Cost per unit of flow through the node; negative costs are benefits.
    public var cost: ScheduledValue
    /// The part of `cost` that only prices water lost on the node (`BasinCompiler.lossCost`):
    /// a tie-breaker between otherwise equal paths. The step LP sees it in `cost`; the plan
    /// moves it from its delivery level to its last level, where it cannot trade a delivery
    /// or a kWh for a smaller loss.
    public var lossCost: Double = 0
    /// When set, `minFlow` is a target: each unit short costs this much instead of making
    /// the step infeasible.
    public var minFlowPenalty: Double?
    /// Share of the flow passed on through out-edges; `1 - efficiency` is lost or consumed.
    public var efficiency: Double
    /// The party (state) that owns or operates the node, for reports.
    public var owner: String?

    public init(name: String, kind: Kind, role: NodeRole, minFlow: ScheduledValue = .zero, maxFlow: ScheduledValue = .infinity,
                cost: ScheduledValue = .zero, minFlowPenalty: Double? = nil, efficiency: Double = 1, owner: String? = nil) {
        self.name = name
        self.kind = kind
        self.role = role
        self.minFlow = minFlow
        self.maxFlow = maxFlow
        self.cost = cost
        self.minFlowPenalty = minFlowPenalty
        self.efficiency = efficiency
        self.owner = owner
    }

    public var storageIndex: Int? {
        if case .storage(let s) = kind { return s }
        return nil
    }
}

/// A volume carried from step to step.
public struct Storage: Sendable {
    /// The storage's node index (set by `Network.addStorage`).
    public var node: Int = -1
    public var minVolume: ScheduledValue
    public var maxVolume: ScheduledValue
    public var initialVolume: Double
    /// Cost per unit of end-of-step volume (negative: the water is worth keeping).
    public var cost: ScheduledValue
    /// Optional target volume (rule curve) with penalties per unit of volume below or above.
    public var target: ScheduledValue?
    public var belowTargetPenalty: Double
    public var aboveTargetPenalty: Double
    /// Volume–area–level table (areas in km², levels in m a.s.l.).
    public var table: VolumeTable?
    /// Evaporation in mm/day, applied to the surface area at the start-of-step volume.
    public var evaporationMmPerDay: ScheduledValue?
    /// Volume below which a reservoir counts as at dead storage, for risk reports.
    public var deadVolume: Double?
    /// Below its minimum, the store may not lose water but passes it through (Pywr's
    /// `avail_volume` rule: the volume may fall by at most what lies above the minimum). Off,
    /// an Aral reservoir below its minimum refills to it first, the minimum being a floor the
    /// operator keeps. A Pywr storage starting below `min_volume` released nothing in Aral
    /// while Pywr kept its demand supplied (found from outside).
    public var holdsBelowMinimum = false
    /// The node of the storage's uncontrolled spillway, if it has one: water leaves through it
    /// only when the storage ends the step at its top (its maximum, or its rule-curve target
    /// when being above the target is penalised). Without this, a spill priced below a
    /// downstream demand's benefit served that demand from a half-full reservoir past its
    /// maximum release (found from outside).
    public var spillway: Int?

    public init(minVolume: ScheduledValue, maxVolume: ScheduledValue, initialVolume: Double, cost: ScheduledValue = .zero,
                target: ScheduledValue? = nil, belowTargetPenalty: Double = 0, aboveTargetPenalty: Double = 0,
                table: VolumeTable? = nil, evaporationMmPerDay: ScheduledValue? = nil, deadVolume: Double? = nil) {
        self.minVolume = minVolume
        self.maxVolume = maxVolume
        self.initialVolume = initialVolume
        self.cost = cost
        self.target = target
        self.belowTargetPenalty = belowTargetPenalty
        self.aboveTargetPenalty = aboveTargetPenalty
        self.table = table
        self.evaporationMmPerDay = evaporationMmPerDay
        self.deadVolume = deadVolume
    }
}

/// A linear constraint on node flows: `lower ≤ Σ coefficient·flow ≤ upper`
/// (Pywr's aggregated node limits and flow ratios; a quota across demands).
public struct FlowConstraint: Sendable {
    public var name: String
    public var terms: [(node: Int, coefficient: Double)]
    public var lower: ScheduledValue
    public var upper: ScheduledValue
    public init(name: String, terms: [(node: Int, coefficient: Double)], lower: ScheduledValue, upper: ScheduledValue) {
        self.name = name
        self.terms = terms
        self.lower = lower
        self.upper = upper
    }
}

/// A volume drawn down by node flows, not by water in the river: a licence or an annual
/// allocation. `volume_end = volume_start − volumePerFlow · Σ factor·flow`.
public struct VirtualStorage: Sendable {
    public var name: String
    public var terms: [(node: Int, factor: Double)]
    public var minVolume: Double
    public var maxVolume: Double
    public var initialVolume: Double
    /// Resets to `initialVolume` at the start of the step containing this day each year.
    public var reset: (month: Int, day: Int)?
    /// Pywr's annual rule instead: reset at the first step of each year that starts on or
    /// after the day (a run starting after the day counts as already reset that year).
    public var resetAtFirstStepOnOrAfter = false
    /// Volume after a reset; nil means `initialVolume` (Pywr resets to the maximum by default).
    public var resetVolume: Double?
    /// Steps (by index) at whose start the volume resets, before parameters are evaluated:
    /// for reset rules worked out from the calendar before the run (Pywr's monthly and
    /// seasonal licences), so the engine needs no rule of its own for each.
    public var resetSteps: Set<Int> = []
    /// Per step, false where the licence is switched off: it does not constrain the flows
    /// and its volume is kept (Pywr's seasonal licence out of season). Nil: always on.
    public var activeSteps: [Bool]?
    /// Pywr's rolling licence: at the end of each step the volume used `steps − 1` steps
    /// earlier returns (the first `steps − 1` steps return `initialUse` each), within min/max.
    public var rolling: (steps: Int, initialUse: Double)?
    public init(name: String, terms: [(node: Int, factor: Double)], minVolume: Double, maxVolume: Double,
                initialVolume: Double, reset: (month: Int, day: Int)? = nil) {
        self.name = name
        self.terms = terms
        self.minVolume = minVolume
        self.maxVolume = maxVolume
        self.initialVolume = initialVolume
        self.reset = reset
    }
}

/// A hydropower plant: energy from the flow through `turbineNode` and the head.
///
/// Energy per step (MWh) = min(capacity, ρ·g·Q·H·η / 10⁶) × hours, with Q in m³/s and H in m.
/// The head is the reservoir level at the mean of start and end volume minus the tailwater
/// level, or a fixed head for a run-of-river plant.
public struct HydropowerPlant: Sendable {
    public enum Head: Sendable {
        case fixed(Double)
        /// Level from `storage`'s table, minus a fixed tailwater level.
        case reservoirLevel(storage: Int, tailwaterLevel: Double)
        /// Head read directly from a volume → head table of `storage` (the table's level column).
        case headTable(storage: Int, table: VolumeTable)
    }

    public var name: String
    public var turbineNode: Int
    public var head: Head
    public var efficiency: Double
    public var capacityMW: Double
    /// Multiplies the node flow to get m³/s.
    public var flowToCumecs: Double
    /// The operator: who runs the plant (and its reservoir) and, without `shares`, owns all its energy.
    public var owner: String?
    /// A jointly owned plant's owners and their fractions of its energy, by party code (sum 1);
    /// empty for a plant with one owner. Kambarata-1: KG 0.34, KZ 0.33, UZ 0.33.
    public var shares: [PlantShare]

    public init(name: String, turbineNode: Int, head: Head, efficiency: Double, capacityMW: Double,
                flowToCumecs: Double = 1, owner: String? = nil, shares: [PlantShare] = []) {
        self.name = name
        self.turbineNode = turbineNode
        self.head = head
        self.efficiency = efficiency
        self.capacityMW = capacityMW
        self.flowToCumecs = flowToCumecs
        self.owner = owner
        self.shares = shares
    }

    /// The fraction of this plant's energy that belongs to `party`: its share when the plant is
    /// owned jointly, else 1 for the owner and 0 for everyone else. Energy split this way adds
    /// back up to the plant's energy, since the shares sum to 1.
    public func share(of party: String) -> Double {
        if shares.isEmpty { return owner == party ? 1 : 0 }
        return shares.first { $0.party == party }?.fraction ?? 0
    }

    /// ρ·g / 10⁶: MW per (m³/s · m).
    public static let megawattsPerCumecMetre = 1000.0 * 9.81 / 1_000_000
}

/// One owner's part of a jointly owned plant: a party code and its fraction of the energy.
public struct PlantShare: Sendable, Hashable {
    public var party: String
    public var fraction: Double
    public init(party: String, fraction: Double) {
        self.party = party
        self.fraction = fraction
    }
}
