public import AralModel
import AralSchema

/// A result file a Pywr recorder writes: `csvrecorder` (one row per step, a column per
/// node) or `tablesrecorder` (HDF5, one array per node or parameter). The path is resolved
/// against the model file's folder, as Pywr resolves it against `model.path`.
public struct PywrResultFile: Sendable {
    public enum Format: Sendable {
        /// `csvrecorder`: `Datetime` and the nodes' flows (volumes for storages) of the
        /// combination at `scenarioIndex`.
        case csv(scenarioIndex: Int)
        /// `tablesrecorder`: one (steps × scenario members…) array per entry, the `time` and
        /// `scenarios` tables at those paths (nil: none), zlib `compression` (`filter_kwds`),
        /// `title` and `metadata` as attributes of the root group.
        case tables(title: String, time: String?, scenarios: String?, compression: Int?, metadata: [(key: String, value: String)])
    }

    /// What a column or array holds: a node (flow, or volume for storages) or a parameter.
    public enum Source: Sendable {
        case node(Int)
        /// A parameter's value; `index` for Pywr's index parameters (stored as integers),
        /// `pywrType` the class name Pywr writes in `PYWR_TYPE`.
        case parameter(ScheduledValue, index: Bool, pywrType: String)
    }

    public var recorder: String
    public var path: String
    public var format: Format
    /// (column name or HDF5 path, what it holds), in Pywr's order.
    public var columns: [(name: String, source: Source)]
}
