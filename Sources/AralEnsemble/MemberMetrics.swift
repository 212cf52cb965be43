import AralModel
public import AralSchema

/// What one ensemble member contributes to the ensemble's statistics: a few numbers per
/// demand, state, plant, reservoir and sink, independent of the run's length. Ensembles keep
/// these (not the per-step results), so memory does not grow with steps, and shards merge
/// exactly: statistics are computed at the end from all members' metrics in member order.
public struct MemberMetrics: Sendable, Equatable {
    public var member: Int
    /// Values in the order of `MetricLayout.entries`.
    public var values: [Double]

    public init(member: Int, values: [Double]) {
        self.member = member
        self.values = values
    }
}

/// The kinds of element ensemble statistics speak about.
public enum MetricElementKind: String, Sendable, CaseIterable {
    case demand, state, plant, reservoir, sink
}

/// The named per-member metrics of a model, in a fixed order.
public struct MetricLayout: Sendable, Equatable {
    public struct Entry: Sendable, Hashable {
        public var element: String
        public var kind: MetricElementKind
        public var metric: String
    }
    public var entries: [Entry]

    /// Per demand and state: counts for reliability, resilience and vulnerability
    /// (Hashimoto et al. 1982) and the member's yearly deficit.
    public static let supplyMetrics = ["steps", "failure_steps", "years", "failure_years", "recoveries", "events",
                                       "event_deficit_mm3", "deficit_mm3_per_year", "demand_mm3_per_year"]
    /// Per plant: yearly energy, in the vegetation season (April–September), outside it, and in all.
    public static let plantMetrics = ["gwh_per_year_vegetation", "gwh_per_year_non_vegetation", "gwh_per_year"]
    /// Per reservoir: whether and how often it fell to dead storage, and its lowest volume.
    public static let reservoirMetrics = ["reached_dead_storage", "dead_storage_steps", "min_volume_mm3"]
    /// Per sink (the Aral Sea): yearly inflow.
    public static let sinkMetrics = ["inflow_km3_per_year"]

    public init(entries: [Entry]) { self.entries = entries }

    public init(model: BasinModel) { self.init(models: [model]) }

    /// The union of the models' elements (overlays may add a reservoir or a plant), so every
    /// member of an ensemble has the same layout; an element a member's model lacks counts zero.
    public init(models: [BasinModel]) {
        var names: [MetricElementKind: [String]] = [:]
        for model in models {
            let targets = MemberTargets(model: model)
            func add(_ kind: MetricElementKind, _ list: [String]) {
                for n in list where !(names[kind] ?? []).contains(n) { names[kind, default: []].append(n) }
            }
            add(.demand, targets.demands.map(\.name))
            add(.state, targets.states.map(\.name))
            add(.plant, targets.plants.map(\.name))
            add(.reservoir, targets.reservoirs.map(\.name))
            add(.sink, targets.sinks.map(\.name))
        }
        var entries: [Entry] = []
        for kind in MetricElementKind.allCases {
            for name in names[kind] ?? [] {
                for m in Self.metrics(of: kind) { entries.append(Entry(element: name, kind: kind, metric: m)) }
            }
        }
        self.entries = entries
    }

    public static func metrics(of kind: MetricElementKind) -> [String] {
        switch kind {
        case .demand, .state: return supplyMetrics
        case .plant: return plantMetrics
        case .reservoir: return reservoirMetrics
        case .sink: return sinkMetrics
        }
    }

    /// Element names of `kind`, in layout order.
    public func elements(_ kind: MetricElementKind) -> [String] {
        var seen: [String] = []
        for e in entries where e.kind == kind && !seen.contains(e.element) { seen.append(e.element) }
        return seen
    }
}

/// The model elements that metrics are computed for, resolved to network indices once.
struct MemberTargets {
    struct Demand { var name: String; var node: Int; var owner: String? }
    struct State { var name: String; var demands: [Int] }
    struct Plant { var name: String; var plant: Int }
    struct Reservoir { var name: String; var storage: Int; var deadVolume: Double? }
    struct Sink { var name: String; var node: Int }

    var demands: [Demand] = []
    var states: [State] = []
    var plants: [Plant] = []
    var reservoirs: [Reservoir] = []
    var sinks: [Sink] = []

    /// The layout's elements resolved in `model`, in layout order; an element the model lacks
    /// gets an empty stand-in that records nothing.
    init(model: BasinModel, layout: MetricLayout) {
        let own = MemberTargets(model: model)
        demands = layout.elements(.demand).map { n in own.demands.first { $0.name == n } ?? Demand(name: n, node: -1, owner: nil) }
        states = layout.elements(.state).map { n in
            let indices = demands.indices.filter { i in
                demands[i].node >= 0 && own.demands.first(where: { d in d.name == demands[i].name })?.owner == n
            }
            return State(name: n, demands: indices)
        }
        plants = layout.elements(.plant).map { n in own.plants.first { $0.name == n } ?? Plant(name: n, plant: -1) }
        reservoirs = layout.elements(.reservoir).map { n in own.reservoirs.first { $0.name == n } ?? Reservoir(name: n, storage: -1, deadVolume: nil) }
        sinks = layout.elements(.sink).map { n in own.sinks.first { $0.name == n } ?? Sink(name: n, node: -1) }
    }

    init(model: BasinModel) {
        var byOwner: [String: [Int]] = [:]
        var ownerOrder: [String] = []
        for e in model.elements where e.enabled {
            switch e.kind {
            case .demand:
                guard let node = e.node else { continue }
                if let owner = e.owner {
                    if byOwner[owner] == nil { ownerOrder.append(owner) }
                    byOwner[owner, default: []].append(demands.count)
                }
                demands.append(Demand(name: e.name, node: node, owner: e.owner))
            case .hydropower:
                if let p = e.plant { plants.append(Plant(name: e.name, plant: p)) }
            case .reservoir:
                guard let s = e.storage else { continue }
                let storage = model.network.storages[s]
                // Dead storage as the model states it; else the reservoir's (constant) minimum.
                let dead = storage.deadVolume ?? storage.minVolume.constantValue
                reservoirs.append(Reservoir(name: e.name, storage: s, deadVolume: dead))
            case .sink:
                if let node = e.node { sinks.append(Sink(name: e.name, node: node)) }
            default:
                continue
            }
        }
        states = ownerOrder.map { State(name: $0, demands: byOwner[$0] ?? []) }
    }
}
