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

    public static let defaultMaxDepth = 256
    public static let defaultMaxAliasExpansions = 10_000
    public static let defaultMaxSteps = 100_000

    public init(maxDepth: Int = InputLimits.defaultMaxDepth,
                maxAliasExpansions: Int = InputLimits.defaultMaxAliasExpansions,
                maxSteps: Int = InputLimits.defaultMaxSteps) {
        self.maxDepth = maxDepth
        self.maxAliasExpansions = maxAliasExpansions
        self.maxSteps = maxSteps
    }

    public static let standard = InputLimits()
}
