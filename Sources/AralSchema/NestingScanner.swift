/// An upper bound on how deeply a YAML (or JSON) text nests, found in one pass over its bytes
/// without building anything, so a text too deep for the recursive composer is refused
/// before the composer can overflow the stack.
///
/// The bound per line is `2 × open indentation levels + compact "- " entries + open flow
/// brackets + 1`: a block collection nested inside another needs a deeper indentation, except
/// a sequence directly under a mapping key, which may share its key's column (hence the 2).
/// Quoted scalars (also across lines), comments and block scalars (`|`, `>`) are skipped so
/// brackets inside text do not count. It over-estimates rather than under-estimates; a real
/// file's bound is a few dozen at most, far below `InputLimits.defaultMaxDepth`.
struct NestingScanner {
    /// The 1-based line where the bound first exceeds `limit`, or nil when it never does.
    static func firstLine(beyond limit: Int, in text: String) -> Int? {
        var bytes = Array(text.utf8)
        bytes.append(UInt8(ascii: "\n"))
        return bytes.withUnsafeBufferPointer { firstLine(beyond: limit, in: $0) }
    }

    private static let newline = UInt8(ascii: "\n"), space = UInt8(ascii: " "), tab = UInt8(ascii: "\t")
    private static let dash = UInt8(ascii: "-"), question = UInt8(ascii: "?"), hash = UInt8(ascii: "#")
    private static let doubleQuote = UInt8(ascii: "\""), singleQuote = UInt8(ascii: "'"), backslash = UInt8(ascii: "\\")
    private static let openers: Set<UInt8> = [UInt8(ascii: "["), UInt8(ascii: "{")]
    private static let closers: Set<UInt8> = [UInt8(ascii: "]"), UInt8(ascii: "}")]
    /// Bytes after which a quote opens a quoted scalar (in YAML a quote inside plain text is text).
    private static let quoteOpeners: Set<UInt8> = [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "["), UInt8(ascii: "{"),
                                                   UInt8(ascii: ","), UInt8(ascii: ":"), UInt8(ascii: "-")]

    private static func firstLine(beyond limit: Int, in b: UnsafeBufferPointer<UInt8>) -> Int? {
        var indents: [Int] = []          // open block indentation columns
        var flow = 0                     // open [ and {
        var flowBase = 0                 // block levels open when the flow collection began
        var quote: UInt8? = nil          // open quoted scalar, possibly across lines
        var blockScalarParent: Int? = nil
        var lineNumber = 0
        var start = 0
        while start < b.count {
            var end = start
            while b[end] != newline { end += 1 }
            lineNumber += 1
            defer { start = end + 1 }
            var i = start
            while i < end, b[i] == space { i += 1 }
            let indent = i - start
            let blank = i == end || b[i] == hash || (b[i] == UInt8(ascii: "\r") && i + 1 == end)
            if let parent = blockScalarParent, quote == nil {
                if blank || indent > parent { continue }
                blockScalarParent = nil
            }
            var depth: Int
            var dashes = 0
            if quote == nil && flow == 0 {
                if blank { continue }
                while let last = indents.last, last >= indent { indents.removeLast() }
                indents.append(indent)
                // Compact entries: "- - x", "? key".
                while i < end, b[i] == dash || b[i] == question, i + 1 == end || b[i + 1] == space || b[i + 1] == tab {
                    dashes += 1
                    i += 1
                    while i < end, b[i] == space || b[i] == tab { i += 1 }
                }
                flowBase = 2 * indents.count + dashes
                depth = flowBase + 1
            } else {
                depth = flowBase + flow + 1
            }
            var lastSignificant: UInt8 = space
            var previous: UInt8 = space
            while i < end {
                let c = b[i]
                if let q = quote {
                    if c == q {
                        if q == singleQuote, i + 1 < end, b[i + 1] == singleQuote { i += 2; continue }
                        quote = nil
                    } else if q == doubleQuote, c == backslash {
                        i += 2; continue
                    }
                } else if c == hash, previous == space || previous == tab {
                    break
                } else if (c == doubleQuote || c == singleQuote), quoteOpeners.contains(previous) || i == start {
                    quote = c
                } else if openers.contains(c) {
                    flow += 1
                    depth = max(depth, flowBase + flow + 1)
                    if depth > limit { return lineNumber }
                } else if closers.contains(c) {
                    flow = max(0, flow - 1)
                }
                if c != space && c != tab && c != UInt8(ascii: "\r") { lastSignificant = c }
                previous = c
                i += 1
            }
            if depth > limit { return lineNumber }
            // A block scalar's text follows: skip its lines (more indented than this one).
            if quote == nil, flow == 0, lastSignificant != space, isBlockScalarHeader(b, from: start, to: end) {
                blockScalarParent = indent
            }
        }
        return nil
    }

    /// Whether the line ends (before any comment) with a block scalar header: `|`, `>`,
    /// optionally followed by a chomping or indentation indicator, after `: `, `- ` or alone.
    private static func isBlockScalarHeader(_ b: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Bool {
        var j = end
        // Drop a trailing comment and spaces.
        var k = start
        var previous: UInt8 = space
        while k < end {
            if b[k] == hash, previous == space || previous == tab { j = k; break }
            previous = b[k]
            k += 1
        }
        while j > start, b[j - 1] == space || b[j - 1] == tab || b[j - 1] == UInt8(ascii: "\r") { j -= 1 }
        var indicators = 0
        while j > start, indicators < 2, b[j - 1] == UInt8(ascii: "-") || b[j - 1] == UInt8(ascii: "+")
                || (b[j - 1] >= UInt8(ascii: "1") && b[j - 1] <= UInt8(ascii: "9")) {
            j -= 1
            indicators += 1
        }
        guard j > start, b[j - 1] == UInt8(ascii: "|") || b[j - 1] == UInt8(ascii: ">") else { return false }
        j -= 1
        return j == start || b[j - 1] == space || b[j - 1] == tab
    }
}
