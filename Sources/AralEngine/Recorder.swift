public import AralModel

/// The state of the network after one step, handed to recorders. Arrays are the engine's
/// own buffers: read them during `record`, copy what you keep.
public struct StepSnapshot: ~Copyable {
    public var step: TimeStep
    /// Flow through each node (network flow units), indexed like `Network.nodes`.
    public var nodeFlows: [Double]
    /// The upper bound each node had this step (a demand's demand), for deficits.
    public var nodeMaxFlows: [Double]
    /// Flow on each edge, indexed like `Network.edges`.
    public var edgeFlows: [Double]
    /// End-of-step volume of each storage.
    public var volumes: [Double]
    /// Evaporation from each storage this step (volume units).
    public var evaporation: [Double]
    /// Energy of each hydropower plant this step (MWh).
    public var energy: [Double]
    /// Virtual storage volumes at the end of the step.
    public var virtualVolumes: [Double]
}

/// Receives every step of a run (pywr-next's recorders): in-memory results, streaming
/// aggregates for ensembles, database writers.
public protocol Recorder: AnyObject {
    func begin(network: Network)
    func record(_ snapshot: borrowing StepSnapshot)
    func finish()
}

extension Recorder {
    public func begin(network: Network) {}
    public func finish() {}
}
