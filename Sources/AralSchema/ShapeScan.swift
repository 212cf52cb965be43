/// A linear pass over an input's bytes, before any parser sees it, that refuses the shapes
/// that make parsers and model readers do unbounded work. The one scanner for every input:
/// `YAMLReader` runs it (depth) before composing a model, overlay or corridor file, and the
/// server runs it on every request body (depth, aliases, array lengths) before a route parses it.
/// It refuses nesting deeper than the limit (the
/// YAML and JSON parsers recurse once per level; 20,000 levels ended the process), YAML alias
/// references (each may expand to a whole anchored subtree) and JSON arrays longer than the limit.
///
/// It is a first line of defence, not a parser: it may overestimate a YAML file's depth (every
/// deeper indentation counts as a level, as a block scalar's lines do), never underestimate
/// it, and it counts an alias only where a node starts. The exact limits belong to the readers.
public struct ShapeScan {
    public enum Syntax: Sendable { case yaml, json }

    public struct Limits: Sendable {
        public var depth: Int
        /// nil: aliases are not counted (JSON has none).
        public var aliases: Int?
        /// nil: array lengths are not limited (model files carry long inline series).
        public var arrayItems: Int?

        public init(depth: Int, aliases: Int?, arrayItems: Int?) {
            self.depth = depth
            self.aliases = aliases
            self.arrayItems = arrayItems
        }
    }

    public struct Violation: Error, Equatable {
        public enum Kind: Equatable, Sendable { case depth, aliases, arrayItems }
        public var kind: Kind
        public var line: Int
        public var limit: Int

        public init(kind: Kind, line: Int, limit: Int) {
            self.kind = kind
            self.line = line
            self.limit = limit
        }
    }

    /// What the scan saw (tests and diagnostics).
    public struct Shape: Equatable, Sendable {
        public var depth = 0
        public var aliases = 0
        public var longestArray = 0
    }

    private enum Byte {
        static let newline: UInt8 = 0x0A, carriageReturn: UInt8 = 0x0D, space: UInt8 = 0x20, tab: UInt8 = 0x09
        static let hash: UInt8 = 0x23, dash: UInt8 = 0x2D, question: UInt8 = 0x3F, colon: UInt8 = 0x3A, comma: UInt8 = 0x2C
        static let openBracket: UInt8 = 0x5B, closeBracket: UInt8 = 0x5D, openBrace: UInt8 = 0x7B, closeBrace: UInt8 = 0x7D
        static let doubleQuote: UInt8 = 0x22, singleQuote: UInt8 = 0x27, backslash: UInt8 = 0x5C, star: UInt8 = 0x2A
        static let ampersand: UInt8 = 0x26, exclamation: UInt8 = 0x21
    }

    /// Scans `bytes`; throws the first limit crossed, with its 1-based line.
    public static func check(_ bytes: [UInt8], syntax: Syntax, limits: Limits) throws(Violation) -> Shape {
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(Violation) in try check(raw, syntax: syntax, limits: limits) }
        }
        return try result.get()
    }

    /// The scan over raw bytes: one pass, plain integer indices (a body of 4 MiB is read once,
    /// not through a generic collection's index machinery).
    public static func check(_ bytes: UnsafeRawBufferPointer, syntax: Syntax, limits: Limits) throws(Violation) -> Shape {
        var shape = Shape()
        var line = 1
        var blockColumns: [Int] = []          // indentation of the open block nodes (YAML)
        var flow: [(isArray: Bool, items: Int, sawValue: Bool)] = []
        var quote: UInt8?                     // inside a quoted scalar
        var escaped = false
        var atLineStart = true
        var column = 0
        var nodeStart = true                  // the next non-space byte starts a node
        var previous: UInt8 = Byte.newline
        var inComment = false
        var indentPending = false             // YAML: counting the leading spaces of a line
        var inProperty = false                // YAML: inside an anchor `&a` or tag `!t` before a node

        func depthNow() -> Int { blockColumns.count + flow.count }
        func noteDepth() throws(Violation) {
            let d = depthNow()
            if d > shape.depth { shape.depth = d }
            if d > limits.depth { throw Violation(kind: .depth, line: line, limit: limits.depth) }
        }

        func markValue(_ flow: inout [(isArray: Bool, items: Int, sawValue: Bool)]) {
            if !flow.isEmpty { flow[flow.count - 1].sawValue = true }
        }

        /// An array's items so far: the commas seen plus the item just ended, if any.
        func countItem(_ level: (isArray: Bool, items: Int, sawValue: Bool), ending: Bool) throws(Violation) {
            guard level.isArray else { return }
            let items = level.items + (level.sawValue || !ending ? 1 : 0)
            if items > shape.longestArray { shape.longestArray = items }
            if let limit = limits.arrayItems, items > limit { throw Violation(kind: .arrayItems, line: line, limit: limit) }
        }

        let count = bytes.count
        var index = 0
        while index < count {
            let b = bytes[index]
            let next: UInt8? = index + 1 < count ? bytes[index + 1] : nil
            defer { previous = b; index += 1 }

            if b == Byte.newline {
                line += 1
                column = 0
                inComment = false
                inProperty = false
                // A quoted scalar in block context is taken to end with its line: a quote left
                // open by a block scalar's text must not hide the structure that follows.
                if syntax == .yaml, flow.isEmpty {
                    quote = nil
                    escaped = false
                    atLineStart = true
                    indentPending = true
                    nodeStart = true
                }
                continue
            }
            column += 1
            if inComment { continue }

            if let q = quote {
                if escaped { escaped = false }
                else if q == Byte.doubleQuote && b == Byte.backslash { escaped = true }
                else if b == q { quote = nil; nodeStart = false }
                continue
            }

            // YAML block structure: the first non-space byte of a line opens a node at its column;
            // `- ` and `? ` indicators open one more each, on the same line.
            if syntax == .yaml, flow.isEmpty, atLineStart || indentPending {
                if b == Byte.space || b == Byte.tab || b == Byte.carriageReturn { continue }
                if b == Byte.hash { inComment = true; continue }
                let col = column - 1
                while let last = blockColumns.last, last >= col { blockColumns.removeLast() }
                blockColumns.append(col)
                try noteDepth()
                atLineStart = false
                indentPending = false
                nodeStart = true
            }
            if syntax == .yaml, flow.isEmpty, nodeStart, (b == Byte.dash || b == Byte.question),
               next == nil || next == Byte.space || next == Byte.newline || next == Byte.carriageReturn {
                // `- x` at column c: the item's node sits at c + 2.
                blockColumns.append(column + 1)
                try noteDepth()
                continue
            }

            // An anchor or a tag comes before its node: the node still starts after it.
            if syntax == .yaml, nodeStart, b == Byte.ampersand || b == Byte.exclamation { inProperty = true }
            if inProperty {
                if b == Byte.space || b == Byte.tab || b == Byte.carriageReturn { inProperty = false }
                continue
            }

            switch b {
            case Byte.space, Byte.tab, Byte.carriageReturn:
                continue
            case Byte.hash where syntax == .yaml && (previous == Byte.space || previous == Byte.tab || previous == Byte.newline):
                inComment = true
            case Byte.doubleQuote where nodeStart || syntax == .json, Byte.singleQuote where nodeStart && syntax == .yaml:
                quote = b
                markValue(&flow)
            case Byte.openBracket where nodeStart || !flow.isEmpty, Byte.openBrace where nodeStart || !flow.isEmpty:
                markValue(&flow)
                flow.append((isArray: b == Byte.openBracket, items: 0, sawValue: false))
                try noteDepth()
                nodeStart = true
            case Byte.closeBracket where !flow.isEmpty, Byte.closeBrace where !flow.isEmpty:
                let closed = flow.removeLast()
                try countItem(closed, ending: true)
                nodeStart = false
            case Byte.comma where !flow.isEmpty:
                try countItem(flow[flow.count - 1], ending: false)
                flow[flow.count - 1].items += 1
                flow[flow.count - 1].sawValue = false
                nodeStart = true
            case Byte.colon where syntax == .json || next == nil || next == Byte.space || next == Byte.newline
                || next == Byte.carriageReturn || (!flow.isEmpty && (next == Byte.comma || next == Byte.closeBrace || next == Byte.closeBracket)):
                nodeStart = true
            case Byte.star where nodeStart && syntax == .yaml && next != nil && next != Byte.space && next != Byte.newline:
                shape.aliases += 1
                if let limit = limits.aliases, shape.aliases > limit { throw Violation(kind: .aliases, line: line, limit: limit) }
                markValue(&flow)
                nodeStart = false
            default:
                markValue(&flow)
                nodeStart = false
            }
        }
        return shape
    }
}
