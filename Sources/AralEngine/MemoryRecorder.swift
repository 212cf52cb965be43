public import AralModel

/// Keeps every step's node flows, volumes and energy in memory (flat arrays, step-major),
/// for summaries and result files of a single run.
public final class MemoryRecorder: Recorder {
    public private(set) var steps: [TimeStep] = []
    public private(set) var nodeCount = 0
    public private(set) var storageCount = 0
    public private(set) var plantCount = 0
    /// `nodeFlows[step * nodeCount + node]`.
    public private(set) var nodeFlows: [Double] = []
    public private(set) var nodeMaxFlows: [Double] = []
    public private(set) var volumes: [Double] = []
    public private(set) var evaporation: [Double] = []
    public private(set) var energy: [Double] = []

    public init() {}

    public func begin(network: Network) {
        nodeCount = network.nodes.count
        storageCount = network.storages.count
        plantCount = network.hydropower.count
        let n = network.steps.count
        steps.reserveCapacity(n)
        nodeFlows.reserveCapacity(n * nodeCount)
        nodeMaxFlows.reserveCapacity(n * nodeCount)
        volumes.reserveCapacity(n * storageCount)
        evaporation.reserveCapacity(n * storageCount)
        energy.reserveCapacity(n * plantCount)
    }

    public func record(_ snapshot: borrowing StepSnapshot) {
        steps.append(snapshot.step)
        nodeFlows.append(contentsOf: snapshot.nodeFlows)
        nodeMaxFlows.append(contentsOf: snapshot.nodeMaxFlows)
        volumes.append(contentsOf: snapshot.volumes)
        evaporation.append(contentsOf: snapshot.evaporation)
        energy.append(contentsOf: snapshot.energy)
    }

    public func flow(step: Int, node: Int) -> Double { nodeFlows[step * nodeCount + node] }
    public func maxFlow(step: Int, node: Int) -> Double { nodeMaxFlows[step * nodeCount + node] }
    public func volume(step: Int, storage: Int) -> Double { volumes[step * storageCount + storage] }
    public func evaporation(step: Int, storage: Int) -> Double { evaporation[step * storageCount + storage] }
    public func energy(step: Int, plant: Int) -> Double { energy[step * plantCount + plant] }
}
