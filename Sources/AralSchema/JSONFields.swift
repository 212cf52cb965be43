/// A problem with one field of a JSON input, located by key path and, when the input had
/// one, the line and column of the offending value.
public struct FieldError: Error, Sendable, Hashable, CustomStringConvertible {
    public var source: String
    /// Key path (`body.water.volume_mm3`); `(root)` for the document itself.
    public var path: String
    public var line: Int?
    public var column: Int?
    public var reason: String

    public init(source: String, path: String, line: Int? = nil, column: Int? = nil, reason: String) {
        self.source = source
        self.path = path
        self.line = line
        self.column = column
        self.reason = reason
    }

    public var description: String { issue.description }

    public var issue: FileIssue { FileIssue(file: source, line: line, column: column, path: path, message: reason) }
}

/// Reads typed fields out of a JSON object strictly: a key the caller does not know, a
/// missing required field or a wrong type is an error naming its key path and line. For JSON
/// inputs read field by field (HTTP request bodies); parsed with the strict dialect, so
/// duplicate keys, trailing content and deep nesting are errors before any field is read.
public struct JSONFields: Sendable {
    public let source: String
    public let path: String
    public let node: JSONNode

    public init(source: String, path: String = "", node: JSONNode) {
        self.source = source
        self.path = path
        self.node = node
    }

    /// Parses `bytes` as one JSON object whose keys must all be in `allowed`.
    public static func read(_ bytes: [UInt8], source: String, allowed: Set<String>,
                            dialect: JSONDialect = .strict) throws(FieldError) -> JSONFields {
        guard !bytes.isEmpty else { throw FieldError(source: source, path: "(root)", reason: "the \(source) is empty; expected a JSON object") }
        let root: JSONNode
        do { root = try JSONReader.parse(bytes, dialect: dialect) } catch {
            throw FieldError(source: source, path: "(root)", line: error.line, column: error.column, reason: "malformed JSON at line \(error.line), column \(error.column): \(error.reason)")
        }
        guard root.members != nil else {
            throw FieldError(source: source, path: "(root)", line: root.line, column: root.column,
                             reason: "expected a JSON object, found \(root.typeName)")
        }
        let fields = JSONFields(source: source, node: root)
        try fields.allowOnly(allowed)
        return fields
    }

    public func keyPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func fail(_ key: String, _ at: JSONNode?, _ reason: String) -> FieldError {
        FieldError(source: source, path: keyPath(key), line: (at ?? node).line, column: (at ?? node).column, reason: reason)
    }

    /// Refuses any key outside `allowed` (the first in sorted order), with a "did you mean".
    public func allowOnly(_ allowed: Set<String>) throws(FieldError) {
        let members = node.members ?? []
        if let unknown = members.map(\.key).sorted().first(where: { !allowed.contains($0) }) {
            let at = members.first { $0.key == unknown }?.value
            throw fail(unknown, at, "unknown field '\(unknown)'\(didYouMean(unknown, among: allowed)) (expected: \(allowed.sorted().joined(separator: ", ")))")
        }
    }

    public func string(_ key: String) throws(FieldError) -> String {
        guard let value = node[key] else { throw fail(key, nil, "missing required field '\(key)'") }
        guard let s = value.string else { throw fail(key, value, "expected text, found \(value.typeName)") }
        return s
    }

    public func optionalString(_ key: String) throws(FieldError) -> String? {
        guard let value = node[key], !value.isNull else { return nil }
        return try string(key)
    }
}
