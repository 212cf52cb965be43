public import Yams

/// Reads typed fields out of a parsed YAML tree (composed by `YAMLReader`), strictly: an unknown key, a wrong type or a
/// missing required field is recorded with its key path and line, and reading goes on, so a
/// file's problems are all reported in one pass.
///
/// Why not `Codable`: Yams decodes only from text, so a scenario merged into a model at the
/// node level could not be decoded without re-serialising (and losing the lines to point at).
/// The YAML sibling of `JSONFields`: both name the key path, line and column of a bad field and
/// suggest the nearest known key. Corridor files and corridor scenarios read through it.
public struct YAMLFields: Sendable {
    public let file: String
    public private(set) var issues: [FileIssue] = []

    public init(file: String) { self.file = file }

    public mutating func fail(_ node: Yams.Node?, _ path: String, _ message: String) {
        issues.append(FileIssue(file: file, line: node?.mark?.line, column: node?.mark?.column, path: path, message: message))
    }

    /// The mapping at `node`, after rejecting keys not in `known` (with a "did you mean" hint).
    public mutating func mapping(_ node: Yams.Node, _ path: String, known: Set<String>, what: String) -> Yams.Node.Mapping? {
        guard let mapping = node.mapping else {
            fail(node, path, "expected a mapping (\(what))")
            return nil
        }
        for key in mapping.keys {
            guard let name = key.string, !known.contains(name) else { continue }
            fail(key, join(path, name), unknownKeyMessage(name, known: known, in: what))
        }
        return mapping
    }

    public mutating func sequence(_ node: Yams.Node?, _ path: String) -> [Yams.Node] {
        guard let node else { return [] }
        guard let sequence = node.sequence else {
            fail(node, path, "expected a list")
            return []
        }
        return Array(sequence)
    }

    public mutating func string(_ mapping: Yams.Node.Mapping, _ key: String, _ path: String, required: Bool = false) -> String? {
        guard let value = mapping[key] else {
            if required { fail(nil, join(path, key), "missing required key '\(key)'") }
            return nil
        }
        guard let text = value.scalar?.string, !text.isEmpty else {
            fail(value, join(path, key), "expected text")
            return nil
        }
        return text
    }

    /// A number that must be ≥ 0 (or > 0 when `positive`), and at most `atMost` when given (a
    /// bound past which a value is a mistake and the arithmetic that uses it would overflow);
    /// a bad value is reported and read as nil.
    public mutating func number(_ mapping: Yams.Node.Mapping, _ key: String, _ path: String, required: Bool = false, positive: Bool = false,
                                atMost: Double? = nil) -> Double? {
        guard let value = mapping[key] else {
            if required { fail(nil, join(path, key), "missing required key '\(key)'") }
            return nil
        }
        guard let x = value.float, x.isFinite else {
            fail(value, join(path, key), "expected a number, found '\(value.scalar?.string ?? "a \(value.kindName)")'")
            return nil
        }
        if positive ? !(x > 0) : x < 0 {
            fail(value, join(path, key), "must be \(positive ? "> 0" : "≥ 0"); got \(shortNumber(x))")
            return nil
        }
        if let atMost, x > atMost {
            fail(value, join(path, key), "must be at most \(shortNumber(atMost)); got \(shortNumber(x))")
            return nil
        }
        return x
    }

    public mutating func bool(_ mapping: Yams.Node.Mapping, _ key: String, _ path: String) -> Bool? {
        guard let value = mapping[key] else { return nil }
        guard let b = value.bool else {
            fail(value, join(path, key), "expected true or false")
            return nil
        }
        return b
    }

    public mutating func integer(_ mapping: Yams.Node.Mapping, _ key: String, _ path: String) -> Int? {
        guard let value = mapping[key] else { return nil }
        guard let i = value.int else {
            fail(value, join(path, key), "expected a whole number")
            return nil
        }
        return i
    }

    public func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }
}

extension Yams.Node {
    /// What kind of node this is, in words a message can show.
    public var kindName: String {
        switch self {
        case .scalar: "scalar"
        case .mapping: "mapping"
        case .sequence: "list"
        }
    }
}

/// Shortest text for a number in a message: `5` rather than `5.0`.
public func shortNumber(_ x: Double) -> String {
    x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x)
}
