import Hummingbird
import HTTPTypes
import HummingbirdCore
import NIOCore

/// Query parameters, checked: unknown names are a 400, numbers must be numbers.
struct Query {
    let parameters: Parameters

    init(_ request: Request, allowed: Set<String>) throws {
        parameters = request.uri.queryParameters
        var seen = Set<Substring>()
        for (key, _) in parameters {
            guard allowed.contains(String(key)) else {
                throw APIError.badRequest("unknown query parameter '\(key)' (expected: \(allowed.sorted().joined(separator: ", ")))", path: String(key))
            }
            // Given twice, the first was taken without a word (found from outside).
            guard seen.insert(key).inserted else {
                throw APIError.badRequest("query parameter '\(key)' is given twice; give it once", path: String(key))
            }
        }
    }

    func string(_ name: String) -> String? {
        parameters[Substring(name)].map(String.init)
    }

    func uint(_ name: String) throws -> UInt64? {
        guard let text = parameters[Substring(name)] else { return nil }
        guard let value = UInt64(text) else { throw Self.notACount(text, name, largest: "\(UInt64.max)") }
        return value
    }

    func int(_ name: String) throws -> Int? {
        guard let text = parameters[Substring(name)] else { return nil }
        guard let value = Int(text), value >= 0 else { throw Self.notACount(text, name, largest: "\(Int.max)") }
        return value
    }

    /// "is not a non-negative integer" was wrong for 99999999999999999999: it is one, too large.
    static func notACount(_ text: Substring, _ name: String, largest: String) -> APIError {
        let digits = !text.isEmpty && text.allSatisfy { $0.isASCII && $0.isNumber }
        return APIError.badRequest(digits ? "\(text) is larger than \(largest)" : "'\(text)' is not a non-negative integer", path: name)
    }
}
