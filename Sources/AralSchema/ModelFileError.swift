/// Every problem found in one input file (and the files it refers to).
public struct ModelFileError: Error, Sendable, CustomStringConvertible {
    public var issues: [FileIssue]
    public init(issues: [FileIssue]) { self.issues = issues }
    public init(_ issue: FileIssue) { self.issues = [issue] }
    public var description: String { issues.map(\.description).joined(separator: "\n") }
}
