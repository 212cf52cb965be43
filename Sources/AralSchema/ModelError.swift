/// One problem found in a model, located by its key path in the model document
/// (`nodes[3].capacity`, `edges[7]`) so a file reader can turn it into a line number.
public struct ModelIssue: Error, Sendable, Hashable, CustomStringConvertible {
    /// Dotted key path with array indices, e.g. `nodes[2].table.volume`.
    public var path: String
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { path.isEmpty ? message : "\(path): \(message)" }

    /// The path split into keys and indices: `nodes[2].table` → ["nodes", 2, "table"].
    public var components: [PathComponent] { PathComponent.parse(path) }
}

/// One step of a key path.
public enum PathComponent: Sendable, Hashable {
    case key(String)
    case index(Int)

    public static func parse(_ path: String) -> [PathComponent] {
        var result: [PathComponent] = []
        for part in path.split(separator: ".") {
            var rest = Substring(part)
            if let bracket = rest.firstIndex(of: "[") {
                let key = rest[..<bracket]
                if !key.isEmpty { result.append(.key(String(key))) }
                rest = rest[bracket...]
                while rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
                    if let i = Int(rest[rest.index(after: rest.startIndex)..<close]) { result.append(.index(i)) }
                    rest = rest[rest.index(after: close)...]
                }
            } else {
                result.append(.key(String(rest)))
            }
        }
        return result
    }
}

/// All problems found while turning a document into a runnable network. Reported together,
/// so a user fixes a model in one pass rather than one error per run.
public struct ModelValidationError: Error, Sendable, CustomStringConvertible {
    public var issues: [ModelIssue]
    public init(issues: [ModelIssue]) { self.issues = issues }
    public var description: String { issues.map(\.description).joined(separator: "\n") }
}

/// Collects issues during compilation.
struct IssueCollector {
    var issues: [ModelIssue] = []
    mutating func add(_ path: String, _ message: String) {
        issues.append(ModelIssue(path: path, message: message))
    }
    func throwIfAny() throws(ModelValidationError) {
        if !issues.isEmpty { throw ModelValidationError(issues: issues) }
    }
}
