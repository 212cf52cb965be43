import Hummingbird
import HTTPTypes
import HummingbirdCore
import NIOCore

/// Query parameters, checked: unknown names are a 400, numbers must be numbers.
struct Query {
    let parameters: Parameters

    init(_ request: Request, allowed: Set<String>) throws {
        parameters = request.uri.queryParameters
        for (key, _) in parameters where !allowed.contains(String(key)) {
            throw APIError.badRequest("unknown query parameter '\(key)' (expected: \(allowed.sorted().joined(separator: ", ")))", path: String(key))
        }
    }

    func string(_ name: String) -> String? {
        parameters[Substring(name)].map(String.init)
    }

    func uint(_ name: String) throws -> UInt64? {
        guard let text = parameters[Substring(name)] else { return nil }
        guard let value = UInt64(text) else { throw APIError.badRequest("'\(text)' is not a non-negative integer", path: name) }
        return value
    }

    func int(_ name: String) throws -> Int? {
        guard let text = parameters[Substring(name)] else { return nil }
        guard let value = Int(text), value >= 0 else { throw APIError.badRequest("'\(text)' is not a non-negative integer", path: name) }
        return value
    }
}
