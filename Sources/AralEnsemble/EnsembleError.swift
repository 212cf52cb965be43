/// A problem with an ensemble's input (history, traces, multipliers, scenarios) or store,
/// located as precisely as the input allows: `history.csv:14: naryn: 'x' is not a number`.
public struct EnsembleError: Error, Sendable, CustomStringConvertible, Equatable {
    public var file: String?
    public var line: Int?
    /// Column name or key path.
    public var path: String?
    public var message: String

    public init(file: String? = nil, line: Int? = nil, path: String? = nil, _ message: String) {
        self.file = file
        self.line = line
        self.path = path
        self.message = message
    }

    public var description: String {
        var location = file ?? ""
        if let line { location += ":\(line)" }
        if let path, !path.isEmpty { location += location.isEmpty ? path : ": \(path)" }
        return location.isEmpty ? message : "\(location): \(message)"
    }
}
