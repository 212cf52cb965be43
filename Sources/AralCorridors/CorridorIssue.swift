import AralModel
public import AralSchema

/// One problem in a corridor input file: `models/corridors/x.yaml:12:5: segments[3].gauge: …`,
/// located like every other input file's problems.
public typealias CorridorIssue = FileIssue

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
