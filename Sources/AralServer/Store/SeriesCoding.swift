import Foundation

/// A series is stored as one JSON array per element and attribute rather than one row per
/// step: a 30-year monthly run of a 100-node basin is then 300 rows, not 36,000, and a
/// chart reads one row.
enum SeriesCoding {
    static func encode(_ values: [Double]) throws -> String {
        // JSON has no NaN or infinity; a solver never reports them, but be safe.
        let finite = values.map { $0.isFinite ? $0 : 0 }
        return String(decoding: try JSONEncoder().encode(finite), as: UTF8.self)
    }

    static func encode(_ values: [String]) throws -> String {
        String(decoding: try JSONEncoder().encode(values), as: UTF8.self)
    }

    static func decodeDoubles(_ text: String) throws -> [Double] {
        try JSONDecoder().decode([Double].self, from: Data(text.utf8))
    }

    static func decodeStrings(_ text: String) throws -> [String] {
        try JSONDecoder().decode([String].self, from: Data(text.utf8))
    }
}

/// Timestamps as ISO 8601 text in UTC: sortable as text in both backends.
enum ServerClock {
    static func timestamp(_ date: Date = Date()) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}
