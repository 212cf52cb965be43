import AralModel

/// The network and its LP layout as flat buffers, read by `Simulation`'s step loop.
///
/// Why: the loop runs millions of times in an ensemble; reading `Node`s and `Storage`s (names,
/// optionals, enums with payloads) or class-held Swift arrays costs copies, retains and
/// uniqueness checks per element. Built once per simulation; immutable afterwards.
final class FlatLayout {
    /// How a node's mass balance is written.
    enum BalanceKind: UInt8 {
        /// flow = Σ out.
        case input
        /// An output without out-edges: Σ in = flow.
        case sink
        /// A link (or an output that passes flow on): Σ in = flow, Σ out = efficiency · flow.
        case through
        /// Volume change = k · (Σ in − Σ out) − evaporation.
        case storage
    }

    /// One hydropower plant, without its name and owner.
    struct Plant {
        var turbineNode: Int
        var flowToCumecs: Double
        var head: HydropowerPlant.Head
        /// The reservoir's volume table, for `.reservoirLevel` heads.
        var table: VolumeTable?
        var capacityMW: Double
        var efficiency: Double
    }

    let nodeCount: Int, edgeCount: Int, storageCount: Int, virtualCount: Int
    let constraintCount: Int, parameterCount: Int
    /// Whether any virtual storage resets at the first step on or after its day, or at
    /// given steps.
    let hasFirstStepResets: Bool
    /// Whether any virtual storage is switched off at some steps or is a rolling licence.
    let hasVirtualRules: Bool

    // Nodes.
    let nodeColumn: UnsafeMutableBufferPointer<Int>
    /// Row of a soft minimum, or -1.
    let minRow: UnsafeMutableBufferPointer<Int>
    let minFlow: UnsafeMutableBufferPointer<ScheduledValue>
    let maxFlow: UnsafeMutableBufferPointer<ScheduledValue>
    let cost: UnsafeMutableBufferPointer<ScheduledValue>
    let balanceKind: UnsafeMutableBufferPointer<BalanceKind>
    /// The storage index of a storage node (else -1).
    let nodeStorage: UnsafeMutableBufferPointer<Int>
    /// 1 − efficiency.
    let lossShare: UnsafeMutableBufferPointer<Double>
    /// Nodes with a parameter in their minimum, maximum or cost: after the first step only
    /// these can change their bounds or cost.
    let dynamicNodes: UnsafeMutableBufferPointer<Int>
    // Edges.
    let edgeColumn: UnsafeMutableBufferPointer<Int>
    let edgeFrom: UnsafeMutableBufferPointer<Int>
    let edgeTo: UnsafeMutableBufferPointer<Int>
    // Storages.
    let storageColumn: UnsafeMutableBufferPointer<Int>
    let storageRow: UnsafeMutableBufferPointer<Int>
    /// The row keeping the end volume at or above the minimum, and the column of the
    /// physical shortfall below it.
    let minimumRow: UnsafeMutableBufferPointer<Int>
    let belowMinimumColumn: UnsafeMutableBufferPointer<Int>
    let minVolume: UnsafeMutableBufferPointer<ScheduledValue>
    let maxVolume: UnsafeMutableBufferPointer<ScheduledValue>
    let storageCost: UnsafeMutableBufferPointer<ScheduledValue>
    /// Target row (or -1), its value and the columns and penalties of its slacks.
    let targetRow: UnsafeMutableBufferPointer<Int>
    let target: [ScheduledValue?]
    let targetBelowColumn: UnsafeMutableBufferPointer<Int>
    let targetAboveColumn: UnsafeMutableBufferPointer<Int>
    let belowTargetPenalty: UnsafeMutableBufferPointer<Double>
    let aboveTargetPenalty: UnsafeMutableBufferPointer<Double>
    let evaporationRate: [ScheduledValue?]
    let tables: [VolumeTable?]
    // Flow constraints.
    let constraintRow: UnsafeMutableBufferPointer<Int>
    let constraintLower: UnsafeMutableBufferPointer<ScheduledValue>
    let constraintUpper: UnsafeMutableBufferPointer<ScheduledValue>
    let plants: [Plant]
    // Parameters that only look up a schedule, read here without a protocol call.
    enum ParameterKind: UInt8 {
        /// Evaluated through `Parameter.value(in:)`.
        case general
        /// A `StepSeriesParameter`: `series[offset + step]`, for steps below `length`.
        case series
        /// A `MonthlyProfileParameter`: `monthly[offset + month − 1]`.
        case monthly
    }
    let parameterKind: UnsafeMutableBufferPointer<ParameterKind>
    let parameterOffset: UnsafeMutableBufferPointer<Int>
    let parameterLength: UnsafeMutableBufferPointer<Int>
    let series: UnsafeMutableBufferPointer<Double>
    let monthly: UnsafeMutableBufferPointer<Double>

    init(network: Network, problem: AllocationProblem) {
        let nodes = network.nodes, storages = network.storages
        nodeCount = nodes.count
        edgeCount = network.edges.count
        storageCount = storages.count
        virtualCount = network.virtualStorages.count
        constraintCount = network.flowConstraints.count
        parameterCount = network.parameters.count
        hasFirstStepResets = network.virtualStorages.contains { $0.resetAtFirstStepOnOrAfter || !$0.resetSteps.isEmpty }
        hasVirtualRules = network.virtualStorages.contains { $0.activeSteps != nil || $0.rolling != nil }

        var hasOut = Array(repeating: false, count: nodes.count)
        for edge in network.edges { hasOut[edge.from] = true }
        nodeColumn = .copy(problem.nodeColumn)
        minRow = .copy(problem.minRow.map { $0 ?? -1 })
        minFlow = .copy(nodes.map(\.minFlow))
        maxFlow = .copy(nodes.map(\.maxFlow))
        cost = .copy(nodes.map(\.cost))
        balanceKind = .copy(nodes.indices.map { n -> BalanceKind in
            switch nodes[n].kind {
            case .input: return .input
            case .output where !hasOut[n]: return .sink
            case .output, .link: return .through
            case .storage: return .storage
            }
        })
        nodeStorage = .copy(nodes.map { $0.storageIndex ?? -1 })
        lossShare = .copy(nodes.map { 1 - $0.efficiency })
        dynamicNodes = .copy(nodes.indices.filter { n in
            [nodes[n].minFlow, nodes[n].maxFlow, nodes[n].cost].contains { $0.constantValue == nil }
        })

        edgeColumn = .copy(problem.edgeColumn)
        edgeFrom = .copy(network.edges.map(\.from))
        edgeTo = .copy(network.edges.map(\.to))

        storageColumn = .copy(problem.storageColumn)
        storageRow = .copy(problem.storageRow)
        minimumRow = .copy(problem.minimumRow)
        belowMinimumColumn = .copy(problem.belowMinimumColumn)
        minVolume = .copy(storages.map(\.minVolume))
        maxVolume = .copy(storages.map(\.maxVolume))
        storageCost = .copy(storages.map(\.cost))
        var targetRows: [Int] = [], targets: [ScheduledValue?] = [], below: [Int] = [], above: [Int] = []
        for s in storages.indices {
            if let t = problem.targetRow[s], let target = storages[s].target,
               let b = problem.targetBelowColumn[s], let a = problem.targetAboveColumn[s] {
                targetRows.append(t)
                targets.append(target)
                below.append(b)
                above.append(a)
            } else {
                targetRows.append(-1)
                targets.append(nil)
                below.append(-1)
                above.append(-1)
            }
        }
        targetRow = .copy(targetRows)
        target = targets
        targetBelowColumn = .copy(below)
        targetAboveColumn = .copy(above)
        belowTargetPenalty = .copy(storages.map(\.belowTargetPenalty))
        aboveTargetPenalty = .copy(storages.map(\.aboveTargetPenalty))
        evaporationRate = storages.map(\.evaporationMmPerDay)
        tables = storages.map(\.table)

        constraintRow = .copy(problem.constraintRow)
        constraintLower = .copy(network.flowConstraints.map(\.lower))
        constraintUpper = .copy(network.flowConstraints.map(\.upper))
        var kinds: [ParameterKind] = [], offsets: [Int] = [], lengths: [Int] = []
        var seriesValues: [Double] = [], monthlyValues: [Double] = []
        for parameter in network.parameters {
            if let p = parameter as? StepSeriesParameter {
                kinds.append(.series)
                offsets.append(seriesValues.count)
                lengths.append(p.values.count)
                seriesValues += p.values
            } else if let p = parameter as? MonthlyProfileParameter, p.values.count == 12 {
                kinds.append(.monthly)
                offsets.append(monthlyValues.count)
                lengths.append(12)
                monthlyValues += p.values
            } else {
                kinds.append(.general)
                offsets.append(0)
                lengths.append(0)
            }
        }
        parameterKind = .copy(kinds)
        parameterOffset = .copy(offsets)
        parameterLength = .copy(lengths)
        series = .copy(seriesValues)
        monthly = .copy(monthlyValues)
        plants = network.hydropower.map { plant in
            var table: VolumeTable?
            if case .reservoirLevel(let s, _) = plant.head { table = storages[s].table }
            return Plant(turbineNode: plant.turbineNode, flowToCumecs: plant.flowToCumecs, head: plant.head, table: table,
                         capacityMW: plant.capacityMW, efficiency: plant.efficiency)
        }
    }

    deinit {
        nodeColumn.deallocate(); minRow.deallocate(); minFlow.deallocate(); maxFlow.deallocate(); cost.deallocate()
        balanceKind.deallocate(); nodeStorage.deallocate(); lossShare.deallocate(); dynamicNodes.deallocate()
        edgeColumn.deallocate(); edgeFrom.deallocate(); edgeTo.deallocate()
        storageColumn.deallocate(); storageRow.deallocate(); minimumRow.deallocate(); belowMinimumColumn.deallocate()
        minVolume.deallocate(); maxVolume.deallocate()
        storageCost.deallocate(); targetRow.deallocate(); targetBelowColumn.deallocate(); targetAboveColumn.deallocate()
        belowTargetPenalty.deallocate(); aboveTargetPenalty.deallocate()
        constraintRow.deallocate(); constraintLower.deallocate(); constraintUpper.deallocate()
        parameterKind.deallocate(); parameterOffset.deallocate(); parameterLength.deallocate()
        series.deallocate(); monthly.deallocate()
    }
}

extension UnsafeMutableBufferPointer {
    /// A new buffer holding `values`. Free it with `deallocate()`: only for trivial elements
    /// (numbers, indices, `ScheduledValue`), which need no deinitialization.
    static func copy(_ values: [Element]) -> Self {
        let buffer = Self.allocate(capacity: values.count)
        _ = buffer.initialize(fromContentsOf: values)
        return buffer
    }

    /// A new buffer of `count` copies of `value`.
    static func filled(_ value: Element, count: Int) -> Self {
        let buffer = Self.allocate(capacity: count)
        buffer.initialize(repeating: value)
        return buffer
    }
}
