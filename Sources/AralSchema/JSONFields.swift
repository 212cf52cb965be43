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
/// missing required field or a wrong type is an error naming its key path and, when the tree
/// knows it, its line. The one JSON field reader: HTTP request bodies read `JSONNode`s through
/// it (`JSONFields`), the ledger reads its canonical `JSONValue`s through it and adds its own
/// field types (party codes, decimals, dates) on top.
public struct StrictFields<Tree: FieldTree>: Sendable {
    public let source: String
    public let path: String
    public let node: Tree

    public init(source: String, path: String = "", node: Tree) {
        self.source = source
        self.path = path
        self.node = node
    }

    /// The key path of `key` below this object; an empty key is written `""` so that the path
    /// still names it (a fuzzed entry with a key "" was reported at an empty path).
    public func keyPath(_ key: String) -> String {
        let name = key.isEmpty ? "\"\"" : key
        return path.isEmpty ? name : "\(path).\(name)"
    }

    /// An error about field `key`, located at `at` (or at this object when nil).
    public func fail(_ key: String, _ at: Tree? = nil, _ reason: String) -> FieldError {
        let position = (at ?? node).position
        return FieldError(source: source, path: keyPath(key), line: position?.line, column: position?.column, reason: reason)
    }

    /// Refuses any key outside `allowed` (the first in sorted order), with a "did you mean":
    /// the schema is closed, so a misspelt key is never silently ignored.
    public func allowOnly(_ allowed: Set<String>) throws(FieldError) {
        if let unknown = (node.memberKeys ?? []).sorted().first(where: { !allowed.contains($0) }) {
            throw fail(unknown, node[unknown], "unknown field '\(unknown)'\(didYouMean(unknown, among: allowed)) (expected: \(allowed.sorted().joined(separator: ", ")))")
        }
    }

    /// Whether `key` is present and not null.
    public func has(_ key: String) -> Bool {
        guard let value = node[key] else { return false }
        return !value.isNull
    }

    /// The value of a required field (null counts as missing).
    public func value(_ key: String) throws(FieldError) -> Tree {
        guard let value = node[key], !value.isNull else { throw fail(key, nil, "missing required field '\(key)'") }
        return value
    }

    public func string(_ key: String) throws(FieldError) -> String {
        let value = try value(key)
        guard let s = value.string else { throw fail(key, value, "expected text, found \(value.typeName)") }
        return s
    }

    public func optionalString(_ key: String) throws(FieldError) -> String? {
        has(key) ? try string(key) : nil
    }

    /// A string with something other than white space in it.
    public func nonEmptyString(_ key: String) throws(FieldError) -> String {
        let s = try string(key)
        guard s.contains(where: { !$0.isWhitespace }) else { throw fail(key, node[key], "must not be empty") }
        return s
    }

    public func array(_ key: String) throws(FieldError) -> [Tree] {
        let value = try value(key)
        guard let items = value.elements else { throw fail(key, value, "expected an array, found \(value.typeName)") }
        return items
    }

    public func object(_ key: String) throws(FieldError) -> StrictFields {
        let value = try value(key)
        guard value.memberKeys != nil else { throw fail(key, value, "expected an object, found \(value.typeName)") }
        return StrictFields(source: source, path: keyPath(key), node: value)
    }

    public func optionalObject(_ key: String) throws(FieldError) -> StrictFields? {
        has(key) ? try object(key) : nil
    }

    /// The objects of an array field, each with its indexed path (`obligations[2]`).
    public func objects(_ key: String) throws(FieldError) -> [StrictFields] {
        var readers: [StrictFields] = []
        for (i, item) in try array(key).enumerated() {
            let itemPath = "\(keyPath(key))[\(i)]"
            guard item.memberKeys != nil else {
                throw FieldError(source: source, path: itemPath, line: item.position?.line, column: item.position?.column,
                                 reason: "expected an object, found \(item.typeName)")
            }
            readers.append(StrictFields(source: source, path: itemPath, node: item))
        }
        return readers
    }
}

/// The reader of JSON inputs read field by field (HTTP request bodies).
public typealias JSONFields = StrictFields<JSONNode>

extension StrictFields where Tree == JSONNode {
    /// Parses `bytes` as one JSON object whose keys must all be in `allowed`; parsed with the
    /// strict dialect, so duplicate keys, trailing content and deep nesting are errors before
    /// any field is read.
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
}
