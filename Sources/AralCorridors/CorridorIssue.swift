import AralModel

/// One problem in a corridor input file: `models/corridors/x.yaml:12:5: segments[3].gauge: …`.
///
/// The key path is always there (it names the field whatever the file's layout); the line and
/// column are there when the problem sits in a file we parsed ourselves.
public struct CorridorIssue: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var column: Int?
    public var path: String
    public var message: String

    public init(file: String, line: Int? = nil, column: Int? = nil, path: String = "", message: String) {
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
        return path.isEmpty ? "\(location): \(message)" : "\(location): \(path): \(message)"
    }
}

/// Every problem found in a corridor model, scenario or demand file, reported together.
public struct CorridorInputError: Error, Sendable, CustomStringConvertible {
    public var issues: [CorridorIssue]
    public init(_ issues: [CorridorIssue]) { self.issues = issues }
    public var description: String { issues.map(\.description).joined(separator: "\n") }
}

extension ModelIssue {
    /// The same problem placed in `file` (no line yet; `CorridorLoader` adds it).
    func located(in file: String) -> CorridorIssue {
        CorridorIssue(file: file, path: path, message: message)
    }
}
