/// A coding key for any string, used to list the keys a document actually has.
struct AnyCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) {
        self.stringValue = String(intValue)
        self.intValue = intValue
    }
}

extension Decoder {
    /// Throws when the mapping at this position has a key not in `known`, so a misspelt
    /// field (`maxVolme`) is an error instead of being silently ignored.
    func rejectUnknownKeys(_ known: Set<String>, in what: String) throws {
        let container = try container(keyedBy: AnyCodingKey.self)
        for key in container.allKeys where !known.contains(key.stringValue) {
            throw DecodingError.dataCorrupted(.init(codingPath: codingPath + [key],
                                                    debugDescription: unknownKeyMessage(key.stringValue, known: known, in: what)))
        }
    }
}

/// "unknown key 'x' in `what`", with the nearest known key when it is within 3 edits (ties go
/// to the name first in sorting order, so the hint does not depend on hashing), else the
/// known keys. One message for every closed mapping: decoded documents and `YAMLFields`.
func unknownKeyMessage(_ name: String, known: Set<String>, in what: String) -> String {
    let suggestion = known.min { (editDistance($0, name), $0) < (editDistance($1, name), $1) }
    var message = "unknown key '\(name)' in \(what)"
    if let suggestion, editDistance(suggestion, name) <= 3 { message += " (did you mean '\(suggestion)'?)" }
    else { message += "; known keys: \(known.sorted().joined(separator: ", "))" }
    return message
}

/// Levenshtein distance, for "did you mean" hints.
public func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a.lowercased()), b = Array(b.lowercased())
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        swap(&previous, &current)
    }
    return previous[b.count]
}

/// " (did you mean 'x'?)" when one of `names` is close to `name` (within a third of its
/// length, at least 2 edits), else "". One rule for every "did you mean" about a name.
public func didYouMean<Names: Sequence<String>>(_ name: String, among names: Names) -> String {
    // Ties go to the name first in sorting order, so the hint does not depend on hashing.
    guard let best = names.min(by: { (editDistance($0, name), $0) < (editDistance($1, name), $1) }),
          editDistance(best, name) <= max(2, name.count / 3) else { return "" }
    return " (did you mean '\(best)'?)"
}

/// Renders a Codable key path as `nodes[3].capacity`.
public func renderKeyPath(_ path: [any CodingKey]) -> String {
    var text = ""
    for key in path {
        if let i = key.intValue { text += "[\(i)]" } else { text += text.isEmpty ? key.stringValue : ".\(key.stringValue)" }
    }
    return text
}
