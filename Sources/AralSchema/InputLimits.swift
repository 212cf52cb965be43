/// Limits every located reader and the compiler enforce before they build anything from
/// untrusted input. Without them a model nested 20,000 levels deep overflows the stack of
/// the recursive YAML composer and decoder (a segmentation fault in `aral validate`, a dead
/// server), nine levels of ten YAML aliases each expand to a billion nodes ("billion
/// laughs"), and a daily timestepper from year 1 to 9999 asks for 3.65 million steps for
/// every node.
///
/// The defaults leave real files far inside the limits (the deepest model in `models/` nests
/// about ten levels, none uses an alias, the longest run is a century of days); a caller
/// that reads strangers' files, such as the server, can set smaller ones.
public struct InputLimits: Sendable, Hashable {
    /// The deepest nesting of mappings, sequences, JSON objects and arrays accepted.
    public var maxDepth: Int
    /// The most nodes a YAML file may gain by alias expansion (each node reached through an
    /// alias counts once per time it is reached).
    public var maxAliasExpansions: Int
    /// The most time steps a basin model may have.
    public var maxSteps: Int
    /// The largest flow (m³/s) or volume (Mm³) a basin model may state where the LP must carry
    /// or hold it: an inflow, a minimum, a demand, a reservoir's volumes and tables. 1e12 Mm³
    /// is most of the water on Earth and 1e12 m³/s five million Amazons; past it a value is a
    /// typo or a probe (`flow: 1e308` validated, then stopped the run at step 0), and the LP's
    /// relative tolerances lose the basin's own flows beside it. Limits (`capacity`,
    /// `maxRelease`) keep any constant, `.inf` included, as "no limit".
    public var maxMagnitude: Double

    public static let defaultMaxDepth = 256
    public static let defaultMaxAliasExpansions = 10_000
    public static let defaultMaxSteps = 100_000
    public static let defaultMaxMagnitude = 1e12

    public init(maxDepth: Int = InputLimits.defaultMaxDepth,
                maxAliasExpansions: Int = InputLimits.defaultMaxAliasExpansions,
                maxSteps: Int = InputLimits.defaultMaxSteps,
                maxMagnitude: Double = InputLimits.defaultMaxMagnitude) {
        self.maxDepth = maxDepth
        self.maxAliasExpansions = maxAliasExpansions
        self.maxSteps = maxSteps
        self.maxMagnitude = maxMagnitude
    }

    public static let standard = InputLimits()
}
