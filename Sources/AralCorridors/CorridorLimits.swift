/// Bounds past which a corridor figure is a mistake, not a route: a value of time of 1e307
/// USD per TEU-hour overflowed the path costs to infinity ("they lie in separate parts of the
/// network"), and 1e300 tariffs or lengths reached the assignment LP as costs CLP cannot
/// take. Each is far beyond any real figure, so no real model is refused.
public enum CorridorLimits {
    /// USD per TEU-hour (the usual figures are 1–100).
    public static let valueOfTime = 1e6
    /// Tonnes per TEU (a loaded TEU is at most about 30 t).
    public static let tonnesPerTEU = 1_000.0
    /// USD per TEU-km, per tonne-km, per TEU or per tonne.
    public static let tariff = 1e6
    /// km: more than the Earth's circumference.
    public static let lengthKm = 50_000.0
    /// Ferry crossing and sailing interval, hours (more than ten years).
    public static let hours = 100_000.0
    /// km/h: slower than this, a segment's hours overflow nothing but mean nothing either.
    public static let slowestKmh = 0.1
    /// Tonnes a year one origin–destination pair may ask (a thousand times the world's freight).
    public static let demandTonnesPerYear = 1e14

    /// What is wrong with a value of time given on the command line or in a query (the CLI's
    /// `--value-of-time`, the server's `?valueOfTime=`), or nil: one rule for both front doors.
    public static func valueOfTimeProblem(_ v: Double) -> String? {
        if !(v >= 0) { return "must be ≥ 0" }
        if v > valueOfTime { return "must be at most \(Int(valueOfTime)) USD per TEU-hour" }
        return nil
    }
}
