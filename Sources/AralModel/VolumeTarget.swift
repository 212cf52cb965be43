/// A least and/or most volume through a group of nodes over each of a series of periods (a
/// water year, a season, given dates): `policy.volumes` compiled. The step LP carries it as a
/// row `Σ flow[nodes] + short − excess ∈ [lower, upper]` whose bounds each step sets from
/// what the period has delivered so far (`Simulation`'s volume state; the rule is in
/// `docs/planning.md`, "Volumes over periods"); the plan as one row per period.
public struct VolumeTarget: Sendable {
    /// One occurrence of the period within the run, as steps.
    public struct Period: Sendable, Hashable {
        /// First and last step (indices into `Network.steps`) inside the period.
        public var first: Int
        public var last: Int
        /// Least and most volume over the steps the run covers (network volume units): the
        /// model's figure, scaled by the share of the period's days the run covers when the
        /// run starts or ends inside it (`isPartial`).
        public var minVolume: Double?
        public var maxVolume: Double?
        public var isPartial: Bool
        /// For reports: the period's first and last day (inclusive), as the model states it.
        public var from: CivilDate
        public var to: CivilDate

        public init(first: Int, last: Int, minVolume: Double?, maxVolume: Double?, isPartial: Bool, from: CivilDate, to: CivilDate) {
            self.first = first
            self.last = last
            self.minVolume = minVolume
            self.maxVolume = maxVolume
            self.isPartial = isPartial
            self.from = from
            self.to = to
        }
    }

    public var name: String
    /// Nodes whose flows count (network indices).
    public var nodes: [Int]
    /// In step order, not overlapping.
    public var periods: [Period]
    /// Cost per flow unit per step below the least volume.
    public var penalty: Double
    /// Cost per flow unit per step above the most volume: more than `penalty`, so that a
    /// volume on a demand of its own priority is not a tie between its benefit and its cap.
    public var excessPenalty: Double
    /// Senior to every demand (a sanitary flow): the plan optimises it with the environmental
    /// flows, before the quotas.
    public var isSenior: Bool

    public init(name: String, nodes: [Int], periods: [Period], penalty: Double, excessPenalty: Double, isSenior: Bool) {
        self.name = name
        self.nodes = nodes
        self.periods = periods
        self.penalty = penalty
        self.excessPenalty = excessPenalty
        self.isSenior = isSenior
    }
}

/// How one period of a `VolumeTarget` ended: what passed, against its least and most volume.
public struct VolumeOutcome: Sendable, Hashable {
    public var target: String
    public var period: VolumeTarget.Period
    /// Volume through the target's nodes over the period's steps (network volume units).
    public var volume: Double
    /// Below the least volume (0 when met), above the most volume (0 when kept).
    public var shortfall: Double
    public var excess: Double

    public init(target: String, period: VolumeTarget.Period, volume: Double) {
        self.target = target
        self.period = period
        self.volume = volume
        shortfall = period.minVolume.map { max(0, $0 - volume) } ?? 0
        excess = period.maxVolume.map { max(0, volume - $0) } ?? 0
    }
}
