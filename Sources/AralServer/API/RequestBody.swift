import AralSchema
import Hummingbird
import NIOCore

/// A JSON request body, read whole (up to the configured limit) by the schema layer's field
/// reader (`JSONFields`, strict dialect: duplicate keys, trailing content and deep nesting are
/// errors); every problem is a 400 naming its key path.
struct JSONBody {
    let fields: JSONFields

    /// Reads and parses the body; `allowed` lists the keys the route understands.
    static func read(_ request: Request, limit: Int, allowed: Set<String>) async throws -> JSONBody {
        let buffer = try await request.body.collect(upTo: limit)
        do { return JSONBody(fields: try JSONFields.read(Array(buffer.readableBytesView), source: "body", allowed: allowed)) } catch {
            throw APIError.badRequest(error.reason, path: error.path)
        }
    }

    func string(_ key: String) throws -> String {
        do { return try fields.string(key) } catch { throw APIError.badRequest(error.reason, path: error.path) }
    }

    func optionalString(_ key: String) throws -> String? {
        do { return try fields.optionalString(key) } catch { throw APIError.badRequest(error.reason, path: error.path) }
    }
}

extension JSONBody {
    /// An optional array of strings (`"scenarios": ["energy-mode"]`); absent is empty.
    func optionalStrings(_ key: String) throws -> [String] {
        guard fields.has(key) else { return [] }
        let items: [JSONNode]
        do { items = try fields.array(key) } catch { throw APIError.badRequest(error.reason, path: error.path) }
        return try items.enumerated().map { index, item in
            guard let text = item.string else { throw APIError.badRequest("must be a string", path: "\(key).\(index)") }
            return text
        }
    }
}
