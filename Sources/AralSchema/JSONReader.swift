/// What a JSON reader accepts beyond RFC 8259, and how deep it lets a document nest.
/// Every JSON input of Aral is read by `JSONReader` in one of these dialects.
public struct JSONDialect: Sendable, Hashable {
    /// Python's `NaN`, `Infinity` and `-Infinity` literals, which Pywr files contain.
    public var allowsPythonLiterals: Bool
    /// Refuse an object with a key twice (the ledger: a signed entry must have one meaning).
    /// When allowed, the last one wins where a single value is read, as Python's `json` does.
    public var rejectsDuplicateKeys: Bool
    public var maxDepth: Int

    public init(allowsPythonLiterals: Bool, rejectsDuplicateKeys: Bool, maxDepth: Int = InputLimits.defaultMaxDepth) {
        self.allowsPythonLiterals = allowsPythonLiterals
        self.rejectsDuplicateKeys = rejectsDuplicateKeys
        self.maxDepth = maxDepth
    }

    /// RFC 8259 exactly, duplicate keys refused: ledger entries and HTTP bodies.
    public static let strict = JSONDialect(allowsPythonLiterals: false, rejectsDuplicateKeys: true)
    /// As Python's `json` module reads: Pywr model files.
    public static let python = JSONDialect(allowsPythonLiterals: true, rejectsDuplicateKeys: false)
}

/// A JSON syntax error with its byte offset, line and column, for a caller to report in its
/// own terms (a `FileIssue`, a ledger error naming the byte, a 400 response).
public struct JSONSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    public var offset: Int
    public var line: Int
    public var column: Int
    public var reason: String

    public var description: String { "line \(line), column \(column): \(reason)" }

    public func issue(file: String) -> FileIssue {
        FileIssue(file: file, line: line, column: column, message: "JSON syntax error: \(reason)")
    }
}

/// The one JSON parser: a byte-level recursive-descent reader that records each value's key
/// path, line, column and offset (`JSONNode`) and keeps numbers' text. Nesting is bounded by
/// the dialect's `maxDepth`, so no input can exhaust the stack; strings must be valid UTF-8
/// without raw control characters; numbers follow RFC 8259's grammar.
public struct JSONReader {
    private let bytes: [UInt8]
    private let dialect: JSONDialect
    private var position = 0
    private var line = 1
    private var lineStart = 0

    /// Parses one JSON document from bytes.
    public static func parse(_ bytes: [UInt8], dialect: JSONDialect) throws(JSONSyntaxError) -> JSONNode {
        var parser = JSONReader(bytes: bytes, dialect: dialect)
        parser.skipWhitespace()
        let value = try parser.parseValue(path: "", depth: 0)
        parser.skipWhitespace()
        if parser.position != parser.bytes.count { throw parser.error("unexpected content after the JSON document") }
        return value
    }

    /// Parses a file's text; a syntax error is a located `FileIssue` in `file`.
    public static func parse(_ text: String, file: String, dialect: JSONDialect = .python) throws(ModelFileError) -> JSONNode {
        do { return try parse(Array(text.utf8), dialect: dialect) } catch {
            throw ModelFileError(error.issue(file: file))
        }
    }

    private init(bytes: [UInt8], dialect: JSONDialect) {
        self.bytes = bytes
        self.dialect = dialect
    }

    private func error(_ reason: String, at offset: Int? = nil) -> JSONSyntaxError {
        let at = offset ?? position
        return JSONSyntaxError(offset: at, line: line, column: at - lineStart + 1, reason: reason)
    }

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x0A:
                line += 1
                position += 1
                lineStart = position
            case 0x20, 0x09, 0x0D: position += 1
            default: return
            }
        }
    }

    private mutating func parseValue(path: String, depth: Int) throws(JSONSyntaxError) -> JSONNode {
        guard depth <= dialect.maxDepth else {
            throw error("nested more than \(dialect.maxDepth) levels deep; the reader's limit is \(dialect.maxDepth)")
        }
        guard position < bytes.count else { throw error("unexpected end of the input") }
        let startLine = line, startColumn = position - lineStart + 1, start = position
        let value: JSONNode.Value
        switch bytes[position] {
        case UInt8(ascii: "{"): value = try parseObject(path: path, depth: depth)
        case UInt8(ascii: "["): value = try parseArray(path: path, depth: depth)
        case UInt8(ascii: "\""): value = .string(try parseString())
        case UInt8(ascii: "t"): try expect("true"); value = .bool(true)
        case UInt8(ascii: "f"): try expect("false"); value = .bool(false)
        case UInt8(ascii: "n"): try expect("null"); value = .null
        case UInt8(ascii: "N") where dialect.allowsPythonLiterals: try expect("NaN"); value = .number(.nan, text: "NaN")
        case UInt8(ascii: "I") where dialect.allowsPythonLiterals: try expect("Infinity"); value = .number(.infinity, text: "Infinity")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): value = try parseNumber()
        default: throw error("unexpected character '\(Unicode.Scalar(bytes[position]))'")
        }
        return JSONNode(value: value, path: path, line: startLine, column: startColumn, offset: start)
    }

    private mutating func expect(_ literal: String) throws(JSONSyntaxError) {
        let start = position
        for byte in literal.utf8 {
            guard position < bytes.count, bytes[position] == byte else { throw error("invalid literal, expected '\(literal)'", at: start) }
            position += 1
        }
    }

    private mutating func parseObject(path: String, depth: Int) throws(JSONSyntaxError) -> JSONNode.Value {
        position += 1
        var members: [(key: String, value: JSONNode)] = []
        var keys = Set<String>()
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
            position += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw error("expected a key in double quotes") }
            let keyStart = position
            let key = try parseString()
            if dialect.rejectsDuplicateKeys, !keys.insert(key).inserted {
                throw error("duplicate key '\(key)'", at: keyStart)
            }
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { throw error("expected ':' after the key \"\(key)\"") }
            position += 1
            skipWhitespace()
            let childPath = path.isEmpty ? key : "\(path).\(key)"
            members.append((key, try parseValue(path: childPath, depth: depth + 1)))
            skipWhitespace()
            guard position < bytes.count else { throw error("unexpected end of the input inside an object") }
            if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
            if bytes[position] == UInt8(ascii: "}") { position += 1; return .object(members) }
            throw error("expected ',' or '}' in an object")
        }
    }

    private mutating func parseArray(path: String, depth: Int) throws(JSONSyntaxError) -> JSONNode.Value {
        position += 1
        var elements: [JSONNode] = []
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
            position += 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue(path: "\(path)[\(elements.count)]", depth: depth + 1))
            skipWhitespace()
            guard position < bytes.count else { throw error("unexpected end of the input inside a list") }
            if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
            if bytes[position] == UInt8(ascii: "]") { position += 1; return .array(elements) }
            throw error("expected ',' or ']' in a list")
        }
    }

    private mutating func parseHex4() throws(JSONSyntaxError) -> UInt32 {
        guard position + 4 <= bytes.count else { throw error("incomplete \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[position]
            let digit: UInt32
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(c - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(c - UInt8(ascii: "A") + 10)
            default: throw error("invalid hex digit in a \\u escape")
            }
            value = value * 16 + digit
            position += 1
        }
        return value
    }

    private mutating func parseString() throws(JSONSyntaxError) -> String {
        position += 1  // opening quote
        var runStart = position
        var result = ""
        func run(_ parser: JSONReader, to end: Int) throws(JSONSyntaxError) -> String {
            guard let text = String(validating: parser.bytes[runStart..<end], as: UTF8.self) else {
                throw parser.error("a string is not valid UTF-8")
            }
            return text
        }
        while true {
            guard position < bytes.count else { throw error("a string is not closed") }
            let c = bytes[position]
            if c == UInt8(ascii: "\"") {
                result += try run(self, to: position)
                position += 1
                return result
            }
            if c == 0x0A { throw error("a string runs past the end of the line") }
            if c < 0x20 { throw error("unescaped control character in a string") }
            if c != UInt8(ascii: "\\") { position += 1; continue }
            result += try run(self, to: position)
            position += 1
            guard position < bytes.count else { throw error("a string is not closed") }
            let e = bytes[position]
            position += 1
            switch e {
            case UInt8(ascii: "\""): result += "\""
            case UInt8(ascii: "\\"): result += "\\"
            case UInt8(ascii: "/"): result += "/"
            case UInt8(ascii: "b"): result += "\u{08}"
            case UInt8(ascii: "f"): result += "\u{0C}"
            case UInt8(ascii: "n"): result += "\n"
            case UInt8(ascii: "r"): result += "\r"
            case UInt8(ascii: "t"): result += "\t"
            case UInt8(ascii: "u"):
                let high = try parseHex4()
                var scalarValue = high
                if (0xD800...0xDBFF).contains(high) {
                    guard position + 2 <= bytes.count, bytes[position] == UInt8(ascii: "\\"),
                          bytes[position + 1] == UInt8(ascii: "u")
                    else { throw error("lone high surrogate in a \\u escape") }
                    position += 2
                    let low = try parseHex4()
                    guard (0xDC00...0xDFFF).contains(low) else { throw error("invalid low surrogate in a \\u escape") }
                    scalarValue = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00...0xDFFF).contains(high) {
                    throw error("lone low surrogate in a \\u escape")
                }
                guard let scalar = Unicode.Scalar(scalarValue) else { throw error("invalid \\u escape") }
                result.unicodeScalars.append(scalar)
            default:
                throw error("invalid escape '\\\(Unicode.Scalar(e))' in a string")
            }
            runStart = position
        }
    }

    /// RFC 8259's number grammar; the value is the nearest double, the text kept as written.
    private mutating func parseNumber() throws(JSONSyntaxError) -> JSONNode.Value {
        let start = position
        if bytes[position] == UInt8(ascii: "-") {
            position += 1
            if dialect.allowsPythonLiterals, position < bytes.count, bytes[position] == UInt8(ascii: "I") {
                try expect("Infinity")
                return .number(-.infinity, text: "-Infinity")
            }
        }
        func digits(_ p: inout Int, _ b: [UInt8]) -> Int {
            let s = p
            while p < b.count, b[p] >= UInt8(ascii: "0"), b[p] <= UInt8(ascii: "9") { p += 1 }
            return p - s
        }
        let intStart = position
        let intDigits = digits(&position, bytes)
        guard intDigits > 0 else { throw error("invalid number", at: start) }
        if intDigits > 1, bytes[intStart] == UInt8(ascii: "0") { throw error("number with a leading zero", at: start) }
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            guard digits(&position, bytes) > 0 else { throw error("number with no digits after '.'", at: start) }
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                position += 1
            }
            guard digits(&position, bytes) > 0 else { throw error("number with an empty exponent", at: start) }
        }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        guard let value = Double(text) else { throw error("'\(text)' is not a number", at: start) }
        return .number(value, text: text)
    }
}
