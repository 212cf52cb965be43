/// A parsed JSON value that remembers where it came from: its key path in the document
/// (`nodes[3].max_flow`), its line and column in the file and its byte offset, so every
/// reader's error can point at the exact spot. Objects keep their keys in file order (Pywr's
/// parameter and recorder tables are read in that order). Numbers keep their text as well as
/// their value: the ledger signs the decimal text, never a binary double.
public struct JSONNode: Sendable {
    public indirect enum Value: Sendable {
        case null
        case bool(Bool)
        /// The value, and the literal as written (`NaN`, `-Infinity` for Python's literals).
        case number(Double, text: String)
        case string(String)
        case array([JSONNode])
        case object([(key: String, value: JSONNode)])
    }

    public var value: Value
    /// Key path from the document root; empty for the root.
    public var path: String
    /// 1-based line where the value starts.
    public var line: Int
    /// 1-based column (in bytes) where the value starts.
    public var column: Int
    /// 0-based byte offset where the value starts.
    public var offset: Int

    public init(value: Value, path: String, line: Int, column: Int = 1, offset: Int = 0) {
        self.value = value
        self.path = path
        self.line = line
        self.column = column
        self.offset = offset
    }

    /// The member `key` of an object (the last one when a key is repeated, as Python's
    /// `json` module does), or nil.
    public subscript(key: String) -> JSONNode? {
        guard case .object(let members) = value else { return nil }
        return members.last { $0.key == key }?.value
    }

    public var members: [(key: String, value: JSONNode)]? {
        if case .object(let m) = value { return m }
        return nil
    }

    public var elements: [JSONNode]? {
        if case .array(let a) = value { return a }
        return nil
    }

    public var string: String? {
        if case .string(let s) = value { return s }
        return nil
    }

    public var number: Double? {
        switch value {
        case .number(let d, _): return d
        case .bool(let b): return b ? 1 : 0
        default: return nil
        }
    }

    public var bool: Bool? {
        if case .bool(let b) = value { return b }
        return nil
    }

    public var isNull: Bool {
        if case .null = value { return true }
        return false
    }

    /// A word for the value's JSON type, for messages ("expected a number, found text").
    public var typeName: String {
        switch value {
        case .null: return "null"
        case .bool: return "true/false"
        case .number: return "a number"
        case .string: return "text"
        case .array: return "a list"
        case .object: return "an object"
        }
    }

    /// The literal text of a number, as written in the file.
    public var numberText: String? {
        if case .number(_, let text) = value { return text }
        return nil
    }

    /// The key path of a member of this object.
    public func childPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }
}
