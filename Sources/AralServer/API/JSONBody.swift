import AralLedger
import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdCore
import NIOCore

/// A strict JSON request body: read whole (up to the configured limit), parsed with the
/// ledger's RFC 8259 parser (duplicate keys, trailing content and deep nesting are errors),
/// and read field by field so that an unknown or mistyped field is a 400 naming its key path.
struct JSONBody {
    let fields: [String: JSONValue]
    let path: String

    /// Reads and parses the body; `allowed` lists the keys the route understands.
    static func read(_ request: Request, limit: Int, allowed: Set<String>) async throws -> JSONBody {
        let buffer = try await request.body.collect(upTo: limit)
        let bytes = Array(buffer.readableBytesView)
        guard !bytes.isEmpty else { throw APIError.badRequest("the request body is empty; expected a JSON object") }
        let value: JSONValue
        do { value = try JSONParser.parse(bytes, source: "body") } catch {
            throw APIError.badRequest("malformed JSON: \(error)")
        }
        guard case .object(let fields) = value else {
            throw APIError.badRequest("expected a JSON object, found \(value.typeName)", path: "(root)")
        }
        let body = JSONBody(fields: fields, path: "")
        try body.allowOnly(allowed)
        return body
    }

    func keyPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func allowOnly(_ allowed: Set<String>) throws {
        if let unknown = fields.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw APIError.badRequest("unknown field '\(unknown)' (expected: \(allowed.sorted().joined(separator: ", ")))", path: keyPath(unknown))
        }
    }

    func string(_ key: String) throws -> String {
        guard let value = fields[key] else { throw APIError.badRequest("missing required field '\(key)'", path: keyPath(key)) }
        guard case .string(let s) = value else { throw APIError.badRequest("expected text, found \(value.typeName)", path: keyPath(key)) }
        return s
    }

    func optionalString(_ key: String) throws -> String? {
        guard let value = fields[key], value != .null else { return nil }
        return try string(key)
    }
}

/// Checks on user-supplied identifiers and text before they reach a store or a page.
enum InputCheck {
    /// Ids in paths: letters, digits and `-`, at most 64 characters. Anything else (`..`,
    /// `/`, `%2F`, quotes) is refused before a store sees it.
    static func id(_ text: String, name: String) throws -> String {
        let ok = !text.isEmpty && text.utf8.count <= 64 && text.utf8.allSatisfy {
            ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2D
        }
        guard ok else { throw APIError.badRequest("'\(text)' is not a valid \(name) (letters, digits and '-', at most 64)", path: name) }
        return text
    }

    /// Free text (names): 1–200 characters without control characters. Shown escaped everywhere.
    static func name(_ text: String, path: String) throws -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.count <= 200 else { throw APIError.badRequest("must be 1 to 200 characters", path: path) }
        guard !trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw APIError.badRequest("must not contain control characters", path: path)
        }
        return trimmed
    }

    /// Party codes as the ledger defines them.
    static func partyCode(_ text: String, path: String) throws -> String {
        guard Party.isValidCode(text) else { throw APIError.badRequest("'\(text)' is not a valid party code", path: path) }
        return text
    }

    static func randomID(prefix: String) -> String {
        var rng = SystemRandomNumberGenerator()
        let hex = (0..<8).map { _ in String(UInt8.random(in: 0...255, using: &rng), radix: 16) }
            .map { $0.count == 1 ? "0" + $0 : $0 }.joined()
        return "\(prefix)-\(hex)"
    }
}
