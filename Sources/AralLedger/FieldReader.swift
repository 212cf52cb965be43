public import AralSchema
import Foundation

extension JSONValue: FieldTree {
    public var memberKeys: [String]? { objectValue.map { Array($0.keys) } }
    public var elements: [JSONValue]? { arrayValue }
    public var string: String? { stringValue }
    public var isNull: Bool { self == .null }
    /// The canonical tree keeps no positions: errors name the key path only.
    public var position: (line: Int, column: Int)? { nil }
}

/// The ledger's field reader: the schema layer's one strict reader (`StrictFields`) over
/// canonical `JSONValue`s, with the ledger's own field types (party codes, decimals, dates)
/// added and every problem turned into a `LedgerError` naming the source and the full field
/// path, e.g. `plan.json: field 'body.water.volume_mm3': …`.
struct FieldReader {
    let base: StrictFields<JSONValue>

    init(source: String, path: String, fields: [String: JSONValue]) {
        base = StrictFields(source: source, path: path, node: .object(fields))
    }

    private init(_ base: StrictFields<JSONValue>) { self.base = base }

    var source: String { base.source }
    /// The fields of this object, as parsed.
    var fields: [String: JSONValue] { base.node.objectValue ?? [:] }

    func fieldPath(_ key: String) -> String { base.keyPath(key) }

    func fieldError(_ key: String, _ reason: String) -> LedgerError {
        .invalidField(source: source, field: fieldPath(key), reason: reason)
    }

    /// Runs a step of the shared reader, reporting its error as the ledger's.
    private func ledger<T>(_ step: () throws(FieldError) -> T) throws(LedgerError) -> T {
        do { return try step() } catch { throw .invalidField(source: error.source, field: error.path, reason: error.reason) }
    }

    /// Refuses any key outside `allowed`: the schema is closed so that the canonical form is unique.
    func allowOnly(_ allowed: Set<String>) throws(LedgerError) { try ledger { () throws(FieldError) in try base.allowOnly(allowed) } }

    func has(_ key: String) -> Bool { base.has(key) }

    func value(_ key: String) throws(LedgerError) -> JSONValue { try ledger { () throws(FieldError) in try base.value(key) } }

    func string(_ key: String) throws(LedgerError) -> String { try plain(key, try ledger { () throws(FieldError) in try base.string(key) }) }

    func optionalString(_ key: String) throws(LedgerError) -> String? {
        guard let s = try ledger({ () throws(FieldError) in try base.optionalString(key) }) else { return nil }
        return try plain(key, s)
    }

    func nonEmptyString(_ key: String) throws(LedgerError) -> String { try plain(key, try ledger { () throws(FieldError) in try base.nonEmptyString(key) }) }

    /// The most characters a text field of an entry holds (a note, a gauge, terms).
    static let longestText = 65_536

    /// Text as every state's tools will show it: no control characters but tab and line
    /// breaks, no bidirectional overrides or isolates (which make a gauge or a note read
    /// otherwise than it is stored), at most `longestText` characters. Entries are immutable,
    /// so a NUL, a BEL or a right-to-left override once appended stayed for good (found from
    /// outside; the server already refused them in run and model names).
    private func plain(_ key: String, _ s: String) throws(LedgerError) -> String {
        if s.unicodeScalars.count > Self.longestText {
            throw fieldError(key, "is \(s.unicodeScalars.count) characters long; at most \(Self.longestText)")
        }
        if let bad = s.unicodeScalars.first(where: Self.isRefused) {
            throw fieldError(key, "contains the control character U+\(String(format: "%04X", bad.value)); write plain text")
        }
        return s
    }

    static func isRefused(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: return false
        case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }

    func array(_ key: String) throws(LedgerError) -> [JSONValue] { try ledger { () throws(FieldError) in try base.array(key) } }

    func object(_ key: String) throws(LedgerError) -> FieldReader { FieldReader(try ledger { () throws(FieldError) in try base.object(key) }) }

    func optionalObject(_ key: String) throws(LedgerError) -> FieldReader? {
        has(key) ? try object(key) : nil
    }

    /// The objects of an array field, each with its indexed path.
    func objects(_ key: String) throws(LedgerError) -> [FieldReader] {
        try ledger { () throws(FieldError) in try base.objects(key) }.map(FieldReader.init)
    }

    func partyCode(_ key: String) throws(LedgerError) -> String {
        let s = try string(key)
        guard Party.isValidCode(s) else {
            throw fieldError(key, "'\(s)' is not a party code (2–16 of A–Z, 0–9, '-', '_', starting with a letter)")
        }
        return s
    }

    func partyCodes(_ key: String) throws(LedgerError) -> [String] {
        let items = try array(key)
        var codes: [String] = []
        var seen = Set<String>()  // a list of n codes is checked in O(n), not O(n²)
        for (i, item) in items.enumerated() {
            guard let s = item.stringValue, Party.isValidCode(s) else {
                throw LedgerError.invalidField(source: source, field: "\(fieldPath(key))[\(i)]", reason: "expected a party code")
            }
            guard seen.insert(s).inserted else {
                throw LedgerError.invalidField(source: source, field: "\(fieldPath(key))[\(i)]", reason: "party '\(s)' listed twice")
            }
            codes.append(s)
        }
        guard !codes.isEmpty else { throw fieldError(key, "must list at least one party") }
        return codes
    }

    func int(_ key: String) throws(LedgerError) -> Int64 {
        let v = try value(key)
        guard let n = v.int64Value else { throw fieldError(key, "expected an integer, found \(v.typeName)") }
        return n
    }

    /// The largest quantity (Mm³, MWh, USD, or a balance of them) an entry may state.
    static let largestQuantity = Decimal(1_000_000_000_000)

    /// A decimal quantity; `nonNegative` refuses values below zero.
    func decimal(_ key: String, nonNegative: Bool = true) throws(LedgerError) -> Decimal {
        let v = try value(key)
        guard case let .number(text) = v else { throw fieldError(key, "expected a number, found \(v.typeName)") }
        guard let d = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else {
            throw fieldError(key, "'\(text)' is not a decimal number")
        }
        if nonNegative, text.hasPrefix("-") { throw fieldError(key, "must not be negative (found \(text))") }
        // One entry of 10^20 Mm³ (within the canonical range) made the period's sums leave it,
        // and every party's balances answered 409 from then on (found from outside). Bounded
        // so that 10^8 entries still sum within the range.
        guard abs(d) <= Self.largestQuantity else {
            throw fieldError(key, "\(text) is beyond any quantity between states (at most 1e12: 10^12 Mm³ is about the oceans, 10^12 MWh thirty years of the world's electricity)")
        }
        return d
    }

    func optionalDecimal(_ key: String, nonNegative: Bool = true) throws(LedgerError) -> Decimal? {
        has(key) ? try decimal(key, nonNegative: nonNegative) : nil
    }

    /// A calendar date `YYYY-MM-DD` (proleptic Gregorian, validated).
    func date(_ key: String) throws(LedgerError) -> String {
        let s = try string(key)
        guard LedgerDate.isValid(s) else { throw fieldError(key, "'\(s)' is not a date YYYY-MM-DD") }
        return s
    }

    func optionalDate(_ key: String) throws(LedgerError) -> String? {
        has(key) ? try date(key) : nil
    }
}

enum LedgerDate {
    /// `YYYY-MM-DD` with a real month and day; such strings order correctly as text.
    static func isValid(_ s: String) -> Bool {
        let b = Array(s.utf8)
        guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else { return false }
        func num(_ r: Range<Int>) -> Int? {
            var n = 0
            for i in r {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b[i]) else { return nil }
                n = n * 10 + Int(b[i] - UInt8(ascii: "0"))
            }
            return n
        }
        guard let y = num(0..<4), let m = num(5..<7), let d = num(8..<10), (1...12).contains(m), d >= 1 else { return false }
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
        return d <= days
    }
}
