public import AralModel
public import AralSchema

/// A basin run's results in the user's terms: per element of the model file, what flowed,
/// what was stored, what was generated, and what fell short.
public struct BasinResults: Sendable {
    public var model: BasinModel
    public var steps: [TimeStep]
    /// Rows of the long results table, one per step, element and attribute.
    public var series: [ElementSeries]
    /// Largest relative mass-balance residual over all nodes and steps.
    public var worstMassBalanceResidual: Double
    /// Every step at which a storage ended below its minimum because evaporation alone took
    /// it there (see `PhysicalShortfall`); also in `series` as the reservoir's
    /// `physical-shortfall` (Mm³), for reservoirs that had one.
    public var physicalShortfalls: [PhysicalShortfall]
    /// How each period of the model's volumes over periods (`policy.volumes`) ended, in the
    /// order they ended: which fell short of their least volume or passed their most, and by
    /// how much.
    public var volumeOutcomes: [VolumeOutcome]
    /// Return water still in transit at the end of the run (`Network.flowDelays`), Mm³, by
    /// the demand it left: it arrives after the run and is reported, not lost.
    public var volumesInTransit: [(name: String, volumeMm3: Double)] = []

    /// One attribute of one element over all steps (`toktogul` `volume`).
    public struct ElementSeries: Sendable {
        public var element: String
        public var attribute: String
        public var values: [Double]
    }

    public init(model: BasinModel, recorder: MemoryRecorder, worstMassBalanceResidual: Double,
                physicalShortfalls: [PhysicalShortfall] = [], volumeOutcomes: [VolumeOutcome] = []) {
        self.model = model
        self.volumeOutcomes = volumeOutcomes
        self.steps = recorder.steps
        self.worstMassBalanceResidual = worstMassBalanceResidual
        self.physicalShortfalls = physicalShortfalls
        var shortfallByStorage: [Int: [Int: Double]] = [:]
        for shortfall in physicalShortfalls { shortfallByStorage[shortfall.storage, default: [:]][shortfall.step] = shortfall.volume }
        let n = recorder.steps.count
        var series: [ElementSeries] = []
        func add(_ element: String, _ attribute: String, _ f: (Int) -> Double) {
            series.append(ElementSeries(element: element, attribute: attribute, values: (0..<n).map(f)))
        }
        for e in model.elements {
            switch e.kind {
            case .inflow, .link, .confluence, .sink:
                if let node = e.node { add(e.name, "flow") { recorder.flow(step: $0, node: node) } }
                if e.kind == .sink, let node = e.node, model.network.nodes[node].minFlowPenalty != nil
                    || model.network.nodes[node].minFlow != .zero {
                    let minFlow = model.network.nodes[node].minFlow
                    if minFlow != .zero {
                        add(e.name, "shortfall") { step in
                            max(0, model.network.scheduledValue(minFlow, at: step) - recorder.flow(step: step, node: node))
                        }
                    }
                }
            case .demand:
                guard let node = e.node else { continue }
                add(e.name, "flow") { recorder.flow(step: $0, node: node) }
                add(e.name, "demand") { recorder.maxFlow(step: $0, node: node) }
                add(e.name, "deficit") { max(0, recorder.maxFlow(step: $0, node: node) - recorder.flow(step: $0, node: node)) }
            case .reservoir:
                if let s = e.storage, let r = e.releaseNode, let sp = e.spillNode {
                    add(e.name, "volume") { recorder.volume(step: $0, storage: s) }
                    add(e.name, "flow") { recorder.flow(step: $0, node: r) + recorder.flow(step: $0, node: sp) }
                    add(e.name, "release") { recorder.flow(step: $0, node: r) }
                    add(e.name, "spill") { recorder.flow(step: $0, node: sp) }
                    add(e.name, "evaporation") { recorder.evaporation(step: $0, storage: s) }
                    if let shortfalls = shortfallByStorage[s] {
                        add(e.name, "physical-shortfall") { shortfalls[$0] ?? 0 }
                    }
                } else if let node = e.node {
                    add(e.name, "flow") { recorder.flow(step: $0, node: node) }
                }
            case .hydropower:
                guard let p = e.plant else { continue }
                let turbine = model.network.hydropower[p].turbineNode
                add(e.name, "flow") { recorder.flow(step: $0, node: turbine) }
                add(e.name, "energy") { recorder.energy(step: $0, plant: p) }
            }
        }
        self.series = series
    }

    public func values(_ element: String, _ attribute: String) -> [Double]? {
        series.first { $0.element == element && $0.attribute == attribute }?.values
    }

    /// Converts a flow series (m³/s) to the volume it carries over the run (million m³).
    public func totalVolume(_ flows: [Double], steps range: Range<Int>? = nil) -> Double {
        var total = 0.0
        for i in range ?? 0..<steps.count { total += flows[i] * model.network.units.volumePerFlow(steps[i]) }
        return total
    }

    // MARK: - Summary

    public struct DemandLine: Sendable {
        public var name: String
        public var owner: String?
        public var priority: Int?
        public var demandMm3: Double
        public var deliveredMm3: Double
        public var deficitPercent: Double { demandMm3 > 0 ? 100 * (demandMm3 - deliveredMm3) / demandMm3 : 0 }
    }
    public struct ReservoirLine: Sendable {
        public var name: String
        public var minMm3: Double, meanMm3: Double, maxMm3: Double, finalMm3: Double
        public var evaporationMm3: Double
        public var spillMm3: Double
    }
    /// A storage's physical shortfalls over the run: at how many steps, and the deepest.
    public struct PhysicalShortfallLine: Sendable {
        public var name: String
        public var steps: Int
        public var worstMm3: Double
        public var worstDate: CivilDate
    }
    public struct PlantLine: Sendable {
        public var name: String
        public var owner: String?
        public var gwh: Double
        public var gwhPerYear: Double
    }
    public struct SinkLine: Sendable {
        public var name: String
        public var inflowKm3: Double
        public var inflowKm3PerYear: Double
    }

    public var years: Double {
        Double(steps.reduce(0) { $0 + $1.days }) / 365.25
    }

    public var demandLines: [DemandLine] {
        model.elements.filter { $0.kind == .demand }.compactMap { e in
            guard let d = values(e.name, "demand"), let f = values(e.name, "flow") else { return nil }
            return DemandLine(name: e.name, owner: e.owner, priority: e.priority, demandMm3: totalVolume(d), deliveredMm3: totalVolume(f))
        }
    }

    public var reservoirLines: [ReservoirLine] {
        model.elements.filter { $0.kind == .reservoir && $0.storage != nil }.compactMap { e in
            guard let v = values(e.name, "volume"), !v.isEmpty else { return nil }
            return ReservoirLine(name: e.name, minMm3: v.min() ?? 0, meanMm3: v.reduce(0, +) / Double(v.count),
                                 maxMm3: v.max() ?? 0, finalMm3: v.last ?? 0,
                                 evaporationMm3: values(e.name, "evaporation")?.reduce(0, +) ?? 0,
                                 spillMm3: totalVolume(values(e.name, "spill") ?? []))
        }
    }

    /// One line per storage with a physical shortfall, in the order they first occurred.
    public var physicalShortfallLines: [PhysicalShortfallLine] {
        var lines: [PhysicalShortfallLine] = []
        var index: [Int: Int] = [:]
        for shortfall in physicalShortfalls {
            if let i = index[shortfall.storage] {
                lines[i].steps += 1
                if shortfall.volume > lines[i].worstMm3 {
                    lines[i].worstMm3 = shortfall.volume
                    lines[i].worstDate = shortfall.date
                }
            } else {
                index[shortfall.storage] = lines.count
                lines.append(PhysicalShortfallLine(name: shortfall.node, steps: 1, worstMm3: shortfall.volume,
                                                   worstDate: shortfall.date))
            }
        }
        return lines
    }

    public var plantLines: [PlantLine] {
        model.elements.filter { $0.kind == .hydropower && $0.plant != nil }.compactMap { e in
            guard let energy = values(e.name, "energy") else { return nil }
            let gwh = energy.reduce(0, +) / 1000
            return PlantLine(name: e.name, owner: e.owner, gwh: gwh, gwhPerYear: years > 0 ? gwh / years : 0)
        }
    }

    public var sinkLines: [SinkLine] {
        model.elements.filter { $0.kind == .sink }.compactMap { e in
            guard let f = values(e.name, "flow") else { return nil }
            let km3 = totalVolume(f) / 1000
            return SinkLine(name: e.name, inflowKm3: km3, inflowKm3PerYear: years > 0 ? km3 / years : 0)
        }
    }
}
