/// The ledger's canonical JSON encoding (see docs/ledger.md, "Canonical JSON"):
/// * UTF-8, no whitespace, no byte order mark;
/// * object keys sorted by their UTF-8 bytes; duplicate keys are impossible (the parser refuses them);
/// * strings escape only `"`, `\` and control characters (`\b \f \n \r \t`, others as lowercase `\u00xx`);
///   everything else, including `/` and non-ASCII text, is written as raw UTF-8;
/// * numbers in plain decimal notation as `CanonicalNumber` defines;
/// * `true`, `false`, `null` as themselves.
/// Equal values always encode to equal bytes, so hashes and signatures are reproducible.
public enum CanonicalJSON {
    public static func encode(_ value: JSONValue) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(value, into: &out)
        return out
    }

    public static func encodeString(_ value: JSONValue) -> String {
        String(decoding: encode(value), as: UTF8.self)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    static func write(_ value: JSONValue, into out: inout [UInt8]) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case let .bool(b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case let .number(text): out.append(contentsOf: text.utf8)
        case let .string(s): writeString(s, into: &out)
        case let .array(items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                write(item, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case let .object(fields):
            out.append(UInt8(ascii: "{"))
            let keys = fields.keys.map { (key: $0, bytes: Array($0.utf8)) }
                .sorted { $0.bytes.lexicographicallyPrecedes($1.bytes) }
            for (i, key) in keys.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                writeString(key.key, into: &out)
                out.append(UInt8(ascii: ":"))
                if let v = fields[key.key] { write(v, into: &out) }
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    static func writeString(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x08: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x0C: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x00..<0x20:
                out.append(contentsOf: Array("\\u00".utf8))
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0x0F)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}

/// Canonical decimal numbers: `-12.5`, `0.001`, `3418`, never `1e3`, `1.50`, `-0` or `01`.
/// Limits keep every value exactly representable as a Foundation `Decimal`.
public enum CanonicalNumber {
    public static let maximumFractionDigits = 12
    public static let maximumIntegerDigits = 20

    /// Returns the canonical text of a JSON number literal, or nil if it is not a valid literal
    /// or exceeds the limits.
    public static func canonicalize(_ literal: String) -> String? {
        var chars = Array(literal.utf8)
        var negative = false
        if chars.first == UInt8(ascii: "-") { negative = true; chars.removeFirst() }
        var mantissa: [UInt8] = []
        var exponent = 0
        var index = 0
        var sawDigit = false
        while index < chars.count, chars[index] >= UInt8(ascii: "0"), chars[index] <= UInt8(ascii: "9") {
            mantissa.append(chars[index]); index += 1; sawDigit = true
        }
        guard sawDigit else { return nil }
        if index < chars.count, chars[index] == UInt8(ascii: ".") {
            index += 1
            var fracDigits = 0
            while index < chars.count, chars[index] >= UInt8(ascii: "0"), chars[index] <= UInt8(ascii: "9") {
                mantissa.append(chars[index]); index += 1; exponent -= 1; fracDigits += 1
            }
            guard fracDigits > 0 else { return nil }
        }
        if index < chars.count, chars[index] == UInt8(ascii: "e") || chars[index] == UInt8(ascii: "E") {
            index += 1
            var expNegative = false
            if index < chars.count, chars[index] == UInt8(ascii: "+") || chars[index] == UInt8(ascii: "-") {
                expNegative = chars[index] == UInt8(ascii: "-"); index += 1
            }
            var e = 0
            var expDigits = 0
            while index < chars.count, chars[index] >= UInt8(ascii: "0"), chars[index] <= UInt8(ascii: "9") {
                e = e * 10 + Int(chars[index] - UInt8(ascii: "0"))
                guard e < 10_000 else { return nil }
                index += 1; expDigits += 1
            }
            guard expDigits > 0 else { return nil }
            exponent += expNegative ? -e : e
        }
        guard index == chars.count else { return nil }
        // Strip leading zeros, then trailing zeros (moving them into the exponent).
        while let first = mantissa.first, first == UInt8(ascii: "0") { mantissa.removeFirst() }
        if mantissa.isEmpty { return "0" }
        while let last = mantissa.last, last == UInt8(ascii: "0") { mantissa.removeLast(); exponent += 1 }
        var out: [UInt8] = negative ? [UInt8(ascii: "-")] : []
        if exponent >= 0 {
            guard mantissa.count + exponent <= maximumIntegerDigits else { return nil }
            out += mantissa
            out += [UInt8](repeating: UInt8(ascii: "0"), count: exponent)
        } else {
            let fractionDigits = -exponent
            guard fractionDigits <= maximumFractionDigits else { return nil }
            if mantissa.count > fractionDigits {
                let intCount = mantissa.count - fractionDigits
                guard intCount <= maximumIntegerDigits else { return nil }
                out += mantissa[0..<intCount]
                out.append(UInt8(ascii: "."))
                out += mantissa[intCount...]
            } else {
                out += Array("0.".utf8)
                out += [UInt8](repeating: UInt8(ascii: "0"), count: fractionDigits - mantissa.count)
                out += mantissa
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
