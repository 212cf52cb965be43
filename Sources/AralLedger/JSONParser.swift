import AralSchema

/// The ledger's view of JSON: the schema layer's one parser (`JSONReader`) in its strict
/// dialect (RFC 8259, duplicate keys refused, lone surrogates refused), nesting at most
/// `maximumDepth` deep, with every number turned into canonical decimal text (`CanonicalNumber`)
/// so no value ever passes through binary floating point. Errors carry the byte offset.
public enum JSONParser {
    public static let maximumDepth = 64

    static let dialect = JSONDialect(allowsPythonLiterals: false, rejectsDuplicateKeys: true, maxDepth: maximumDepth)

    /// Parses one JSON document. `source` names the input (a file name) in error messages.
    public static func parse(_ bytes: [UInt8], source: String) throws(LedgerError) -> JSONValue {
        let root: JSONNode
        do { root = try JSONReader.parse(bytes, dialect: dialect) } catch {
            throw .malformedJSON(source: source, offset: error.offset, reason: error.reason)
        }
        return try value(of: root, source: source)
    }

    public static func parse(_ text: String, source: String) throws(LedgerError) -> JSONValue {
        try parse(Array(text.utf8), source: source)
    }

    /// The ledger value of a parsed node (recursion bounded by `maximumDepth`).
    static func value(of node: JSONNode, source: String) throws(LedgerError) -> JSONValue {
        switch node.value {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .string(let s): return .string(s)
        case .number(_, let text):
            guard let canonical = CanonicalNumber.canonicalize(text) else {
                throw .malformedJSON(source: source, offset: node.offset,
                    reason: "number '\(text)' is out of the supported range (at most \(CanonicalNumber.maximumFractionDigits) decimals, \(CanonicalNumber.maximumIntegerDigits) integer digits)")
            }
            return .number(canonical)
        case .array(let items):
            var values: [JSONValue] = []
            values.reserveCapacity(items.count)
            for item in items { values.append(try value(of: item, source: source)) }
            return .array(values)
        case .object(let members):
            var fields: [String: JSONValue] = [:]
            for (key, member) in members { fields[key] = try value(of: member, source: source) }
            return .object(fields)
        }
    }
}
