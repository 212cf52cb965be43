import AralLedger
import Foundation

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
