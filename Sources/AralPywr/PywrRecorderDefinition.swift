public import AralModel
import AralSchema

/// A recorder the Pywr file declares, compiled: what it records each step (`Kind`), how it
/// reduces its record to one value per scenario combination (Pywr's `values()`) and how those
/// values reduce to one number (`aggregated_value()`, with `agg_func`). `is_objective` and
/// `comment` are kept so reports can show them. Recorders never change the allocation.
public struct PywrRecorderDefinition: Sendable {
    /// Where a node recorder's numbers come from: the index of the Pywr node in
    /// `PywrModel.nodes`, and for deficits the network node whose upper bound is its `max_flow`.
    public struct NodeRef: Sendable, Hashable {
        public var index: Int
        public var maxFlowNode: Int?
    }

    /// A storage recorder's node and how to read its `max_volume` (for proportions).
    public struct StorageRef: Sendable, Hashable {
        public var index: Int
        public var maxVolume: ScheduledValue
    }

    /// Pywr's hydropower head: `water_elevation_parameter` − `turbine_elevation` (≥ 0), or the
    /// turbine elevation alone without a parameter.
    public struct Hydropower: Sendable, Hashable {
        public var waterElevation: ScheduledValue?
        public var turbineElevation: Double
        public var efficiency: Double
        public var density: Double
        public var flowUnitConversion: Double
        public var energyUnitConversion: Double

        /// `hydropower_calculation` with the head already taken: ρ · q · g · H · η, converted.
        public func power(flow: Double, head: Double) -> Double {
            let q = flow * flowUnitConversion
            return density * q * 9.81 * head * efficiency * energyUnitConversion
        }
    }

    public enum Predicate: String, Sendable, Hashable {
        case lt = "LT", gt = "GT", eq = "EQ", le = "LE", ge = "GE"

        public func holds(_ x: Double, _ threshold: Double) -> Bool {
            switch self {
            case .lt: x < threshold
            case .gt: x > threshold
            case .eq: x == threshold
            case .le: x <= threshold
            case .ge: x >= threshold
            }
        }
    }

    public enum Kind: Sendable, Hashable {
        /// `numpyarraynoderecorder`: flow × factor per step.
        case nodeArray(NodeRef, factor: Double)
        /// `numpyarraystoragerecorder`: end-of-step volume (or volume / max volume).
        case storageArray(StorageRef, proportional: Bool)
        /// `numpyarrayparameterrecorder` / `numpyarrayindexparameterrecorder`.
        case parameterArray(ScheduledValue)
        /// A parameter recorder on Pywr's `deficit` parameter: Pywr updates the parameter in
        /// its `after()`, before recorders read it, so the recorder sees the step's own
        /// max_flow − flow (the parameter's value at the next step), not the value the step used.
        case deficitArray(NodeRef)
        /// `rollingmeanflownoderecorder`: mean of the last `min(step + 1, window)` flows.
        case rollingMeanFlow(NodeRef, window: Int)
        /// `flowdurationcurverecorder` (all steps, or only `months` for the seasonal one):
        /// `np.percentile(flows, percentiles)`.
        case flowDurationCurve(NodeRef, percentiles: [Double], months: Set<Int>?)
        /// `flowdurationcurvedeviationrecorder`: per percentile max(upper dev, lower dev, 0),
        /// targets one column for all combinations, one per combination, or one per member of `scenario`.
        case flowDurationCurveDeviation(NodeRef, percentiles: [Double], lower: [[Double]]?, upper: [[Double]]?, scenario: Int?)
        /// `hydropowerrecorder`: power per step.
        case hydropowerArray(NodeRef, Hydropower)
        /// `totalhydroenergyrecorder`: Σ power × days.
        case totalHydroEnergy(NodeRef, Hydropower)
        /// `totalflownoderecorder`: Σ flow × factor × days.
        case totalFlow(NodeRef, factor: Double)
        /// `meanflownoderecorder`: Σ flow × factor / steps.
        case meanFlow(NodeRef, factor: Double)
        /// `totaldeficitnoderecorder`: Σ (max_flow − flow) × days.
        case totalDeficit(NodeRef)
        /// `deficitfrequencynoderecorder`: steps with |flow − max_flow| > 1e-6, over the steps.
        case deficitFrequency(NodeRef)
        /// `minimumvolumestoragerecorder`.
        case minimumVolume(StorageRef)
        /// `minimumthresholdvolumestoragerecorder`: 1 when the volume was ever ≤ threshold.
        case minimumThresholdVolume(StorageRef, threshold: Double)
        /// `storagethresholdrecorder` / `nodethresholdrecorder`: the predicate at the last step (1 or 0).
        case storageThreshold(StorageRef, threshold: Double, Predicate)
        case nodeThreshold(NodeRef, threshold: Double, Predicate)
        /// `totalparameterrecorder` (× days with `integrate`) and `meanparameterrecorder`.
        case totalParameter(ScheduledValue, factor: Double, integrate: Bool)
        case meanParameter(ScheduledValue, factor: Double)
        /// `timestepcountindexparameterrecorder`: steps with index ≥ threshold.
        case timestepCountIndex(ScheduledValue, threshold: Double)
        /// `annualtotalflowrecorder`: per calendar year Σ flow × factor × days (split at year
        /// ends), over `years` = end year − start year + 1 of the timestepper.
        case annualTotalFlow([NodeRef], factors: [Double], years: Int)
        /// `aggregatedrecorder`: the recorders' values per combination combined with
        /// `recorder_agg_func` (Pywr supports sum, min, max, mean, product here).
        case aggregated([Int], PywrAggregator)
    }

    public var name: String
    /// The type as written in the file, for reports.
    public var type: String
    public var kind: Kind
    /// `temporal_agg_func` (array recorders; default mean, `annualtotalflow` sum).
    public var temporal: PywrAggregator
    /// `agg_func`: over scenario combinations (default mean).
    public var scenarioAggregation: PywrAggregator
    /// `ignore_nan`: NaN steps are left out of the temporal aggregation.
    public var ignoreNaN: Bool
    /// `is_objective`: `maximise`, `minimise` or nil.
    public var objective: String?
    public var comment: String?

    /// True for recorders whose record is a value per step (Pywr's `data` has one row per step).
    public var isStepArray: Bool {
        switch kind {
        case .nodeArray, .storageArray, .parameterArray, .deficitArray, .rollingMeanFlow, .hydropowerArray: true
        default: false
        }
    }
}
