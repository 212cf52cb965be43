public import Yams

/// The one way Aral turns YAML (and JSON read as YAML) into a tree: the nesting is bounded
/// before the recursive composer runs, alias expansion is bounded after it, and every
/// problem is a `FileIssue` with the file, line and column. Basin models, scenario overlays,
/// corridor files and synthetic-record files all compose through here.
public enum YAMLReader {
    /// The composed root of `text` (nil for an empty document), or the located reason it was refused.
    public static func compose(_ text: String, file: String, limits: InputLimits = .standard) throws(ModelFileError) -> Yams.Node? {
        do {
            _ = try ShapeScan.check(Array(text.utf8), syntax: .yaml, limits: .init(depth: limits.maxDepth, aliases: nil, arrayItems: nil))
        } catch {
            throw ModelFileError(FileIssue(file: file, line: error.line,
                message: "nested more than \(limits.maxDepth) levels deep; the reader's limit is \(limits.maxDepth)"))
        }
        let root: Yams.Node?
        do { root = try Yams.compose(yaml: text) } catch {
            throw ModelFileError(ModelLoader.syntaxIssue(error, file: file))
        }
        if let root { try checkExpansion(root, file: file, limits: limits) }
        return root
    }

    /// Walks the tree as a decoder will, counting the nodes reached through aliases (a node
    /// whose position and kind in the text were already visited is a copy made by an alias); stops at
    /// the first node beyond either limit, so the walk itself stays cheap.
    static func checkExpansion(_ root: Yams.Node, file: String, limits: InputLimits) throws(ModelFileError) {
        var seen = Set<Int>()
        var expansions = 0
        // A mapping starts where its first key does: the kind is part of a position's identity.
        func key(_ node: Yams.Node) -> Int? {
            let kind: Int
            switch node {
            case .mapping: kind = 1
            case .sequence: kind = 2
            default: kind = 0
            }
            return node.mark.map { ($0.line << 26 | $0.column << 2) | kind }
        }
        func walk(_ node: Yams.Node, depth: Int, copied: Bool) throws(ModelFileError) {
            if depth > limits.maxDepth {
                throw ModelFileError(FileIssue(file: file, line: node.mark?.line, column: node.mark?.column,
                    message: "nested more than \(limits.maxDepth) levels deep; the reader's limit is \(limits.maxDepth)"))
            }
            var isCopy = copied
            if !isCopy, let k = key(node), !seen.insert(k).inserted { isCopy = true }
            if isCopy {
                expansions += 1
                if expansions > limits.maxAliasExpansions {
                    throw ModelFileError(FileIssue(file: file, line: node.mark?.line, column: node.mark?.column,
                        message: "aliases expand to more than \(limits.maxAliasExpansions) nodes; the reader's limit is \(limits.maxAliasExpansions)"))
                }
            }
            switch node {
            case .mapping(let mapping):
                // YAML keeps the last of two equal keys without a word: `maxFlow: 25` then
                // `maxFlow: 2500` made a demand a hundred times larger (found from outside).
                if !isCopy {
                    var first: [String: Int] = [:]
                    for (k, _) in mapping {
                        guard let name = k.scalar?.string, name != "<<" else { continue }
                        if let line = first[name] {
                            throw ModelFileError(FileIssue(file: file, line: k.mark?.line, column: k.mark?.column,
                                message: "'\(name)' is given twice in the same mapping (first on line \(line)); YAML would keep only the last: remove one"))
                        }
                        first[name] = k.mark?.line ?? 0
                    }
                }
                for (k, v) in mapping {
                    try walk(k, depth: depth + 1, copied: isCopy)
                    try walk(v, depth: depth + 1, copied: isCopy)
                }
            case .sequence(let sequence):
                for item in sequence { try walk(item, depth: depth + 1, copied: isCopy) }
            default:
                break
            }
        }
        try walk(root, depth: 1, copied: false)
    }

    /// The node at `path`, or nil when the path does not lead to one (a missing key, an index
    /// past the end): what a type mismatch names as what it found.
    public static func node(at path: [PathComponent], in root: Yams.Node) -> Yams.Node? {
        var node = root
        for component in path {
            switch component {
            case .key(let key):
                guard let pair = node.mapping?.first(where: { $0.key.string == key }) else { return nil }
                node = pair.value
            case .index(let i):
                guard let sequence = node.sequence, i >= 0, i < sequence.count else { return nil }
                node = sequence[i]
            }
        }
        return node
    }

    /// The position of the deepest node on `path` that exists under `root`: where a problem
    /// found by key path (a compile issue, a decoding error) is shown.
    public static func locate(_ path: [PathComponent], in root: Yams.Node) -> Yams.Mark? {
        var node = root
        var mark = root.mark
        for component in path {
            switch component {
            case .key(let key):
                guard let mapping = node.mapping else { return mark }
                guard let pair = mapping.first(where: { $0.key.string == key }) else { return mark }
                mark = pair.key.mark ?? mark
                node = pair.value
            case .index(let i):
                guard let sequence = node.sequence, i >= 0, i < sequence.count else { return mark }
                node = sequence[i]
                mark = node.mark ?? mark
            }
        }
        return mark
    }
}
