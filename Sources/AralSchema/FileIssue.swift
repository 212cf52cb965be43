/// A problem in an input file, located as precisely as the file allows:
/// `examples/basin.yaml:23:7: nodes[2].capacity: must be ≥ 0; got -5`. Shared by every
/// reader of input files (basin and Pywr models, CSV series, corridor models), so all of them
/// report problems the same way.
public struct FileIssue: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var column: Int?
    /// Key path in the document (`nodes[2].capacity`), or a column name for CSV files.
    public var path: String?
    public var message: String

    public init(file: String, line: Int? = nil, column: Int? = nil, path: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.path = path
        self.message = message
    }

    public var description: String {
        var location = file
        if let line { location += ":\(line)" }
        if let column { location += ":\(column)" }
        if let path, !path.isEmpty { return "\(location): \(path): \(message)" }
        return "\(location): \(message)"
    }
}
