public import AralModel

/// The state of the network after one step, handed to recorders. The buffers are the
/// engine's own, valid only during `record`: read them there, copy what you keep.
public struct StepSnapshot: ~Copyable {
    public var step: TimeStep
    /// Flow through each node (network flow units), indexed like `Network.nodes`.
    public var nodeFlows: UnsafeBufferPointer<Double>
    /// The upper bound each node had this step (a demand's demand), for deficits.
    public var nodeMaxFlows: UnsafeBufferPointer<Double>
    /// Flow on each edge, indexed like `Network.edges`.
    public var edgeFlows: UnsafeBufferPointer<Double>
    /// End-of-step volume of each storage.
    public var volumes: UnsafeBufferPointer<Double>
    /// Evaporation from each storage this step (volume units).
    public var evaporation: UnsafeBufferPointer<Double>
    /// Energy of each hydropower plant this step (MWh).
    public var energy: UnsafeBufferPointer<Double>
    /// Virtual storage volumes at the end of the step.
    public var virtualVolumes: UnsafeBufferPointer<Double>
    /// The value each parameter had this step, indexed like `Network.parameters` (Pywr's
    /// parameter recorders and hydropower heads read them).
    public var parameterValues: UnsafeBufferPointer<Double> = UnsafeBufferPointer(start: nil, count: 0)
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
