public import AralModel

/// A result file a Pywr recorder writes: `csvrecorder` (one row per step, a column per
/// node) or `tablesrecorder` (HDF5, one array per node or parameter). The path is resolved
/// against the model file's folder, as Pywr resolves it against `model.path`.
public struct PywrResultFile: Sendable {
    public enum Format: Sendable {
        /// `csvrecorder`: `Datetime` and the nodes' flows (volumes for storages) of the
        /// combination at `scenarioIndex`.
        case csv(scenarioIndex: Int)
        /// `tablesrecorder`: one (steps × combinations) array per entry, under `group`, with
        /// the `time` table under `timeGroup` and the file's `metadata` as attributes.
        case tables(group: String, timeGroup: String, metadata: [(key: String, value: String)])
    }

    /// What a column or array holds: a node (flow, or volume for storages) or a parameter.
    public enum Source: Sendable {
        case node(Int)
        case parameter(Value)
    }

    public var recorder: String
    public var path: String
    public var format: Format
    /// (column name or HDF5 path, what it holds), in Pywr's order.
    public var columns: [(name: String, source: Source)]
}
