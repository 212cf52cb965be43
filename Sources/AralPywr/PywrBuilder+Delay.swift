import AralModel
import AralSchema

/// Pywr's `DelayNode` and `flowdelay` parameter (`pywr/nodes.py`, `FlowDelayParameter`): the
/// flow of a node `timesteps` steps (or `days` days) earlier, `initial_flow` before that.
///
/// A `DelayNode` is, as in Pywr, an output (what flows into it) and an input (what flows out,
/// its min = max flow the delayed value). Here the pair is a `FlowDelay`, so the water between
/// the two is in transit, balanced and checked every step like any storage, and what is still
/// in transit at the end is reported. Pywr delays the flow value; Aral keeps the volume: they
/// agree when every step has the same number of days, which this importer therefore requires.
extension PywrBuilder {
    /// The delay in steps from `timesteps` or `days` (divisible by the step's length, ≥ 1 step).
    func delaySteps(_ node: JSONNode, what: String) throws(ModelFileError) -> Int {
        let timesteps = try optionalInteger(node, "timesteps", default: 0)
        let days = try optionalInteger(node, "days", default: 0)
        guard let first = network.steps.first, network.steps.allSatisfy({ $0.days == first.days }) else {
            throw issue(node, "\(what) needs a timestep of a fixed number of days (Pywr delays the flow, Aral the volume: they agree only then)")
        }
        var steps = timesteps
        if days > 0 {
            guard days % first.days == 0 else {
                throw issue(node["days"], "\(days) days is not a whole number of \(first.days)-day steps")
            }
            steps = days / first.days
        }
        guard steps >= 1 else {
            throw issue(node, node.childPath("timesteps"), "\(what) needs 'timesteps' or 'days' of at least one step")
        }
        guard steps < network.steps.count else {
            throw issue(node, node.childPath(days > 0 ? "days" : "timesteps"),
                        "a delay of \(steps) steps is longer than the run (\(network.steps.count) steps): nothing would arrive")
        }
        return steps
    }

    func buildDelayNode(_ name: String, _ node: JSONNode) throws(ModelFileError) {
        try rejectUnknownKeys(node, known: Self.commonKeys.union(["timesteps", "days", "initial_flow"]), what: "a 'delaynode' node")
        let steps = try delaySteps(node, what: "a delaynode")
        let initial = try optionalNumber(node, "initial_flow", default: 0)
        let output = add("\(name) Output", .output, role: part(name, "delay output"))
        let input = network.addDelay(name: name, source: output, targetName: "\(name) Input", role: part(name, "delay input"),
                                     fractions: Array(repeating: 0, count: steps - 1) + [1], initialFlow: initial)
        register(name, "delaynode", inlet: output, outlet: input, flow: input)
    }

    /// `flowdelay`: the node's flow `steps` steps back, from a chain of one-step lags.
    func flowDelayParameter(_ node: JSONNode, label: String, common: Set<String>) throws(ModelFileError) -> ScheduledValue {
        try rejectUnknownKeys(node, known: common.union(["node", "timesteps", "days", "initial_flow"]), what: "a 'flowdelay' parameter")
        let steps = try delaySteps(node, what: "a flowdelay parameter")
        let initial = try optionalNumber(node, "initial_flow", default: 0)
        let ref = try required(node, "node", what: "a flowdelay parameter")
        var last = try withNode(ref) { n, _ in PywrPreviousFlowParameter(label: "\(label) lag 1", node: n, initialValue: initial) }
        for k in 1..<steps {
            guard case .parameter(let previous) = last else { throw issue(ref, "internal: lag parameter") }
            last = network.addParameter(PywrLagParameter(label: "\(label) lag \(k + 1)", source: previous, initialValue: initial))
        }
        return last
    }
}
