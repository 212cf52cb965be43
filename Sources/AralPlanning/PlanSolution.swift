public import AralModel

/// A solved plan: flows, volumes and energy per step, in the network's indices, and how the
/// levels and the successive LP went.
public struct PlanSolution: Sendable {
    public var steps: [TimeStep]
    /// [step][node] flow, m³/s (0 for storage nodes).
    public var nodeFlows: [[Double]]
    /// [step][storage] end-of-step volume, Mm³.
    public var volumes: [[Double]]
    /// [storage][step] evaporation, Mm³.
    public var evaporation: [[Double]]
    /// [plant][step] energy, MWh, at the plan's own heads (not the linearisation's).
    public var energyMWh: [[Double]]
    /// Successive-LP iterations (energy levels solved), over all evaporation passes.
    public var iterations: Int
    /// Evaporation passes (each re-solves every level).
    public var passes: Int
    /// LPs solved in all.
    public var lpSolves: Int
    /// Each level's optimum, in the order solved (last pass only).
    public var levels: [LevelRecord]
    /// How each period of the model's volumes over periods within the horizon ended.
    public var volumeOutcomes: [VolumeOutcome] = []
    /// [step][edge] flow, m³/s.
    public var edgeFlows: [[Double]] = []
    /// The largest relative mass-balance residual over every node and step (`PlanMassBalance`).
    public var worstMassBalanceResidual = 0.0
    /// Every step a storage ended below its minimum because evaporation alone took it there
    /// (the run's physical shortfall), in step order.
    public var belowMinimum: [BelowMinimum] = []

    public struct BelowMinimum: Sendable {
        public var storage: Int
        public var step: Int
        /// How far below the minimum, Mm³.
        public var volumeMm3: Double
    }

    public struct LevelRecord: Sendable {
        public var name: String
        public var objective: Double
    }

    /// Flow of node `n` over all steps.
    public func flow(node n: Int) -> [Double] { nodeFlows.map { $0[n] } }

    /// Volume of node `n`'s flow over the steps selected by `include`, Mm³.
    public func volumeMm3(node n: Int, where include: (TimeStep) -> Bool = { _ in true }) -> Double {
        var total = 0.0
        for step in steps where include(step) { total += nodeFlows[step.index][n] * step.mm3PerCumec }
        return total
    }
}
