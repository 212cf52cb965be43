import AralSchema

/// The server's name for AralSchema's `ShapeScan` (the one input scanner): every request body
/// is scanned by it before a route parses it.
typealias BodyShapeScan = ShapeScan
