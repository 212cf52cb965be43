/// A parsed JSON tree a strict field reader can walk: the schema layer's `JSONNode` (which
/// knows its line and column) and the ledger's canonical `JSONValue` (which does not) both
/// conform, so both are read by the one `StrictFields` reader.
public protocol FieldTree: Sendable {
    /// The member `key` of an object, or nil.
    subscript(key: String) -> Self? { get }
    /// The keys of an object, nil when the value is not an object.
    var memberKeys: [String]? { get }
    /// The items of an array, nil when the value is not an array.
    var elements: [Self]? { get }
    /// The text of a string, nil when the value is not a string.
    var string: String? { get }
    var isNull: Bool { get }
    /// A word for the value's JSON type, for messages ("expected an object, found …").
    var typeName: String { get }
    /// Where the value starts in its input (1-based line and column), when the tree remembers it.
    var position: (line: Int, column: Int)? { get }
}

extension JSONNode: FieldTree {
    public var memberKeys: [String]? { members?.map(\.key) }
    public var position: (line: Int, column: Int)? { (line, column) }
}
