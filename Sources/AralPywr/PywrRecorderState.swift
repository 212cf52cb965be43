import AralModel
import AralSchema

/// The running state of a file's recorders over one scenario combination, updated after
/// every step as Pywr's `after()` methods update theirs. Totals, counts and extremes keep
/// one number; only recorders whose value needs the whole record (arrays, duration curves,
/// annual totals) keep it. `values()` then gives Pywr's `values()` for this combination.
final class PywrRecorderState {
    let definitions: [PywrRecorderDefinition]
    /// Position of this combination in Pywr's order (`ScenarioIndex.global_id`).
    let combination: Int
    /// The member of each scenario in this combination.
    let members: [Int]
    /// Per recorder: its record (one row per step, or per year), or its running numbers.
    private(set) var records: [[Double]]
    private var accumulators: [Double]
    private var counts: [Int]
    /// Rolling windows of flows (`rollingmeanflownode`).
    private var windows: [[Double]]
    private var firstYear: Int?
    private(set) var stepsRecorded = 0

    /// A recorder that keeps one running number of a node's flow or a storage's volume. These,
    /// the common ones, are flattened at init and updated in a tight loop, without copying a
    /// `PywrRecorderDefinition` per recorder and step (its name, type and payload, retained
    /// each time); each updates its own number exactly as `record`'s switch does.
    private struct Running {
        enum Kind: UInt8 { case totalFlow, meanFlow, totalDeficit, deficitFrequency, minimumVolume }
        var kind: Kind
        var recorder: Int
        /// The Pywr node (or storage node) read.
        var node: Int
        /// The network node whose upper bound is the node's `max_flow`, or -1.
        var maxFlowNode: Int
        var factor: Double
    }
    private let running: [Running]
    /// The other recorders, in definition order, for `record`'s switch.
    private let general: [Int]

    init(definitions: [PywrRecorderDefinition], combination: Int, members: [Int]) {
        self.definitions = definitions
        self.combination = combination
        self.members = members
        var running: [Running] = [], general: [Int] = []
        for (r, d) in definitions.enumerated() {
            switch d.kind {
            case .totalFlow(let node, let factor):
                running.append(Running(kind: .totalFlow, recorder: r, node: node.index, maxFlowNode: -1, factor: factor))
            case .meanFlow(let node, let factor):
                running.append(Running(kind: .meanFlow, recorder: r, node: node.index, maxFlowNode: -1, factor: factor))
            case .totalDeficit(let node):
                running.append(Running(kind: .totalDeficit, recorder: r, node: node.index, maxFlowNode: node.maxFlowNode ?? -1, factor: 1))
            case .deficitFrequency(let node):
                running.append(Running(kind: .deficitFrequency, recorder: r, node: node.index, maxFlowNode: node.maxFlowNode ?? -1, factor: 1))
            case .minimumVolume(let s):
                running.append(Running(kind: .minimumVolume, recorder: r, node: s.index, maxFlowNode: -1, factor: 1))
            default:
                general.append(r)
            }
        }
        self.running = running
        self.general = general
        records = Array(repeating: [], count: definitions.count)
        windows = Array(repeating: [], count: definitions.count)
        counts = Array(repeating: 0, count: definitions.count)
        accumulators = definitions.map { d in
            switch d.kind {
            case .minimumVolume: .infinity
            default: 0
            }
        }
    }

    /// One step: `flows` and `volumes` per Pywr node (volumes NaN where a node has none),
    /// `maxFlows` per network node, `parameters` per network parameter.
    func record(step: TimeStep, flows: [Double], volumes: [Double],
                maxFlows: UnsafeBufferPointer<Double>, parameters: UnsafeBufferPointer<Double>) {
        func resolve(_ v: ScheduledValue) -> Double {
            switch v {
            case .constant(let c): return c
            case .parameter(let i): return i < parameters.count ? parameters[i] : .nan
            }
        }
        func maxFlow(_ node: PywrRecorderDefinition.NodeRef) -> Double {
            guard let n = node.maxFlowNode, n < maxFlows.count else { return .nan }
            return maxFlows[n]
        }
        func head(_ h: PywrRecorderDefinition.Hydropower) -> Double {
            let head = h.waterElevation.map { resolve($0) - h.turbineElevation } ?? h.turbineElevation
            return Swift.max(head, 0)
        }
        let days = Double(step.days)
        stepsRecorded += 1
        if firstYear == nil { firstYear = step.date.year }
        accumulators.withUnsafeMutableBufferPointer { accumulators in
            for k in running.indices {
                let c = running[k], r = c.recorder
                switch c.kind {
                case .totalFlow:
                    accumulators[r] += flows[c.node] * c.factor * days
                case .meanFlow:
                    accumulators[r] += flows[c.node] * c.factor
                case .totalDeficit:
                    let maxFlow = c.maxFlowNode >= 0 && c.maxFlowNode < maxFlows.count ? maxFlows[c.maxFlowNode] : .nan
                    accumulators[r] += (maxFlow - flows[c.node]) * days
                case .deficitFrequency:
                    let maxFlow = c.maxFlowNode >= 0 && c.maxFlowNode < maxFlows.count ? maxFlows[c.maxFlowNode] : .nan
                    if abs(flows[c.node] - maxFlow) > 1e-6 { accumulators[r] += 1 }
                case .minimumVolume:
                    accumulators[r] = Swift.min(volumes[c.node], accumulators[r])
                }
            }
        }
        for r in general {
            let d = definitions[r]
            switch d.kind {
            case .nodeArray(let node, let factor):
                records[r].append(flows[node.index] * factor)
            case .storageArray(let s, let proportional):
                records[r].append(proportional ? volumes[s.index] / resolve(s.maxVolume) : volumes[s.index])
            case .parameterArray(let v):
                records[r].append(resolve(v))
            case .deficitArray(let node):
                records[r].append(maxFlow(node) - flows[node.index])
            case .rollingMeanFlow(let node, let window):
                windows[r].append(flows[node.index])
                if windows[r].count > window { windows[r].removeFirst() }
                records[r].append(PywrAggregator.mean.aggregate(windows[r]))
            case .flowDurationCurve(let node, _, let months):
                if months.map({ $0.contains(step.date.month) }) ?? true { records[r].append(flows[node.index]) }
            case .flowDurationCurveDeviation(let node, _, _, _, _):
                records[r].append(flows[node.index])
            case .hydropowerArray(let node, let h):
                records[r].append(h.power(flow: flows[node.index], head: head(h)))
            case .totalHydroEnergy(let node, let h):
                accumulators[r] += h.power(flow: flows[node.index], head: head(h)) * days
            case .totalFlow, .meanFlow, .totalDeficit, .deficitFrequency, .minimumVolume:
                break  // in `running`, updated above
            case .minimumThresholdVolume(let s, let threshold):
                if volumes[s.index] <= threshold { accumulators[r] = 1 }
            case .storageThreshold(let s, let threshold, let predicate):
                accumulators[r] = predicate.holds(volumes[s.index], threshold) ? 1 : 0
            case .nodeThreshold(let node, let threshold, let predicate):
                accumulators[r] = predicate.holds(flows[node.index], threshold) ? 1 : 0
            case .totalParameter(let v, let factor, let integrate):
                accumulators[r] += resolve(v) * (integrate ? factor * days : factor)
            case .meanParameter(let v, let factor):
                accumulators[r] += resolve(v) * factor
            case .timestepCountIndex(let v, let threshold):
                if resolve(v) >= threshold { accumulators[r] += 1 }
            case .annualTotalFlow(let nodes, let factors, let years):
                recordAnnual(r, step: step, years: years, flow: zip(nodes, factors).reduce(0) { $0 + flows[$1.0.index] * $1.1 })
            case .aggregated:
                break
            }
        }
    }

    /// Pywr's `AnnualTotalFlowRecorder.after`: the step's days in its own year go to that
    /// year, the rest (a step crossing New Year) to the next.
    private func recordAnnual(_ r: Int, step: TimeStep, years: Int, flow: Double) {
        if records[r].isEmpty { records[r] = Array(repeating: 0, count: years) }
        let year = step.date.year - (firstYear ?? step.date.year)
        let newYear = CivilDate(year: step.date.year + 1, month: 1, day: 1).dayNumber
        let inThisYear = Swift.min(step.days, newYear - step.date.dayNumber)
        if year < years { records[r][year] += flow * Double(inThisYear) }
        if inThisYear != step.days, year + 1 < years { records[r][year + 1] += flow * Double(step.days - inThisYear) }
    }

    /// Pywr's `values()` of every recorder for this combination, in definition order.
    func values() -> [Double] {
        var memo = [Double?](repeating: nil, count: definitions.count)
        return definitions.indices.map { value($0, &memo) }
    }

    private func temporal(_ d: PywrRecorderDefinition, _ data: [Double]) -> Double {
        d.temporal.aggregate(d.ignoreNaN ? data.filter { !$0.isNaN } : data)
    }

    private func value(_ r: Int, _ memo: inout [Double?]) -> Double {
        if let v = memo[r] { return v }
        let d = definitions[r]
        // Pywr divides means and frequencies by `timestepper.current.index`, which after
        // the run is the number of steps.
        let steps = Double(stepsRecorded)
        let result: Double
        switch d.kind {
        case .nodeArray, .storageArray, .parameterArray, .deficitArray, .rollingMeanFlow, .hydropowerArray:
            result = temporal(d, records[r])
        case .annualTotalFlow:
            result = temporal(d, records[r])
        case .flowDurationCurve(_, let percentiles, _):
            result = temporal(d, percentiles.map { PywrAggregator.percentile(records[r], $0) })
        case .flowDurationCurveDeviation(_, let percentiles, let lower, let upper, let scenario):
            result = temporal(d, Self.deviations(records[r], percentiles: percentiles, lower: lower, upper: upper,
                                                  column: scenario.map { members[$0] } ?? combination))
        case .meanFlow, .deficitFrequency, .meanParameter:
            result = accumulators[r] / steps
        case .totalHydroEnergy, .totalFlow, .totalDeficit, .minimumVolume, .minimumThresholdVolume,
             .storageThreshold, .nodeThreshold, .totalParameter, .timestepCountIndex:
            result = accumulators[r]
        case .aggregated(let children, let function):
            result = function.aggregate(children.map { value($0, &memo) })
        }
        memo[r] = result
        return result
    }

    /// `FlowDurationCurveDeviationRecorder.finish` for one combination.
    static func deviations(_ flows: [Double], percentiles: [Double], lower: [[Double]]?, upper: [[Double]]?, column: Int) -> [Double] {
        percentiles.indices.map { k in
            let fdc = PywrAggregator.percentile(flows, percentiles[k])
            func target(_ t: [[Double]]) -> Double {
                let row = t[k]
                return row.count == 1 ? row[0] : (column < row.count ? row[column] : .nan)
            }
            // Pywr divides with Python semantics: a zero target raises ZeroDivisionError,
            // which it records as NaN.
            if let upper, target(upper) == 0 { return .nan }
            if let lower, target(lower) == 0 { return .nan }
            let up = upper.map { (fdc - target($0)) / target($0) } ?? 0
            let low = lower.map { (target($0) - fdc) / target($0) } ?? 0
            return Swift.max(up, low, 0)
        }
    }

    /// The per-step record of an array recorder (Pywr's `data` column for this combination).
    func data(_ r: Int) -> [Double]? {
        definitions[r].isStepArray ? records[r] : nil
    }
}
